# data: a file two directories down that imports upward
{ up = import ../../simple.nix; me = ./.; }
