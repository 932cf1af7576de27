//! Security: nothing goenvhook writes for a person lets a path, a name or a value drive the
//! terminal. A directory named with escape sequences (set the title, clear the screen) is shown
//! with its control characters made visible, by the hook in bash, zsh and fish, by `allow`,
//! `status`, `doctor`, `list` and `prompt`; a value in a review cannot fake a line; JSON output
//! keeps the real name.

mod common;

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::process::Output;

use common::{Sandbox, Step, SHELLS};

/// Sets the terminal title to PWNED, then clears the screen.
const NAME: &str = "x\x1b]2;PWNED\x07\x1b[2J";
const SHOWN: &str = "x\\e]2;PWNED\\x07\\e[2J";
const CONFIG: &str = "[env]\nGOPROXY = \"off\"\n";

fn raw_controls(bytes: &[u8]) -> bool {
    bytes.iter().any(|b| *b == 0x1b || *b == 0x07)
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Neither stream holds a raw ESC or BEL.
fn assert_clean(what: &str, out: &Output) {
    assert!(
        !raw_controls(&out.stdout) && !raw_controls(&out.stderr),
        "{what}: {:?} {:?}",
        text(&out.stdout),
        text(&out.stderr)
    );
}

#[test]
fn the_hook_shows_an_escape_in_a_directory_name_in_every_shell() {
    for sh in SHELLS {
        let sb = Sandbox::new();
        let dir = sb.path(&format!("repo/{NAME}"));
        sb.write(&format!("repo/{NAME}/.goenv.toml"), CONFIG);
        let r = sb.run(sh, &[Step::CdPath(&dir), Step::Prompt]);
        assert!(!raw_controls(r.stderr.as_bytes()), "{sh}: {:?}", r.stderr);
        assert!(
            r.stderr.contains(SHOWN) && r.stderr.contains("not allowed"),
            "{sh}: {:?}",
            r.stderr
        );
    }
}

#[test]
fn commands_show_it_and_json_keeps_it() {
    let sb = Sandbox::new();
    let rel = format!("repo/{NAME}");
    sb.write(&format!("{rel}/.goenv.toml"), CONFIG);
    let dir = sb.path(&rel);
    // Not allowed yet, then allowed, denied and allowed again.
    for args in [
        &["status"][..],
        &["doctor"],
        &["allow"],
        &["status"],
        &["doctor"],
        &["deny"],
        &["allow"],
    ] {
        let out = sb.goenvhook(args, &dir);
        assert_clean(&format!("{args:?}"), &out);
        let all = text(&[out.stdout, out.stderr].concat());
        assert!(all.contains(SHOWN), "{args:?}: {all}");
    }

    // JSON is written for programs: the real name, escaped by JSON alone.
    let out = sb.goenvhook(&["status", "--json"], &dir);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let raw = dir.as_os_str().as_bytes();
    assert_eq!(v["project"]["dir"].as_str().unwrap().as_bytes(), raw);
    assert_eq!(v["directory"].as_str().unwrap().as_bytes(), raw);
    let config = v["configs"][0]["path"].as_str().unwrap();
    assert_eq!(
        config.as_bytes(),
        dir.join(".goenv.toml").as_os_str().as_bytes()
    );

    sb.goenvhook(&["deny"], &dir);
    let out = sb.goenvhook(&["status", "--json"], &dir);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["configs"][0]["verdict"], "denied");
    assert_eq!(v["directory"].as_str().unwrap().as_bytes(), raw);
}

#[test]
fn doctor_json_keeps_the_name_its_text_shows_it() {
    let sb = Sandbox::new();
    let rel = format!("repo/{NAME}");
    sb.write(&format!("{rel}/.goenv.toml"), CONFIG);
    let dir = sb.path(&rel);
    let out = sb.goenvhook(&["doctor", "--json"], &dir);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let messages: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains(NAME) && m.contains("not allowed")),
        "{messages:?}"
    );
    let out = sb.goenvhook(&["doctor"], &dir);
    assert_clean("doctor", &out);
    let report = text(&out.stdout);
    assert!(
        report
            .lines()
            .any(|l| l.contains(SHOWN) && l.contains("not allowed")),
        "{report}"
    );
}

#[test]
fn list_shows_an_sdk_root_named_with_escapes() {
    let mut sb = Sandbox::new();
    let root = sb.path(&format!("sdks/{NAME}"));
    sb.write(
        &format!("sdks/{NAME}/VERSION"),
        "go1.22.10\ntime 2024-01-01T00:00:00Z\n",
    );
    sb.extra_env
        .push(("GOENVHOOK_SDK_DIRS".into(), root.clone().into_os_string()));
    let out = sb.goenvhook(&["list"], &sb.root);
    assert_clean("list", &out);
    assert!(text(&out.stdout).contains(SHOWN), "{}", text(&out.stdout));

    let out = sb.goenvhook(&["list", "--json"], &sb.root);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let roots: Vec<&[u8]> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["goroot"].as_str().unwrap().as_bytes())
        .collect();
    assert!(
        roots.contains(&root.as_os_str().as_bytes()),
        "{:?}",
        text(&out.stdout)
    );
}

#[test]
fn a_prompt_segment_shows_it() {
    let sb = Sandbox::new();
    let rel = format!("repo/{NAME}");
    sb.write(&format!("{rel}/.goenv.toml"), CONFIG);
    sb.allow(&format!("{rel}/.goenv.toml"));
    let dir = sb.path(&rel);
    let r = sb.run(
        "bash",
        &[
            Step::CdPath(&dir),
            Step::Prompt,
            Step::Run("goenvhook prompt --format '[{project}|{dir}]'"),
        ],
    );
    assert!(!raw_controls(r.stdout.as_bytes()), "{:?}", r.stdout);
    assert!(!raw_controls(r.stderr.as_bytes()), "{:?}", r.stderr);
    assert!(r.stdout.contains(&format!("[{SHOWN}|")), "{:?}", r.stdout);
    // The load message names the directory too.
    assert!(r.stderr.contains(SHOWN), "{:?}", r.stderr);
}

#[test]
fn a_path_entry_cannot_fake_a_line_of_the_review() {
    let sb = Sandbox::new();
    sb.write(
        "p/.goenv.toml",
        "[path]\nprepend = [\"/opt/x\\u001b[2J\\n  set       GOFLAGS=\\\"-mod=mod\\\"\"]\n",
    );
    let out = sb.goenvhook(&["allow"], &sb.path("p"));
    assert_clean("allow", &out);
    let review = text(&out.stdout);
    let entry: Vec<&str> = review.lines().filter(|l| l.contains("/opt/x")).collect();
    assert_eq!(
        entry,
        ["  PATH      /opt/x\\e[2J\\x0a  set       GOFLAGS=\"-mod=mod\" (in front)"],
        "{review}"
    );
    assert!(!review.lines().any(|l| l.starts_with("  set")), "{review}");
}

#[test]
fn the_hook_hint_is_two_lines_each_shown_whole() {
    let sb = Sandbox::new();
    sb.write("p/.goenv.toml", CONFIG);
    // Run outside any shell with the hook: allow says how to install it.
    let out = sb.goenvhook(&["allow"], &sb.path("p"));
    let err = text(&out.stderr);
    let lines: Vec<&str> = err.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("hook is not active"))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(
        lines[at + 1].starts_with("goenvhook:   ") && lines[at + 1].contains("goenvhook init"),
        "{err}"
    );
    assert!(!err.contains("\\x0a"), "{err}");
}

#[test]
fn show_dir_is_one_visible_line_tilde_dir_is_the_real_path() {
    use goenvhook::plan::{show_dir, tilde_dir};
    let home = Some(OsStr::new("/home/me"));
    let p = OsStr::new("/home/me/src/a\nb\x1b[2J");
    assert_eq!(show_dir(p, home), "~/src/a\\x0ab\\e[2J");
    assert_eq!(tilde_dir(p, home), "~/src/a\nb\x1b[2J");
    assert_eq!(show_dir(OsStr::new("/home/me"), home), "~");
    assert_eq!(show_dir(OsStr::new("/srv/p"), home), "/srv/p");
}
