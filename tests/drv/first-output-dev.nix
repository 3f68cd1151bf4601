# the first listed output is the value: the root is the dev output (printed with !dev)
derivation { name = "m2"; system = "x86_64-linux"; builder = "/bin/sh"; outputs = [ "dev" "out" ]; }
