# a name with every allowed special character, and an output name with a dash
derivation { name = "a+b-c.d_e?f=g"; system = "x86_64-linux"; builder = "/bin/sh"; outputs = [ "out" "man-pages" ]; }
