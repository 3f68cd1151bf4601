# structured attributes: nested values, null, a copied path, two outputs; args outside __json
derivation { name = "structured"; system = "x86_64-linux"; builder = "/bin/sh"; __structuredAttrs = true; outputs = [ "out" "bin" ]; i = 1; f = 0.1; b = true; n = null; l = [ 1 "a" [ ] { } ]; a = { x.y = "z"; }; s = "q\"\n\t\u0001é"; p = ./data/foo.txt; args = [ "-c" "true" ]; }
