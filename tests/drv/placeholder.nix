# placeholders of the outputs in the environment
derivation { name = "ph"; system = "x86_64-linux"; builder = "/bin/sh"; outputs = [ "out" "dev" ]; configureFlags = "--prefix=${placeholder "out"} --includedir=${placeholder "dev"}/include"; }
