# a path that is itself a symlink is copied as a symlink
derivation { name = "withlink"; system = "x86_64-linux"; builder = "/bin/sh"; link = ./data/sub/link; }
