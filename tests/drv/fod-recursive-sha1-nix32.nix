# fixed-output derivation, recursive mode, sha1 in nix32
derivation { name = "fod-recursive-sha1"; system = "x86_64-linux"; builder = "/bin/sh"; outputHashMode = "recursive"; outputHashAlgo = "sha1"; outputHash = "wz60bbf44cw7nswp1wv8vcsyfg155sqd"; }
