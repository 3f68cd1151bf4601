# one derivation depending on forty others
derivation { name = "fanin"; system = "x86_64-linux"; builder = "/bin/sh"; deps = builtins.genList (i: derivation { name = "leaf-${toString i}"; system = "x86_64-linux"; builder = "/bin/sh"; }) 40; }
