# a toFile text used by a derivation
derivation { name = "usetofile"; system = "x86_64-linux"; builder = "/bin/sh"; args = [ (builtins.toFile "hello.txt" "hello\n") ]; }
