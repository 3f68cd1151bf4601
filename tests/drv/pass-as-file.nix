# passAsFile lists attributes the builder passes as files
derivation { name = "paf"; system = "x86_64-linux"; builder = "/bin/sh"; passAsFile = [ "big" "other" ]; big = "a big value"; other = 1; }
