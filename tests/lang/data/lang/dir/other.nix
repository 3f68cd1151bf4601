# data: imported relative to dir/default.nix
"other"
