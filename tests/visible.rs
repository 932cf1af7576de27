//! Security: nothing goenvhook writes for a person lets a path, a name or a value drive the
//! terminal. A directory named with escape sequences (set the title, clear the screen) is shown
//! with its control characters made visible, by the hook in bash, zsh and fish and by `allow`,
//! `status`, `doctor`, `list` and `prompt`; JSON output keeps the real name.

mod common;

use std::os::unix::ffi::OsStrExt;

use common::{Sandbox, Step, SHELLS};

/// Sets the terminal title to PWNED, then clears the screen.
const NAME: &str = "x\x1b]2;PWNED\x07\x1b[2J";
const SHOWN: &str = "x\\e]2;PWNED\\x07\\e[2J";

fn raw_controls(bytes: &[u8]) -> bool {
    bytes.iter().any(|b| *b == 0x1b || *b == 0x07)
}

#[test]
fn the_hook_shows_an_escape_in_a_directory_name_in_every_shell() {
    for sh in SHELLS {
        let sb = Sandbox::new();
        let dir = sb.path(&format!("repo/{NAME}"));
        sb.write(
            &format!("repo/{NAME}/.goenv.toml"),
            "[env]\nGOPROXY = \"off\"\n",
        );
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
    sb.write(&format!("{rel}/.goenv.toml"), "[env]\nGOPROXY = \"off\"\n");
    let dir = sb.path(&rel);
    for args in [
        &["allow"][..],
        &["status"],
        &["doctor"],
        &["list"],
        &["deny"],
        &["allow"],
    ] {
        let out = sb.goenvhook(args, &dir);
        assert!(
            !raw_controls(&out.stdout) && !raw_controls(&out.stderr),
            "{args:?}: {:?}{:?}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        if args != ["list"] {
            let all = [out.stdout, out.stderr].concat();
            assert!(
                String::from_utf8_lossy(&all).contains(SHOWN),
                "{args:?}: {}",
                String::from_utf8_lossy(&all)
            );
        }
    }
    let out = sb.goenvhook(&["status", "--json"], &dir);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let dir_json = v["project"]["dir"].as_str().unwrap();
    assert_eq!(dir_json.as_bytes(), dir.as_os_str().as_bytes());
}

#[test]
fn a_prompt_segment_shows_it() {
    let sb = Sandbox::new();
    let rel = format!("repo/{NAME}");
    sb.write(&format!("{rel}/.goenv.toml"), "[env]\nGOPROXY = \"off\"\n");
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
    assert!(r.stdout.contains(&format!("[{SHOWN}|")), "{:?}", r.stdout);
}
