# fixed-output derivation, recursive mode, sha512 in nix32
derivation { name = "fod-recursive-sha512"; system = "x86_64-linux"; builder = "/bin/sh"; outputHashMode = "recursive"; outputHashAlgo = "sha512"; outputHash = "2q80akf4fi29vbxj82s21m9y6xrdjnwi9q1c3kfab0032zdnl18nzninbjw6n0rz4p76g8s1c5yv9hznv09l085azzqvk4hn9irv389"; }
