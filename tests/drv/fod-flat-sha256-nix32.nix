# fixed-output derivation, flat mode, sha256 in nix32
derivation { name = "fod-flat-sha256"; system = "x86_64-linux"; builder = "/bin/sh"; outputHashAlgo = "sha256"; outputHash = "00xyyr3fi8l6hb839bv3f7yb86yjv7xi1cgh1xnhipym4asvb4aq"; }
