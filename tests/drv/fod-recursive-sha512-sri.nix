# fixed-output derivation, recursive mode, sha512 in sri
derivation { name = "fod-recursive-sha512"; system = "x86_64-linux"; builder = "/bin/sh"; outputHashMode = "recursive"; outputHash = "sha512-CY2dY7KQzI3/VwUBmsC2H6btCwsaPXMu+RlYw+Wy0X6LArXtiwHAUm4OFnCK3MqWu/GpBqEFkn3tJKIjbiqAsA=="; }
