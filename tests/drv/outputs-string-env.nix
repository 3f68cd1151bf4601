# outputs given to derivationStrict as a string (through a derivation-shaped set)
let s = builtins.derivationStrict { name = "ms"; system = "x86_64-linux"; builder = "/bin/sh"; outputs = "out dev"; }; in {
  type = "derivation"; name = "ms"; outputName = "dev"; drvPath = s.drvPath; outPath = s.dev;
}
