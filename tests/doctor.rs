//! `goenvhook doctor`: each check family meets the broken situation it is for, built for real in an
//! isolated HOME with real Go releases, and names it with its fix; a healthy setup is all ok and
//! `--run-go` agrees with the real `go env -json`.

mod common;

use std::fs;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;

use common::doctor::{doctor, parse, Report};
use common::{install_sdk, Sandbox, Step};

/// Runs doctor as the last command of a real bash with the hook, after `steps`.
fn doctor_in_bash(sb: &Sandbox, steps: &[Step], args: &str) -> Report {
    let mut all: Vec<Step> = Vec::new();
    for s in steps {
        all.push(match s {
            Step::Cd(d) => Step::Cd(d),
            Step::Prompt => Step::Prompt,
            Step::Run(c) => Step::Run(c),
            _ => unreachable!("only cd, prompt and run are used here"),
        });
    }
    let cmd = format!("echo '#json'; goenvhook doctor --json {args}; echo \"#code $?\"");
    all.push(Step::Run(&cmd));
    let run = sb.run("bash", &all);
    let json = run
        .stdout
        .split("#json\n")
        .nth(1)
        .unwrap_or_else(|| panic!("no doctor output:\n{}\n{}", run.stdout, run.stderr));
    let (json, code) = json.rsplit_once("#code ").unwrap();
    parse(json, code.trim().parse().unwrap(), &run.stderr)
}

fn path_of(dirs: &[&Path]) -> String {
    let mut v: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
    v.push("/usr/local/bin:/usr/bin:/bin".into());
    v.join(":")
}

/// A sandbox with go1.23.9 and go1.22.10 installed the golang.org/dl way.
fn with_sdks() -> (Sandbox, PathBuf, PathBuf) {
    let sb = Sandbox::new();
    let new = sb.home.join("sdk/go1.23.9");
    let old = sb.home.join("sdk/go1.22.10");
    install_sdk("1.23.9", &new);
    install_sdk("1.22.10", &old);
    (sb, new, old)
}

/// `go version` in the real bash, zsh and fish with this PATH runs `release`: what the shells
/// do with the go entries doctor is about to judge.
fn every_shell_runs(sb: &Sandbox, path: &str, release: &str) {
    for sh in common::SHELLS {
        let out = Command::new(sh)
            .args(["-c", "go version"])
            .env_clear()
            .env("PATH", path)
            .env("HOME", &sb.home)
            .env("GOTOOLCHAIN", "local")
            .output()
            .unwrap();
        assert!(
            String::from_utf8_lossy(&out.stdout).contains(release),
            "{sh}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

fn write_mode(p: &Path, text: &str, mode: u32) {
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
    fs::set_permissions(p, fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn healthy_setup_is_all_ok_and_go_env_agrees() {
    let (sb, new, _) = with_sdks();
    sb.write(
        "proj/.goenv.toml",
        "go = \"1.23\"\n[env]\nGOFLAGS = [\"-mod=mod\"]\n",
    );
    sb.write("proj/go.mod", "module example.com/p\n\ngo 1.23.0\n");
    sb.allow("proj/.goenv.toml");
    write_mode(
        &sb.home.join(".bashrc"),
        &format!("eval \"$({} init bash)\"\n", common::BIN),
        0o644,
    );
    // A real bash with the hook, in the loaded project, with ~/go/bin on PATH.
    let r = doctor_in_bash(
        &sb,
        &[
            Step::Run("export PATH=$HOME/go/bin:$PATH"),
            Step::Prompt,
            Step::Cd("proj"),
            Step::Prompt,
        ],
        "--run-go",
    );
    assert!(r.problems().is_empty(), "a healthy setup:\n{}", r.raw);
    assert_eq!(r.code, 0);
    r.one("hook.active", "ok", "active in this shell");
    r.one("project.config", "ok", "selects go1.23.9");
    r.one("path.first", "ok", "go1.23.9");
    r.one("goroot.tree", "ok", "go1.23.9");
    r.one("hook.binary", "ok", ".bashrc:1");
    r.one("versions.gomod", "ok", "go1.23.9 satisfies");
    let agree = r.one("rungo.diff", "ok", "agrees");
    for v in [
        "GOROOT",
        "GOPATH",
        "GOPROXY",
        "GOFLAGS",
        "GOTOOLCHAIN",
        "GOMODCACHE",
        "GOVERSION",
    ] {
        assert!(agree.message.contains(v), "{v} compared: {}", agree.message);
    }

    // Outside a shell (a script, CI), doctor applies the project as goenvhook exec does: the same
    // verdict; the hook is installed in ~/.bashrc, so that it does not run here is no problem.
    let gobin = sb.home.join("go/bin");
    let r = doctor(
        &sb,
        &sb.path("proj"),
        &[("PATH", path_of(&[&gobin]))],
        &["--run-go"],
    );
    let problems: Vec<&str> = r.problems().iter().map(|f| f.id.as_str()).collect();
    assert!(problems.is_empty(), "{}", r.raw);
    r.one("hook.active", "ok", "installed");
    r.one(
        "path.first",
        "ok",
        &new.join("bin/go")
            .display()
            .to_string()
            .replace(&sb.home.display().to_string(), "~"),
    );
    r.one("rungo.diff", "ok", "agrees");

    text_report_is_the_same(&sb, &gobin);
}

/// The text report: the same findings, no colour when stdout is not a terminal.
fn text_report_is_the_same(sb: &Sandbox, gobin: &Path) {
    let out = Command::new(common::BIN)
        .arg("doctor")
        .current_dir(sb.path("proj"))
        .env_clear()
        .envs(sb.base_env())
        .env("PATH", path_of(&[gobin]))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("ok    path.first"), "{text}");
    assert!(text.contains(" 0 warn, 0 error"), "{text}");
    assert!(!text.contains('\x1b'), "no colour off a terminal: {text}");
}

#[test]
fn another_go_put_ahead_after_the_hook_loaded() {
    let (sb, _, old) = with_sdks();
    sb.write("proj/.goenv.toml", "go = \"1.23\"\n");
    sb.allow("proj/.goenv.toml");
    let put = format!("export PATH={}/bin:$PATH", old.display());
    let r = doctor_in_bash(
        &sb,
        // Before the next prompt (which puts the selected Go back in front).
        &[Step::Cd("proj"), Step::Prompt, Step::Run(&put)],
        "",
    );
    let f = r.one("path.distro", "error", "go1.22.10");
    assert!(
        f.fix.starts_with("export PATH=")
            && f.fix.contains("/sdk/go1.23.9/bin:\"$PATH\"")
            && f.fix.contains("prepends ~/sdk/go1.22.10/bin"),
        "{f:?}"
    );
    r.one("path.first", "error", "not the selected go1.23.9");
    assert_eq!(r.code, 1);
}

#[test]
fn dangling_go_links_on_path() {
    let sb = Sandbox::new();
    // An old /usr/local/bin/go left behind, and an /usr/local/go that now points nowhere.
    let bin = sb.mkdir("usr-local/bin");
    symlink("/nonexistent/go1.19/bin/go", bin.join("go")).unwrap();
    let go_link = sb.path("usr-local/go");
    symlink("/nonexistent/go1.18", &go_link).unwrap();
    let env = [("PATH", path_of(&[&bin, &go_link.join("bin")]))];
    let r = doctor(&sb, &sb.root, &env, &[]);
    let f = r.one("path.go", "error", "usr-local/bin/go is a dangling symlink");
    assert!(
        f.fix.contains(&format!("rm {}", bin.join("go").display())),
        "{f:?}"
    );
    let f = r.one("path.go", "error", "usr-local/go is a dangling symlink");
    assert!(f.message.contains("/nonexistent/go1.18"), "{f:?}");
    assert!(f.message.contains("no working go follows"), "{f:?}");
    assert_eq!(r.code, 1);

    // With a working go later on PATH, every shell passes over the dangling link and runs that
    // one: a warning that names it, not an error.
    let sdk = sb.home.join("sdk/go1.23.9");
    install_sdk("1.23.9", &sdk);
    let path = path_of(&[&bin, &sdk.join("bin")]);
    every_shell_runs(&sb, &format!("{path}:/usr/bin:/bin"), "go1.23.9");
    let r = doctor(&sb, &sb.root, &[("PATH", path)], &[]);
    let f = r.one("path.go", "warn", "usr-local/bin/go is a dangling symlink");
    assert!(
        f.message.contains("so `go` runs ~/sdk/go1.23.9/bin/go"),
        "{f:?}"
    );
    assert!(
        r.get("path.go", "warn").len() == 1
            && r.findings
                .iter()
                .all(|f| f.id != "path.go" || f.status != "error"),
        "{}",
        r.raw
    );

    // After the working go (a project put its SDK first), nothing reaches the dangling link:
    // every shell runs the SDK's go, and doctor says so without a warning.
    let path = path_of(&[&sdk.join("bin"), &go_link.join("bin")]);
    every_shell_runs(&sb, &format!("{path}:/usr/bin:/bin"), "go1.23.9");
    let r = doctor(&sb, &sb.root, &[("PATH", path)], &[]);
    let f = r.one("path.go", "ok", "usr-local/go is a dangling symlink");
    assert!(
        f.message.contains("~/sdk/go1.23.9/bin/go comes first"),
        "{f:?}"
    );
    assert!(
        r.findings
            .iter()
            .all(|f| f.id != "path.go" || f.status == "ok"),
        "{}",
        r.raw
    );
}

#[test]
fn goroot_without_pkg_tool() {
    let (sb, new, _) = with_sdks();
    let broken = sb.path("broken-go");
    install_sdk("1.23.9", &broken);
    fs::remove_dir_all(broken.join("pkg/tool")).unwrap();
    let env = [
        ("GOROOT", broken.display().to_string()),
        ("PATH", path_of(&[&broken.join("bin")])),
    ];
    let r = doctor(&sb, &sb.root, &env, &[]);
    let f = r.one("goroot.tree", "error", "pkg/tool/linux_");
    assert!(
        f.fix.contains("https://go.dev/dl/go1.23.9.linux-") && f.fix.contains("rm -rf"),
        "{f:?}"
    );
    assert_eq!(r.code, 1);
    // A GOROOT that misses go.env is named too.
    let env = [
        ("GOROOT", new.display().to_string()),
        ("PATH", path_of(&[&new.join("bin")])),
    ];
    fs::remove_file(new.join("go.env")).unwrap();
    let r = doctor(&sb, &sb.root, &env, &[]);
    r.one("goroot.tree", "error", "has no go.env");
}

#[test]
fn go_binary_of_another_architecture() {
    let sb = Sandbox::new();
    let amd64 = cfg!(target_arch = "x86_64");
    let (machine, arch): (u16, &str) = if amd64 { (183, "arm64") } else { (62, "amd64") };
    let root = sb.path("go-foreign");
    let mut elf = vec![0x7f, b'E', b'L', b'F', 2, 1, 1, 0];
    elf.resize(64, 0);
    elf[18..20].copy_from_slice(&machine.to_le_bytes());
    write_mode(&root.join("bin/go"), "", 0o755);
    fs::write(root.join("bin/go"), &elf).unwrap();
    fs::create_dir_all(root.join(format!("pkg/tool/linux_{arch}"))).unwrap();
    fs::write(root.join("VERSION"), "go1.23.9\ntime x\n").unwrap();
    fs::write(root.join("go.env"), "GOTOOLCHAIN=auto\n").unwrap();
    let env = [("PATH", path_of(&[&root.join("bin")]))];
    let r = doctor(&sb, &sb.root, &env, &[]);
    let f = r.one("arch.go", "error", &format!("built for {arch}"));
    assert!(f.fix.contains("https://go.dev/dl/"), "{f:?}");
    assert_eq!(r.code, 1);
    // A toolchain GOTOOLCHAIN downloaded for that architecture, in the module cache.
    let dl = sb.home.join(format!(
        "go/pkg/mod/golang.org/toolchain@v0.0.1-go1.23.0.linux-{arch}"
    ));
    fs::create_dir_all(&dl).unwrap();
    let r = doctor(&sb, &sb.root, &env, &[]);
    let f = r.one(
        "arch.toolchains",
        "warn",
        &format!("go1.23.0 for linux/{arch}"),
    );
    assert!(f.fix.contains(&format!("rm -rf {}", dl.display())), "{f:?}");
}

#[test]
fn go_env_file_with_goroot() {
    let (sb, new, old) = with_sdks();
    let file = sb.write(
        "xdg/config/go/env",
        &format!(
            "GOPROXY=https://proxy.golang.org,direct\nGOROOT={}\nGOSUMDB=\"sum.golang.org\"\n",
            old.display()
        ),
    );
    let env = [(
        "PATH",
        path_of(&[&new.join("bin"), &sb.home.join("go/bin")]),
    )];
    let r = doctor(&sb, &sb.root, &env, &[]);
    let f = r.one("goenvfile.key", "error", "sets GOROOT=");
    assert!(f.message.contains(":2 sets GOROOT"), "{f:?}");
    assert_eq!(
        f.fix,
        format!("sed -i.bak '/^GOROOT=/d' {}", file.display()),
        "{f:?}"
    );
    let f = r.one("goenvfile.key", "error", "keeps its quotes");
    assert_eq!(f.fix, "go env -w GOSUMDB=sum.golang.org");
    // And the go on PATH no longer agrees with the GOROOT go uses.
    r.one("path.first", "error", "GOROOT=");
    assert_eq!(r.code, 1);
}

#[test]
fn netrc_mode_and_missing_host() {
    let sb = Sandbox::new();
    let netrc = sb.home.join(".netrc");
    write_mode(
        &netrc,
        "machine other.example.com login me password x\n",
        0o644,
    );
    let env = [(
        "GOPRIVATE",
        "git.corp.example.com,github.com/acme/*".to_string(),
    )];
    let r = doctor(&sb, &sb.root, &env, &[]);
    let f = r.one("private.netrc", "warn", "mode 0644");
    assert_eq!(f.fix, "chmod 600 ~/.netrc");
    let f = r.one("private.netrc", "warn", "git.corp.example.com");
    assert!(
        f.fix.contains("machine git.corp.example.com login"),
        "{f:?}"
    );
    r.one("private.netrc", "warn", "github.com");

    // Fixed: mode 0600 with both hosts.
    write_mode(
        &netrc,
        "machine git.corp.example.com login me password x\nmachine github.com login me password y\n",
        0o600,
    );
    let r = doctor(&sb, &sb.root, &env, &[]);
    r.one("private.netrc", "ok", "mode 0600");
}

#[test]
fn gopath_equal_to_goroot() {
    let (sb, new, _) = with_sdks();
    let env = [
        ("GOROOT", new.display().to_string()),
        ("GOPATH", new.display().to_string()),
        ("PATH", path_of(&[&new.join("bin")])),
    ];
    let r = doctor(&sb, &sb.root, &env, &[]);
    let f = r.one("gopath.gopath", "warn", "is GOROOT");
    // The default ~/go is outside every SDK.
    assert_eq!(f.fix, "unset GOPATH", "{f:?}");
    assert!(
        f.message.contains("/pkg/mod") && f.message.contains("/bin, inside the SDK"),
        "{f:?}"
    );
    // What each real go does with it: it warns that the setting has no effect, then caches
    // modules in GOROOT/pkg/mod and installs into GOROOT/bin.
    sb.write("m/go.mod", "module m\n\ngo 1.22\n");
    sb.write("m/main.go", "package main\n\nfunc main() {}\n");
    for root in [&new, &sb.home.join("sdk/go1.22.10")] {
        let go = |args: &[&str]| {
            Command::new(root.join("bin/go"))
                .args(args)
                .current_dir(sb.path("m"))
                .env_clear()
                .envs(sb.base_env())
                .env("GOROOT", root)
                .env("GOPATH", root)
                .env("GOTOOLCHAIN", "local")
                .output()
                .unwrap()
        };
        let out = go(&["env", "GOMODCACHE"]);
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(
            said.contains("GOPATH set to GOROOT") || said.contains("both GOPATH and GOROOT"),
            "{said}"
        );
        let cache = String::from_utf8_lossy(&out.stdout);
        assert_eq!(cache.trim(), root.join("pkg/mod").to_str().unwrap());
        let out = go(&["install", "-n", "."]);
        let plan = String::from_utf8_lossy(&out.stderr);
        assert!(
            plan.contains(&format!("{}/m", root.join("bin").display())),
            "{plan}"
        );
    }
}

#[test]
fn another_managers_shim_ahead_on_path() {
    let (sb, new, _) = with_sdks();
    let shims = sb.home.join(".goenv/shims");
    write_mode(
        &shims.join("go"),
        "#!/usr/bin/env bash\nset -e\nexec \"$(goenv root)/libexec/goenv\" exec \"go\" \"$@\"\n",
        0o755,
    );
    let env = [
        ("GOROOT", new.display().to_string()),
        ("PATH", path_of(&[&shims, &new.join("bin")])),
    ];
    let r = doctor(&sb, &sb.root, &env, &[]);
    let f = r.one("path.shim", "error", "goenv's shim");
    assert!(f.fix.contains("goenv init"), "{f:?}");
    assert_eq!(r.code, 1);
}

#[test]
fn rc_files_with_other_hooks_and_a_gone_binary() {
    let sb = Sandbox::new();
    write_mode(
        &sb.home.join(".bashrc"),
        "# tools\neval \"$(direnv hook bash)\"\neval \"$(/nonexistent/bin/goenvhook init bash)\"\n",
        0o644,
    );
    write_mode(
        &sb.home.join(".zshrc"),
        "[[ -s \"$HOME/.gvm/scripts/gvm\" ]] && source \"$HOME/.gvm/scripts/gvm\"\n",
        0o644,
    );
    let r = doctor(&sb, &sb.root, &[], &[]);
    let f = r.one("hook.conflict", "warn", "~/.bashrc:2 runs direnv");
    assert_eq!(f.fix, "sed -i.bak 2d ~/.bashrc");
    r.one("hook.conflict", "warn", "~/.zshrc:1 runs gvm");
    // mise counts once it manages go.
    let zshrc = sb.home.join(".zshrc");
    write_mode(&zshrc, "eval \"$(mise activate zsh)\"\n", 0o644);
    let quiet = doctor(&sb, &sb.root, &[], &[]);
    assert!(
        !quiet.raw.contains("runs mise"),
        "mise without go is no conflict: {}",
        quiet.raw
    );
    // mise keeps its installs under $XDG_DATA_HOME/mise (the sandbox sets XDG_DATA_HOME).
    fs::create_dir_all(sb.path("xdg/data/mise/installs/go/1.23.9")).unwrap();
    let r = doctor(&sb, &sb.root, &[], &[]);
    r.one("hook.conflict", "warn", "~/.zshrc:1 runs mise");
    let f = r.one("hook.binary", "warn", "~/.bashrc:3");
    assert!(
        f.message
            .contains("/nonexistent/bin/goenvhook does not exist"),
        "{f:?}"
    );
    assert!(
        f.fix
            .starts_with("sed -i.bak '3s|/nonexistent/bin/goenvhook init|"),
        "{f:?}"
    );
}

#[test]
fn go_mod_needs_a_newer_go_under_local() {
    let (sb, new, _) = with_sdks();
    sb.write("mod/go.mod", "module example.com/m\n\ngo 1.24.0\n");
    let env = [
        ("GOTOOLCHAIN", "local".to_string()),
        ("PATH", path_of(&[&new.join("bin")])),
    ];
    let r = doctor(&sb, &sb.path("mod"), &env, &[]);
    let f = r.one(
        "versions.gomod",
        "error",
        "go.mod requires go >= 1.24.0 (running go 1.23.9; GOTOOLCHAIN=local)",
    );
    assert!(
        f.fix.contains("go = \\\"go.mod\\\"") || f.fix.contains("go = \"go.mod\""),
        "{f:?}"
    );
    // What go itself says when run there.
    let out = Command::new(new.join("bin/go"))
        .arg("list")
        .current_dir(sb.path("mod"))
        .env_clear()
        .envs(sb.base_env())
        .env("GOTOOLCHAIN", "local")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("go.mod requires go >= 1.24.0 (running go 1.23.9; GOTOOLCHAIN=local)"),
        "{said}"
    );
    // go version and go env still work there: only commands that load the module fail.
    for args in [&["version"][..], &["env", "GOVERSION"]] {
        let out = Command::new(new.join("bin/go"))
            .args(args)
            .current_dir(sb.path("mod"))
            .env_clear()
            .envs(sb.base_env())
            .env("GOTOOLCHAIN", "local")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "go {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(
        f.message.contains("go version and go env still work"),
        "{f:?}"
    );
    assert!(f.fix.contains("https://go.dev/dl/go1.24.0."), "{f:?}");
    // With a go1.24 release installed, the fix selects it instead of installing another.
    install_sdk("1.24.11", &sb.home.join("sdk/go1.24.11"));
    let r = doctor(&sb, &sb.path("mod"), &env, &[]);
    let f = r.one("versions.gomod", "error", "requires go >= 1.24.0");
    assert_eq!(f.fix, "go = \"go.mod\"", "{f:?}");
    // With auto, doctor predicts the download instead.
    let env = [("PATH", path_of(&[&new.join("bin")]))];
    std::fs::remove_dir_all(sb.home.join("sdk/go1.24.11")).unwrap();
    let r = doctor(&sb, &sb.path("mod"), &env, &[]);
    r.one("versions.gomod", "warn", "downloads go1.24.0");
}

#[test]
fn vscode_settings_with_another_goroot() {
    let (sb, new, old) = with_sdks();
    sb.write("proj/.goenv.toml", "go = \"1.23\"\n");
    sb.allow("proj/.goenv.toml");
    sb.write(
        "proj/.vscode/settings.json",
        &format!(
            "{{\n  // pinned long ago\n  \"go.goroot\": \"{}\",\n  /* tools */\n  \"go.toolsEnvVars\": {{ \"GOFLAGS\": \"-mod=vendor\", }},\n}}\n",
            old.display()
        ),
    );
    let r = doctor(&sb, &sb.path("proj"), &[], &[]);
    let f = r.one("editors.vscode", "warn", "\"go.goroot\"");
    assert!(
        f.fix
            .contains(&format!("\"go.goroot\": \"{}\"", new.display())),
        "{f:?}"
    );
    r.one("editors.vscode", "warn", "GOFLAGS=-mod=vendor");
}

#[test]
fn module_settings_lint() {
    let sb = Sandbox::new();
    let env = [
        ("GOPROXY", "ftp://proxy.example.com,direct".to_string()),
        ("GO111MODULE", "off".to_string()),
        ("GOPRIVATE", "GitHub.com/Acme".to_string()),
    ];
    let r = doctor(&sb, &sb.root, &env, &[]);
    let f = r.one("private.lint", "error", "ftp://");
    assert!(f.message.contains("GOPROXY"), "names the variable: {f:?}");
    // Upper case matches no module path: the checker `allow` uses says so too.
    assert!(
        r.findings.iter().any(|f| f.id == "private.lint"
            && f.status != "ok"
            && f.message.contains("GitHub.com/Acme")),
        "{}",
        r.raw
    );
    // No module here: GOPATH mode surprises but breaks nothing (doctor_go.rs has the module case).
    r.one("gopath.go111module", "warn", "GO111MODULE=off");
}

#[test]
fn cgo_without_a_compiler_and_gobin_off_path() {
    let (sb, new, _) = with_sdks();
    let env = [("PATH", new.join("bin").display().to_string())];
    let r = doctor(&sb, &sb.root, &env, &[]);
    let f = r.one("cgo.cc", "warn", "so go turns cgo off");
    assert!(f.fix.contains("CGO_ENABLED"), "{f:?}");
    // What the real go does without a compiler: unset, it turns cgo off; asked for, a program
    // importing net fails to build.
    sb.write("m/go.mod", "module m\n\ngo 1.22\n");
    sb.write(
        "m/main.go",
        "package main\n\nimport \"net\"\n\nfunc main() { _ = net.IPv4len }\n",
    );
    let go = |extra: &[(&str, &str)], args: &[&str]| {
        Command::new(new.join("bin/go"))
            .args(args)
            .current_dir(sb.path("m"))
            .env_clear()
            .envs(sb.base_env())
            .env("PATH", new.join("bin"))
            .env("GOTOOLCHAIN", "local")
            .envs(extra.iter().copied())
            .output()
            .unwrap()
    };
    let out = go(&[], &["env", "CGO_ENABLED"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "0");
    let out = go(&[("CGO_ENABLED", "1")], &["build", "-o", "/dev/null", "."]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("cgo: C compiler \"gcc\" not found"), "{said}");
    let env1 = [
        ("PATH", new.join("bin").display().to_string()),
        ("CGO_ENABLED", "1".to_string()),
    ];
    let r1 = doctor(&sb, &sb.root, &env1, &[]);
    let f = r1.one("cgo.cc", "error", "cgo: C compiler \"gcc\" not found");
    assert!(f.fix.contains("CGO_ENABLED"), "{f:?}");
    let f = r.one("gopath.bin", "warn", "not on PATH");
    assert!(
        f.fix
            .contains(&sb.home.join("go/bin").display().to_string()),
        "{f:?}"
    );
    let env = [
        ("PATH", new.join("bin").display().to_string()),
        ("CGO_ENABLED", "0".to_string()),
    ];
    doctor(&sb, &sb.root, &env, &[]).one("cgo.cc", "ok", "cgo is off");
}

#[test]
fn every_id_is_documented_in_the_readme() {
    let readme =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    for id in goenvhook::doctor::IDS {
        assert!(
            readme.contains(&format!("| `{id}` |")),
            "README's troubleshooting table has no row for {id}"
        );
    }
}

#[test]
fn run_go_reports_a_toolchain_switch_as_differences() {
    let (sb, new, old) = with_sdks();
    // go1.22.10 first on PATH, a go1.23.9 by name further on (as golang.org/dl wrappers are),
    // and a go.mod whose toolchain line asks for it.
    let named = sb.mkdir("named");
    symlink(new.join("bin/go"), named.join("go1.23.9")).unwrap();
    sb.write(
        "m/go.mod",
        "module example.com/m\n\ngo 1.22.0\n\ntoolchain go1.23.9\n",
    );
    let env = [
        ("GOTOOLCHAIN", "path".to_string()),
        ("PATH", path_of(&[&old.join("bin"), &named])),
    ];
    let r = doctor(&sb, &sb.path("m"), &env, &["--run-go"]);
    r.one("versions.gomod", "warn", "go runs");
    let f = r.one("rungo.diff", "warn", "go env GOVERSION is \"go1.23.9\"");
    assert!(f.message.contains("predicted \"go1.22.10\""), "{f:?}");
    r.one("rungo.diff", "warn", "go env GOROOT");
    // Without the toolchain line, go and doctor agree again.
    sb.write("m/go.mod", "module example.com/m\n\ngo 1.22.0\n");
    let r = doctor(&sb, &sb.path("m"), &env, &["--run-go"]);
    r.one("rungo.diff", "ok", "agrees");
}

#[test]
fn goland_goroot_that_is_gone() {
    let (sb, _, _) = with_sdks();
    sb.write("proj/.goenv.toml", "go = \"1.23\"\n");
    sb.allow("proj/.goenv.toml");
    sb.write(
        "proj/.idea/workspace.xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<project version=\"4\">\n  <component name=\"GOROOT\" url=\"file://$USER_HOME$/sdk/go1.21.0\" />\n</project>\n",
    );
    let r = doctor(&sb, &sb.path("proj"), &[], &[]);
    let f = r.one("editors.goland", "error", "sdk/go1.21.0 does not exist");
    assert!(f.fix.contains("sdk/go1.23.9"), "{f:?}");
}

/// Run from a script with the hook already in ~/.bashrc, doctor does not tell the user to add
/// the line hook.binary shows is there: the hook is installed, it just does not run in scripts.
#[test]
fn from_a_script_doctor_does_not_ask_for_a_line_that_is_there() {
    let sb = Sandbox::new();
    std::fs::write(
        sb.home.join(".bashrc"),
        format!(
            "command -v goenvhook >/dev/null && eval \"$({} init bash)\"\n",
            common::BIN
        ),
    )
    .unwrap();
    let r = doctor(&sb, &sb.root, &[("SHELL", "/bin/bash".into())], &[]);
    r.one("hook.active", "ok", "installed (~/.bashrc:1)");
    assert!(
        r.findings.iter().all(|f| !f.fix.contains("to ~/.bashrc")),
        "{}",
        r.raw
    );
    // Without the line, the fix says to add it.
    std::fs::remove_file(sb.home.join(".bashrc")).unwrap();
    let r = doctor(&sb, &sb.root, &[("SHELL", "/bin/bash".into())], &[]);
    let f = r.get("hook.active", "warn");
    assert!(f[0].fix.contains("init bash"), "{}", r.raw);
}

/// Private hosts reached another way than a netrc: a git credential helper, or an insteadOf
/// rewrite to ssh, written with the real git into the sandbox's global config. No warning then;
/// and a GOPRIVATE entry with a scheme does not invent a host called "https:".
#[test]
fn private_hosts_reached_through_git_need_no_netrc() {
    let sb = Sandbox::new();
    let git = |args: &[&str]| {
        let ok = Command::new("git")
            .args(["config", "--global"])
            .args(args)
            .env_clear()
            .envs(sb.base_env())
            .status()
            .unwrap();
        assert!(ok.success());
    };
    let env = [("GOPRIVATE", "git.corp.example.com".to_string())];
    let r = doctor(&sb, &sb.root, &env, &[]);
    r.one("private.netrc", "warn", "does not exist");
    git(&[
        "url.git@git.corp.example.com:.insteadOf",
        "https://git.corp.example.com/",
    ]);
    let r = doctor(&sb, &sb.root, &env, &[]);
    r.one("private.netrc", "ok", "rewrites every private host to ssh");
    std::fs::remove_file(sb.home.join(".gitconfig")).unwrap();
    git(&["credential.helper", "store"]);
    let r = doctor(&sb, &sb.root, &env, &[]);
    r.one("private.netrc", "ok", "credential helper (store)");
    let env = [("GOPRIVATE", "https://git.corp.example.com".to_string())];
    let r = doctor(&sb, &sb.root, &env, &[]);
    assert!(!r.raw.contains("machine https:"), "{}", r.raw);
}

/// Two go releases on PATH: doctor names each with its release, which one runs and which one is
/// shadowed, and the real shells run the one it says.
#[test]
fn two_go_releases_on_path_say_which_runs() {
    let (sb, new, old) = with_sdks();
    let path = path_of(&[&old.join("bin"), &new.join("bin")]);
    every_shell_runs(&sb, &path, "go1.22.10");
    let r = doctor(&sb, &sb.root, &[("PATH", path)], &[]);
    r.one(
        "path.go",
        "ok",
        "~/sdk/go1.22.10/bin/go (go1.22.10), runs; ~/sdk/go1.23.9/bin/go (go1.23.9), shadowed",
    );
}
