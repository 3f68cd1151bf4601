# fixed-output derivation, recursive mode, sha512 in base16
derivation { name = "fod-recursive-sha512"; system = "x86_64-linux"; builder = "/bin/sh"; outputHashMode = "recursive"; outputHashAlgo = "sha512"; outputHash = "098d9d63b290cc8dff5705019ac0b61fa6ed0b0b1a3d732ef91958c3e5b2d17e8b02b5ed8b01c0526e0e16708adcca96bbf1a906a105927ded24a2236e2a80b0"; }
