# fixed-output derivation, recursive mode, sha256 in nix32
derivation { name = "fod-recursive-sha256"; system = "x86_64-linux"; builder = "/bin/sh"; outputHashMode = "recursive"; outputHashAlgo = "sha256"; outputHash = "04zwf782yjwnh3q6hz5izfd6jyip8kgw6g6yj43fiqhbyhdd0dqw"; }
