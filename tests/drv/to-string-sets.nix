# sets coerced through __toString and outPath, and a path outPath
let dep = derivation { name = "dep"; system = "x86_64-linux"; builder = "/bin/sh"; }; in derivation {
  name = "sets"; system = "x86_64-linux"; builder = "/bin/sh";
  a = { __toString = self: "to-${self.x}"; x = "string"; };
  b = { outPath = ./data/foo.txt; };
  c = [ dep { outPath = "plain"; } ];
}
