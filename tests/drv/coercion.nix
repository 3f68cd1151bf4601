# every kind of attribute value and argument coerced into the .drv, with escapes
derivation { name = "types"; system = "x86_64-linux"; builder = "/bin/sh"; args = [ "-c" "echo $a" 1 true false null 1.5 [ "x" 2 ] ]; i = 42; neg = -7; f = 1.5; t = true; fa = false; n = null; l = [ 1 "two" [ 3 ] null false true 0.25 ]; s = "q\"uote\nnl\ttab\\ cr\r"; u = "unicode é ✓"; }
