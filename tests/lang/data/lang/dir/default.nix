# data: default.nix of a directory import
{ fromDir = true; here = ./.; other = import ./other.nix; }
