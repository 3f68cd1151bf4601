# fixed-output derivation, flat mode, sha256 in base64
derivation { name = "fod-flat-sha256"; system = "x86_64-linux"; builder = "/bin/sh"; outputHashAlgo = "sha256"; outputHash = "WJG1tSLV3whtD/CxEPvZ0hu0/HFjrzTQgoai6Eb2vgM="; }
