# fixed-output derivation, flat mode, sha256 in sri
derivation { name = "fod-flat-sha256"; system = "x86_64-linux"; builder = "/bin/sh"; outputHash = "sha256-WJG1tSLV3whtD/CxEPvZ0hu0/HFjrzTQgoai6Eb2vgM="; }
