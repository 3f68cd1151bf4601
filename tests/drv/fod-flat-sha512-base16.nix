# fixed-output derivation, flat mode, sha512 in base16
derivation { name = "fod-flat-sha512"; system = "x86_64-linux"; builder = "/bin/sh"; outputHashAlgo = "sha512"; outputHash = "e7c22b994c59d9cf2b48e549b1e24666636045930d3da7c1acb299d1c3b7f931f94aae41edda2c2b207a36e10f8bcb8d45223e54878f5b316e7ce3b6bc019629"; }
