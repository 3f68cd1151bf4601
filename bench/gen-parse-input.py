#!/usr/bin/env python3
"""Generate a big, deterministic, realistic Nix file for the parse benchmark.

usage: bench/gen-parse-input.py OUT [MB]

Writes OUT (a single Nix expression: a function over a package-set-like
argument set returning one big `rec` attribute set) of at least MB
megabytes (default 20). The content looks like a large package set:
packages defined with `callPackage` and `mkDerivation rec { ... }`,
python packages, NixOS-module-like nested option sets, a helper library,
with strings and interpolation, indented strings (with their escapes),
lambdas with formals / defaults / `@` patterns, `let`, `with`, `inherit`,
`inherit (...)`, comments of both kinds, paths, search paths, arithmetic,
comparisons, boolean operators, `if`/`then`/`else`, `assert`, `or`, `?`,
`//` and `++`. The same seed always produces the same bytes.

Every variable that is used is bound (nix-instantiate --parse rejects
undefined variables), attribute names are unique within each set, and the
output parses with `nix-instantiate --parse`.
"""

import os
import random
import sys

SEED = 20240611
MB = 1024 * 1024

# Names bound by the top-level function's formals.
TOP_FORMALS = [
    "lib", "stdenv", "fetchurl", "fetchFromGitHub", "fetchpatch", "fetchzip",
    "callPackage", "runCommand", "writeText", "writeShellScript", "makeWrapper",
    "pkg-config", "cmake", "meson", "ninja", "autoreconfHook", "perl", "python3",
    "buildPythonPackage", "zlib", "openssl", "curl", "libxml2", "glib", "gtk3",
    "ncurses", "readline", "sqlite", "libffi", "gettext", "systemd", "darwin",
]

# Dependencies a package may take as formals (all different from the
# attribute names the generator invents, which carry a numeric suffix).
DEP_POOL = [
    "zlib", "openssl", "curl", "libxml2", "glib", "gtk3", "ncurses", "readline",
    "sqlite", "libffi", "gettext", "systemd", "libpng", "libjpeg", "freetype",
    "fontconfig", "expat", "pcre2", "bzip2", "xz", "zstd", "libuv", "icu",
    "boost", "libusb1", "dbus", "libxslt", "gmp", "mpfr", "libgcrypt",
]
NATIVE_POOL = ["pkg-config", "cmake", "meson", "ninja", "autoreconfHook", "perl", "makeWrapper", "python3"]
PY_POOL = [
    "requests", "six", "setuptools", "pytest", "attrs", "click", "jinja2",
    "pyyaml", "numpy", "certifi", "idna", "urllib3", "packaging", "toml",
    "typing-extensions", "wheel", "hypothesis", "mock", "pytestCheckHook",
]
WORDS = (
    "fast small simple portable modern secure lightweight extensible library "
    "tool utility daemon server client parser compiler toolkit framework "
    "for the of and with a an to in on data files images audio video network "
    "graphics fonts text terminal shell database cache protocol compression "
    "encryption configuration manager viewer editor monitor bindings interface "
    "command line GTK Qt Python Rust Go C++ JSON XML YAML HTTP TLS SSH DNS"
).split()
SYLL = ["ka", "lo", "mi", "ne", "ru", "ta", "vi", "xo", "ze", "bu", "fa", "gi",
        "ho", "ju", "qu", "sy", "wa", "de", "pe", "co", "li", "mo", "ni", "tr"]
LICENSES = ["mit", "bsd3", "gpl2Plus", "gpl3Only", "lgpl21Plus", "asl20", "mpl20", "isc", "zlib"]
MAINTAINERS = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy"]
PLATFORMS = ["unix", "linux", "darwin", "all"]


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.used_top = set(TOP_FORMALS) | {"helpers", "versions", "sources", "mkGeneric"}
        self.packages = []  # top-level package attribute names, usable as variables
        self.counter = 0

    # ---- small pieces ---------------------------------------------------
    def word(self):
        return self.r.choice(WORDS)

    def sentence(self, lo=3, hi=9):
        return " ".join(self.word() for _ in range(self.r.randint(lo, hi)))

    def ident(self):
        return "".join(self.r.choice(SYLL) for _ in range(self.r.randint(2, 4)))

    def fresh(self, base=None):
        self.counter += 1
        return "%s-%d" % (base or self.ident(), self.counter)

    def version(self):
        r = self.r
        parts = [str(r.randint(0, 12)), str(r.randint(0, 40))]
        if r.random() < 0.6:
            parts.append(str(r.randint(0, 99)))
        return ".".join(parts)

    def sha(self):
        return "".join(self.r.choice("0123456789abcdfghijklmnpqrsvwxyz") for _ in range(52))

    def hexrev(self):
        return "%040x" % self.r.getrandbits(160)

    def nix_string(self, s):
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("${", "\\${") + '"'

    def arith(self, depth=0):
        r = self.r
        if depth > 2 or r.random() < 0.35:
            return str(r.randint(0, 4096))
        op = r.choice(["+", "-", "*", "/"])
        a, b = self.arith(depth + 1), self.arith(depth + 1)
        if op == "/":
            b = str(r.randint(1, 64))
        e = "%s %s %s" % (a, op, b)
        return "(%s)" % e if depth else e

    def comment(self, ind):
        if self.r.random() < 0.5:
            return "%s# %s\n" % (ind, self.sentence(4, 12))
        return "%s/* %s\n%s   %s */\n" % (ind, self.sentence(4, 10), ind, self.sentence(3, 8))

    # ---- indented strings -------------------------------------------------
    def shell_script(self, ind, vars_):
        r = self.r
        lines = []
        for _ in range(r.randint(2, 8)):
            k = r.random()
            if k < 0.2:
                lines.append('substituteInPlace %s \\\n  --replace "/usr/%s" "$out/%s"' % (
                    r.choice(["Makefile", "configure", "src/config.h", "setup.py", "CMakeLists.txt"]),
                    r.choice(["bin", "lib", "share"]), r.choice(["bin", "lib", "share"])))
            elif k < 0.35:
                lines.append("for f in $out/bin/*; do\n  wrapProgram \"$f\" --prefix PATH : ${lib.makeBinPath [ %s ]}\ndone"
                             % " ".join(r.sample(vars_, min(len(vars_), 2))) if vars_ else "echo no wrapping")
            elif k < 0.5:
                lines.append("install -Dm644 %s.%s $out/share/%s/''${name:-default}" % (
                    self.ident(), r.choice(["conf", "desktop", "svg", "1"]), self.ident()))
            elif k < 0.6:
                lines.append("echo '''%s''' > $out/share/doc/README" % self.sentence(2, 5))
            elif k < 0.7:
                lines.append("${lib.optionalString stdenv.isDarwin ''\n  export MACOSX_DEPLOYMENT_TARGET=10.%d\n''}" % r.randint(9, 15))
            elif k < 0.8:
                lines.append("export NIX_CFLAGS_COMPILE+=\" -DVERSION=\\\"${version}\\\" -O%d\"" % r.randint(0, 3))
            elif k < 0.9:
                lines.append("cp -r %s $out/%s ''\\n" % (self.ident(), self.ident()))
            else:
                lines.append("make -j$NIX_BUILD_CORES %s" % r.choice(["check", "install", "docs", "all"]))
        body = "\n".join(lines)
        pad = ind + "  "
        return "''\n" + "".join(pad + l + "\n" if l else "\n" for l in body.split("\n")) + ind + "''"

    # ---- a package ------------------------------------------------------
    def package(self, ind, name, python=False):
        r = self.r
        i2, i3, i4 = ind + "  ", ind + "    ", ind + "      "
        pname = name.rsplit("-", 1)[0]
        deps = sorted(set(r.sample(PY_POOL if python else DEP_POOL, r.randint(1, 6))))
        natives = [] if python else sorted(set(r.sample(NATIVE_POOL, r.randint(1, 3))))
        flags = ["with%s" % self.ident().capitalize() for _ in range(r.randint(0, 3))]
        flags = sorted(set(flags))
        formals = (["lib", "buildPythonPackage", "fetchPypi"] if python else
                   ["lib", "stdenv", r.choice(["fetchurl", "fetchFromGitHub"])])
        formals += [d for d in natives if d not in formals]
        formals += [d for d in deps if d not in formals]
        formal_txt = []
        for f in formals:
            formal_txt.append(f)
        for f in flags:
            formal_txt.append("%s ? %s" % (f, r.choice(["true", "false", "stdenv.isLinux" if not python else "true"])))
        if r.random() < 0.3:
            formal_txt.append("...")
        at = "@args" if r.random() < 0.2 else ""
        out = []
        out.append(self.comment(ind) if r.random() < 0.7 else "")
        head = "{ " + ", ".join(formal_txt) + " }" + at + ":"
        if len(head) > 70:
            head = "{ " + ("\n" + i2 + ", ").join([", ".join(formal_txt[k:k + 4]) for k in range(0, len(formal_txt), 4)]) + "\n" + i2 + "}" + at + ":"
        out.append("%s%s = callPackage (%s\n" % (ind, name, head))
        if flags and r.random() < 0.5:
            out.append("%sassert %s -> %s != null;\n" % (i2, flags[0], deps[0]))
        builder = "buildPythonPackage" if python else "stdenv.mkDerivation"
        letvars = []
        if r.random() < 0.4:
            out.append("%slet\n" % i2)
            lv = "%sFlags" % self.ident()
            letvars.append(lv)
            out.append('%s%s = [ "--prefix=/%s" ] ++ lib.optional (%s) "--enable-%s";\n' % (
                i3, lv, self.ident(), " && ".join(flags) if flags else "true", self.ident()))
            if r.random() < 0.5:
                lv2 = "major"
                out.append("%s%s = lib.versions.major \"%s\";\n" % (i3, lv2, self.version()))
                letvars.append(lv2)
            out.append("%sin\n" % i2)
        out.append("%s%s rec {\n" % (i2, builder))
        out.append('%spname = "%s";\n' % (i3, pname))
        out.append('%sversion = "%s";\n' % (i3, self.version()))
        if python:
            out.append("%ssrc = fetchPypi {\n%sinherit pname version;\n%ssha256 = \"%s\";\n%s};\n" % (i3, i4, i4, self.sha(), i3))
            out.append("%spropagatedBuildInputs = [ %s ];\n" % (i3, " ".join(deps)))
            out.append("%sdoCheck = %s;\n" % (i3, r.choice(["false", "true", "!stdenv.isDarwin" if False else "true"])))
            out.append('%spythonImportsCheck = [ "%s" ];\n' % (i3, pname.replace("-", "_")))
        else:
            if "fetchFromGitHub" in formals:
                out.append("%ssrc = fetchFromGitHub {\n" % i3)
                out.append('%sowner = "%s";\n%srepo = pname;\n%srev = "%s";\n%ssha256 = "%s";\n%s};\n' % (
                    i4, self.ident(), i4, i4, r.choice(["v${version}", self.hexrev()]), i4, self.sha(), i3))
            else:
                out.append("%ssrc = fetchurl {\n" % i3)
                out.append('%surl = "https://%s.org/releases/${pname}-${version}.tar.%s";\n%ssha256 = "%s";\n%s};\n' % (
                    i4, self.ident(), r.choice(["gz", "xz", "bz2"]), i4, self.sha(), i3))
            if r.random() < 0.35:
                out.append("%spatches = [\n" % i3)
                for _ in range(r.randint(1, 3)):
                    out.append("%s./patches/%s-%s.patch\n" % (i4, pname, self.ident()))
                out.append("%s];\n" % i3)
            out.append("%snativeBuildInputs = [ %s ];\n" % (i3, " ".join(natives)))
            extra = ""
            if flags:
                extra = " ++ lib.optionals %s [ %s ]" % (flags[0], deps[-1])
            out.append("%sbuildInputs = [ %s ]%s;\n" % (i3, " ".join(deps), extra))
            if letvars:
                out.append("%sconfigureFlags = %s ++ [\n%s\"--with-%s=${%s}\"\n%s];\n" % (
                    i3, letvars[0], i4, deps[0], deps[0], i3))
            else:
                out.append('%sconfigureFlags = [ "--enable-%s" "--disable-%s" ];\n' % (i3, self.ident(), self.ident()))
            out.append("%senableParallelBuilding = %s;\n" % (i3, r.choice(["true", "false"])))
            out.append("%sdoCheck = stdenv.hostPlatform == stdenv.buildPlatform && %s;\n" % (
                i3, r.choice(["true", "!stdenv.isDarwin", "(stdenv.hostPlatform.system or \"\") != \"aarch64-linux\""])))
            if r.random() < 0.5:
                out.append('%sNIX_CFLAGS_COMPILE = toString [ "-O%d" "-Wno-error=%s" ];\n' % (i3, r.randint(1, 3), self.ident()))
            for phase in r.sample(["preConfigure", "postPatch", "postInstall", "preBuild", "postFixup"], r.randint(0, 2)):
                out.append("%s%s = %s;\n" % (i3, phase, self.shell_script(i3, natives + deps)))
            if r.random() < 0.3:
                out.append("%spassthru = {\n%supdateScript = ./update-%s.sh;\n%stests.version = runCommand \"${pname}-test\" { } ''\n%s  echo ${version} > $out\n%s'';\n%s};\n" % (
                    i3, i4, pname, i4, i4, i4, i3))
            if r.random() < 0.2:
                out.append("%soutputs = [ \"out\" \"dev\" ]%s;\n" % (i3, r.choice(["", " ++ lib.optional stdenv.isLinux \"man\""])))
            if self.packages and r.random() < 0.3:
                other = r.choice(self.packages)
                out.append("%scheckInputs = [ %s ];\n" % (i3, other))
        # meta
        out.append("%smeta = with lib; {\n" % i3)
        out.append("%sdescription = %s;\n" % (i4, self.nix_string(self.sentence().capitalize())))
        if r.random() < 0.4:
            out.append("%slongDescription = ''\n%s  %s\n%s  %s.\n%s'';\n" % (
                i4, i4, self.sentence(6, 12), i4, self.sentence(6, 12), i4))
        out.append('%shomepage = "https://%s.%s/%s";\n' % (i4, self.ident(), r.choice(["org", "io", "dev", "net"]), pname))
        out.append("%slicense = %s;\n" % (i4, r.choice(["licenses.%s" % r.choice(LICENSES),
                                                        "with licenses; [ %s %s ]" % (r.choice(LICENSES), r.choice(LICENSES))])))
        out.append("%smaintainers = with maintainers; [ %s ];\n" % (i4, " ".join(sorted(set(r.sample(MAINTAINERS, r.randint(1, 3)))))))
        out.append("%splatforms = platforms.%s;\n" % (i4, r.choice(PLATFORMS)))
        if r.random() < 0.2:
            out.append("%sbroken = stdenv.isDarwin && stdenv.isAarch64;\n" % i4)
        if r.random() < 0.2:
            out.append("%spriority = %s;\n" % (i4, self.arith()))
        out.append("%s};\n" % i3)
        out.append("%s}%s) { };\n" % (i2, ""))
        if not python:
            self.packages.append(name)
        return "".join(out)

    # ---- nested attribute sets (module / settings like) -------------------
    def value(self, ind, depth):
        r = self.r
        k = r.random()
        if depth < 3 and k < 0.22:
            return self.attrset(ind, depth + 1)
        if k < 0.32:
            items = [self.scalar() for _ in range(r.randint(0, 6))]
            return "[ " + " ".join(items) + (" ]" if items else "]")
        if k < 0.4:
            return "%s // { %s = %s; }" % (self.attrset(ind, 3), self.ident(), self.scalar())
        if k < 0.48:
            return "if %s then %s else %s" % (self.cond(), self.scalar(), self.scalar())
        if k < 0.55:
            return self.arith()
        if k < 0.62:
            x = self.ident()
            return "(%s: %s + %d) %d" % (x, x, r.randint(1, 9), r.randint(0, 99))
        if k < 0.68:
            return "let %s = %s; %s = %s; in \"${%s}-${toString %s}\"" % (
                "a", self.nix_string(self.word()), "b", self.arith(), "a", "b")
        return self.scalar()

    def scalar(self):
        r = self.r
        k = r.random()
        if k < 0.3:
            return self.nix_string(self.sentence(1, 5))
        if k < 0.45:
            return str(r.randint(0, 65535))
        if k < 0.52:
            return "%d.%d" % (r.randint(0, 99), r.randint(0, 999))
        if k < 0.62:
            return r.choice(["true", "false", "null"])
        if k < 0.7:
            return '"${%s}/%s"' % (r.choice(["stdenv.shell", "toString 1", "lib.version or \"0\""]), self.ident())
        if k < 0.78:
            return "./%s/%s.%s" % (self.ident(), self.ident(), r.choice(["nix", "conf", "json"]))
        if k < 0.82:
            return "<nixpkgs/%s>" % self.ident()
        if k < 0.9:
            return '"%s\\n\\t\\"%s\\"\\${literal}"' % (self.word(), self.word())
        return "(%s)" % self.arith()

    def cond(self):
        r = self.r
        return r.choice([
            "stdenv.isLinux", "!stdenv.isDarwin", "config.%s.enable or false" % self.ident(),
            "%d < %d" % (r.randint(0, 9), r.randint(0, 9)), "config ? %s" % self.ident(),
            "stdenv.isLinux && %d >= %d || false" % (r.randint(0, 9), r.randint(0, 9)),
            "lib.versionAtLeast lib.version \"%s\"" % self.version(),
            "%s == %s" % (self.nix_string(self.word()), self.nix_string(self.word())),
        ])

    def attrset(self, ind, depth):
        r = self.r
        i2 = ind + "  "
        n = r.randint(1, 6)
        names = set()
        out = ["{\n"]
        for _ in range(n):
            nm = self.ident()
            while nm in names:
                nm = self.ident() + str(r.randint(0, 99))
            names.add(nm)
            if r.random() < 0.08:
                out.append(self.comment(i2))
            if r.random() < 0.15 and depth < 3:
                # dotted path definition: a.b.c = v;
                sub = self.ident()
                out.append("%s%s.%s = %s;\n" % (i2, nm, sub, self.scalar()))
                continue
            if r.random() < 0.05:
                out.append('%s"%s %s" = %s;\n' % (i2, nm, self.word(), self.scalar()))
                continue
            out.append("%s%s = %s;\n" % (i2, nm, self.value(i2, depth)))
        if r.random() < 0.2:
            out.append("%sinherit (lib) %s;\n" % (i2, " ".join(n for n in ["optional", "optionals", "mkIf"] if n not in names)))
        out.append(ind + "}")
        return "".join(out)

    def module(self, ind, name):
        """A NixOS-module-like entry: a function over config/lib returning options + config."""
        r = self.r
        i2, i3, i4 = ind + "  ", ind + "    ", ind + "      "
        svc = self.ident()
        out = [self.comment(ind)]
        out.append("%s%s = { config, lib, pkgs ? { }, ... }:\n" % (ind, name))
        out.append("%swith lib;\n%slet\n" % (i2, i2))
        out.append("%scfg = config.services.%s;\n" % (i3, svc))
        out.append("%ssettingsFile = writeText \"%s.conf\" (generators.toINI { } cfg.settings);\n" % (i3, svc))
        out.append("%sin\n%s{\n" % (i2, i2))
        out.append("%soptions.services.%s = {\n" % (i3, svc))
        opts = sorted(set(self.ident() for _ in range(r.randint(2, 6))))
        for o in opts:
            typ = r.choice(["types.bool", "types.str", "types.port", "types.int", "types.listOf types.str",
                            "types.nullOr types.path", "types.attrsOf types.anything"])
            default = {"types.bool": "false", "types.str": self.nix_string(self.word()),
                       "types.port": str(r.randint(1024, 65535)), "types.int": self.arith(),
                       "types.listOf types.str": "[ ]", "types.nullOr types.path": "null",
                       "types.attrsOf types.anything": "{ }"}[typ]
            out.append("%s%s = mkOption {\n%s  type = %s;\n%s  default = %s;\n%s  description = ''\n%s    %s\n%s  '';\n%s};\n" % (
                i4, o, i4, typ, i4, default, i4, i4, self.sentence(4, 14), i4, i4))
        out.append("%s};\n" % i3)
        out.append("%sconfig = mkIf cfg.%s {\n" % (i3, opts[0]))
        out.append("%ssystemd.services.%s = {\n" % (i4, svc))
        out.append('%s  wantedBy = [ "multi-user.target" ];\n' % i4)
        out.append('%s  after = [ "network.target" ] ++ optional (cfg ? %s) "%s.service";\n' % (i4, opts[-1], self.ident()))
        out.append("%s  serviceConfig = {\n" % i4)
        out.append('%s    ExecStart = "${pkgs.%s or systemd}/bin/%s --config ${settingsFile}";\n' % (i4, svc, svc))
        out.append('%s    Restart = "on-failure";\n%s    RestartSec = %d;\n' % (i4, i4, r.randint(1, 30)))
        out.append("%s    DynamicUser = true;\n%s  };\n%s};\n" % (i4, i4, i4))
        out.append("%snetworking.firewall.allowedTCPPorts = optionals (cfg.%s != null) [ %d ];\n" % (i4, opts[-1], r.randint(1, 65535)))
        out.append("%s};\n%s};\n" % (i3, i2))
        return "".join(out)

    def helper(self, ind, name):
        r = self.r
        i2 = ind + "  "
        k = r.random()
        if k < 0.3:
            return ("%s%s = { name, version ? \"%s\", extraFlags ? [ ], ... }@attrs:\n"
                    "%sstdenv.mkDerivation (attrs // {\n"
                    "%s  pname = \"%s-${name}\";\n"
                    "%s  inherit version;\n"
                    "%s  configureFlags = [ \"--prefix=$out\" ] ++ extraFlags;\n"
                    "%s});\n") % (ind, name, self.version(), i2, i2, self.ident(), i2, i2, i2)
        if k < 0.55:
            return ("%s%s = xs: builtins.foldl' (acc: x: acc // { ${x.name} = x.value * %d + %d; }) { } xs;\n"
                    % (ind, name, r.randint(1, 9), r.randint(0, 99)))
        if k < 0.8:
            x = self.ident()
            return ("%s%s = %s: if %s == 0 then 1 else if %s < 0 then -%s else %s * %d - (%s / %d);\n"
                    % (ind, name, x, x, x, x, x, r.randint(1, 9), x, r.randint(1, 9)))
        return ("%s%s = let\n%s  base = { inherit (lib) %s; };\n%s  extra = rec { a = %s; b = a * 2; c = [ a b ] ++ [ (a + b) ]; };\n"
                "%sin base // extra // { version = \"%s\"; };\n" % (
                    ind, name, i2, " ".join(sorted(set(r.sample(["optional", "optionals", "mkIf", "versions", "concatStringsSep"], 2)))),
                    i2, self.arith(), i2, self.version()))

    # ---- whole file -----------------------------------------------------
    def generate(self, target_bytes, write):
        r = self.r
        header = (
            "# Generated by bench/gen-parse-input.py (seed %d). Do not edit.\n"
            "# A large package-set-like Nix expression for parser benchmarks.\n"
            "{ %s\n, config ? { }\n, ...\n}@args:\n\n"
            "let\n"
            "  inherit (lib) optional optionals optionalString concatStringsSep mkIf;\n"
            "  inherit (lib.generators) toINI;\n"
            "  versions = { stable = \"%s\"; unstable = \"%s\"; };\n"
            "  mkGeneric = { name, version ? versions.stable, ... }@attrs: stdenv.mkDerivation (attrs // { pname = name; });\n"
            "  /* shared sources\n     (not all are used) */\n"
            "  sources = {\n"
            "    main = fetchurl { url = \"https://example.org/main-${versions.stable}.tar.gz\"; sha256 = \"%s\"; };\n"
            "    extra = ./sources/extra.tar.gz;\n"
            "  };\n"
            "in\n\nrec {\n"
        ) % (SEED, "\n, ".join(TOP_FORMALS), self.version(), self.version(), self.sha())
        written = len(header)
        write(header)
        footer = (
            "\n  # summary\n"
            "  allNames = builtins.attrNames (removeAttrs args [ \"config\" ]);\n"
            "  total = %s;\n"
            "}\n"
        ) % self.arith()
        budget = target_bytes - len(footer)
        while written < budget:
            k = r.random()
            if k < 0.55:
                chunk = self.package("  ", self.fresh())
            elif k < 0.7:
                # a python package set: nested attribute set of packages
                name = self.fresh("python%dPackages" % r.randint(8, 12))
                parts = ["  %s = {\n" % name]
                for _ in range(r.randint(3, 12)):
                    parts.append(self.package("    ", self.fresh(), python=True))
                parts.append("  };\n")
                chunk = "".join(parts)
            elif k < 0.8:
                chunk = self.module("  ", self.fresh("module"))
            elif k < 0.9:
                chunk = "  %s = %s;\n" % (self.fresh("settings"), self.attrset("  ", 0))
            else:
                chunk = self.helper("  ", self.fresh("helper"))
            chunk += "\n"
            write(chunk)
            written += len(chunk)
        write(footer)


def main(argv):
    if len(argv) >= 2 and argv[1] in ("-h", "--help"):
        sys.stdout.write(__doc__)
        return 0
    if len(argv) < 2 or len(argv) > 3:
        sys.stderr.write("usage: gen-parse-input.py OUT [MB]\n")
        return 2
    out = argv[1]
    mb = float(argv[2]) if len(argv) == 3 else 20.0
    if mb <= 0:
        sys.stderr.write("MB must be positive\n")
        return 2
    gen = Gen(SEED)
    tmp = out + ".tmp"
    with open(tmp, "w", encoding="ascii", newline="\n") as f:
        gen.generate(int(mb * MB), f.write)
    os.replace(tmp, out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
