# fixed-output derivation, recursive mode, sha256 in base64
derivation { name = "fod-recursive-sha256"; system = "x86_64-linux"; builder = "/bin/sh"; outputHashMode = "recursive"; outputHashAlgo = "sha256"; outputHash = "HDfQGvQL4ugGkd48w99EN3ppmvuxfGjwgJZLL9Bx/BM="; }
