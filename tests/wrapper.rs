//! shell/goenvhook-exec, the wrapper for editors that take a path to `go` or `gopls`: it runs the
//! real tool from the project's SDK with the project's environment, and never finds itself again.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::mpsc;
use std::time::Duration;

use common::{install_sdk, Sandbox, BIN};

fn wrapper() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("shell/goenvhook-exec")
}

/// Runs `prog args` in `cwd` with the sandbox environment and `path` as PATH; a wrapper that
/// found itself again would never end, so the wait has a (generous) limit.
fn run(sb: &Sandbox, prog: &Path, args: &[&str], cwd: &Path, path: &str) -> Output {
    let mut cmd = Command::new(prog);
    cmd.args(args)
        .current_dir(cwd)
        .env_clear()
        .envs(sb.base_env())
        .env("PATH", path);
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(cmd.output().unwrap());
    });
    rx.recv_timeout(Duration::from_secs(60))
        .expect("the wrapper did not finish")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn the_wrapper_runs_the_projects_go_with_its_environment() {
    let sb = Sandbox::new();
    let sdk = sb.home.join("sdk/go1.22.10");
    install_sdk("1.22.10", &sdk);
    install_sdk("1.23.9", &sb.home.join("sdk/go1.23.9"));
    sb.write(
        "proj/.goenv.toml",
        "go = \"1.22\"\n[env]\nGOFLAGS = [\"-mod=mod\", \"-trimpath\"]\n",
    );
    sb.allow("proj/.goenv.toml");
    let proj = sb.path("proj");
    // An editor's tool directory: `go` and `goenvhook-go` are links to the wrapper, and it comes
    // first on PATH, so a plain lookup of `go` finds the wrapper again.
    let tools = sb.mkdir("tools");
    std::os::unix::fs::symlink(wrapper(), tools.join("go")).unwrap();
    std::os::unix::fs::symlink(wrapper(), tools.join("goenvhook-go")).unwrap();
    let bindir = Path::new(BIN).parent().unwrap();
    let path = format!("{}:{}:/usr/bin:/bin", tools.display(), bindir.display());
    let want = format!("{}\n-mod=mod -trimpath\n", sdk.display());

    for (prog, args) in [
        (tools.join("go"), vec!["env", "GOROOT", "GOFLAGS"]),
        (tools.join("goenvhook-go"), vec!["env", "GOROOT", "GOFLAGS"]),
        (wrapper(), vec!["go", "env", "GOROOT", "GOFLAGS"]),
    ] {
        let out = run(&sb, &prog, &args, &proj, &path);
        assert!(out.status.success(), "{}: {}", prog.display(), text(&out.stderr));
        assert_eq!(text(&out.stdout), want, "{}", prog.display());
        assert_eq!(text(&out.stderr), "");
    }
    let out = run(&sb, &tools.join("go"), &["version"], &proj, &path);
    assert!(text(&out.stdout).starts_with("go version go1.22.10 "), "{}", text(&out.stdout));

    // From a subdirectory too (editors start tools in the workspace folder or a package).
    let sub = sb.mkdir("proj/internal/x");
    let out = run(&sb, &tools.join("go"), &["env", "GOROOT"], &sub, &path);
    assert_eq!(text(&out.stdout), format!("{}\n", sdk.display()));

    // A project that selects no toolchain, on a PATH with no other go: the wrapper does not find
    // itself; the tool is simply not found.
    sb.write("plain/.goenv.toml", "[env]\nGOFLAGS = \"-v\"\n");
    sb.allow("plain/.goenv.toml");
    let out = run(&sb, &tools.join("go"), &["version"], &sb.path("plain"), &path);
    assert_eq!(out.status.code(), Some(127), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("could not run go"), "{}", text(&out.stderr));
}

#[test]
fn the_wrapper_needs_a_tool_and_refuses_a_project_not_allowed() {
    let sb = Sandbox::new();
    let bindir = Path::new(BIN).parent().unwrap();
    let path = format!("{}:/usr/bin:/bin", bindir.display());
    let out = run(&sb, &wrapper(), &[], &sb.root, &path);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("usage: goenvhook-exec TOOL"));
    sb.write("proj/.goenv.toml", "[env]\nGOFLAGS = \"-v\"\n");
    let out = run(&sb, &wrapper(), &["true"], &sb.path("proj"), &path);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("is not allowed"), "{}", text(&out.stderr));
}
