# unsafeDiscardOutputDependency: a drvPath as a plain dependency on the .drv file
let dep = derivation { name = "dep"; system = "x86_64-linux"; builder = "/bin/sh"; }; in derivation { name = "plaindrv"; system = "x86_64-linux"; builder = "/bin/sh"; d = builtins.unsafeDiscardOutputDependency dep.drvPath; }
