//! Upgrades: a shell loaded by an earlier release keeps working after the binary is
//! replaced. The state that release wrote is a committed fixture (tests/fixtures/); this binary
//! must read it and undo exactly what that release applied. A state from an unknown (future)
//! format is never misread: one message, and nothing it set is lost.

mod common;

use std::fs;

use common::{Sandbox, Step::*, SHELLS};
use goenvhook::state::State;

struct Fixture {
    config: String,
    env: Vec<(String, String)>,
}

fn fixture(name: &str, root: &str) -> Fixture {
    let text = fs::read_to_string(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
    .replace("@ROOT@", root);
    let mut config = String::new();
    let mut env = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let (k, v) = line.split_once('=').unwrap();
        if k == "config" {
            config = v.replace("\\n", "\n") + "\n";
        } else {
            env.push((k.to_string(), v.to_string()));
        }
    }
    Fixture { config, env }
}

#[test]
fn the_first_release_state_decodes() {
    let f = fixture("state-gh1-0.1.0.txt", "/r");
    let raw = &f
        .env
        .iter()
        .find(|(k, _)| k == "GOENVHOOK_STATE")
        .unwrap()
        .1;
    let s = State::decode(std::ffi::OsStr::new(raw)).unwrap();
    assert_eq!(s.project.as_deref(), Some(std::ffi::OsStr::new("/r/p")));
    assert_eq!(s.vars.len(), 3);
    let goproxy = s.vars.iter().find(|v| v.name == "GOPROXY").unwrap();
    assert_eq!(
        goproxy.prev.as_deref(),
        Some(std::ffi::OsStr::new("https://before.example"))
    );
    assert_eq!(s.path.added.len(), 2);
    assert_eq!(s.path.moved.len(), 1);
    assert_eq!(s.path.moved[0].index, 1);
    assert_eq!(
        s.path.moved[0].next, None,
        "the first release kept no neighbours"
    );
}

#[test]
fn a_shell_loaded_by_the_first_release_unloads_exactly() {
    for sh in SHELLS {
        let sb = Sandbox::new();
        let root = sb.root.display().to_string();
        let f = fixture("state-gh1-0.1.0.txt", &root);
        sb.write("p/.goenv.toml", &f.config);
        sb.mkdir("p/bin");
        sb.mkdir("o");
        sb.allow("p/.goenv.toml");
        let mut steps = vec![Cd("p"), Set("CGO_ENABLED", "1")];
        steps.push(Unset("CGO_ENABLED"));
        for (k, v) in &f.env {
            steps.push(Set(k, v));
        }
        steps.extend([
            Prompt,
            Mark("inside"),
            Show("GOPROXY"),
            Show("GOFLAGS"),
            Prompt,
            Mark("left"),
            Cd("o"),
            Prompt,
            Show("GOPROXY"),
            Show("GOFLAGS"),
            Show("CGO_ENABLED"),
            Show("PATH"),
        ]);
        let r = sb.run(sh, &steps);
        let first = r.messages_before_marks();
        assert!(
            first.iter().all(|l| !l.contains("cannot read")),
            "{sh}: the old state is read: {first:?}"
        );
        assert_eq!(
            r.shown_str("GOPROXY", 0).as_deref(),
            Some("https://project.example"),
            "{sh}"
        );
        assert_eq!(
            r.shown_str("GOFLAGS", 0).as_deref(),
            Some("-mod=mod"),
            "{sh}"
        );
        assert_eq!(
            r.shown_str("GOPROXY", 1).as_deref(),
            Some("https://before.example"),
            "{sh}"
        );
        assert_eq!(r.shown_str("GOFLAGS", 1), None, "{sh}");
        assert_eq!(r.shown_str("CGO_ENABLED", 0).as_deref(), Some("1"), "{sh}");
        assert_eq!(
            r.shown_str("PATH", 0).as_deref(),
            Some("/usr/local/bin:/usr/bin:/bin"),
            "{sh}: byte-identical to before the old release loaded it"
        );
        let left = r.messages_after("left");
        assert_eq!(left.len(), 1, "{sh}: {left:?}");
        assert!(left[0].contains("unloaded"), "{sh}: {left:?}");
        let inside = r.messages_after("inside");
        assert!(
            inside.is_empty(),
            "{sh}: a prompt inside says nothing: {inside:?}"
        );
    }
}

/// A state from a format this binary does not know (a newer release's, or a downgrade): not
/// misread. One message, the variables it set stay, and the shell works on.
#[test]
fn a_future_state_is_never_misread() {
    for sh in SHELLS {
        let sb = Sandbox::new();
        sb.mkdir("o");
        let r = sb.run(
            sh,
            &[
                Cd("o"),
                Set("GOPROXY", "https://set-by-a-newer-release.example"),
                Set(
                    "GOENVHOOK_STATE",
                    "gh2 t:1 v:GOPROXY:=https%3A//x:1 future:record",
                ),
                Prompt,
                Prompt,
                Mark("after"),
                Prompt,
                Show("GOPROXY"),
                Show("GOENVHOOK_STATE"),
            ],
        );
        let before = r.messages_before_marks();
        assert_eq!(before.len(), 1, "{sh}: one message: {before:?}");
        assert!(
            before[0].contains("ignored a GOENVHOOK_STATE"),
            "{sh}: {before:?}"
        );
        assert!(r.messages_after("after").is_empty(), "{sh}: {}", r.stderr);
        assert_eq!(
            r.shown_str("GOPROXY", 0).as_deref(),
            Some("https://set-by-a-newer-release.example"),
            "{sh}: nothing it set is lost"
        );
        assert_eq!(r.shown("GOENVHOOK_STATE", 0), None, "{sh}");
    }
}
