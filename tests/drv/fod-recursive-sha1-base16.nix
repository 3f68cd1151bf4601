# fixed-output derivation, recursive mode, sha1 in base16
derivation { name = "fod-recursive-sha1"; system = "x86_64-linux"; builder = "/bin/sh"; outputHashMode = "recursive"; outputHashAlgo = "sha1"; outputHash = "0deb52c2735eb38d360f976b7b3823c4ad05cce7"; }
