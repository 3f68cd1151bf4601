# depending on a flat fixed-output derivation (its output path enters the hash modulo only through the fixed hash)
let f = derivation { name = "hello.txt"; system = "x86_64-linux"; builder = "/bin/sh"; outputHash = "sha256-WJG1tSLV3whtD/CxEPvZ0hu0/HFjrzTQgoai6Eb2vgM="; }; in derivation { name = "usefod"; system = "x86_64-linux"; builder = "/bin/sh"; src = f; }
