"a value from a file in a subdirectory"
