# data: a set with an attribute that throws
{ ok = 1; bad = throw "never"; }
