# a diamond: two derivations on one base, and one on both
let
  mk = name: deps: derivation { inherit name deps; system = "x86_64-linux"; builder = "/bin/sh"; };
  base = mk "base" [ ];
  left = mk "left" [ base ];
  right = mk "right" [ base ];
in mk "top" [ left right ]
