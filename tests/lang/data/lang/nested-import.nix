# data: imports a sibling file relative to itself
(import ./simple.nix) // { nested = true; }
