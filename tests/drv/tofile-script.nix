# a builder script from toFile, run by /bin/sh
derivation {
  name = "scripted"; system = "x86_64-linux"; builder = "/bin/sh";
  args = [ (builtins.toFile "builder.sh" "echo hello > $out\n") ];
}
