# fixed-output derivation, flat mode, sha512 in sri
derivation { name = "fod-flat-sha512"; system = "x86_64-linux"; builder = "/bin/sh"; outputHash = "sha512-58IrmUxZ2c8rSOVJseJGZmNgRZMNPafBrLKZ0cO3+TH5Sq5B7dosKyB6NuEPi8uNRSI+VIePWzFufOO2vAGWKQ=="; }
