# a list of derivations, with a nested list
let mk = n: derivation { name = n; system = "x86_64-linux"; builder = "/bin/sh"; }; in [ (mk "one") [ (mk "two") (mk "three") ] ]
