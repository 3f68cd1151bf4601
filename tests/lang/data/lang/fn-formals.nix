# data: a function with a set pattern
{ a, b ? 2 }: a + b
