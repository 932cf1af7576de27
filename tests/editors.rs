//! The editor and CI paths of docs/editors-and-ci.md, run for real as far as this machine allows:
//! shell/goenvhook-exec (the wrapper for editors that take a path to `go` or `gopls`: it runs the
//! real tool from the project's SDK with the project's environment and never finds itself again),
//! and the CI, Makefile and direnv recipes with a real go.

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
        assert!(
            out.status.success(),
            "{}: {}",
            prog.display(),
            text(&out.stderr)
        );
        assert_eq!(text(&out.stdout), want, "{}", prog.display());
        assert_eq!(text(&out.stderr), "");
    }
    let out = run(&sb, &tools.join("go"), &["version"], &proj, &path);
    assert!(
        text(&out.stdout).starts_with("go version go1.22.10 "),
        "{}",
        text(&out.stdout)
    );

    // From a subdirectory too (editors start tools in the workspace folder or a package).
    let sub = sb.mkdir("proj/internal/x");
    let out = run(&sb, &tools.join("go"), &["env", "GOROOT"], &sub, &path);
    assert_eq!(text(&out.stdout), format!("{}\n", sdk.display()));

    // A project that selects no toolchain, on a PATH with no other go: the wrapper does not find
    // itself; the tool is simply not found.
    sb.write("plain/.goenv.toml", "[env]\nGOFLAGS = \"-v\"\n");
    sb.allow("plain/.goenv.toml");
    let out = run(
        &sb,
        &tools.join("go"),
        &["version"],
        &sb.path("plain"),
        &path,
    );
    assert_eq!(out.status.code(), Some(127), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("could not run go"),
        "{}",
        text(&out.stderr)
    );
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
    assert!(
        text(&out.stderr).contains("is not allowed"),
        "{}",
        text(&out.stderr)
    );
}

/// A project selecting a real go1.22.10 with GOFLAGS, allowed; returns (sandbox, project, GOROOT).
fn go_project() -> (Sandbox, PathBuf, PathBuf) {
    let sb = Sandbox::new();
    let sdk = sb.home.join("sdk/go1.22.10");
    install_sdk("1.22.10", &sdk);
    sb.write(
        "proj/.goenv.toml",
        "go = \"1.22\"\n[env]\nGOFLAGS = [\"-mod=mod\"]\nGOPRIVATE = \"git.corp.example.com\"\n",
    );
    sb.allow("proj/.goenv.toml");
    let proj = sb.path("proj");
    (sb, proj, sdk)
}

fn bash(sb: &Sandbox, script: &str, cwd: &Path, env: &[(&str, &str)]) -> Output {
    let bindir = Path::new(BIN).parent().unwrap();
    let mut cmd = Command::new("bash");
    cmd.args(["-c", script])
        .current_dir(cwd)
        .env_clear()
        .envs(sb.base_env())
        .env(
            "PATH",
            format!("{}:/usr/local/bin:/usr/bin:/bin", bindir.display()),
        );
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

const SHOW: &str = "go env GOROOT GOFLAGS GOPRIVATE";

/// The body of the GitHub Actions `- run: |` step in docs/editors-and-ci.md whose script holds
/// every one of `needles`, as the runner's bash receives it (the step's indentation removed).
fn github_step(needles: &[&str]) -> String {
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/editors-and-ci.md"
    ))
    .unwrap();
    let steps: Vec<String> = doc
        .split("\n- run: |\n")
        .skip(1)
        .map(|s| {
            s.lines()
                .take_while(|l| l.starts_with("    "))
                .map(|l| &l[4..])
                .collect::<Vec<_>>()
                .join("\n")
        })
        .filter(|s| needles.iter().all(|n| s.contains(n)))
        .collect();
    assert_eq!(
        steps.len(),
        1,
        "docs/editors-and-ci.md should have one GitHub Actions `- run: |` step with {needles:?}: {steps:?}"
    );
    steps.into_iter().next().unwrap()
}

#[test]
fn ci_recipes_give_later_steps_the_projects_go() {
    let (sb, proj, sdk) = go_project();
    let want = format!("{}\n-mod=mod\ngit.corp.example.com\n", sdk.display());

    // GitLab CI: one shell runs the script lines in turn.
    let out = bash(
        &sb,
        &format!("eval \"$(goenvhook export bash)\"\n{SHOW}"),
        &proj,
        &[],
    );
    assert_eq!(text(&out.stdout), want, "{}", text(&out.stderr));

    // GitHub Actions, every later bash step: BASH_ENV names a file each one sources first.
    let tmp = sb.mkdir("runner-temp");
    let step = github_step(&["BASH_ENV", "GITHUB_ENV"]);
    let github_env = tmp.join("github_env");
    let envs = [
        ("RUNNER_TEMP", tmp.to_str().unwrap()),
        ("GITHUB_ENV", github_env.to_str().unwrap()),
    ];
    let out = bash(&sb, &step, &proj, &envs);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let line = std::fs::read_to_string(&github_env).unwrap();
    let bash_env = line.trim().strip_prefix("BASH_ENV=").unwrap();
    let out = bash(&sb, SHOW, &proj, &[("BASH_ENV", bash_env)]);
    assert_eq!(text(&out.stdout), want, "{}", text(&out.stderr));

    // GitHub Actions, $GITHUB_ENV entries from export json in the runner's multi-line form
    // (NAME<<DELIMITER, the value, DELIMITER), so a value holding a newline cannot add a line of
    // its own: NOTE's second line would otherwise set EVIL.
    std::fs::write(
        proj.join(".goenv.local.toml"),
        "[env]\nNOTE = \"a\\nEVIL=1\"\n",
    )
    .unwrap();
    sb.allow("proj/.goenv.local.toml");
    let step = github_step(&["GITHUB_ENV", "<<"]);
    let github_env = tmp.join("github_env2");
    let out = bash(
        &sb,
        &step,
        &proj,
        &[("GITHUB_ENV", github_env.to_str().unwrap())],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let lines = std::fs::read_to_string(&github_env).unwrap();
    let mut cmd = Command::new("go");
    cmd.args(["env", "GOROOT", "GOFLAGS", "GOPRIVATE"])
        .current_dir(&proj)
        .env_clear()
        .envs(sb.base_env());
    // As the runner reads the file: NAME=value, or NAME<<DELIMITER up to a line DELIMITER.
    let mut set = std::collections::BTreeMap::new();
    let mut it = lines.lines();
    while let Some(l) = it.next() {
        match (l.find('='), l.find("<<")) {
            (Some(eq), heredoc) if heredoc.is_none_or(|h| eq < h) => {
                set.insert(l[..eq].to_string(), l[eq + 1..].to_string());
            }
            (_, Some(h)) => {
                let delim = &l[h + 2..];
                let value: Vec<&str> = it.by_ref().take_while(|v| *v != delim).collect();
                set.insert(l[..h].to_string(), value.join("\n"));
            }
            _ => panic!("a line the runner refuses: {l:?}\n{lines}"),
        }
    }
    assert_eq!(
        set.get("NOTE").map(String::as_str),
        Some("a\nEVIL=1"),
        "{lines}"
    );
    assert!(!set.contains_key("EVIL"), "{lines}");
    cmd.envs(&set);
    assert_eq!(text(&cmd.output().unwrap().stdout), want, "{lines}");
}

#[test]
fn makefile_and_direnv_recipes() {
    let (sb, proj, sdk) = go_project();
    let want = format!("{}\n-mod=mod\ngit.corp.example.com\n", sdk.display());
    // A Makefile whose recipes all run with the project's environment.
    std::fs::write(
        proj.join("Makefile"),
        format!("SHELL := goenvhook\n.SHELLFLAGS := exec -- /bin/sh -c\n\nshow:\n\t@{SHOW}\n"),
    )
    .unwrap();
    let out = bash(&sb, "make -s show", &proj, &[]);
    assert_eq!(text(&out.stdout), want, "{}", text(&out.stderr));

    // direnv users keeping direnv: the .envrc applies goenvhook's environment.
    std::fs::write(
        proj.join(".envrc"),
        "watch_file .goenv.toml\neval \"$(goenvhook export bash)\"\n",
    )
    .unwrap();
    let out = bash(
        &sb,
        &format!("direnv allow . && direnv exec . {SHOW}"),
        &proj,
        &[],
    );
    assert_eq!(text(&out.stdout), want, "{}", text(&out.stderr));
}
