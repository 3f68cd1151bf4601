# structured attributes referring to other derivations and outputs
let
  dep = derivation { name = "dep"; system = "x86_64-linux"; builder = "/bin/sh"; outputs = [ "out" "dev" ]; };
in derivation { name = "sdeps"; system = "x86_64-linux"; builder = "/bin/sh"; __structuredAttrs = true; deps = [ dep dep.dev ]; cfg = { path = "${dep}/etc"; }; }
