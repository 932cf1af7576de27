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

/// The state target's check of rendered code accepts what the renderer writes for hostile values
/// and refuses anything a shell could run.
#[test]
fn the_assignment_check_tells_code_from_assignments() {
    use goenvhook::shell::{render, Shell};
    let values: Vec<(std::ffi::OsString, Option<std::ffi::OsString>)> = vec![
        ("A".into(), Some("it's $(x) `y`\n\\".into())),
        ("GOPATH".into(), Some("/a:b'c:\\".into())),
        ("EMPTYPATH".into(), Some("".into())),
        ("B".into(), None),
    ];
    for sh in [Shell::Bash, Shell::Zsh, Shell::Fish] {
        let code = render(sh, &values);
        assert_eq!(bodies::only_assignments(sh, &code), Ok(()), "{sh:?}");
    }
    for bad in [
        &b"{\nexport X;touch /tmp/pw;Y='a'\n}\n"[..],
        b"{\nexport X='a' ;id\n}\n",
        b"{\nexport X=$(id)\n}\n",
        b"{\nid\n}\n",
        b"{\nexport X='a'\n",
    ] {
        assert!(bodies::only_assignments(Shell::Bash, bad).is_err());
    }
    for bad in [
        &b"begin\nset -gx X (id)\nend\n"[..],
        b"begin\nset -gx X 'a';id\nend\n",
        b"begin\nset -gx X;id 'a'\nend\n",
        b"begin\nset -gx X 'a\\'\nend\n",
    ] {
        assert!(bodies::only_assignments(Shell::Fish, bad).is_err());
    }
}
