# data: a function
n: n * 2
