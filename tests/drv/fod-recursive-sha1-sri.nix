# fixed-output derivation, recursive mode, sha1 in sri
derivation { name = "fod-recursive-sha1"; system = "x86_64-linux"; builder = "/bin/sh"; outputHashMode = "recursive"; outputHash = "sha1-DetSwnNes402D5drezgjxK0FzOc="; }
