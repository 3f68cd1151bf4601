# a dependency on a non-default output only
let m = derivation { name = "m"; system = "x86_64-linux"; builder = "/bin/sh"; outputs = [ "out" "bin" ]; }; in derivation { name = "usebin"; system = "x86_64-linux"; builder = "/bin/sh"; tool = "${m.bin}/bin/tool"; }
