# one derivation using another's output in its arguments
let dep = derivation { name = "dep"; system = "x86_64-linux"; builder = "/bin/sh"; }; in derivation { name = "user"; system = "x86_64-linux"; builder = "/bin/sh"; args = [ "-c" "cat ${dep}/file > $out" ]; }
