# data: for scopedImport overriding base-env names
[ true (5 - 3) ]
