# fixed-output derivation, flat mode, sha1 in sri
derivation { name = "fod-flat-sha1"; system = "x86_64-linux"; builder = "/bin/sh"; outputHash = "sha1-9XLTlvrpIGYocU+yzgD3LpTyJY8="; }
