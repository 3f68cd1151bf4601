# structured attributes with __ignoreNulls: top-level nulls dropped, nested ones kept
derivation { name = "sn"; system = "x86_64-linux"; builder = "/bin/sh"; __structuredAttrs = true; __ignoreNulls = true; a = null; m = { x = null; }; k = false; }
