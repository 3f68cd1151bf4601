# Loaded by the transcripts with `:l lib.nix`; `greeting` comes from the
# session's automatic arguments (`--argstr greeting hi`).
{ greeting ? "hello", ... }:
{
  /**
    Adds one to its argument.

    # Example

    ```nix
    inc 41
    ```
  */
  inc = x: x + 1;

  /** Doubles a number. */
  double = n: n * 2;

  undocumented = x: x;

  message = "${greeting}, world";

  nested = {
    list = [ 1 2 3 ];
    deeper = { a = 1; };
  };
}
