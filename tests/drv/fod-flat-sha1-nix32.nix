# fixed-output derivation, flat mode, sha1 in nix32
derivation { name = "fod-flat-sha1"; system = "x86_64-linux"; builder = "/bin/sh"; outputHashAlgo = "sha1"; outputHash = "iwjz551fyw0cxcjgf4l6c879zabd6wpm"; }
