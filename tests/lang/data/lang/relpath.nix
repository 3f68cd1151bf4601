# data: relative path literals resolve against this file's directory
[ ./foo.txt ./. ../lang/x ./dir ]
