//! Compiles `grammar/nixlite.lalrpop` (at the workspace root) into OUT_DIR.

fn main() {
    let grammar_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../grammar");
    println!(
        "cargo:rerun-if-changed={}",
        grammar_dir.join("nixlite.lalrpop").display()
    );
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    lalrpop::Configuration::new()
        .set_in_dir(&grammar_dir)
        .set_out_dir(out_dir)
        .process()
        .expect("grammar/nixlite.lalrpop must compile without conflicts");
}
