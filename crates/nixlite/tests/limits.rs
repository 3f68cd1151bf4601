//! Limits: deep programs evaluate or stop with a clean error, never a crash.

use nixlite::Evaluator;

fn eval(src: &str) -> Result<String, String> {
    // The evaluator grows its stack on the heap as needed; give the test
    // thread an ordinary stack to prove it does not rely on a big one.
    let src = src.to_owned();
    std::thread::Builder::new()
        .stack_size(8 * 1024 * 1024)
        .spawn(move || {
            let mut nix = Evaluator::builder().build();
            let v = nix.eval_str(&src).map_err(|e| e.to_string())?;
            nix.print(&v, true).map_err(|e| e.to_string())
        })
        .expect("thread starts")
        .join()
        .expect("no panic")
}

#[test]
fn recursion_deeper_than_cppnix_allows() {
    let out = eval("let f = n: if n == 0 then 0 else 1 + f (n - 1); in f 50000");
    assert_eq!(out, Ok("50000".to_owned()));
}

#[test]
fn unbounded_recursion_is_an_error() {
    let err = eval("let f = x: f x; in f 1").unwrap_err();
    assert!(err.contains("stack overflow"), "{err}");
}

#[test]
fn custom_call_depth_limit() {
    let mut nix = Evaluator::builder().max_call_depth(100).build();
    let v = nix.eval_str("let f = n: if n == 0 then 0 else 1 + f (n - 1); in f 1000");
    assert!(v.is_err());
}

#[test]
fn long_thunk_chains_and_deep_data() {
    let out = eval("let go = n: acc: if n == 0 then acc else go (n - 1) (acc + 1); in go 50000 0");
    assert_eq!(out, Ok("50000".to_owned()));
    let out = eval("builtins.length (builtins.foldl' (acc: x: [ acc ]) [ ] (builtins.genList (x: x) 100000))");
    assert_eq!(out, Ok("1".to_owned()));
    let printed = eval("builtins.foldl' (acc: x: [ acc ]) [ ] (builtins.genList (x: x) 100000)").expect("prints");
    assert_eq!(printed.len(), 100000 * 4 + 3);
}

#[test]
fn infinite_recursion_is_reported() {
    for src in [
        "let x = x; in x",
        "rec { a = b; b = a; }.a",
        "let x = { a = x.a; }; in x.a",
    ] {
        let err = eval(src).unwrap_err();
        assert!(err.contains("infinite recursion"), "{src}: {err}");
    }
}
