# fixed-output derivation, recursive mode, sha512 in base64
derivation { name = "fod-recursive-sha512"; system = "x86_64-linux"; builder = "/bin/sh"; outputHashMode = "recursive"; outputHashAlgo = "sha512"; outputHash = "CY2dY7KQzI3/VwUBmsC2H6btCwsaPXMu+RlYw+Wy0X6LArXtiwHAUm4OFnCK3MqWu/GpBqEFkn3tJKIjbiqAsA=="; }
