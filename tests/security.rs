//! Security: trust cannot be borrowed (a copy elsewhere, a symlink swapped after allow,
//! a hard link, a race between the check and the read), and no directory name can inject shell
//! code into the hook's output (random names through the real shells).

mod common;

use std::fs;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use common::{os, Sandbox, Step, BIN, SHELLS};
use proptest::prelude::*;

const GOOD: &str = "[env]\nGOPROXY = \"https://approved.example\"\n";
const EVIL: &str = "[env]\nGOPROXY = \"https://evil.example\"\nGOFLAGS = \"-toolexec=/tmp/evil\"\n";

/// `export json` from `dir`: the changes a load would make, as the hook computes them.
fn export_json(sb: &Sandbox, dir: &Path) -> String {
    let out = sb.goenvhook(&["export", "json"], dir);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn loads_good(sb: &Sandbox, dir: &Path) -> bool {
    export_json(sb, dir).contains("approved.example")
}

fn loads_anything(sb: &Sandbox, dir: &Path) -> bool {
    export_json(sb, dir).contains("GOPROXY")
}

#[test]
fn a_copy_elsewhere_is_not_allowed() {
    let sb = Sandbox::new();
    sb.write("p/.goenv.toml", GOOD);
    sb.allow("p/.goenv.toml");
    assert!(loads_good(&sb, &sb.path("p")));
    fs::create_dir_all(sb.path("q")).unwrap();
    fs::copy(sb.path("p/.goenv.toml"), sb.path("q/.goenv.toml")).unwrap();
    assert!(
        !loads_anything(&sb, &sb.path("q")),
        "same bytes, other path"
    );
}

#[test]
fn a_symlink_swapped_after_allow_is_not_allowed() {
    let sb = Sandbox::new();
    sb.write("files/good.toml", GOOD);
    sb.write("files/evil.toml", EVIL);
    sb.mkdir("p");
    std::os::unix::fs::symlink(sb.path("files/good.toml"), sb.path("p/.goenv.toml")).unwrap();
    sb.allow("p/.goenv.toml");
    assert!(loads_good(&sb, &sb.path("p")));
    // Swap the link to another file: the content is not the approved one.
    fs::remove_file(sb.path("p/.goenv.toml")).unwrap();
    std::os::unix::fs::symlink(sb.path("files/evil.toml"), sb.path("p/.goenv.toml")).unwrap();
    assert!(!loads_anything(&sb, &sb.path("p")));
    // A real file replaced by a link to content that was approved elsewhere: not approved here.
    sb.write("r/.goenv.toml", GOOD);
    sb.allow("r/.goenv.toml");
    sb.write("s/.goenv.toml", EVIL);
    sb.allow("s/.goenv.toml");
    fs::remove_file(sb.path("r/.goenv.toml")).unwrap();
    std::os::unix::fs::symlink(sb.path("s/.goenv.toml"), sb.path("r/.goenv.toml")).unwrap();
    assert!(
        !loads_anything(&sb, &sb.path("r")),
        "s's approval does not travel to r"
    );
}

#[test]
fn a_hard_link_neither_borrows_nor_edits_trust() {
    let sb = Sandbox::new();
    sb.write("p/.goenv.toml", GOOD);
    sb.allow("p/.goenv.toml");
    sb.mkdir("q");
    fs::hard_link(sb.path("p/.goenv.toml"), sb.path("q/.goenv.toml")).unwrap();
    assert!(
        !loads_anything(&sb, &sb.path("q")),
        "the same inode at another path"
    );
    // Writing through the link changes p's content: p needs a new approval.
    fs::write(sb.path("q/.goenv.toml"), EVIL).unwrap();
    assert!(!loads_anything(&sb, &sb.path("p")));
}

/// The file flips between approved and unapproved bytes while loads run: a load reads the file
/// once, judges those bytes and applies those bytes, so the unapproved values never appear.
#[test]
fn racing_the_check_and_the_read_never_applies_unapproved_bytes() {
    let sb = Sandbox::new();
    let cfg = sb.write("p/.goenv.toml", GOOD);
    sb.allow("p/.goenv.toml");
    let stop = Arc::new(AtomicBool::new(false));
    let flipper = {
        let stop = stop.clone();
        let cfg = cfg.clone();
        std::thread::spawn(move || {
            let mut n = 0u64;
            while !stop.load(Ordering::Relaxed) {
                // Rewrite in place (not rename), so a reader can catch any mix of the two.
                fs::write(&cfg, if n % 2 == 0 { EVIL } else { GOOD }).unwrap();
                n += 1;
            }
            n
        })
    };
    let mut good = 0;
    for _ in 0..300 {
        let out = Command::new(BIN)
            .args(["export", "json"])
            .current_dir(sb.path("p"))
            .env_clear()
            .envs(sb.base_env())
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(!text.contains("evil"), "unapproved bytes applied: {text}");
        good += usize::from(text.contains("approved.example"));
    }
    stop.store(true, Ordering::Relaxed);
    let flips = flipper.join().unwrap();
    assert!(
        flips > 300,
        "the file really flipped while loading ({flips} writes)"
    );
    assert!(good > 0, "the approved bytes did load when read whole");
}

/// Names that would run code if any byte of them reached the shell unquoted.
fn hostile_name() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(b"$(touch INJECTED)".to_vec()),
        Just(b"`touch INJECTED`".to_vec()),
        Just(b"';touch INJECTED;'".to_vec()),
        Just(b"\";touch INJECTED;\"".to_vec()),
        Just(b"\\'\n(touch INJECTED)\n".to_vec()),
        Just(b"a:b".to_vec()),
        Just(b":".to_vec()),
        Just(b"\x1b]2;PWNED\x07\x1b[2J".to_vec()),
        Just(b"\xff\xfe".to_vec()),
        prop::collection::vec(1u8..=255, 1..12),
    ];
    prop::collection::vec(piece, 1..4).prop_map(|parts| {
        let mut name: Vec<u8> = parts.concat().into_iter().filter(|b| *b != b'/').collect();
        if name.is_empty() || name == b"." || name == b".." {
            name = b"x".to_vec();
        }
        name.truncate(200);
        name
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    /// A project in a directory with a random, hostile name: its path arrives byte-exact in a
    /// value and on PATH, nothing in it runs, and PATH is byte-identical after leaving. A name
    /// holding ':' cannot go on PATH as one entry: allow refuses it, naming the entry.
    #[test]
    fn no_directory_name_injects_code(name in hostile_name()) {
        for sh in SHELLS {
            let sb = Sandbox::new();
            let dir = sb.root.join(os(&name));
            fs::create_dir_all(dir.join("bin")).unwrap();
            fs::write(dir.join(".goenv.toml"), "[env]\nHERE = \"./\"\n[path]\nprepend = [\"./bin\"]\n").unwrap();
            let out = sb.goenvhook(&["allow"], &dir);
            let colon = dir.as_os_str().as_bytes().contains(&b':');
            prop_assert_eq!(out.status.success(), !colon, "{}", String::from_utf8_lossy(&out.stderr));
            if colon {
                let err = String::from_utf8_lossy(&out.stderr);
                prop_assert!(err.contains("PATH entry \"./bin\"") && err.contains("':'"), "{}", err);
            }
            let r = sb.run(sh, &[Step::Show("PATH"), Step::CdPath(&dir), Step::Prompt, Step::Show("HERE"), Step::Show("PATH"), Step::Cd("/"), Step::Prompt, Step::Show("HERE"), Step::Show("PATH")]);
            let here = (!colon).then(|| dir.as_os_str().as_bytes().to_vec());
            prop_assert_eq!(r.shown("HERE", 0), here, "{}: {}", sh, r.stderr);
            prop_assert_eq!(r.shown("HERE", 1), None, "{}", sh);
            let before = r.shown("PATH", 0).unwrap();
            if !colon {
                let mut inside = dir.join("bin").into_os_string().into_vec();
                inside.push(b':');
                inside.extend(&before);
                prop_assert_eq!(r.shown("PATH", 1).unwrap(), inside, "{}", sh);
            }
            prop_assert_eq!(r.shown("PATH", 2).unwrap(), before, "{}: PATH after leaving", sh);
            let injected = walkdir(&sb.root).into_iter().any(|p| p.ends_with("INJECTED"))
                || Path::new("/INJECTED").exists();
            prop_assert!(!injected, "{}: code ran from the name {:?}", sh, String::from_utf8_lossy(&name));
        }
    }
}

fn walkdir(root: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![root.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                todo.push(p.clone());
            }
            out.push(p);
        }
    }
    out
}

/// A forged state variable, as anything that starts a shell could set it (a terminal profile,
/// `docker run -e`, an IDE, CI): names that would be code if printed unquoted.
fn forged_states(mark: &Path) -> Vec<String> {
    let m = mark
        .display()
        .to_string()
        .replace('/', "%2F")
        .replace(' ', "%20");
    vec![
        // Fires on the first prompt of a new shell.
        format!("gh1 t:0 T:- G:- v:X%3Btouch%20{m}%3BY:=a:-"),
        // With a config in view (an `f:` record), on any prompt.
        format!("gh1 t:0 f:/nonexistent/.goenv.toml T:- G:- v:%24(touch%20{m}):-:-"),
        format!("gh1 t:0 T:- G:- v:A%0Atouch%20{m}%0AB:=1:-"),
        format!("gh1 t:0 T:- G:- v:%60touch%20{m}%60:=1:-"),
        format!("gh1 t:0 T:- G:- v:A%3B%20touch%20{m}:-:-"),
    ]
}

#[test]
fn a_forged_state_runs_nothing_in_any_shell() {
    for sh in SHELLS {
        let mut sb = Sandbox::new();
        let mark = sb.path("pwned");
        for forged in forged_states(&mark) {
            sb.extra_env = vec![];
            sb.extra_env
                .push(("GOENVHOOK_STATE".into(), forged.clone().into()));
            let r = sb.run(
                sh,
                &[Step::Prompt, Step::Prompt, Step::Show("GOENVHOOK_STATE")],
            );
            assert!(!mark.exists(), "{sh}: {forged} ran code\n{}", r.stderr);
            assert_eq!(r.status, 0, "{sh}: {}", r.stderr);
            // One message for the state it could not read, and the state is dropped.
            let says: Vec<&str> = r
                .stderr
                .lines()
                .filter(|l| l.contains("goenvhook"))
                .collect();
            assert_eq!(says.len(), 1, "{sh}: {forged}\n{}", r.stderr);
            assert!(says[0].contains("not a variable name"), "{sh}: {}", says[0]);
            assert_eq!(r.shown("GOENVHOOK_STATE", 0), None, "{sh}");
        }
    }
}

/// PATH entries written with `${VAR}` are checked once expanded, at every load: empty,
/// relative or ':'-holding results refuse the whole project (nothing applied) in every shell,
/// with an error naming the entry; allow shows the problem.
#[test]
fn expanded_path_entries_are_checked_like_literal_ones() {
    let cases = [
        ("${NOPE}", None, "empty"),
        ("${REL}", Some(("REL", "bin")), "relative"),
        ("${C}", Some(("C", "/a:b:.")), "':'"),
        ("~/bin", Some(("HOME", "/tmp/a:b")), "':'"),
    ];
    for (entry, env, why) in cases {
        for sh in SHELLS {
            let mut sb = Sandbox::new();
            sb.write(
                "p/.goenv.toml",
                &format!("[env]\nX = \"1\"\n[path]\nprepend = [\"{entry}\"]\n"),
            );
            let out = sb.goenvhook(&["allow"], &sb.path("p"));
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            if entry.contains("${") {
                let review = String::from_utf8_lossy(&out.stdout);
                assert!(
                    review.contains("error") && review.contains(entry),
                    "{review}"
                );
            }
            if let Some((k, v)) = env {
                sb.extra_env.push((k.into(), v.into()));
            }
            let r = sb.run(
                sh,
                &[
                    Step::Show("PATH"),
                    Step::Cd("p"),
                    Step::Prompt,
                    Step::Show("PATH"),
                    Step::Show("X"),
                ],
            );
            assert_eq!(
                r.shown("PATH", 1),
                r.shown("PATH", 0),
                "{sh} {entry}: PATH changed"
            );
            assert_eq!(r.shown("X", 0), None, "{sh} {entry}: half applied");
            let err = r
                .stderr
                .lines()
                .find(|l| l.contains("PATH entry"))
                .unwrap_or_else(|| panic!("{sh} {entry}: no error in {}", r.stderr));
            assert!(
                err.contains(&format!("{entry:?}")) && err.contains(why),
                "{sh}: {err}"
            );
        }
    }
}

/// JSON cannot carry bytes that are not UTF-8: `export json` says which variables hold some.
#[test]
fn export_json_says_when_a_value_is_not_utf8() {
    let mut sb = Sandbox::new();
    sb.write("p/.goenv.toml", "[env]\nX = \"<${RAW}>\"\nY = \"plain\"\n");
    sb.allow("p/.goenv.toml");
    sb.extra_env.push(("RAW".into(), os(b"\xff\xfe")));
    let out = sb.goenvhook(&["export", "json"], &sb.path("p"));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["X"], "<\u{fffd}\u{fffd}>");
    assert_eq!(v["Y"], "plain");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("X hold(s) bytes that are not UTF-8"), "{err}");
    assert_eq!(err.lines().count(), 2, "the note and the load line: {err}");
}

/// Random states as anything that can set one variable could forge them: names and values of
/// any bytes (code-like pieces included), PATH entries, a config in view. Whatever the real
/// shells do with them, nothing runs, the shell survives, and every name it ends up with that
/// the state named is a variable name.
fn forged_state() -> impl Strategy<Value = goenvhook::state::State> {
    use goenvhook::env::{ListEdit, Moved};
    use goenvhook::state::{State, VarRecord};
    let bytes = || {
        prop_oneof![
            hostile_name(),
            Just(b"GOPROXY".to_vec()),
            Just(b"X;touch INJECTED;Y".to_vec()),
            prop::collection::vec(any::<u8>(), 0..16),
        ]
    };
    let var = (
        bytes(),
        prop::option::of(bytes()),
        prop::option::of(any::<u64>()),
    )
        .prop_map(|(name, prev, applied)| VarRecord {
            name: os(&name),
            prev: prev.map(|p| os(&p)),
            applied,
        });
    (
        prop::collection::vec(var, 0..4),
        prop::collection::vec(bytes(), 0..3),
        prop::collection::vec((0usize..5, bytes()), 0..3),
        any::<bool>(),
    )
        .prop_map(|(vars, added, moved, found)| State {
            t: 0,
            found: if found {
                vec!["/nonexistent/.goenv.toml".into()]
            } else {
                Vec::new()
            },
            vars,
            path: ListEdit {
                added: added.iter().map(|a| os(a)).collect(),
                moved: moved
                    .into_iter()
                    .map(|(index, e)| Moved {
                        index,
                        entry: os(&e),
                        next: None,
                        prev: None,
                    })
                    .collect(),
                was_unset: false,
            },
            ..State::default()
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    #[test]
    fn no_forged_state_runs_anything_in_a_real_shell(state in forged_state()) {
        let encoded = state.encode();
        for sh in SHELLS {
            let mut sb = Sandbox::new();
            sb.extra_env.push(("GOENVHOOK_STATE".into(), encoded.clone()));
            let r = sb.run_script(
                sh,
                sb.script(sh, &[Step::Prompt, Step::Prompt, Step::Run("echo survived")]),
                &sb.root,
            );
            let injected = walkdir(&sb.root).into_iter().any(|p| p.ends_with("INJECTED"))
                || Path::new("/INJECTED").exists();
            prop_assert!(!injected, "{}: code ran from {:?}\n{}", sh, encoded, r.stderr);
            prop_assert!(r.stdout.contains("survived"), "{}: {:?}\n{}", sh, encoded, r.stderr);
        }
    }
}
