# __ignoreNulls drops null attributes but keeps false ones
derivation { name = "nulls"; system = "x86_64-linux"; builder = "/bin/sh"; __ignoreNulls = true; a = null; b = false; c = ""; }
