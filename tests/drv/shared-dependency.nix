# one dependency used through two attributes and the arguments
let dep = derivation { name = "dep"; system = "x86_64-linux"; builder = "/bin/sh"; }; in derivation { name = "shared"; system = "x86_64-linux"; builder = "/bin/sh"; x = dep; y = "${dep}/bin"; args = [ dep.outPath ]; }
