# builtins.path: renamed, filtered, flat and with a matching sha256
derivation {
  name = "paths"; system = "x86_64-linux"; builder = "/bin/sh";
  renamed = builtins.path { path = ./data/sub; name = "renamed"; };
  filtered = builtins.path { path = ./data/sub; filter = p: t: t != "symlink" && baseNameOf p != "nested"; };
  flat = builtins.path { path = ./data/foo.txt; recursive = false; };
  checked = builtins.path { path = ./data/foo.txt; sha256 = "1c37d01af40be2e80691de3cc3df44377a699afbb17c68f080964b2fd071fc13"; };
}
