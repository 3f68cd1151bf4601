# a dependency added with appendContext
let dep = derivation { name = "dep"; system = "x86_64-linux"; builder = "/bin/sh"; outputs = [ "out" "dev" ]; }; in derivation {
  name = "appended"; system = "x86_64-linux"; builder = "/bin/sh";
  ref = builtins.appendContext "no-path-here" { ${builtins.unsafeDiscardStringContext dep.drvPath} = { outputs = [ "dev" ]; }; };
}
