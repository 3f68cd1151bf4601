# a builder that is another derivation's output
let sh = derivation { name = "shell"; system = "x86_64-linux"; builder = "/bin/sh"; }; in derivation { name = "usesh"; system = "x86_64-linux"; builder = "${sh}/bin/sh"; args = [ "-c" "true" ]; }
