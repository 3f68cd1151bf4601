# fixed-output derivation, flat mode, sha1 in base16
derivation { name = "fod-flat-sha1"; system = "x86_64-linux"; builder = "/bin/sh"; outputHashAlgo = "sha1"; outputHash = "f572d396fae9206628714fb2ce00f72e94f2258f"; }
