# a set: its derivations in name order; nested sets only with recurseForDerivations
let mk = n: derivation { name = n; system = "x86_64-linux"; builder = "/bin/sh"; }; in {
  b = mk "b"; a = mk "a"; notADrv = 1;
  nested = { c = mk "c"; };
  recursed = { recurseForDerivations = true; d = mk "d"; };
}
