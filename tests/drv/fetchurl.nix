# <nix/fetchurl.nix>: CppNix's exact builtin:fetchurl derivation
import <nix/fetchurl.nix> { url = "http://example.com/x.tar.gz"; sha256 = "0000000000000000000000000000000000000000000000000000"; }
