//! Tests for derivations: every worked example of `spec/derivations.md` §5
//! (E1–E12) plus further vectors, each checked with `nix-instantiate` 2.8
//! (drv paths and output paths in read-only mode, ATerm text from a chroot
//! store `--store /tmp/ts`).

use super::*;

const SYS: &str = "x86_64-linux";
const SH: &str = "/bin/sh";

fn sd() -> StoreDir {
    StoreDir::default()
}

fn sp(path: &str) -> StorePath {
    sd().parse(path).unwrap()
}

/// A derivation as `derivationStrict` collects it (non-structured): env
/// holds `builder`, `name`, `system` and `extra`; outputs are deferred.
fn collect(name: &str, system: &str, builder: &str, outputs: &[&str], extra: &[(&str, &str)]) -> Derivation {
    let mut d = Derivation::new(name);
    d.system = system.as_bytes().to_vec();
    d.builder = builder.as_bytes().to_vec();
    for (k, v) in [("builder", builder), ("name", name), ("system", system)]
        .iter()
        .chain(extra)
    {
        d.env.insert(k.as_bytes().to_vec(), v.as_bytes().to_vec());
    }
    for o in outputs {
        d.outputs.insert((*o).to_owned(), DerivationOutput::Deferred);
    }
    d
}

fn simple(name: &str, extra: &[(&str, &str)]) -> Derivation {
    collect(name, SYS, SH, &["out"], extra)
}

fn fixed(d: &mut Derivation, method: FileIngestionMethod, hash: &str, algo: Option<HashAlgo>) {
    let hash = Hash::parse_any_allow_empty(hash, algo).unwrap();
    d.outputs
        .insert("out".into(), DerivationOutput::Fixed(FixedOutputHash { method, hash }));
}

fn fin(d: Derivation, cache: &mut DrvHashCache) -> FinalizedDerivation {
    d.finalize(&sd(), cache, &mut no_loader).unwrap()
}

/// Checks drv path, output paths and (optionally) the exact ATerm; also that
/// the ATerm parses back to the same derivation.
fn check(f: &FinalizedDerivation, drv_path: &str, outs: &[(&str, &str)], aterm: Option<&str>) {
    assert_eq!(sd().print(&f.drv_path), drv_path, "drv path of {}", f.drv.name);
    for (o, p) in outs {
        assert_eq!(sd().print(&f.output_paths[*o]), *p, "output {o} of {}", f.drv.name);
        assert_eq!(f.drv.output_path(&sd(), o).unwrap().as_ref(), Some(&f.output_paths[*o]));
    }
    assert_eq!(f.output_paths.len(), outs.len());
    if let Some(a) = aterm {
        assert_eq!(String::from_utf8_lossy(&f.aterm), a);
    }
    let parsed = Derivation::parse_aterm(&f.aterm, &f.drv.name, &sd()).unwrap();
    assert_eq!(parsed, f.drv);
    assert_eq!(parsed.to_aterm(&sd()).unwrap(), f.aterm);
    assert_eq!(parsed.drv_path(&sd()).unwrap(), f.drv_path);
}

const E1_ATERM: &str = r#"Derive([("out","/nix/store/s668cfx1vrqfjryf96jj8wfhg7f67dhj-x","","")],[],[],"x86_64-linux","/bin/sh",[],[("builder","/bin/sh"),("name","x"),("out","/nix/store/s668cfx1vrqfjryf96jj8wfhg7f67dhj-x"),("system","x86_64-linux")])"#;

#[test]
fn e1_minimal() {
    let d = simple("x", &[]);
    // the masked ATerm and its hash (spec §5 E1)
    let mut masked = d.clone();
    masked.env.insert(b"out".to_vec(), Vec::new());
    let m = masked.unparse(&sd(), true, Some(&[])).unwrap();
    assert_eq!(
        String::from_utf8(m.clone()).unwrap(),
        r#"Derive([("out","","","")],[],[],"x86_64-linux","/bin/sh",[],[("builder","/bin/sh"),("name","x"),("out",""),("system","x86_64-linux")])"#
    );
    assert_eq!(
        Hash::sha256(&m).to_base16(),
        "79b1956200e14574c6d2252773240fae72e355be8a903b8e01edaae08e5e4039"
    );
    let mut cache = DrvHashCache::new();
    let f = fin(d, &mut cache);
    check(
        &f,
        "/nix/store/97qlv6h78lxlm9zc8849ahsbcklhsi2y-x.drv",
        &[("out", "/nix/store/s668cfx1vrqfjryf96jj8wfhg7f67dhj-x")],
        Some(E1_ATERM),
    );
    assert_eq!(
        Hash::sha256(&f.aterm).to_base16(),
        "3f8fbf205f79134711c4f202f8edee158b1accccf0d486f3a8bf4535d7b8f1df"
    );
    // the final (unmasked) hash modulo is cached under the drv path
    assert_eq!(
        cache.get(&f.drv_path).unwrap().get("out"),
        Some(&Hash::sha256(&f.aterm))
    );
    assert_eq!(cache.len(), 1);
}

#[test]
fn e2_coercion_and_escaping() {
    let mut d = simple(
        "types",
        &[
            ("f", "1.500000"),
            ("fa", ""),
            ("i", "42"),
            ("l", "1 two 3   1 0.250000"),
            ("n", ""),
            ("s", "q\"uote\nnl\ttab\\ cr\r"),
            ("t", "1"),
        ],
    );
    d.args = ["-c", "echo $a", "1", "1", "", "", "1.500000", "x 2"]
        .iter()
        .map(|a| a.as_bytes().to_vec())
        .collect();
    let f = fin(d, &mut DrvHashCache::new());
    check(
        &f,
        "/nix/store/hngdx7fhbv48hbkq5cj4p70g39kh0bs9-types.drv",
        &[("out", "/nix/store/yjxbi1jprn1wpdpdis47z5fpiyg0j0fz-types")],
        Some(
            r#"Derive([("out","/nix/store/yjxbi1jprn1wpdpdis47z5fpiyg0j0fz-types","","")],[],[],"x86_64-linux","/bin/sh",["-c","echo $a","1","1","","","1.500000","x 2"],[("builder","/bin/sh"),("f","1.500000"),("fa",""),("i","42"),("l","1 two 3   1 0.250000"),("n",""),("name","types"),("out","/nix/store/yjxbi1jprn1wpdpdis47z5fpiyg0j0fz-types"),("s","q\"uote\nnl\ttab\\ cr\r"),("system","x86_64-linux"),("t","1")])"#,
        ),
    );
}

#[test]
fn e3_dependency() {
    let mut cache = DrvHashCache::new();
    let dep = fin(simple("dep", &[]), &mut cache);
    check(
        &dep,
        "/nix/store/548a6rq39jc405w6j0l7m162vw46fsk3-dep.drv",
        &[("out", "/nix/store/8jwbf2iqmfilb880600kamhd6yr138gs-dep")],
        Some(
            r#"Derive([("out","/nix/store/8jwbf2iqmfilb880600kamhd6yr138gs-dep","","")],[],[],"x86_64-linux","/bin/sh",[],[("builder","/bin/sh"),("name","dep"),("out","/nix/store/8jwbf2iqmfilb880600kamhd6yr138gs-dep"),("system","x86_64-linux")])"#,
        ),
    );
    let mut user = simple("user", &[]);
    user.args = vec![
        b"-c".to_vec(),
        b"cat /nix/store/8jwbf2iqmfilb880600kamhd6yr138gs-dep/file > $out".to_vec(),
    ];
    user.input_drvs.insert(dep.drv_path.clone(), ["out".to_owned()].into());
    let user = fin(user, &mut cache);
    check(
        &user,
        "/nix/store/mk22g4df2lmap0b82h46in0h9xh2cifv-user.drv",
        &[("out", "/nix/store/wwlik80clgcm3svp4g3p56nr7pgrkl4z-user")],
        Some(
            r#"Derive([("out","/nix/store/wwlik80clgcm3svp4g3p56nr7pgrkl4z-user","","")],[("/nix/store/548a6rq39jc405w6j0l7m162vw46fsk3-dep.drv",["out"])],[],"x86_64-linux","/bin/sh",["-c","cat /nix/store/8jwbf2iqmfilb880600kamhd6yr138gs-dep/file > $out"],[("builder","/bin/sh"),("name","user"),("out","/nix/store/wwlik80clgcm3svp4g3p56nr7pgrkl4z-user"),("system","x86_64-linux")])"#,
        ),
    );
    // hashModulo(dep) = H(dep's final ATerm)
    assert_eq!(
        cache.get(&dep.drv_path).unwrap().get("out"),
        Some(&Hash::sha256(&dep.aterm))
    );
}

const MULTI_ATERM: &str = r#"Derive([("dev","/nix/store/cnr8n8g7k3l7913d10wbs7mk11byk3qm-multi-dev","",""),("lib","/nix/store/vscn60gjvw2l9cclny9zr26kvxb7gl5d-multi-lib","",""),("out","/nix/store/h49lgbknv1fggzyb77p6d3ag1frnz354-multi","","")],[],[],"x86_64-linux","/bin/sh",[],[("builder","/bin/sh"),("dev","/nix/store/cnr8n8g7k3l7913d10wbs7mk11byk3qm-multi-dev"),("lib","/nix/store/vscn60gjvw2l9cclny9zr26kvxb7gl5d-multi-lib"),("name","multi"),("out","/nix/store/h49lgbknv1fggzyb77p6d3ag1frnz354-multi"),("outputs","out dev lib"),("system","x86_64-linux")])"#;

#[test]
fn e4_multiple_outputs() {
    let mut cache = DrvHashCache::new();
    let m = fin(
        collect("multi", SYS, SH, &["out", "dev", "lib"], &[("outputs", "out dev lib")]),
        &mut cache,
    );
    check(
        &m,
        "/nix/store/v27a425rg4n7prwzpyyw0y1fw2ssc46f-multi.drv",
        &[
            ("out", "/nix/store/h49lgbknv1fggzyb77p6d3ag1frnz354-multi"),
            ("dev", "/nix/store/cnr8n8g7k3l7913d10wbs7mk11byk3qm-multi-dev"),
            ("lib", "/nix/store/vscn60gjvw2l9cclny9zr26kvxb7gl5d-multi-lib"),
        ],
        Some(MULTI_ATERM),
    );
    // all outputs share one modulo hash
    let hm = cache.get(&m.drv_path).unwrap();
    assert_eq!(hm.get("out"), hm.get("dev"));
    assert_eq!(hm.hashes.len(), 3);

    let mut u = simple(
        "usemulti",
        &[
            ("inc", "/nix/store/cnr8n8g7k3l7913d10wbs7mk11byk3qm-multi-dev/include"),
            ("lib", "/nix/store/vscn60gjvw2l9cclny9zr26kvxb7gl5d-multi-lib"),
        ],
    );
    u.input_drvs
        .insert(m.drv_path.clone(), ["dev".to_owned(), "lib".to_owned()].into());
    let u = fin(u, &mut cache);
    check(
        &u,
        "/nix/store/zgrg7w3aa0qw24i2vqk83zq2fb3ywykq-usemulti.drv",
        &[("out", "/nix/store/fa8dvwbhhk3vmxm7njp0ygpanv1k9124-usemulti")],
        Some(
            r#"Derive([("out","/nix/store/fa8dvwbhhk3vmxm7njp0ygpanv1k9124-usemulti","","")],[("/nix/store/v27a425rg4n7prwzpyyw0y1fw2ssc46f-multi.drv",["dev","lib"])],[],"x86_64-linux","/bin/sh",[],[("builder","/bin/sh"),("inc","/nix/store/cnr8n8g7k3l7913d10wbs7mk11byk3qm-multi-dev/include"),("lib","/nix/store/vscn60gjvw2l9cclny9zr26kvxb7gl5d-multi-lib"),("name","usemulti"),("out","/nix/store/fa8dvwbhhk3vmxm7njp0ygpanv1k9124-usemulti"),("system","x86_64-linux")])"#,
        ),
    );

    // outputs = [ "dev" "out" ]: the wrapper's outPath is the first listed (dev)
    let m2 = fin(
        collect("m2", SYS, SH, &["dev", "out"], &[("outputs", "dev out")]),
        &mut cache,
    );
    check(
        &m2,
        "/nix/store/4b44a05nq24699xbsagsvkp4njr8qfib-m2.drv",
        &[
            ("dev", "/nix/store/nwv5s41pgzx37d1xd5p27bpijhh3fqn2-m2-dev"),
            ("out", "/nix/store/zffqbf1y570fdwfz423lr9a6df3sn64y-m2"),
        ],
        Some(
            r#"Derive([("dev","/nix/store/nwv5s41pgzx37d1xd5p27bpijhh3fqn2-m2-dev","",""),("out","/nix/store/zffqbf1y570fdwfz423lr9a6df3sn64y-m2","","")],[],[],"x86_64-linux","/bin/sh",[],[("builder","/bin/sh"),("dev","/nix/store/nwv5s41pgzx37d1xd5p27bpijhh3fqn2-m2-dev"),("name","m2"),("out","/nix/store/zffqbf1y570fdwfz423lr9a6df3sn64y-m2"),("outputs","dev out"),("system","x86_64-linux")])"#,
        ),
    );
}

const HELLO_HEX: &str = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";
const HELLO_SRI: &str = "sha256-WJG1tSLV3whtD/CxEPvZ0hu0/HFjrzTQgoai6Eb2vgM=";
const HELLO_FLAT_OUT: &str = "/nix/store/gy454w1cxaq731grqwylhzf4pp9r5izh-hello.txt";

/// A fixed-output `hello.txt` as derivationStrict builds it: the hash
/// attributes are env entries with their literal text.
fn hello_fod(attrs: &[(&str, &str)], method: FileIngestionMethod) -> Derivation {
    let mut d = simple("hello.txt", attrs);
    let algo = attrs
        .iter()
        .find(|(k, _)| *k == "outputHashAlgo")
        .map(|(_, v)| *v)
        .unwrap_or("");
    let hash = attrs
        .iter()
        .find(|(k, _)| *k == "outputHash")
        .map(|(_, v)| *v)
        .unwrap_or("");
    fixed(&mut d, method, hash, HashAlgo::parse_opt(algo).unwrap());
    d
}

#[test]
fn e5_fixed_output_spellings() {
    use FileIngestionMethod::*;
    let cases: &[(&[(&str, &str)], &str)] = &[
        (
            &[("outputHashAlgo", "sha256"), ("outputHash", HELLO_HEX)],
            "asz3l8v90nq4hwls8gc6ir0f8varnb1m",
        ),
        (
            &[
                ("outputHashAlgo", "sha256"),
                ("outputHash", "00xyyr3fi8l6hb839bv3f7yb86yjv7xi1cgh1xnhipym4asvb4aq"),
            ],
            "ww1clbh6lqcfdy9v9fiwm9ar1gig3isx",
        ),
        (
            &[
                ("outputHashAlgo", "sha256"),
                ("outputHash", "WJG1tSLV3whtD/CxEPvZ0hu0/HFjrzTQgoai6Eb2vgM="),
            ],
            "xxz9gn90mpwhxij490sjcarb4syp9i1n",
        ),
        (&[("outputHash", HELLO_SRI)], "32pxnbv2dasxgj5i5lb8rsr8yd733l1f"),
        (
            &[(
                "outputHash",
                "sha256:5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03",
            )],
            "d3faz6q3qx0ickjja9p8hiqizkn1w34z",
        ),
        (
            &[("outputHashAlgo", ""), ("outputHash", HELLO_SRI)],
            "l9rn24jm51lpjd8s2p42h9sj3rddxcfm",
        ),
        // upper-case hex (own vector)
        (
            &[
                ("outputHashAlgo", "sha256"),
                (
                    "outputHash",
                    "5891B5B522D5DF086D0FF0B110FBD9D21BB4FC7163AF34D08286A2E846F6BE03",
                ),
            ],
            "2qq8d12awqw8dh085cn57cs2yhzscv8b",
        ),
    ];
    for (attrs, drv_hash) in cases {
        let f = fin(hello_fod(attrs, Flat), &mut DrvHashCache::new());
        check(
            &f,
            &format!("/nix/store/{drv_hash}-hello.txt.drv"),
            &[("out", HELLO_FLAT_OUT)],
            None,
        );
        let a = String::from_utf8(f.aterm.clone()).unwrap();
        assert!(
            a.starts_with(&format!(
                r#"Derive([("out","{HELLO_FLAT_OUT}","sha256","{HELLO_HEX}")]"#
            )),
            "{a}"
        );
    }
    let f = fin(hello_fod(&[("outputHash", HELLO_SRI)], Flat), &mut DrvHashCache::new());
    assert_eq!(
        String::from_utf8(f.aterm).unwrap(),
        r#"Derive([("out","/nix/store/gy454w1cxaq731grqwylhzf4pp9r5izh-hello.txt","sha256","5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03")],[],[],"x86_64-linux","/bin/sh",[],[("builder","/bin/sh"),("name","hello.txt"),("out","/nix/store/gy454w1cxaq731grqwylhzf4pp9r5izh-hello.txt"),("outputHash","sha256-WJG1tSLV3whtD/CxEPvZ0hu0/HFjrzTQgoai6Eb2vgM="),("system","x86_64-linux")])"#
    );
}

#[test]
fn e5_fixed_output_recursive_and_sha1() {
    use FileIngestionMethod::*;
    let f = fin(
        hello_fod(&[("outputHash", HELLO_SRI), ("outputHashMode", "recursive")], Recursive),
        &mut DrvHashCache::new(),
    );
    check(
        &f,
        "/nix/store/r63fxm64w15l1225rr9ybbl34n9hjgmx-hello.txt.drv",
        &[("out", "/nix/store/0zgbbyd533sbd98m5a7135zjdzj0cbna-hello.txt")],
        Some(
            r#"Derive([("out","/nix/store/0zgbbyd533sbd98m5a7135zjdzj0cbna-hello.txt","r:sha256","5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03")],[],[],"x86_64-linux","/bin/sh",[],[("builder","/bin/sh"),("name","hello.txt"),("out","/nix/store/0zgbbyd533sbd98m5a7135zjdzj0cbna-hello.txt"),("outputHash","sha256-WJG1tSLV3whtD/CxEPvZ0hu0/HFjrzTQgoai6Eb2vgM="),("outputHashMode","recursive"),("system","x86_64-linux")])"#,
        ),
    );

    let sha1 = "f572d396fae9206628714fb2ce00f72e94f2258f";
    let mut d = simple("fod-sha1", &[("outputHashAlgo", "sha1"), ("outputHash", sha1)]);
    fixed(&mut d, Flat, sha1, Some(HashAlgo::Sha1));
    let f = fin(d, &mut DrvHashCache::new());
    check(
        &f,
        "/nix/store/gy9ibn5y0s8vfzh0lybphdk5489dqbpj-fod-sha1.drv",
        &[("out", "/nix/store/x079ks2wzfkhnapbfibnk420vxz2idr7-fod-sha1")],
        Some(
            r#"Derive([("out","/nix/store/x079ks2wzfkhnapbfibnk420vxz2idr7-fod-sha1","sha1","f572d396fae9206628714fb2ce00f72e94f2258f")],[],[],"x86_64-linux","/bin/sh",[],[("builder","/bin/sh"),("name","fod-sha1"),("out","/nix/store/x079ks2wzfkhnapbfibnk420vxz2idr7-fod-sha1"),("outputHash","f572d396fae9206628714fb2ce00f72e94f2258f"),("outputHashAlgo","sha1"),("system","x86_64-linux")])"#,
        ),
    );

    let mut d = simple(
        "fod-sha1r",
        &[
            ("outputHashAlgo", "sha1"),
            ("outputHash", sha1),
            ("outputHashMode", "recursive"),
        ],
    );
    fixed(&mut d, Recursive, sha1, Some(HashAlgo::Sha1));
    let f = fin(d, &mut DrvHashCache::new());
    check(
        &f,
        "/nix/store/ihr7gl0524zzd2gz9j0fiigcs33zgrnq-fod-sha1r.drv",
        &[("out", "/nix/store/6kbwkfb5i7348dyqqj345wbizx9nzdpc-fod-sha1r")],
        Some(
            r#"Derive([("out","/nix/store/6kbwkfb5i7348dyqqj345wbizx9nzdpc-fod-sha1r","r:sha1","f572d396fae9206628714fb2ce00f72e94f2258f")],[],[],"x86_64-linux","/bin/sh",[],[("builder","/bin/sh"),("name","fod-sha1r"),("out","/nix/store/6kbwkfb5i7348dyqqj345wbizx9nzdpc-fod-sha1r"),("outputHash","f572d396fae9206628714fb2ce00f72e94f2258f"),("outputHashAlgo","sha1"),("outputHashMode","recursive"),("system","x86_64-linux")])"#,
        ),
    );
}

#[test]
fn e6_depending_on_a_fod() {
    let mut cache = DrvHashCache::new();
    let fod = fin(
        hello_fod(&[("outputHash", HELLO_SRI)], FileIngestionMethod::Flat),
        &mut cache,
    );
    let expected = Hash::sha256(format!("fixed:out:sha256:{HELLO_HEX}:{HELLO_FLAT_OUT}").as_bytes());
    assert_eq!(cache.get(&fod.drv_path).unwrap().get("out"), Some(&expected));
    let mut u = simple("usefod", &[("src", HELLO_FLAT_OUT)]);
    u.input_drvs.insert(fod.drv_path.clone(), ["out".to_owned()].into());
    let u = fin(u, &mut cache);
    check(
        &u,
        "/nix/store/3qs4vp5jji5683aqiyab2kskllv80614-usefod.drv",
        &[("out", "/nix/store/lbxhmb6jy0yrx1n5j8wffyglgqic5ldq-usefod")],
        Some(
            r#"Derive([("out","/nix/store/lbxhmb6jy0yrx1n5j8wffyglgqic5ldq-usefod","","")],[("/nix/store/32pxnbv2dasxgj5i5lb8rsr8yd733l1f-hello.txt.drv",["out"])],[],"x86_64-linux","/bin/sh",[],[("builder","/bin/sh"),("name","usefod"),("out","/nix/store/lbxhmb6jy0yrx1n5j8wffyglgqic5ldq-usefod"),("src","/nix/store/gy454w1cxaq731grqwylhzf4pp9r5izh-hello.txt"),("system","x86_64-linux")])"#,
        ),
    );
}

#[test]
fn e7_local_paths() {
    let foo = "/nix/store/0xhahvdjiaq1nm0nr46qyn4j6l9n9cns-foo.txt";
    let sub = "/nix/store/fsm1q6cjz64lwkah7y1mwa61xag9cyl5-sub";
    let mk = |dir: &str| {
        let s = format!("{dir}/foo.txt");
        let mut d = simple("withsrc", &[("dir", sub), ("s", &s), ("src", foo)]);
        d.args = vec![format!("{sub}/b.sh").into_bytes()];
        d.input_srcs = [sp(foo), sp(sub)].into();
        d
    };
    // spec value, evaluated in /home/user/proj
    let f = fin(mk("/home/user/proj"), &mut DrvHashCache::new());
    check(
        &f,
        "/nix/store/qlh98xbfnyjifdg09valkahv3s3j26hb-withsrc.drv",
        &[("out", "/nix/store/xr9k90jbpmaj6c9ch4ivcmz1yghiaq53-withsrc")],
        Some(
            r#"Derive([("out","/nix/store/xr9k90jbpmaj6c9ch4ivcmz1yghiaq53-withsrc","","")],[],["/nix/store/0xhahvdjiaq1nm0nr46qyn4j6l9n9cns-foo.txt","/nix/store/fsm1q6cjz64lwkah7y1mwa61xag9cyl5-sub"],"x86_64-linux","/bin/sh",["/nix/store/fsm1q6cjz64lwkah7y1mwa61xag9cyl5-sub/b.sh"],[("builder","/bin/sh"),("dir","/nix/store/fsm1q6cjz64lwkah7y1mwa61xag9cyl5-sub"),("name","withsrc"),("out","/nix/store/xr9k90jbpmaj6c9ch4ivcmz1yghiaq53-withsrc"),("s","/home/user/proj/foo.txt"),("src","/nix/store/0xhahvdjiaq1nm0nr46qyn4j6l9n9cns-foo.txt"),("system","x86_64-linux")])"#,
        ),
    );
    // own run of the same expression in /tmp/sv
    let f = fin(mk("/tmp/sv"), &mut DrvHashCache::new());
    check(
        &f,
        "/nix/store/rwchn02afxsv5g7hz79g7hdbjdrmzzj1-withsrc.drv",
        &[("out", "/nix/store/lw7d1b6lhmjdd09wm2qhk3d4273hmv6g-withsrc")],
        None,
    );
}

#[test]
fn e8_to_file_input() {
    let hello = sd().text_path("hello.txt", b"hello\n", &BTreeSet::new()).unwrap();
    let hp = sd().print(&hello);
    let mut d = simple("usetofile", &[]);
    d.args = vec![hp.clone().into_bytes()];
    d.input_srcs.insert(hello);
    let f = fin(d, &mut DrvHashCache::new());
    check(
        &f,
        "/nix/store/x0ynmicq14lkcvnfrafsyngizg483770-usetofile.drv",
        &[("out", "/nix/store/bbvgc9qcnafkssf46sfydsp9xj1acffi-usetofile")],
        Some(
            r#"Derive([("out","/nix/store/bbvgc9qcnafkssf46sfydsp9xj1acffi-usetofile","","")],[],["/nix/store/qa1w9gdfrba6jl2r57mb3c43863gqywp-hello.txt"],"x86_64-linux","/bin/sh",["/nix/store/qa1w9gdfrba6jl2r57mb3c43863gqywp-hello.txt"],[("builder","/bin/sh"),("name","usetofile"),("out","/nix/store/bbvgc9qcnafkssf46sfydsp9xj1acffi-usetofile"),("system","x86_64-linux")])"#,
        ),
    );
    // the drv path fingerprint is text:<ref>:sha256:…
    let refs: BTreeSet<StorePath> = [sp(&hp)].into();
    assert_eq!(
        sd().make_type("text", &refs, false),
        "text:/nix/store/qa1w9gdfrba6jl2r57mb3c43863gqywp-hello.txt"
    );
}

#[test]
fn e9_structured_attrs() {
    let foo = "/nix/store/0xhahvdjiaq1nm0nr46qyn4j6l9n9cns-foo.txt";
    let json = r#"{"a":{"x":{"y":"z"}},"b":true,"builder":"/bin/sh","f":0.1,"fl":1,"i":1,"l":[1,"a",[],{}],"n":null,"name":"structured","outputs":["out","bin"],"p":"/nix/store/0xhahvdjiaq1nm0nr46qyn4j6l9n9cns-foo.txt","s":"q\"\n\tu0001é","system":"x86_64-linux"}"#;
    let mut d = Derivation::new("structured");
    d.system = SYS.into();
    d.builder = SH.into();
    d.args = vec![b"-c".to_vec(), b"true".to_vec()];
    d.env.insert(b"__json".to_vec(), json.into());
    d.outputs.insert("out".into(), DerivationOutput::Deferred);
    d.outputs.insert("bin".into(), DerivationOutput::Deferred);
    d.input_srcs.insert(sp(foo));
    let f = fin(d, &mut DrvHashCache::new());
    check(
        &f,
        "/nix/store/wa4xg3iym9fs3ck5hap26hs3zxwc7x6a-structured.drv",
        &[
            ("out", "/nix/store/nfa0cg2g8rh5qrlvbk32r78c00yg0yp6-structured"),
            ("bin", "/nix/store/x9flzbycfckn6pf90n98vw6x9mhbisbd-structured-bin"),
        ],
        Some(
            r#"Derive([("bin","/nix/store/x9flzbycfckn6pf90n98vw6x9mhbisbd-structured-bin","",""),("out","/nix/store/nfa0cg2g8rh5qrlvbk32r78c00yg0yp6-structured","","")],[],["/nix/store/0xhahvdjiaq1nm0nr46qyn4j6l9n9cns-foo.txt"],"x86_64-linux","/bin/sh",["-c","true"],[("__json","{\"a\":{\"x\":{\"y\":\"z\"}},\"b\":true,\"builder\":\"/bin/sh\",\"f\":0.1,\"fl\":1,\"i\":1,\"l\":[1,\"a\",[],{}],\"n\":null,\"name\":\"structured\",\"outputs\":[\"out\",\"bin\"],\"p\":\"/nix/store/0xhahvdjiaq1nm0nr46qyn4j6l9n9cns-foo.txt\",\"s\":\"q\\\"\\n\\tu0001é\",\"system\":\"x86_64-linux\"}"),("bin","/nix/store/x9flzbycfckn6pf90n98vw6x9mhbisbd-structured-bin"),("out","/nix/store/nfa0cg2g8rh5qrlvbk32r78c00yg0yp6-structured")])"#,
        ),
    );
}

#[test]
fn e10_deep_context() {
    let foo = "/nix/store/0xhahvdjiaq1nm0nr46qyn4j6l9n9cns-foo.txt";
    let mut cache = DrvHashCache::new();
    let mut dep = collect("dep", SYS, SH, &["out", "doc"], &[("outputs", "out doc"), ("src", foo)]);
    dep.input_srcs.insert(sp(foo));
    let dep = fin(dep, &mut cache);
    check(
        &dep,
        "/nix/store/f1rjzyrf1703drn7lawrdmpxs49wx5sm-dep.drv",
        &[
            ("out", "/nix/store/rgx76nikaplz6r1cwvq5s47zh1n15d6j-dep"),
            ("doc", "/nix/store/l29vzz84x4yl1fjfj4ccp4xrra0n4z6w-dep-doc"),
        ],
        Some(
            r#"Derive([("doc","/nix/store/l29vzz84x4yl1fjfj4ccp4xrra0n4z6w-dep-doc","",""),("out","/nix/store/rgx76nikaplz6r1cwvq5s47zh1n15d6j-dep","","")],[],["/nix/store/0xhahvdjiaq1nm0nr46qyn4j6l9n9cns-foo.txt"],"x86_64-linux","/bin/sh",[],[("builder","/bin/sh"),("doc","/nix/store/l29vzz84x4yl1fjfj4ccp4xrra0n4z6w-dep-doc"),("name","dep"),("out","/nix/store/rgx76nikaplz6r1cwvq5s47zh1n15d6j-dep"),("outputs","out doc"),("src","/nix/store/0xhahvdjiaq1nm0nr46qyn4j6l9n9cns-foo.txt"),("system","x86_64-linux")])"#,
        ),
    );
    let mut user = simple("user", &[]);
    user.args = vec![
        b"-c".to_vec(),
        b"cat /nix/store/rgx76nikaplz6r1cwvq5s47zh1n15d6j-dep/file > $out".to_vec(),
    ];
    user.input_drvs.insert(dep.drv_path.clone(), ["out".to_owned()].into());
    let user = fin(user, &mut cache);
    check(
        &user,
        "/nix/store/blqfj4ykffm90fj6aayqq58fjg015f9k-user.drv",
        &[("out", "/nix/store/3iqy8641lrzfwf82rq11w13xk23ap5vl-user")],
        None,
    );
    // `d = user.drvPath`: the closure of user.drv becomes inputs (§4.3)
    let drvs: BTreeMap<StorePath, Derivation> = [
        (dep.drv_path.clone(), dep.drv.clone()),
        (user.drv_path.clone(), user.drv.clone()),
    ]
    .into();
    let closure = crate::store_path::compute_closure([user.drv_path.clone()], &mut |p: &StorePath| {
        Ok::<_, ()>(drvs.get(p).map(Derivation::references).unwrap_or_default())
    })
    .unwrap();
    let user_path = sd().print(&user.drv_path);
    let mut deep = simple("deep2", &[("d", &user_path)]);
    for p in &closure {
        deep.input_srcs.insert(p.clone());
        if let Some(d) = drvs.get(p) {
            deep.input_drvs.insert(p.clone(), d.output_names());
        }
    }
    let deep = fin(deep, &mut cache);
    check(
        &deep,
        "/nix/store/2fw9qap5wl04g7hbnvyavmn52s7bkwiq-deep2.drv",
        &[("out", "/nix/store/f1wk8xhhl4ms9jndcvcg4kinws6pvz35-deep2")],
        Some(
            r#"Derive([("out","/nix/store/f1wk8xhhl4ms9jndcvcg4kinws6pvz35-deep2","","")],[("/nix/store/blqfj4ykffm90fj6aayqq58fjg015f9k-user.drv",["out"]),("/nix/store/f1rjzyrf1703drn7lawrdmpxs49wx5sm-dep.drv",["doc","out"])],["/nix/store/0xhahvdjiaq1nm0nr46qyn4j6l9n9cns-foo.txt","/nix/store/blqfj4ykffm90fj6aayqq58fjg015f9k-user.drv","/nix/store/f1rjzyrf1703drn7lawrdmpxs49wx5sm-dep.drv"],"x86_64-linux","/bin/sh",[],[("builder","/bin/sh"),("d","/nix/store/blqfj4ykffm90fj6aayqq58fjg015f9k-user.drv"),("name","deep2"),("out","/nix/store/f1wk8xhhl4ms9jndcvcg4kinws6pvz35-deep2"),("system","x86_64-linux")])"#,
        ),
    );
}

#[test]
fn e11_fetchurl() {
    let url = "http://example.com/x.tar.gz";
    let zero = "0000000000000000000000000000000000000000000000000000";
    let mut d = collect(
        "x.tar.gz",
        "builtin",
        "builtin:fetchurl",
        &["out"],
        &[
            ("executable", ""),
            ("impureEnvVars", "http_proxy https_proxy ftp_proxy all_proxy no_proxy"),
            ("outputHash", zero),
            ("outputHashAlgo", "sha256"),
            ("outputHashMode", "flat"),
            ("preferLocalBuild", "1"),
            ("unpack", ""),
            ("url", url),
            ("urls", url),
        ],
    );
    fixed(&mut d, FileIngestionMethod::Flat, zero, Some(HashAlgo::Sha256));
    let f = fin(d, &mut DrvHashCache::new());
    check(
        &f,
        "/nix/store/nm29x8vw6qwmbiglg9apbak5769kdgfl-x.tar.gz.drv",
        &[("out", "/nix/store/2f2c9fb09xcbbr9b0gy26fyb5460jwmd-x.tar.gz")],
        Some(
            r#"Derive([("out","/nix/store/2f2c9fb09xcbbr9b0gy26fyb5460jwmd-x.tar.gz","sha256","0000000000000000000000000000000000000000000000000000000000000000")],[],[],"builtin","builtin:fetchurl",[],[("builder","builtin:fetchurl"),("executable",""),("impureEnvVars","http_proxy https_proxy ftp_proxy all_proxy no_proxy"),("name","x.tar.gz"),("out","/nix/store/2f2c9fb09xcbbr9b0gy26fyb5460jwmd-x.tar.gz"),("outputHash","0000000000000000000000000000000000000000000000000000"),("outputHashAlgo","sha256"),("outputHashMode","flat"),("preferLocalBuild","1"),("system","builtin"),("unpack",""),("url","http://example.com/x.tar.gz"),("urls","http://example.com/x.tar.gz")])"#,
        ),
    );
}

#[test]
fn e12_modulo_order_differs_from_path_order() {
    let mut cache = DrvHashCache::new();
    let a = fin(simple("a", &[]), &mut cache);
    let b = fin(simple("b", &[]), &mut cache);
    let c = fin(simple("c", &[]), &mut cache);
    let m = fin(
        collect("m", SYS, SH, &["out", "dev"], &[("outputs", "out dev")]),
        &mut cache,
    );
    assert_eq!(
        sd().print(&a.drv_path),
        "/nix/store/7g5giqf764p3y3zv7a8rqsy9sqqq5kw4-a.drv"
    );
    assert_eq!(
        sd().print(&b.drv_path),
        "/nix/store/dsvph895is8lh67mkss2l0hk90ps1lgb-b.drv"
    );
    assert_eq!(
        sd().print(&c.drv_path),
        "/nix/store/da6fcnz4xrhzr6ns54r6kfa1l4iif357-c.drv"
    );
    assert_eq!(
        sd().print(&m.drv_path),
        "/nix/store/47lbs0zpyhvc0syl9f7wbplc4ifv6jw9-m.drv"
    );
    // modulo-hash order: a(7650…), m(a04a…), b(c389…), c(eb1b…)
    let hex = |f: &FinalizedDerivation| f.hash_modulo.get("out").unwrap().to_base16();
    assert!(hex(&a).starts_with("7650"));
    assert!(hex(&m).starts_with("a04a"));
    assert!(hex(&b).starts_with("c389"));
    assert!(hex(&c).starts_with("eb1b"));
    let deps = [
        "/nix/store/f37kxm5wf98b2s839zaiybv38zil0s40-a",
        "/nix/store/lz7p4vnhrqn8mr0apf8dz03v2l2m0hsi-b",
        "/nix/store/vz5cwqr982cc21zjaxwgl6x73679p70b-c",
        "/nix/store/a2syhjp8xapy71fcqg3cf9m8blmjihsm-m-dev",
        "/nix/store/b0wlxdpr6wkiza067rs1wnxn6777n4lc-m",
    ]
    .join(" ");
    let mut top = simple("top", &[("deps", &deps)]);
    for f in [&a, &b, &c] {
        top.input_drvs.insert(f.drv_path.clone(), ["out".to_owned()].into());
    }
    top.input_drvs
        .insert(m.drv_path.clone(), ["dev".to_owned(), "out".to_owned()].into());
    let top = fin(top, &mut cache);
    check(
        &top,
        "/nix/store/hgdh2974in8zq69rns7sijphiyjgg5q4-top.drv",
        &[("out", "/nix/store/jx7v8981jkwrw217mqc6q496p9a6vmp8-top")],
        Some(
            r#"Derive([("out","/nix/store/jx7v8981jkwrw217mqc6q496p9a6vmp8-top","","")],[("/nix/store/47lbs0zpyhvc0syl9f7wbplc4ifv6jw9-m.drv",["dev","out"]),("/nix/store/7g5giqf764p3y3zv7a8rqsy9sqqq5kw4-a.drv",["out"]),("/nix/store/da6fcnz4xrhzr6ns54r6kfa1l4iif357-c.drv",["out"]),("/nix/store/dsvph895is8lh67mkss2l0hk90ps1lgb-b.drv",["out"])],[],"x86_64-linux","/bin/sh",[],[("builder","/bin/sh"),("deps","/nix/store/f37kxm5wf98b2s839zaiybv38zil0s40-a /nix/store/lz7p4vnhrqn8mr0apf8dz03v2l2m0hsi-b /nix/store/vz5cwqr982cc21zjaxwgl6x73679p70b-c /nix/store/a2syhjp8xapy71fcqg3cf9m8blmjihsm-m-dev /nix/store/b0wlxdpr6wkiza067rs1wnxn6777n4lc-m"),("name","top"),("out","/nix/store/jx7v8981jkwrw217mqc6q496p9a6vmp8-top"),("system","x86_64-linux")])"#,
        ),
    );
}

#[test]
fn raw_bytes_and_escaping() {
    // derivation { name = "esc"; …; ctl = fromJSON "\"a\u0001b\u007f\""; utf = "é→";
    //              args = [ "a\"b" "\\" "" ]; "k\"ey" = "v"; }
    let mut d = simple("esc", &[("utf", "é→"), ("k\"ey", "v")]);
    d.env.insert(b"ctl".to_vec(), b"a\x01b\x7f".to_vec());
    d.args = vec![b"a\"b".to_vec(), b"\\".to_vec(), Vec::new()];
    let f = fin(d, &mut DrvHashCache::new());
    check(
        &f,
        "/nix/store/gqxzq873z386a9q5ak6pz6lagnrbbmdz-esc.drv",
        &[("out", "/nix/store/y78maxks6yj69nl5vicik21hi37g69r0-esc")],
        Some(
            "Derive([(\"out\",\"/nix/store/y78maxks6yj69nl5vicik21hi37g69r0-esc\",\"\",\"\")],[],[],\"x86_64-linux\",\"/bin/sh\",[\"a\\\"b\",\"\\\\\",\"\"],[(\"builder\",\"/bin/sh\"),(\"ctl\",\"a\x01b\x7f\"),(\"k\\\"ey\",\"v\"),(\"name\",\"esc\"),(\"out\",\"/nix/store/y78maxks6yj69nl5vicik21hi37g69r0-esc\"),(\"system\",\"x86_64-linux\"),(\"utf\",\"é→\")])",
        ),
    );
    // non-UTF-8 bytes are written raw and parse back
    let mut d = simple("bytes", &[]);
    d.env.insert(b"bin".to_vec(), vec![0xff, 0xfe, b'"']);
    let f = fin(d, &mut DrvHashCache::new());
    assert!(f.aterm.windows(4).any(|w| w == [0xff, 0xfe, b'\\', b'"']));
    let parsed = Derivation::parse_aterm(&f.aterm, "bytes", &sd()).unwrap();
    assert_eq!(parsed, f.drv);
}

#[test]
fn system_is_written_unescaped() {
    // derivation { name = "sys"; system = "a\"b\\c"; builder = "/bin/sh"; }:
    // CppNix writes the system raw, producing a .drv it cannot parse back.
    let f = fin(collect("sys", "a\"b\\c", SH, &["out"], &[]), &mut DrvHashCache::new());
    assert_eq!(
        sd().print(&f.drv_path),
        "/nix/store/vmy6i3m68kr21qmgvdqphjyrg93iv793-sys.drv"
    );
    assert_eq!(
        sd().print(&f.output_paths["out"]),
        "/nix/store/62mlvhpgq4rq2vj0l4qpr7v38rn76lsb-sys"
    );
    assert_eq!(
        String::from_utf8(f.aterm.clone()).unwrap(),
        r#"Derive([("out","/nix/store/62mlvhpgq4rq2vj0l4qpr7v38rn76lsb-sys","","")],[],[],"a"b\c","/bin/sh",[],[("builder","/bin/sh"),("name","sys"),("out","/nix/store/62mlvhpgq4rq2vj0l4qpr7v38rn76lsb-sys"),("system","a\"b\\c")])"#
    );
    let e = Derivation::parse_aterm(&f.aterm, "sys", &sd()).unwrap_err();
    assert!(e.to_string().contains("expected string ','"), "{e}");
}

#[test]
fn more_fixed_outputs() {
    use FileIngestionMethod::*;
    // sha512 flat, base64 spelling
    let b64 = "58IrmUxZ2c8rSOVJseJGZmNgRZMNPafBrLKZ0cO3+TH5Sq5B7dosKyB6NuEPi8uNRSI+VIePWzFufOO2vAGWKQ==";
    let mut d = simple("f512", &[("outputHashAlgo", "sha512"), ("outputHash", b64)]);
    fixed(&mut d, Flat, b64, Some(HashAlgo::Sha512));
    let f = fin(d, &mut DrvHashCache::new());
    check(
        &f,
        "/nix/store/rcx4xdab6jxiqi49aj8ryz7y4hv49drh-f512.drv",
        &[("out", "/nix/store/2nzsdmiqbzkybnh62sdk336gfvw2amgh-f512")],
        Some(
            r#"Derive([("out","/nix/store/2nzsdmiqbzkybnh62sdk336gfvw2amgh-f512","sha512","e7c22b994c59d9cf2b48e549b1e24666636045930d3da7c1acb299d1c3b7f931f94aae41edda2c2b207a36e10f8bcb8d45223e54878f5b316e7ce3b6bc019629")],[],[],"x86_64-linux","/bin/sh",[],[("builder","/bin/sh"),("name","f512"),("out","/nix/store/2nzsdmiqbzkybnh62sdk336gfvw2amgh-f512"),("outputHash","58IrmUxZ2c8rSOVJseJGZmNgRZMNPafBrLKZ0cO3+TH5Sq5B7dosKyB6NuEPi8uNRSI+VIePWzFufOO2vAGWKQ=="),("outputHashAlgo","sha512"),("system","x86_64-linux")])"#,
        ),
    );
    // md5 recursive, prefixed nix32 spelling
    let h = "md5:4425hx5d1mc9y39llj4k4nm55i";
    let mut d = simple("fmd5", &[("outputHashMode", "recursive"), ("outputHash", h)]);
    fixed(&mut d, Recursive, h, None);
    let f = fin(d, &mut DrvHashCache::new());
    check(
        &f,
        "/nix/store/9pm88111v2yskri6rafhz1pmkfghl6kd-fmd5.drv",
        &[("out", "/nix/store/bgncn1xy4s4pvcmd8jhclxwzinpsv5yx-fmd5")],
        Some(
            r#"Derive([("out","/nix/store/bgncn1xy4s4pvcmd8jhclxwzinpsv5yx-fmd5","r:md5","b1946ac92492d2347c6235b4d2611184")],[],[],"x86_64-linux","/bin/sh",[],[("builder","/bin/sh"),("name","fmd5"),("out","/nix/store/bgncn1xy4s4pvcmd8jhclxwzinpsv5yx-fmd5"),("outputHash","md5:4425hx5d1mc9y39llj4k4nm55i"),("outputHashMode","recursive"),("system","x86_64-linux")])"#,
        ),
    );
    // empty outputHash with outputHashAlgo = "sha256": the all-zero hash
    let mut d = simple("empty", &[("outputHash", ""), ("outputHashAlgo", "sha256")]);
    fixed(&mut d, Flat, "", Some(HashAlgo::Sha256));
    let f = fin(d, &mut DrvHashCache::new());
    check(
        &f,
        "/nix/store/azpi3mcrvmcb045q3zb70qrga6v8hffl-empty.drv",
        &[("out", "/nix/store/aygrinwrhs481bjc5dp341m9r122l73y-empty")],
        None,
    );
}

#[test]
fn equal_modulo_hashes_merge() {
    // Two FODs with the same output but different builders have different
    // drv paths and the same hash modulo; a dependant lists both inputs but
    // its masked ATerm has one merged entry. Also a toFile with references.
    let mut cache = DrvHashCache::new();
    let f1 = fin(
        hello_fod(&[("outputHash", HELLO_SRI)], FileIngestionMethod::Flat),
        &mut cache,
    );
    let mut f2 = hello_fod(&[("outputHash", HELLO_SRI)], FileIngestionMethod::Flat);
    f2.builder = b"/bin/bash".to_vec();
    f2.env.insert(b"builder".to_vec(), b"/bin/bash".to_vec());
    let f2 = fin(f2, &mut cache);
    assert_eq!(
        sd().print(&f2.drv_path),
        "/nix/store/3i5sa0mnnq768nww1kfgr8fwz6i44d5f-hello.txt.drv"
    );
    assert_eq!(f1.hash_modulo, f2.hash_modulo);
    let b = "/nix/store/p2zyrkwh6jxc2sbzmlgl709qvjv89gp6-b";
    let mut d = simple("merge", &[("x", HELLO_FLAT_OUT), ("y", HELLO_FLAT_OUT), ("z", b)]);
    d.input_drvs.insert(f1.drv_path.clone(), ["out".to_owned()].into());
    d.input_drvs.insert(f2.drv_path.clone(), ["out".to_owned()].into());
    d.input_srcs.insert(sp(b));
    let f = fin(d, &mut cache);
    check(
        &f,
        "/nix/store/jz5l01h90qqjk7mn7sikgan12dm9g166-merge.drv",
        &[("out", "/nix/store/f98lgilxh2zd8rxl4h3hcagda9c3lapn-merge")],
        Some(
            r#"Derive([("out","/nix/store/f98lgilxh2zd8rxl4h3hcagda9c3lapn-merge","","")],[("/nix/store/32pxnbv2dasxgj5i5lb8rsr8yd733l1f-hello.txt.drv",["out"]),("/nix/store/3i5sa0mnnq768nww1kfgr8fwz6i44d5f-hello.txt.drv",["out"])],["/nix/store/p2zyrkwh6jxc2sbzmlgl709qvjv89gp6-b"],"x86_64-linux","/bin/sh",[],[("builder","/bin/sh"),("name","merge"),("out","/nix/store/f98lgilxh2zd8rxl4h3hcagda9c3lapn-merge"),("system","x86_64-linux"),("x","/nix/store/gy454w1cxaq731grqwylhzf4pp9r5izh-hello.txt"),("y","/nix/store/gy454w1cxaq731grqwylhzf4pp9r5izh-hello.txt"),("z","/nix/store/p2zyrkwh6jxc2sbzmlgl709qvjv89gp6-b")])"#,
        ),
    );
}

#[test]
fn loader_fills_the_cache() {
    // Computing a dependant with an empty cache loads (here: parses) the
    // inputs, recursively, and memoises them.
    let mut cache = DrvHashCache::new();
    let dep = fin(simple("dep", &[]), &mut cache);
    let mut user = simple("user", &[]);
    user.input_drvs.insert(dep.drv_path.clone(), ["out".to_owned()].into());
    let expected = fin(user.clone(), &mut cache);
    let mut mid = simple("mid", &[]);
    mid.input_drvs
        .insert(expected.drv_path.clone(), ["out".to_owned()].into());
    let mid_expected = fin(mid.clone(), &mut cache);

    let files: BTreeMap<StorePath, Vec<u8>> = [
        (dep.drv_path.clone(), dep.aterm.clone()),
        (expected.drv_path.clone(), expected.aterm.clone()),
    ]
    .into();
    let mut loads = 0;
    let mut load = |p: &StorePath| {
        loads += 1;
        let text = files
            .get(p)
            .ok_or_else(|| DerivationError::UnknownDerivation(p.clone()))?;
        Derivation::parse_aterm(text, p.derivation_name().unwrap_or(""), &sd())
    };
    let mut fresh = DrvHashCache::new();
    let got = mid.finalize(&sd(), &mut fresh, &mut load).unwrap();
    assert_eq!(got, mid_expected);
    assert_eq!(loads, 2);
    assert_eq!(fresh.len(), 3);

    // without a loader, an unknown input is an error
    let mut orphan = simple("orphan", &[]);
    orphan
        .input_drvs
        .insert(dep.drv_path.clone(), ["out".to_owned()].into());
    let e = orphan
        .clone()
        .finalize(&sd(), &mut DrvHashCache::new(), &mut no_loader)
        .unwrap_err();
    assert_eq!(e, DerivationError::UnknownDerivation(dep.drv_path.clone()));
    // an output the input does not have
    orphan
        .input_drvs
        .insert(dep.drv_path.clone(), ["dev".to_owned()].into());
    let e = orphan.finalize(&sd(), &mut cache, &mut no_loader).unwrap_err();
    assert!(matches!(e, DerivationError::MissingInputOutput { .. }));
}

#[test]
fn cycles_are_errors() {
    let a = sp("/nix/store/7g5giqf764p3y3zv7a8rqsy9sqqq5kw4-a.drv");
    let b = sp("/nix/store/dsvph895is8lh67mkss2l0hk90ps1lgb-b.drv");
    let mk = |dep: &StorePath| {
        let mut d = simple("x", &[]);
        d.input_drvs.insert(dep.clone(), ["out".to_owned()].into());
        d
    };
    let (a2, b2) = (a.clone(), b.clone());
    let mut load = |p: &StorePath| Ok(if *p == a2 { mk(&b2) } else { mk(&a2) });
    let e = mk(&a).finalize(&sd(), &mut DrvHashCache::new(), &mut load).unwrap_err();
    assert!(matches!(e, DerivationError::Cycle(_)), "{e}");
}

#[test]
fn deep_chain_does_not_overflow() {
    // A chain of 5000 derivations, loaded on demand from the top.
    let mut cache = DrvHashCache::new();
    let mut files: HashMap<StorePath, Vec<u8>> = HashMap::new();
    let mut prev: Option<StorePath> = None;
    for i in 0..5000 {
        let mut d = simple(&format!("n{i}"), &[]);
        if let Some(p) = &prev {
            d.input_drvs.insert(p.clone(), ["out".to_owned()].into());
        }
        let f = fin(d, &mut cache);
        files.insert(f.drv_path.clone(), f.aterm);
        prev = Some(f.drv_path);
    }
    let top = prev.unwrap();
    let mut load = |p: &StorePath| {
        let text = files
            .get(p)
            .ok_or_else(|| DerivationError::UnknownDerivation(p.clone()))?;
        Derivation::parse_aterm(text, p.derivation_name().unwrap_or(""), &sd())
    };
    let mut user = simple("user", &[]);
    user.input_drvs.insert(top.clone(), ["out".to_owned()].into());
    let mut fresh = DrvHashCache::new();
    let got = user.clone().finalize(&sd(), &mut fresh, &mut load).unwrap();
    assert_eq!(got, fin(user, &mut cache));
    assert_eq!(fresh.len(), 5001);
}

#[test]
fn structural_errors() {
    let d = Derivation::new("none");
    assert_eq!(
        d.finalize(&sd(), &mut DrvHashCache::new(), &mut no_loader),
        Err(DerivationError::NoOutputs)
    );
    let mut d = simple("mixed", &[]);
    d.outputs.insert("dev".into(), DerivationOutput::Deferred);
    fixed(&mut d, FileIngestionMethod::Flat, HELLO_SRI, None);
    assert_eq!(
        d.finalize(&sd(), &mut DrvHashCache::new(), &mut no_loader),
        Err(DerivationError::MixedOutputTypes)
    );
    let mut d = simple("ca", &[]);
    d.outputs.insert(
        "out".into(),
        DerivationOutput::Floating {
            method: FileIngestionMethod::Recursive,
            algo: HashAlgo::Sha256,
        },
    );
    assert!(matches!(
        d.finalize(&sd(), &mut DrvHashCache::new(), &mut no_loader),
        Err(DerivationError::Unsupported(_))
    ));
    // invalid names surface as store path errors
    let e = simple("a b", &[])
        .finalize(&sd(), &mut DrvHashCache::new(), &mut no_loader)
        .unwrap_err();
    assert!(e.to_string().contains("contains illegal character ' '"), "{e}");
}

#[test]
fn parse_experimental_outputs_and_errors() {
    let text = br#"Derive([("out","","r:sha256",""),("x","","r:sha256","impure"),("y","","","")],[],[],"s","b",[],[])"#;
    let d = Derivation::parse_aterm(text, "ca", &sd()).unwrap();
    assert_eq!(
        d.outputs["out"],
        DerivationOutput::Floating {
            method: FileIngestionMethod::Recursive,
            algo: HashAlgo::Sha256
        }
    );
    assert!(matches!(d.outputs["x"], DerivationOutput::Impure { .. }));
    assert_eq!(d.outputs["y"], DerivationOutput::Deferred);
    assert_eq!(d.to_aterm(&sd()).unwrap(), text.to_vec());

    let bad: &[&[u8]] = &[
        b"",
        b"Derive(",
        b"Derive([(\"out\",\"x\",\"\",\"\")],[],[],\"s\",\"b\",[],[])",
        b"Derive([],[],[],\"s\",\"b\",[],[])trailing",
        b"Derive([],[],[\"/tmp/x\"],\"s\",\"b\",[],[])",
        b"Derive([],[],[],\"s\",\"b\",[],[(\"k\",\"v)])",
        b"Derive([(\"out\",\"/nix/store/gy454w1cxaq731grqwylhzf4pp9r5izh-hello.txt\",\"sha255\",\"00\")],[],[],\"s\",\"b\",[],[])",
        b"Derive([(\"out\",\"/nix/store/gy454w1cxaq731grqwylhzf4pp9r5izh-hello.txt\",\"sha256\",\"00\")],[],[],\"s\",\"b\",[],[])",
        b"Derive([(\"out\",\"/nix/store/gy454w1cxaq731grqwylhzf4pp9r5izh-hello.txt\",\"text:sha256\",\"00\")],[],[],\"s\",\"b\",[],[])",
        b"Derive([],[(\"/nix/store/gy454w1cxaq731grqwylhzf4pp9r5izh-x.drv\",[\"\xff\"])],[],\"s\",\"b\",[],[])",
        b"Derive([],[],[],\"s\",\"b\",[],[(\"k\",\"v\\",
    ];
    for b in bad {
        assert!(
            Derivation::parse_aterm(b, "x", &sd()).is_err(),
            "{}",
            String::from_utf8_lossy(b)
        );
    }
    let e = Derivation::parse_aterm(b"Derive(", "x", &sd()).unwrap_err();
    assert_eq!(
        e,
        DerivationError::Parse {
            message: "expected string 'Derive(['".into(),
            offset: 0
        }
    );
}

#[test]
fn output_path_helpers() {
    let mut d = simple("hello.txt", &[]);
    fixed(&mut d, FileIngestionMethod::Flat, HELLO_SRI, None);
    assert!(d.is_fixed_output());
    assert_eq!(
        sd().print(&d.output_path(&sd(), "out").unwrap().unwrap()),
        HELLO_FLAT_OUT
    );
    assert_eq!(d.output_path(&sd(), "dev").unwrap(), None);
    let d = simple("x", &[]);
    assert!(!d.is_fixed_output());
    assert_eq!(d.output_path(&sd(), "out").unwrap(), None);
    assert_eq!(d.output_names(), ["out".to_owned()].into());
}
