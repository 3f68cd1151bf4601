# toFile texts referring to another text and to a copied source
let
  a = builtins.toFile "a" "A";
  b = builtins.toFile "b" "see ${a} and ${./data/foo.txt}";
in derivation { name = "usetexts"; system = "x86_64-linux"; builder = "/bin/sh"; script = b; }
