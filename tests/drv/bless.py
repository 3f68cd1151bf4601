#!/usr/bin/env python3
"""Writes the expectation CASE.exp of every instantiate acceptance case
CASE.nix in this directory from CppNix 2.8 (`nix-instantiate`), the oracle:

* `roots`: the lines `nix-instantiate --readonly-mode CASE.nix` prints (the
  .drv path of each derivation found, `!output` for an output other than
  `out`). Cases 2.8 cannot evaluate in read-only mode (a drvPath used in a
  string needs the store) take them from the chroot-store run instead.
* `store`: every store object `nix-instantiate --store ROOT CASE.nix` lays out
  under ROOT/nix/store (the chroot store keeps /nix/store as the logical store
  directory, so all hashes are the ones of /nix/store): `.drv` files, `toFile`
  texts and copied sources, each entry with its kind and exact contents.

crates/nixlite-cli/tests/instantiate.rs runs `nixlite instantiate
--drv-paths --write-store TMP CASE.nix` and compares both parts with the same
listing of TMP. Usage: tests/drv/bless.py [CASE...]  (default: all cases).
"""

import os
import shutil
import stat
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def escape(data: bytes) -> str:
    out = []
    for b in data:
        if b == 0x5C:
            out.append("\\\\")
        elif b == 0x0A:
            out.append("\\n")
        elif b == 0x09:
            out.append("\\t")
        elif b < 0x20 or b >= 0x7F:
            out.append("\\x%02x" % b)
        else:
            out.append(chr(b))
    return "".join(out)


def listing(store: str) -> list:
    """One line per file-system object below `store` (names starting with
    '.' at the top are the store's own bookkeeping and are skipped)."""
    lines = []

    def walk(path: str, rel: str):
        st = os.lstat(path)
        if stat.S_ISLNK(st.st_mode):
            lines.append("%s: symlink %s" % (rel, escape(os.fsencode(os.readlink(path)))))
        elif stat.S_ISDIR(st.st_mode):
            lines.append("%s: directory" % rel)
            for name in sorted(os.listdir(path), key=os.fsencode):
                walk(os.path.join(path, name), rel + "/" + name)
        else:
            kind = "executable" if st.st_mode & stat.S_IXUSR else "file"
            with open(path, "rb") as f:
                lines.append("%s: %s %s" % (rel, kind, escape(f.read())))

    for name in sorted(os.listdir(store), key=os.fsencode):
        if not name.startswith("."):
            walk(os.path.join(store, name), name)
    return lines


def bless(case: str):
    nix_file = case + ".nix"
    env = dict(os.environ)
    env.pop("NIX_PATH", None)
    ro = subprocess.run(
        ["nix-instantiate", "--readonly-mode", nix_file],
        cwd=HERE, env=env, capture_output=True, text=True,
    )
    root = tempfile.mkdtemp(prefix="nixlite-bless-")
    try:
        rw = subprocess.run(
            ["nix-instantiate", "--store", root, nix_file],
            cwd=HERE, env=env, capture_output=True, text=True,
        )
        if rw.returncode != 0:
            raise SystemExit("%s: nix-instantiate --store failed:\n%s" % (case, rw.stderr))
        if ro.returncode == 0:
            roots, source = ro.stdout, "nix-instantiate 2.8 --readonly-mode"
        else:
            roots, source = rw.stdout, "nix-instantiate 2.8 --store ROOT (read-only mode cannot evaluate this case)"
        store = listing(os.path.join(root, "nix", "store"))
    finally:
        subprocess.run(["chmod", "-R", "u+w", root])
        shutil.rmtree(root, ignore_errors=True)
    with open(os.path.join(HERE, case + ".exp"), "w") as f:
        f.write("# roots: %s\n" % source)
        f.write("roots\n")
        f.write(roots if roots.endswith("\n") else roots + "\n")
        f.write("# store: nix-instantiate 2.8 --store ROOT, the objects under ROOT/nix/store\n")
        f.write("store\n")
        for line in store:
            f.write(line + "\n")


def main():
    cases = sys.argv[1:] or sorted(n[:-4] for n in os.listdir(HERE) if n.endswith(".nix"))
    for case in cases:
        bless(case[:-4] if case.endswith(".nix") else case)
        print("blessed", case)


if __name__ == "__main__":
    main()
