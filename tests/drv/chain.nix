# a chain of ten derivations, each depending on the previous one
builtins.foldl' (prev: i: derivation { name = "chain-${toString i}"; system = "x86_64-linux"; builder = "/bin/sh"; prev = prev; }) (derivation { name = "chain-0"; system = "x86_64-linux"; builder = "/bin/sh"; }) (builtins.genList (i: i + 1) 10)
