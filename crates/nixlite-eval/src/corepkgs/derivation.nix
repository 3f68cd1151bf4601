# This is the implementation of the `derivation` builtin function.
# It's actually a wrapper around the `derivationStrict` primop.
# (CppNix's corepkgs/derivation.nix, unchanged in behaviour.)

/**
  Makes a derivation: a build recipe for the store. `name`, `system` and
  `builder` are required; every other attribute is passed to the builder
  (in the environment, or in `__json` with `__structuredAttrs = true`).
  The result is the argument set extended with `drvPath`, `outPath`,
  `type = "derivation"`, `outputName`, one attribute per output and `all`;
  only those force the derivation to be computed.

  ```nix
  derivation { name = "hello"; system = "x86_64-linux"; builder = "/bin/sh"; args = [ "-c" "echo hi > $out" ]; }
  ```
*/
drvAttrs @ { outputs ? [ "out" ], ... }:

let

  strict = derivationStrict drvAttrs;

  commonAttrs = drvAttrs // (builtins.listToAttrs outputsList) //
    { all = map (x: x.value) outputsList;
      inherit drvAttrs;
    };

  outputToAttrListElement = outputName:
    { name = outputName;
      value = commonAttrs // {
        outPath = builtins.getAttr outputName strict;
        drvPath = strict.drvPath;
        type = "derivation";
        inherit outputName;
      };
    };

  outputsList = map outputToAttrListElement outputs;

in (builtins.head outputsList).value
