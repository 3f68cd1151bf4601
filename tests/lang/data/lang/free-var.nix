# data: refers to a variable x that only scopedImport can provide
x + 1
