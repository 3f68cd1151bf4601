# data: a let expression as a file body
let a = 20; b = a + 1; in { inherit a b; }
