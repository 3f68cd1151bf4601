# fixed-output derivation, flat mode, sha1 in base64
derivation { name = "fod-flat-sha1"; system = "x86_64-linux"; builder = "/bin/sh"; outputHashAlgo = "sha1"; outputHash = "9XLTlvrpIGYocU+yzgD3LpTyJY8="; }
