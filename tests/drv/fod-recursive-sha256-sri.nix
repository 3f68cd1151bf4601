# fixed-output derivation, recursive mode, sha256 in sri
derivation { name = "fod-recursive-sha256"; system = "x86_64-linux"; builder = "/bin/sh"; outputHashMode = "recursive"; outputHash = "sha256-HDfQGvQL4ugGkd48w99EN3ppmvuxfGjwgJZLL9Bx/BM="; }
