# a derivation using two non-default outputs of another
let m = derivation { name = "multi"; system = "x86_64-linux"; builder = "/bin/sh"; outputs = [ "out" "dev" "lib" ]; }; in derivation { name = "usemulti"; system = "x86_64-linux"; builder = "/bin/sh"; inc = "${m.dev}/include"; lib = m.lib; }
