//! Derivations as JSON in the shape of newest CppNix's
//! `nix derivation show` (format version 4), as `spec/derivation-json.md` §2
//! and §3 describe it.
//!
//! Fields that *are* store paths (output paths, `inputs.srcs`, the keys of
//! `inputs.drvs`) are base names without the store directory; store paths
//! inside values (`env`, `args`) stay absolute. A `__json` environment entry
//! (structured attributes) becomes the `structuredAttrs` object. JSON
//! strings must be UTF-8, so non-UTF-8 bytes in a derivation are an error
//! (newest CppNix refuses them too).

use serde_json::{Map, Value};

use crate::derivation::{Derivation, DerivationError, DerivationOutput};
use crate::store_path::FileIngestionMethod;

/// The derivation JSON format version produced.
pub const FORMAT_VERSION: u64 = 4;

fn method_name(m: FileIngestionMethod) -> &'static str {
    match m {
        FileIngestionMethod::Flat => "flat",
        FileIngestionMethod::Recursive => "nar",
    }
}

fn text(bytes: &[u8], what: &str) -> Result<String, DerivationError> {
    String::from_utf8(bytes.to_vec()).map_err(|_| DerivationError::NotUtf8(what.to_owned()))
}

impl Derivation {
    /// The derivation as a version-4 JSON object (keys sorted, as
    /// `serde_json`'s default map keeps them).
    pub fn to_json_v4(&self) -> Result<Value, DerivationError> {
        let mut outputs = Map::new();
        for (name, out) in &self.outputs {
            let mut o = Map::new();
            match out {
                DerivationOutput::InputAddressed(p) => {
                    o.insert("path".into(), p.base_name().into());
                }
                DerivationOutput::Fixed(f) => {
                    o.insert("method".into(), method_name(f.method).into());
                    o.insert("hash".into(), f.hash.to_sri().into());
                }
                DerivationOutput::Deferred => {}
                DerivationOutput::Floating { method, algo } => {
                    o.insert("method".into(), method_name(*method).into());
                    o.insert("hashAlgo".into(), algo.name().into());
                }
                DerivationOutput::Impure { method, algo } => {
                    o.insert("method".into(), method_name(*method).into());
                    o.insert("hashAlgo".into(), algo.name().into());
                    o.insert("impure".into(), true.into());
                }
            }
            outputs.insert(name.clone(), Value::Object(o));
        }

        let mut drvs = Map::new();
        for (path, outs) in &self.input_drvs {
            let mut d = Map::new();
            d.insert("outputs".into(), outs.iter().map(|o| Value::from(o.as_str())).collect());
            d.insert("dynamicOutputs".into(), Value::Object(Map::new()));
            drvs.insert(path.base_name().to_owned(), Value::Object(d));
        }
        let srcs: Value = self.input_srcs.iter().map(|p| Value::from(p.base_name())).collect();
        let mut inputs = Map::new();
        inputs.insert("srcs".into(), srcs);
        inputs.insert("drvs".into(), Value::Object(drvs));

        let mut env = Map::new();
        let mut structured = None;
        for (k, v) in &self.env {
            if k == b"__json" {
                let s = text(v, "env.__json")?;
                // Unparseable JSON stays a plain env entry rather than being lost.
                if let Ok(parsed) = serde_json::from_str::<Value>(&s) {
                    structured = Some(parsed);
                    continue;
                }
            }
            env.insert(text(k, "an env name")?, text(v, "an env value")?.into());
        }
        let args: Vec<Value> = self
            .args
            .iter()
            .map(|a| text(a, "args").map(Value::from))
            .collect::<Result<_, _>>()?;

        let mut obj = Map::new();
        obj.insert("name".into(), self.name.as_str().into());
        obj.insert("version".into(), FORMAT_VERSION.into());
        obj.insert("outputs".into(), Value::Object(outputs));
        obj.insert("inputs".into(), Value::Object(inputs));
        obj.insert("system".into(), text(&self.system, "system")?.into());
        obj.insert("builder".into(), text(&self.builder, "builder")?.into());
        obj.insert("args".into(), Value::Array(args));
        obj.insert("env".into(), Value::Object(env));
        if let Some(s) = structured {
            obj.insert("structuredAttrs".into(), s);
        }
        Ok(Value::Object(obj))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::derivation::{no_loader, DrvHashCache, FixedOutputHash};
    use crate::hash::Hash;
    use crate::store_path::StoreDir;

    fn sd() -> StoreDir {
        StoreDir::default()
    }

    fn base(name: &str, outputs: &[&str], env: &[(&str, &str)]) -> Derivation {
        let mut d = Derivation::new(name);
        d.system = b"x86_64-linux".to_vec();
        d.builder = b"/bin/sh".to_vec();
        for (k, v) in [("builder", "/bin/sh"), ("name", name), ("system", "x86_64-linux")]
            .iter()
            .chain(env)
        {
            d.env.insert(k.as_bytes().to_vec(), v.as_bytes().to_vec());
        }
        for o in outputs {
            d.outputs.insert((*o).to_owned(), DerivationOutput::Deferred);
        }
        d
    }

    /// The example of spec/derivation-json.md §5 (drv and out paths checked
    /// with nix-instantiate 2.8).
    #[test]
    fn spec_example() {
        let sri = "sha256-WJG1tSLV3whtD/CxEPvZ0hu0/HFjrzTQgoai6Eb2vgM=";
        let mut cache = DrvHashCache::new();
        let mut fod = base("hello.txt", &[], &[("outputHash", sri)]);
        fod.outputs.insert(
            "out".into(),
            DerivationOutput::Fixed(FixedOutputHash {
                method: FileIngestionMethod::Flat,
                hash: Hash::parse_any(sri, None).unwrap(),
            }),
        );
        let fod = fod.finalize(&sd(), &mut cache, &mut no_loader).unwrap();
        let dep = base("dep", &["out", "dev"], &[("outputs", "out dev")]).finalize(&sd(), &mut cache, &mut no_loader);
        let dep = dep.unwrap();
        let src = sd().text_path("hello.txt", b"hello\n", &Default::default()).unwrap();
        let sub = sd().parse("/nix/store/fsm1q6cjz64lwkah7y1mwa61xag9cyl5-sub").unwrap();
        let mut app = base(
            "app",
            &["out"],
            &[
                ("dir", "/nix/store/fsm1q6cjz64lwkah7y1mwa61xag9cyl5-sub"),
                ("lib", "/nix/store/anqrwrgaz28x5ximw36asvqmhs9n05lk-dep-dev"),
            ],
        );
        app.args = vec![
            b"-c".to_vec(),
            format!(
                "cat {} {} > $out",
                sd().print(&src),
                sd().print(&fod.output_paths["out"])
            )
            .into_bytes(),
        ];
        app.input_srcs = [src, sub].into();
        app.input_drvs.insert(fod.drv_path.clone(), ["out".to_owned()].into());
        app.input_drvs.insert(dep.drv_path.clone(), ["dev".to_owned()].into());
        let app = app.finalize(&sd(), &mut cache, &mut no_loader).unwrap();
        assert_eq!(app.drv_path.base_name(), "hasmcdlzwsdn2yjbk561xhs5ynrls9aw-app.drv");
        assert_eq!(
            app.output_paths["out"].base_name(),
            "gicd900q8q3mmhjab788s6g51qrkfjhj-app"
        );

        let mut all = Map::new();
        for f in [&fod, &dep, &app] {
            all.insert(f.drv_path.base_name().to_owned(), f.drv.to_json_v4().unwrap());
        }
        let expected: Value = serde_json::from_str(
            r#"{
    "32pxnbv2dasxgj5i5lb8rsr8yd733l1f-hello.txt.drv": {
      "args": [],
      "builder": "/bin/sh",
      "env": {
        "builder": "/bin/sh",
        "name": "hello.txt",
        "out": "/nix/store/gy454w1cxaq731grqwylhzf4pp9r5izh-hello.txt",
        "outputHash": "sha256-WJG1tSLV3whtD/CxEPvZ0hu0/HFjrzTQgoai6Eb2vgM=",
        "system": "x86_64-linux"
      },
      "inputs": { "drvs": {}, "srcs": [] },
      "name": "hello.txt",
      "outputs": {
        "out": { "hash": "sha256-WJG1tSLV3whtD/CxEPvZ0hu0/HFjrzTQgoai6Eb2vgM=", "method": "flat" }
      },
      "system": "x86_64-linux",
      "version": 4
    },
    "hasmcdlzwsdn2yjbk561xhs5ynrls9aw-app.drv": {
      "args": [
        "-c",
        "cat /nix/store/qa1w9gdfrba6jl2r57mb3c43863gqywp-hello.txt /nix/store/gy454w1cxaq731grqwylhzf4pp9r5izh-hello.txt > $out"
      ],
      "builder": "/bin/sh",
      "env": {
        "builder": "/bin/sh",
        "dir": "/nix/store/fsm1q6cjz64lwkah7y1mwa61xag9cyl5-sub",
        "lib": "/nix/store/anqrwrgaz28x5ximw36asvqmhs9n05lk-dep-dev",
        "name": "app",
        "out": "/nix/store/gicd900q8q3mmhjab788s6g51qrkfjhj-app",
        "system": "x86_64-linux"
      },
      "inputs": {
        "drvs": {
          "32pxnbv2dasxgj5i5lb8rsr8yd733l1f-hello.txt.drv": { "dynamicOutputs": {}, "outputs": [ "out" ] },
          "mgmv8bym9yc0lj5jcd28419dchk1wbrr-dep.drv": { "dynamicOutputs": {}, "outputs": [ "dev" ] }
        },
        "srcs": [
          "fsm1q6cjz64lwkah7y1mwa61xag9cyl5-sub",
          "qa1w9gdfrba6jl2r57mb3c43863gqywp-hello.txt"
        ]
      },
      "name": "app",
      "outputs": { "out": { "path": "gicd900q8q3mmhjab788s6g51qrkfjhj-app" } },
      "system": "x86_64-linux",
      "version": 4
    },
    "mgmv8bym9yc0lj5jcd28419dchk1wbrr-dep.drv": {
      "args": [],
      "builder": "/bin/sh",
      "env": {
        "builder": "/bin/sh",
        "dev": "/nix/store/anqrwrgaz28x5ximw36asvqmhs9n05lk-dep-dev",
        "name": "dep",
        "out": "/nix/store/4bhzxqgwsxxxk7qa2awfbvwah5ck16gl-dep",
        "outputs": "out dev",
        "system": "x86_64-linux"
      },
      "inputs": { "drvs": {}, "srcs": [] },
      "name": "dep",
      "outputs": {
        "dev": { "path": "anqrwrgaz28x5ximw36asvqmhs9n05lk-dep-dev" },
        "out": { "path": "4bhzxqgwsxxxk7qa2awfbvwah5ck16gl-dep" }
      },
      "system": "x86_64-linux",
      "version": 4
    }
  }"#,
        )
        .unwrap();
        assert_eq!(Value::Object(all), expected);
    }

    #[test]
    fn structured_attrs_and_variants() {
        let mut d = base("s", &[], &[]);
        d.env.clear();
        d.env
            .insert(b"__json".to_vec(), br#"{"a":[1,"x"],"name":"s"}"#.to_vec());
        d.env.insert(b"out".to_vec(), b"/nix/store/x".to_vec());
        d.outputs.insert("out".into(), DerivationOutput::Deferred);
        d.outputs.insert(
            "ca".into(),
            DerivationOutput::Floating {
                method: FileIngestionMethod::Recursive,
                algo: crate::HashAlgo::Sha256,
            },
        );
        let j = d.to_json_v4().unwrap();
        assert_eq!(j["structuredAttrs"], serde_json::json!({"a": [1, "x"], "name": "s"}));
        assert_eq!(j["env"], serde_json::json!({"out": "/nix/store/x"}));
        assert_eq!(j["outputs"]["out"], serde_json::json!({}));
        assert_eq!(
            j["outputs"]["ca"],
            serde_json::json!({"method": "nar", "hashAlgo": "sha256"})
        );
        d.args.push(vec![0xff]);
        assert_eq!(d.to_json_v4(), Err(DerivationError::NotUtf8("args".into())));
    }
}
