# A file whose function needs an argument the session does not give.
{ required }: { r = required; }
