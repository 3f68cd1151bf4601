# depending on recursive fixed-output derivations (sha256 gives a source path, sha1 an output:out path)
let
  r256 = derivation { name = "r256"; system = "x86_64-linux"; builder = "/bin/sh"; outputHashMode = "recursive"; outputHash = "sha256-HDfQGvQL4ugGkd48w99EN3ppmvuxfGjwgJZLL9Bx/BM="; };
  r1 = derivation { name = "r1"; system = "x86_64-linux"; builder = "/bin/sh"; outputHashMode = "recursive"; outputHashAlgo = "sha1"; outputHash = "0deb52c2735eb38d360f976b7b3823c4ad05cce7"; };
in derivation { name = "userec"; system = "x86_64-linux"; builder = "/bin/sh"; srcs = [ r256 r1 ]; }
