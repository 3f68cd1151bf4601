# data: for scopedImport: free variables a and b
{ sum = a + b; inner = import ./free-var.nix; }
