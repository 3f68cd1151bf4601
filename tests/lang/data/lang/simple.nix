# data: a plain attribute set
{ x = 1; y = "two"; }
