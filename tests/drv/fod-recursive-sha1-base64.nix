# fixed-output derivation, recursive mode, sha1 in base64
derivation { name = "fod-recursive-sha1"; system = "x86_64-linux"; builder = "/bin/sh"; outputHashMode = "recursive"; outputHashAlgo = "sha1"; outputHash = "DetSwnNes402D5drezgjxK0FzOc="; }
