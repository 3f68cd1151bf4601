# filterSource keeping only shell scripts and directories
derivation { name = "filtered"; system = "x86_64-linux"; builder = "/bin/sh"; src = builtins.filterSource (p: t: t == "directory" || builtins.match ".*\\.sh" p != null) ./data/sub; }
