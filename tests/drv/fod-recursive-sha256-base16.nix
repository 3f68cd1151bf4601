# fixed-output derivation, recursive mode, sha256 in base16
derivation { name = "fod-recursive-sha256"; system = "x86_64-linux"; builder = "/bin/sh"; outputHashMode = "recursive"; outputHashAlgo = "sha256"; outputHash = "1c37d01af40be2e80691de3cc3df44377a699afbb17c68f080964b2fd071fc13"; }
