# a fixed-output derivation that itself depends on a derivation, used by another
let
  tool = derivation { name = "fetcher"; system = "x86_64-linux"; builder = "/bin/sh"; };
  f = derivation { name = "fetched"; system = "x86_64-linux"; builder = "${tool}/bin/fetch"; outputHash = "sha256-WJG1tSLV3whtD/CxEPvZ0hu0/HFjrzTQgoai6Eb2vgM="; };
in derivation { name = "usefetched"; system = "x86_64-linux"; builder = "/bin/sh"; src = f; }
