//! `goenvhook watch` as an editor plugin runs it: a child process whose stdout lines are read with
//! a timeout, while other processes edit, allow and deny. Every logical change must give exactly
//! one line: each step checks that the next line is its own (an extra line would be read instead).

mod common;

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use common::{install_sdk, Sandbox, BIN};
use serde_json::{json, Value};

/// Generous: the machine is shared; a line normally arrives within milliseconds.
const WAIT: Duration = Duration::from_secs(30);

struct Watch {
    child: Child,
    lines: Receiver<String>,
}

/// `goenvhook watch --dir dir` in the sandbox's environment, stdout and stderr piped.
fn spawn(sb: &Sandbox, dir: &Path) -> Child {
    Command::new(BIN)
        .args(["watch", "--dir"])
        .arg(dir)
        .current_dir(&sb.root)
        .env_clear()
        .envs(sb.base_env())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

impl Watch {
    fn start(sb: &Sandbox, dir: &Path) -> Watch {
        let mut child = spawn(sb, dir);
        let out = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Watch { child, lines }
    }

    fn next(&self) -> Value {
        let line = self
            .lines
            .recv_timeout(WAIT)
            .unwrap_or_else(|e| panic!("no line from watch within {WAIT:?}: {e}"));
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("not JSON: {line}: {e}"))
    }

    /// Stops it with `signal` and returns its exit code and stderr.
    fn stop(self, signal: nix::sys::signal::Signal) -> (Option<i32>, String) {
        let pid = nix::unistd::Pid::from_raw(self.child.id() as i32);
        nix::sys::signal::kill(pid, signal).unwrap();
        exit_of(self.child)
    }
}

/// Waits (in a thread, with a timeout) for the child to exit.
fn exit_of(mut child: Child) -> (Option<i32>, String) {
    let mut err = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut err, &mut s).unwrap();
        let _ = tx.send((child.wait().unwrap().code(), s));
    });
    rx.recv_timeout(WAIT)
        .expect("watch did not exit after the signal")
}

/// An editor's save: the new content goes to a temporary file that is renamed over the target.
fn save(path: &Path, content: &str) {
    let tmp = path.with_file_name(format!(
        ".{}.tmp-save",
        path.file_name().unwrap().to_string_lossy()
    ));
    fs::write(&tmp, content).unwrap();
    fs::rename(&tmp, path).unwrap();
}

fn goenvhook(sb: &Sandbox, args: &[&str]) {
    let out = sb.goenvhook(args, &sb.root);
    assert!(
        out.status.success(),
        "goenvhook {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn s(p: &Path) -> String {
    p.to_str().unwrap().to_string()
}

const A: &str = "[env]\nGOPROXY = \"https://a.example.com\"\n";
const B: &str = "[env]\nGOPROXY = \"https://b.example.com\"\nGOFLAGS = [\"-mod=mod\"]\n";

#[test]
fn saves_deletes_allow_and_deny_give_one_line_each() {
    let sb = Sandbox::new();
    let proj = sb.mkdir("proj");
    let cfg = proj.join(".goenv.toml");
    let w = Watch::start(&sb, &proj);
    let nothing =
        json!({"dir": s(&proj), "config": null, "verdict": null, "error": null, "env": {}});
    assert_eq!(w.next(), nothing);

    // A save: one burst (temporary file, rename over, chmod) is one line.
    save(&cfg, A);
    fs::set_permissions(&cfg, std::os::unix::fs::PermissionsExt::from_mode(0o644)).unwrap();
    let l = w.next();
    assert_eq!(l["verdict"], "not allowed");
    assert_eq!(l["config"], s(&cfg));
    assert_eq!(l["env"], json!({}));
    assert!(
        l["error"].as_str().unwrap().contains("goenvhook allow"),
        "{l}"
    );

    goenvhook(&sb, &["allow", &s(&cfg)]);
    let a = json!({"dir": s(&proj), "config": s(&cfg), "verdict": "allowed", "error": null,
        "env": {"GOPROXY": "https://a.example.com"}});
    assert_eq!(w.next(), a);

    // Events that change nothing give no line: a touch, another file in the project, the same
    // bytes saved again. The next line is the next change's.
    let now = std::time::SystemTime::now();
    fs::File::options()
        .append(true)
        .open(&cfg)
        .unwrap()
        .set_modified(now)
        .unwrap();
    fs::write(proj.join("main.go"), "package main\n").unwrap();
    save(&cfg, A);
    save(&cfg, B);
    assert_eq!(w.next()["verdict"], "not allowed");
    goenvhook(&sb, &["allow", &s(&cfg)]);
    assert_eq!(
        w.next()["env"],
        json!({"GOPROXY": "https://b.example.com", "GOFLAGS": "-mod=mod"})
    );
    // Back to approved bytes, saved the way vim does with backupcopy=yes (a backup copy, the file
    // truncated and rewritten in place, the backup removed): one line, allowed again at once.
    let backup = proj.join(".goenv.toml~");
    fs::copy(&cfg, &backup).unwrap();
    {
        use std::io::Write;
        let mut f = fs::File::options()
            .write(true)
            .truncate(true)
            .open(&cfg)
            .unwrap();
        f.write_all(&A.as_bytes()[..10]).unwrap();
        f.write_all(&A.as_bytes()[10..]).unwrap();
        f.sync_all().unwrap();
    }
    fs::remove_file(&backup).unwrap();
    assert_eq!(w.next(), a);

    // Deleted, then created again.
    fs::remove_file(&cfg).unwrap();
    assert_eq!(w.next(), nothing);
    save(&cfg, A);
    assert_eq!(w.next(), a);

    // Deny and allow from another process.
    goenvhook(&sb, &["deny", &s(&cfg)]);
    let l = w.next();
    assert_eq!((&l["verdict"], &l["env"]), (&json!("denied"), &json!({})));
    goenvhook(&sb, &["allow", &s(&cfg)]);
    assert_eq!(w.next(), a);

    let (code, err) = w.stop(nix::sys::signal::Signal::SIGINT);
    assert_eq!(code, Some(0), "stderr: {err}");
    assert_eq!(err, "");
}

#[test]
fn parents_inheritance_and_a_renamed_directory() {
    let sb = Sandbox::new();
    let sub = sb.mkdir("mono/svc/pkg");
    let top = sb.path("mono/.goenv.toml");
    save(&top, A);
    goenvhook(&sb, &["allow", &s(&top)]);
    let w = Watch::start(&sb, &sub);
    assert_eq!(w.next()["env"], json!({"GOPROXY": "https://a.example.com"}));

    // A config created between the project and the directory: it is the nearest now.
    let mid = sb.path("mono/svc/.goenv.toml");
    save(&mid, "inherit = true\n[env]\nGOFLAGS = \"-v\"\n");
    let l = w.next();
    assert_eq!(
        (&l["verdict"], &l["config"]),
        (&json!("not allowed"), &json!(s(&mid)))
    );
    goenvhook(&sb, &["allow", &s(&mid)]);
    assert_eq!(
        w.next()["env"],
        json!({"GOPROXY": "https://a.example.com", "GOFLAGS": "-v"})
    );

    // The directory on the way renamed: D is gone, nothing applies; renamed back, it is seen.
    fs::rename(sb.path("mono/svc"), sb.path("mono/svc2")).unwrap();
    let l = w.next();
    assert_eq!(l["config"], s(&top), "{l}");
    assert_eq!(l["env"], json!({"GOPROXY": "https://a.example.com"}));
    fs::rename(sb.path("mono/svc2"), sb.path("mono/svc")).unwrap();
    assert_eq!(
        w.next()["env"],
        json!({"GOPROXY": "https://a.example.com", "GOFLAGS": "-v"})
    );
    // The inherited file edited: its new bytes are not approved, so the chain stops there.
    save(&top, B);
    let l = w.next();
    assert_eq!(
        (&l["verdict"], &l["env"]),
        (&json!("not allowed"), &json!({}))
    );
    assert!(
        l["error"].as_str().unwrap().contains("mono/.goenv.toml"),
        "{l}"
    );
    let (code, err) = w.stop(nix::sys::signal::Signal::SIGTERM);
    assert_eq!(code, Some(0), "stderr: {err}");
}

fn goroot(l: &Value) -> String {
    l["env"]["GOROOT"]
        .as_str()
        .unwrap_or_else(|| panic!("no GOROOT in {l}"))
        .to_string()
}

#[test]
fn gomod_edits_select_real_sdks() {
    let sb = Sandbox::new();
    let sdk = sb.home.join("sdk");
    install_sdk("1.22.10", &sdk.join("go1.22.10"));
    install_sdk("1.23.9", &sdk.join("go1.23.9"));
    let proj = sb.mkdir("proj");
    fs::write(proj.join("go.mod"), "module example.com/p\n\ngo 1.22\n").unwrap();
    save(&proj.join(".goenv.toml"), "go = \"go.mod\"\n");
    goenvhook(&sb, &["allow", &s(&proj.join(".goenv.toml"))]);
    let w = Watch::start(&sb, &proj);
    let l = w.next();
    assert_eq!(
        (l["verdict"].as_str(), goroot(&l)),
        (Some("allowed"), s(&sdk.join("go1.22.10")))
    );
    assert!(l["env"]["PATH"]
        .as_str()
        .unwrap()
        .starts_with(&s(&sdk.join("go1.22.10/bin"))));

    save(&proj.join("go.mod"), "module example.com/p\n\ngo 1.23.0\n");
    assert_eq!(goroot(&w.next()), s(&sdk.join("go1.23.9")));
    // An edit that selects the same SDK gives no line; the next line is the go.work's.
    save(
        &proj.join("go.mod"),
        "module example.com/p\n\n// a comment\ngo 1.23.1\n",
    );
    save(&proj.join("go.work"), "go 1.22.3\n\nuse .\n");
    assert_eq!(goroot(&w.next()), s(&sdk.join("go1.22.10")));
    fs::remove_file(proj.join("go.work")).unwrap();
    assert_eq!(goroot(&w.next()), s(&sdk.join("go1.23.9")));
    let (code, err) = w.stop(nix::sys::signal::Signal::SIGINT);
    assert_eq!((code, err.as_str()), (Some(0), ""));
}

/// Hard-links `src` into `dest` file by file in path order (directories created as needed), the
/// way an unpacker writes a tree, skipping what `hold` says; returns the paths held back.
fn unpack(src: &Path, dest: &Path, hold: &dyn Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut held = Vec::new();
    let mut stack = vec![PathBuf::new()];
    let mut files = Vec::new();
    while let Some(rel) = stack.pop() {
        let mut entries: Vec<_> = fs::read_dir(src.join(&rel))
            .unwrap()
            .map(|e| e.unwrap())
            .collect();
        entries.sort_by_key(|e| std::cmp::Reverse(e.file_name()));
        for e in entries {
            let r = rel.join(e.file_name());
            if e.file_type().unwrap().is_dir() {
                stack.push(r);
            } else {
                files.push(r);
            }
        }
    }
    files.sort();
    for rel in files {
        if hold(&rel) {
            held.push(rel);
            continue;
        }
        link(src, dest, &rel);
    }
    held
}

fn link(src: &Path, dest: &Path, rel: &Path) {
    let to = dest.join(rel);
    fs::create_dir_all(to.parent().unwrap()).unwrap();
    let from = src.join(rel);
    if fs::symlink_metadata(&from)
        .unwrap()
        .file_type()
        .is_symlink()
    {
        std::os::unix::fs::symlink(fs::read_link(&from).unwrap(), &to).unwrap();
    } else {
        fs::hard_link(&from, &to).unwrap();
    }
}

#[test]
fn an_sdk_unpacked_file_by_file_gives_one_line_when_complete() {
    let sb = Sandbox::new();
    let sdk = sb.home.join("sdk");
    install_sdk("1.22.10", &sdk.join("go1.22.10"));
    let proj = sb.mkdir("proj");
    let cfg = proj.join(".goenv.toml");
    save(&cfg, "go = \"1.23\"\n");
    goenvhook(&sb, &["allow", &s(&cfg)]);
    let w = Watch::start(&sb, &proj);
    // go1.23 is not installed: go1.22.10 fetches it.
    let before = w.next();
    assert_eq!(goroot(&before), s(&sdk.join("go1.22.10")));
    assert!(before["env"]["GOTOOLCHAIN"].is_string(), "{before}");

    // Everything but pkg/tool: not an SDK yet, so no line. The next line is the sentinel's (a
    // deny), and after allowing again the selection is unchanged.
    let src = common::go_sdks().join("go1.23.9");
    let dest = sdk.join("go1.23.9");
    let held = unpack(&src, &dest, &|rel| rel.starts_with("pkg/tool"));
    assert!(!held.is_empty());
    assert!(dest.join("bin/go").is_file() && dest.join("VERSION").is_file());
    goenvhook(&sb, &["deny", &s(&cfg)]);
    assert_eq!(w.next()["verdict"], "denied");
    goenvhook(&sb, &["allow", &s(&cfg)]);
    assert_eq!(w.next(), before);

    // The rest, file by file: one line, for the complete SDK.
    for rel in &held {
        link(&src, &dest, rel);
    }
    let l = w.next();
    assert_eq!(goroot(&l), s(&dest));
    assert!(l["env"].get("GOTOOLCHAIN").is_none(), "{l}");
    goenvhook(&sb, &["deny", &s(&cfg)]);
    assert_eq!(w.next()["verdict"], "denied");

    // The SDK removed: back to go1.22.10.
    goenvhook(&sb, &["allow", &s(&cfg)]);
    assert_eq!(goroot(&w.next()), s(&dest));
    fs::remove_dir_all(&dest).unwrap();
    assert_eq!(w.next(), before);
    let (code, err) = w.stop(nix::sys::signal::Signal::SIGINT);
    assert_eq!((code, err.as_str()), (Some(0), ""));
}

#[test]
fn trust_store_and_global_config_created_later() {
    // Neither the trust store nor the global config exists when the watch starts.
    let sb = Sandbox::new();
    let proj = sb.mkdir("proj");
    let cfg = proj.join(".goenv.toml");
    save(&cfg, A);
    let w = Watch::start(&sb, &proj);
    assert_eq!(w.next()["verdict"], "not allowed");
    // A trusted prefix in a new global config.
    let global = sb.path("xdg/config/goenvhook/config.toml");
    fs::create_dir_all(global.parent().unwrap()).unwrap();
    save(&global, &format!("prefixes = [{:?}]\n", s(&sb.root)));
    assert_eq!(w.next()["verdict"], "allowed");
    // A broken config is a line too, with the error at file:line:col.
    save(&cfg, "[env]\nGOPRVATE = \"x\"\n");
    let l = w.next();
    assert_eq!((&l["verdict"], &l["env"]), (&json!("error"), &json!({})));
    let e = l["error"].as_str().unwrap();
    assert!(
        e.contains(&format!("{}:2:1", s(&cfg))) && e.contains("GOPRIVATE"),
        "{e}"
    );
    save(&cfg, A);
    assert_eq!(w.next()["verdict"], "allowed");
    fs::remove_file(&global).unwrap();
    assert_eq!(w.next()["verdict"], "not allowed");
    goenvhook(&sb, &["allow", &s(&cfg)]);
    assert_eq!(w.next()["verdict"], "allowed");
    let (code, _) = w.stop(nix::sys::signal::Signal::SIGHUP);
    assert_eq!(code, Some(0));
}

#[test]
fn a_closed_stdout_ends_the_watch() {
    let sb = Sandbox::new();
    let proj = sb.mkdir("proj");
    let mut child = spawn(&sb, &proj);
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    assert!(first.starts_with('{'), "{first}");
    // The reader goes away (an editor quit) and nothing changes on disk: it exits anyway.
    drop(out);
    let (code, err) = exit_of(child);
    assert_eq!((code, err.as_str()), (Some(0), ""));
}

#[test]
fn a_directory_that_does_not_exist_is_an_error() {
    let sb = Sandbox::new();
    let out = sb.goenvhook(&["watch", "--dir", "nope"], &sb.root);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("could not resolve --dir nope"));
}

#[test]
fn status_json_tells_what_the_project_sets_from_outside_any_shell() {
    let sb = Sandbox::new();
    let sdk = sb.home.join("sdk/go1.22.10");
    install_sdk("1.22.10", &sdk);
    let proj = sb.mkdir("proj");
    let cfg = proj.join(".goenv.toml");
    save(&cfg, "go = \"1.22\"\n[env]\nGOFLAGS = [\"-mod=mod\"]\n");
    // Not allowed yet: the verdict and why, nothing set.
    let status = |dir: &Path| -> Value {
        let out = sb.goenvhook(&["status", "--json"], dir);
        assert!(out.status.success());
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let v = status(&proj);
    assert_eq!(v["project"]["verdict"], "not allowed");
    assert_eq!(v["project"]["env"], json!({}));
    goenvhook(&sb, &["allow", &s(&cfg)]);
    // No shell has it loaded (an editor asking): what loading it would set.
    let v = status(&sb.mkdir("proj/sub"));
    assert_eq!(v["loaded"], Value::Null);
    assert_eq!(v["project"]["config"], s(&cfg));
    assert_eq!(v["project"]["verdict"], "allowed");
    assert_eq!(v["project"]["env"]["GOROOT"], s(&sdk));
    assert_eq!(v["project"]["env"]["GOFLAGS"], "-mod=mod");
    // From a shell that has it loaded, the same answer.
    let r = sb.run(
        "bash",
        &[
            common::Step::Cd("proj"),
            common::Step::Prompt,
            common::Step::Run(&format!("{BIN} status --json")),
        ],
    );
    let line = r.stdout.lines().find(|l| l.starts_with('{')).unwrap();
    let inside: Value = serde_json::from_str(line).unwrap();
    assert_eq!(inside["loaded"], s(&proj));
    // (The shell's PATH has goenvhook's directory too; the project's bin is in front once.)
    let env = &inside["project"]["env"];
    assert_eq!(
        (&env["GOROOT"], &env["GOFLAGS"]),
        (
            &v["project"]["env"]["GOROOT"],
            &v["project"]["env"]["GOFLAGS"]
        )
    );
    let bindir = Path::new(BIN).parent().unwrap();
    assert_eq!(
        env["PATH"],
        format!(
            "{}:{}:/usr/local/bin:/usr/bin:/bin",
            s(&sdk.join("bin")),
            s(bindir)
        ),
        "{line}"
    );
}
