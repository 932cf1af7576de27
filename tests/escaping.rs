//! Escaping: values arrive byte-exact in every real shell, including hostile and random bytes,
//! and project directories whose names have spaces, newlines and non-UTF-8 bytes.

mod common;

use std::fmt::Write as _;
use std::os::unix::ffi::OsStrExt;

use common::{os, Sandbox, Step, SHELLS};
use proptest::prelude::*;

/// A TOML basic string for any UTF-8 text (control characters as \u escapes).
fn toml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            // goenvhook expands ${VAR}; $$ is a literal $.
            '$' => out.push_str("$$"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Sets each value through a config in every shell and checks what a child process sees.
/// `outside` values reach the config through `${NAME}` (the only way non-UTF-8 bytes can).
fn check(values: &[&str], outside: &[Vec<u8>]) {
    for sh in SHELLS {
        let mut sb = Sandbox::new();
        let mut cfg = String::from("[env]\n");
        for (i, v) in values.iter().enumerate() {
            let _ = writeln!(cfg, "V{i} = {}", toml_str(v));
        }
        for (i, v) in outside.iter().enumerate() {
            sb.extra_env.push((format!("RAW{i}").into(), os(v)));
            let _ = writeln!(cfg, "X{i} = \"<${{RAW{i}}}>\"");
        }
        sb.write("proj/.goenv.toml", &cfg);
        sb.allow("proj/.goenv.toml");
        let names: Vec<String> = (0..values.len())
            .map(|i| format!("V{i}"))
            .chain((0..outside.len()).map(|i| format!("X{i}")))
            .collect();
        let mut steps = vec![Step::Cd("proj"), Step::Prompt];
        steps.extend(names.iter().map(|n| Step::Show(n)));
        steps.push(Step::Cd("/"));
        steps.push(Step::Prompt);
        steps.extend(names.iter().map(|n| Step::Show(n)));
        let r = sb.run(sh, &steps);
        for (i, v) in values.iter().enumerate() {
            assert_eq!(
                r.shown(&format!("V{i}"), 0).as_deref(),
                Some(v.as_bytes()),
                "{sh}: V{i} = {v:?}\n{}",
                r.stderr
            );
            assert_eq!(
                r.shown(&format!("V{i}"), 1),
                None,
                "{sh}: V{i} unset after leaving"
            );
        }
        for (i, v) in outside.iter().enumerate() {
            let want = [b"<".as_slice(), v, b">"].concat();
            assert_eq!(
                r.shown(&format!("X{i}"), 0),
                Some(want),
                "{sh}: X{i} from {v:?}\n{}",
                r.stderr
            );
        }
        assert!(!r.stderr.contains("rror"), "{sh}: {}", r.stderr);
    }
}

#[test]
fn hostile_values() {
    let big: String = "0123456789abcdef\u{e9}'\"$`\\\n".repeat(100 * 1024 / 24);
    check(
        &[
            "it's \"quoted\"",
            "$HOME $(id) `id` ${x}$",
            "back\\slash\\",
            "\\",
            "'",
            "line1\nline2\n",
            "tab\there\r\u{1}\u{1b}[31m\u{7f}",
            "ünïcödé ✓ 日本",
            "",
            " leading and trailing ",
            "-- -x --fresh",
            "%s %d %%",
            "a;b|c&d>e<f",
            big.as_str(),
        ],
        &[b"\xff\xfe non-utf8 \x80".to_vec(), b"'\\\n\x01$".to_vec()],
    );
}

#[test]
fn weird_directory_names() {
    for sh in SHELLS {
        let sb = Sandbox::new();
        let name = os(b"we ird\n'dir\xff$x\\");
        let dir = sb.root.join(&name);
        std::fs::create_dir_all(dir.join("bin")).unwrap();
        std::fs::write(
            dir.join(".goenv.toml"),
            "[env]\nHERE = \"./\"\n[path]\nprepend = [\"./bin\"]\n",
        )
        .unwrap();
        let out = sb.goenvhook(&["allow"], &dir);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        // cd with a path the test quotes itself; values come back through printenv.
        let r = sb.run(
            sh,
            &[
                Step::CdPath(&dir),
                Step::Prompt,
                Step::Show("HERE"),
                Step::Show("PATH"),
            ],
        );
        assert_eq!(
            r.shown("HERE", 0),
            Some(dir.as_os_str().as_bytes().to_vec()),
            "{sh}: {}",
            r.stderr
        );
        let path = r.shown("PATH", 0).unwrap();
        assert!(
            path.starts_with(dir.join("bin").as_os_str().as_bytes()),
            "{sh}: {:?}",
            String::from_utf8_lossy(&path)
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    /// Random bytes (any but NUL, which no environment can hold) and random text, eight batches
    /// of twelve values through each shell.
    #[test]
    fn random_bytes_round_trip(
        raw in prop::collection::vec(prop::collection::vec(1u8..=255, 0..64), 6),
        text in prop::collection::vec("\\PC{0,40}", 6),
    ) {
        // A value starting with ./ ../ or ~/ is a path and expands by design (config tests cover
        // that); this property is about quoting.
        prop_assume!(!text.iter().any(|t| t.starts_with("./") || t.starts_with("../") || t.starts_with("~/")));
        let refs: Vec<&str> = text.iter().map(String::as_str).collect();
        check(&refs, &raw);
    }
}
