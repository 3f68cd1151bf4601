# fixed-output hashes spelled algo:digest, upper-case hex, with an empty or unknown outputHashAlgo
let fod = n: a: derivation ({ name = "fod-${n}"; system = "x86_64-linux"; builder = "/bin/sh"; } // a); in [
  (fod "prefixed-hex" { outputHash = "sha256:5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"; })
  (fod "prefixed-nix32" { outputHash = "sha256:00xyyr3fi8l6hb839bv3f7yb86yjv7xi1cgh1xnhipym4asvb4aq"; })
  (fod "upper" { outputHashAlgo = "sha256"; outputHash = "5891B5B522D5DF086D0FF0B110FBD9D21BB4FC7163AF34D08286A2E846F6BE03"; })
  (fod "empty-algo" { outputHashAlgo = ""; outputHash = "sha256-WJG1tSLV3whtD/CxEPvZ0hu0/HFjrzTQgoai6Eb2vgM="; })
  (fod "md5" { outputHashAlgo = "md5"; outputHash = "b1946ac92492d2347c6235b4d2611184"; })
]
