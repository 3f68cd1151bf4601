# a source directory with an executable, a symlink and a subdirectory, and a single file
derivation { name = "withsrc"; system = "x86_64-linux"; builder = "/bin/sh"; src = ./data/foo.txt; dir = ./data/sub; args = [ "${./data/sub}/b.sh" ]; }
