# <nix/fetchurl.nix> with an SRI hash and a name, sha512 with unpack, sha1 executable
let f = import <nix/fetchurl.nix>; in [
  (f { url = "http://example.com/y"; hash = "sha256-WJG1tSLV3whtD/CxEPvZ0hu0/HFjrzTQgoai6Eb2vgM="; name = "renamed"; })
  (f { url = "http://example.com/z.tar"; sha512 = "e7c22b994c59d9cf2b48e549b1e24666636045930d3da7c1acb299d1c3b7f931f94aae41edda2c2b207a36e10f8bcb8d45223e54878f5b316e7ce3b6bc019629"; unpack = true; })
  (f { url = "http://example.com/run"; sha1 = "f572d396fae9206628714fb2ce00f72e94f2258f"; executable = true; })
]
