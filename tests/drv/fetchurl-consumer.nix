# a derivation unpacking a fetchurl result
let src = import <nix/fetchurl.nix> { url = "http://example.com/src.tar.gz"; sha256 = "00xyyr3fi8l6hb839bv3f7yb86yjv7xi1cgh1xnhipym4asvb4aq"; }; in derivation { name = "unpacked"; system = "x86_64-linux"; builder = "/bin/sh"; inherit src; }
