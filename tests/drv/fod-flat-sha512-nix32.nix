# fixed-output derivation, flat mode, sha512 in nix32
derivation { name = "fod-flat-sha512"; system = "x86_64-linux"; builder = "/bin/sh"; outputHashAlgo = "sha512"; outputHash = "0lrc0dwnvipqviibf7qfm1y492qvjwb1zhkcyi05cndmva1mr5gjcgrnz1x36djmk0sfg8djd2n0qv68vib2jg590mwznar9jcjphp7"; }
