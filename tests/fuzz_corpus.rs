//! Replays the hand-written seeds (fuzz/seeds/<target>/), the committed fuzz corpus
//! (fuzz/corpus/<target>/) and any crash a local fuzzing run left (fuzz/artifacts/<target>/)
//! through the fuzz targets' own bodies, so the normal `cargo test`, and so CI, proves that no
//! input found by fuzzing panics again. Fuzzing itself is scripts/fuzz.sh.

use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

#[path = "../fuzz/src/lib.rs"]
mod bodies;

fn inputs(target: &str, dir: &str) -> Vec<PathBuf> {
    let d = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(dir)
        .join(target);
    let Ok(entries) = fs::read_dir(&d) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.expect("a corpus directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Runs `body` on every seed, corpus and artifact file of `target`; fails naming each file that
/// panics.
fn replay(target: &str, body: impl Fn(&[u8])) {
    let (seeds, corpus) = (inputs(target, "seeds"), inputs(target, "corpus"));
    assert!(
        !seeds.is_empty() && !corpus.is_empty(),
        "fuzz/seeds/{target}/ or fuzz/corpus/{target}/ is empty: both are committed (scripts/fuzz.sh fills the corpus)"
    );
    let mut failed = Vec::new();
    for file in seeds
        .iter()
        .chain(&corpus)
        .chain(&inputs(target, "artifacts"))
    {
        let data = fs::read(file).expect("read a corpus file");
        if catch_unwind(AssertUnwindSafe(|| body(&data))).is_err() {
            failed.push(file.display().to_string());
        }
    }
    assert!(
        failed.is_empty(),
        "{target}: these inputs panic: {failed:#?}"
    );
}

#[test]
fn config_corpus() {
    replay("config", bodies::config);
}

#[test]
fn expand_corpus() {
    replay("expand", bodies::expand);
}

#[test]
fn state_corpus() {
    replay("state", bodies::state);
}

#[test]
fn gomod_corpus() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    replay("gomod", |data| bodies::gomod(dir.path(), data));
}
