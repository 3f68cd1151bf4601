# data: uses base-env names; an importer's let bindings must not leak in
[ (map (x: x + 1) [ 1 ]) true null (builtins.length [ ]) (toString 5) ]
