//! `goenvhook edit` with a scripted EDITOR: a small sh script that, on its n-th run, keeps a copy
//! of what it was opened on and saves the n-th prepared content (or nothing, if there is none).

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::{Sandbox, BIN};

/// The editor lives in a directory with a space and takes an option first, like `code --wait`:
/// $EDITOR is split into words the way a shell would.
fn editor(sb: &Sandbox, steps: &[Option<&str>]) -> (String, PathBuf) {
    let dir = sb.mkdir("my editor");
    for (i, s) in steps.iter().enumerate() {
        if let Some(s) = s {
            fs::write(dir.join(format!("step{}", i + 1)), s).unwrap();
        }
    }
    let script = dir.join("edit.sh");
    fs::write(
        &script,
        r#"#!/bin/sh
[ "$1" = --wait ] || exit 9
for f; do :; done
dir=$(dirname "$0")
n=$(($(cat "$dir/count" 2>/dev/null || echo 0) + 1))
echo "$n" >"$dir/count"
cp "$f" "$dir/seen$n"
if [ -f "$dir/step$n" ]; then
  cp "$dir/step$n" "$f.tmp" && mv "$f.tmp" "$f"
fi
"#,
    )
    .unwrap();
    fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    (format!("'{}' --wait", script.display()), dir)
}

fn edit(sb: &Sandbox, editor: &str, cwd: &Path) -> Output {
    Command::new(BIN)
        .arg("edit")
        .current_dir(cwd)
        .env_clear()
        .envs(sb.base_env())
        .env("EDITOR", editor)
        .env("GOPROXY", "https://goproxy.cn,direct")
        .env("GOPRIVATE", "git.corp.example.com")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// What the project gives a command, or the error when it gives nothing.
fn project_goproxy(sb: &Sandbox, dir: &Path) -> Result<String, String> {
    let out = sb.goenvhook(&["exec", "--", "printenv", "GOPROXY"], dir);
    if out.status.success() {
        Ok(text(&out.stdout).trim().to_string())
    } else {
        Err(text(&out.stderr))
    }
}

fn trust_records(sb: &Sandbox) -> usize {
    fs::read_dir(sb.path("xdg/data/goenvhook/trust")).map_or(0, |d| d.count())
}

const GOOD: &str = "[env]\nGOPROXY = \"https://proxy.corp.example.com\"\n";

#[test]
fn a_new_config_from_the_template_is_approved_on_save() {
    let sb = Sandbox::new();
    let proj = sb.mkdir("proj");
    fs::write(proj.join("go.mod"), "module example.com/p\n\ngo 1.22.3\n").unwrap();
    let (ed, dir) = editor(&sb, &[Some(GOOD)]);
    let out = edit(&sb, &ed, &proj);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // The template it opened: the go.mod's version and the current GOPROXY and GOPRIVATE.
    let seen = fs::read_to_string(dir.join("seen1")).unwrap();
    assert!(
        seen.contains("# go = \"go.mod\"   # follows go.mod: go 1.22.3"),
        "{seen}"
    );
    assert!(seen.contains("# GOPROXY = \"https://goproxy.cn,direct\"   # as set now"));
    assert!(seen.contains("# GOPRIVATE = \"git.corp.example.com\"   # as set now"));
    // The same review allow shows, and approved.
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with(&format!("allowed {}", proj.join(".goenv.toml").display())),
        "{stdout}"
    );
    assert!(stdout.contains("  set       GOPROXY=\"https://proxy.corp.example.com\""));
    assert_eq!(fs::read_to_string(proj.join(".goenv.toml")).unwrap(), GOOD);
    assert_eq!(
        project_goproxy(&sb, &proj).unwrap(),
        "https://proxy.corp.example.com"
    );
}

#[test]
fn an_invalid_save_is_kept_and_not_approved_then_fixed() {
    let sb = Sandbox::new();
    let proj = sb.mkdir("proj");
    let bad = "[env]\nGOPRVATE = \"git.corp.example.com\"\n";
    let (ed, _) = editor(&sb, &[Some(bad), Some(GOOD)]);
    // stdin is not a terminal: no question, a non-zero exit, the file as written.
    let out = edit(&sb, &ed, &proj);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    let cfg = proj.join(".goenv.toml");
    assert!(
        err.contains(&format!(
            "{}:2:1: unknown variable GOPRVATE; did you mean GOPRIVATE?",
            cfg.display()
        )),
        "{err}"
    );
    assert!(err.contains("kept as written"), "{err}");
    assert!(!err.contains("[Y/n]"));
    assert_eq!(fs::read_to_string(&cfg).unwrap(), bad);
    assert!(project_goproxy(&sb, &proj)
        .unwrap_err()
        .contains("not allowed"));
    // Edited again and fixed: approved.
    let out = edit(&sb, &ed, &proj);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        project_goproxy(&sb, &proj).unwrap(),
        "https://proxy.corp.example.com"
    );
}

#[test]
fn on_a_terminal_an_invalid_save_offers_to_reopen() {
    // `script` gives goenvhook a pseudo-terminal; "y" answers the question.
    let sb = Sandbox::new();
    let proj = sb.mkdir("proj");
    let (ed, dir) = editor(&sb, &[Some("go = 1.22\n"), Some(GOOD)]);
    let cmd = format!("'{BIN}' edit");
    let mut child = Command::new("script")
        .args(["-q", "-e", "-c", &cmd, "/dev/null"])
        .current_dir(&proj)
        .env_clear()
        .envs(sb.base_env())
        .env("EDITOR", &ed)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.as_mut().unwrap().write_all(b"y\n").unwrap();
    let out = child.wait_with_output().unwrap();
    let all = text(&out.stdout);
    assert!(out.status.success(), "{all}");
    assert!(all.contains(".goenv.toml:1:6:"), "{all}");
    assert!(all.contains("re-open the editor to fix it? [Y/n]"), "{all}");
    assert_eq!(fs::read_to_string(dir.join("count")).unwrap().trim(), "2");
    assert!(all.contains("allowed "), "{all}");
    assert_eq!(
        project_goproxy(&sb, &proj).unwrap(),
        "https://proxy.corp.example.com"
    );
}

#[test]
fn an_unchanged_save_approves_nothing_new() {
    let sb = Sandbox::new();
    let proj = sb.mkdir("proj");
    // A new template saved as it is: not left behind.
    let (ed, _) = editor(&sb, &[None]);
    let out = edit(&sb, &ed, &proj);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("no changes"),
        "{}",
        text(&out.stderr)
    );
    assert!(!proj.join(".goenv.toml").exists());
    assert_eq!(trust_records(&sb), 0);

    // An existing config nobody approved: still not approved.
    let cfg = proj.join(".goenv.toml");
    fs::write(&cfg, GOOD).unwrap();
    fs::remove_file(sb.path("my editor/count")).unwrap();
    let out = edit(&sb, &ed, &proj);
    assert!(out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("nothing new approved (it is not allowed"),
        "{err}"
    );
    assert_eq!(trust_records(&sb), 0);
    assert!(project_goproxy(&sb, &proj).is_err());

    // An approved one opened from a subdirectory and saved unchanged: it stays allowed, and no
    // record is written.
    sb.allow("proj/.goenv.toml");
    let records = trust_records(&sb);
    let sub = sb.mkdir("proj/sub");
    fs::remove_file(sb.path("my editor/count")).unwrap();
    let out = edit(&sb, &ed, &sub);
    assert!(
        text(&out.stderr).contains("it stays allowed"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(text(&out.stdout), "");
    assert_eq!(trust_records(&sb), records);
    assert_eq!(
        fs::read_to_string(sb.path("my editor/seen1")).unwrap(),
        GOOD
    );
}

#[test]
fn an_editor_that_fails_approves_nothing() {
    let sb = Sandbox::new();
    let proj = sb.mkdir("proj");
    let out = edit(&sb, "false", &proj);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("the editor false exited with"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(trust_records(&sb), 0);
    assert!(
        !proj.join(".goenv.toml").exists(),
        "the untouched template is removed"
    );
}
