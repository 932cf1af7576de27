//! What ships. The crate (`cargo package`) holds only what building and installing need and
//! builds from its tarball without git; `--version` names the commit of a git build; the Debian
//! package (scripts/deb.sh, cargo-deb) puts the binary, man page and completions where man,
//! bash-completion, zsh and fish look for them.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn cargo() -> Command {
    let mut c = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    c.current_dir(repo());
    c
}

fn ok(out: Output, what: &str) -> String {
    assert!(
        out.status.success(),
        "{what} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn git(args: &[&str]) -> String {
    ok(
        Command::new("git")
            .args(args)
            .current_dir(repo())
            .output()
            .unwrap(),
        "git",
    )
}

#[test]
fn crate_holds_only_what_it_needs() {
    let list = ok(
        cargo()
            .args(["package", "--list", "--allow-dirty", "--offline"])
            .output()
            .unwrap(),
        "cargo package --list",
    );
    let files: BTreeSet<&str> = list.lines().collect();
    let top = [
        ".cargo_vcs_info.json",
        "Cargo.toml",
        "Cargo.toml.orig",
        "Cargo.lock",
        "LICENSE",
        "README.md",
        "CHANGELOG.md",
        "build.rs",
    ];
    let dirs = ["src/", "shell/", "conf.d/", "completions/", "man/"];
    for f in &files {
        assert!(
            top.contains(f) || dirs.iter().any(|d| f.starts_with(d)),
            "{f} does not belong in the crate:\n{list}"
        );
    }
    // Everything the build embeds or the installers ship, git-tracked, is in.
    let tracked = git(&["ls-files", "src", "shell", "conf.d", "completions", "man"]);
    for f in tracked.lines().chain(["LICENSE", "README.md", "build.rs"]) {
        assert!(files.contains(f), "{f} is missing from the crate:\n{list}");
    }
}

/// The packaged crate, unpacked outside any git checkout as crates.io would hand it over,
/// builds, and its `--version` has no commit. Builds into its own target dir under target/,
/// kept between runs, so only the first run compiles the dependencies.
#[test]
fn crate_tarball_builds_without_git() {
    ok(
        cargo()
            .args([
                "package",
                "--allow-dirty",
                "--offline",
                "--no-verify",
                "--target-dir",
            ])
            .arg(repo().join("target/package-test"))
            .output()
            .unwrap(),
        "cargo package",
    );
    let version = env!("CARGO_PKG_VERSION");
    let tarball = repo().join(format!(
        "target/package-test/package/goenvhook-{version}.crate"
    ));
    let tmp = tempfile::tempdir().unwrap();
    ok(
        Command::new("tar")
            .arg("xzf")
            .arg(&tarball)
            .arg("-C")
            .arg(tmp.path())
            .output()
            .unwrap(),
        "tar",
    );
    let dir = tmp.path().join(format!("goenvhook-{version}"));
    assert!(!dir.join(".git").exists());
    ok(
        cargo()
            .current_dir(&dir)
            .args(["build", "--locked", "--offline", "--target-dir"])
            .arg(repo().join("target/package-test/build"))
            .output()
            .unwrap(),
        "cargo build of the packaged crate",
    );
    let bin = repo().join("target/package-test/build/debug/goenvhook");
    let out = ok(
        Command::new(&bin).arg("--version").output().unwrap(),
        "--version",
    );
    assert_eq!(out, format!("goenvhook {version}\n"));
}

#[test]
fn version_names_the_commit_of_a_git_build() {
    let out = ok(
        Command::new(common::BIN).arg("--version").output().unwrap(),
        "--version",
    );
    let head = git(&["rev-parse", "--short", "HEAD"]);
    assert_eq!(
        out,
        format!(
            "goenvhook {} ({})\n",
            env!("CARGO_PKG_VERSION"),
            head.trim()
        )
    );
}

/// Where each shell and man look, asked of the installed tools themselves.
fn completion_dirs() -> [(String, PathBuf); 3] {
    let zsh = ok(
        Command::new("zsh")
            .args(["-f", "-c", "print -l $fpath"])
            .output()
            .unwrap(),
        "zsh",
    );
    assert!(
        zsh.lines()
            .any(|l| l == "/usr/share/zsh/vendor-completions"),
        "zsh's fpath: {zsh}"
    );
    // fish sets its completion path up while reading its own config (not with --no-config),
    // so it runs with a sandbox HOME.
    let sb = common::Sandbox::new();
    let fish = ok(
        Command::new("fish")
            .args(["-c", "string join \\n $fish_complete_path"])
            .env_clear()
            .envs(sb.base_env())
            .output()
            .unwrap(),
        "fish",
    );
    assert!(
        fish.lines()
            .any(|l| l == "/usr/share/fish/vendor_completions.d"),
        "fish_complete_path: {fish}"
    );
    [
        (
            "completions/goenvhook.bash".into(),
            // bash-completion loads completions/<command> from here on first Tab.
            "usr/share/bash-completion/completions/goenvhook".into(),
        ),
        (
            "completions/_goenvhook".into(),
            "usr/share/zsh/vendor-completions/_goenvhook".into(),
        ),
        (
            "completions/goenvhook.fish".into(),
            "usr/share/fish/vendor_completions.d/goenvhook.fish".into(),
        ),
    ]
}

#[test]
fn deb_puts_every_file_where_it_belongs() {
    if !common::tier(&["dpkg-deb", "cargo-deb"]) {
        return;
    }
    let deb = ok(
        Command::new("bash")
            .arg(repo().join("scripts/deb.sh"))
            .output()
            .unwrap(),
        "scripts/deb.sh",
    );
    let deb = PathBuf::from(deb.trim());
    let fields = ok(
        Command::new("dpkg-deb")
            .arg("-f")
            .arg(&deb)
            .args(["Package", "Version", "Section", "Maintainer"])
            .output()
            .unwrap(),
        "dpkg-deb -f",
    );
    assert!(fields.contains("Package: goenvhook\n"), "{fields}");
    assert!(
        fields.contains(&format!("Version: {}-1\n", env!("CARGO_PKG_VERSION"))),
        "{fields}"
    );

    // Unpacked into a clean tree, as dpkg would lay it out under /.
    let root = tempfile::tempdir().unwrap();
    ok(
        Command::new("dpkg-deb")
            .arg("-x")
            .arg(&deb)
            .arg(root.path())
            .output()
            .unwrap(),
        "dpkg-deb -x",
    );
    let at = |p: &str| root.path().join(p);

    let bin = at("usr/bin/goenvhook");
    let version = ok(
        Command::new(&bin).arg("--version").output().unwrap(),
        "the packaged goenvhook",
    );
    assert!(
        version.starts_with(&format!("goenvhook {}", env!("CARGO_PKG_VERSION"))),
        "{version}"
    );
    let snippet = ok(
        Command::new(&bin).args(["init", "bash"]).output().unwrap(),
        "init",
    );
    assert!(snippet.contains("_goenvhook_hook"));

    // The man page, gzipped as Debian wants it; man reads it from the unpacked tree.
    let page = at("usr/share/man/man1/goenvhook.1.gz");
    let unzipped = ok(
        Command::new("gzip").arg("-dc").arg(&page).output().unwrap(),
        "gzip -dc",
    );
    assert_eq!(
        unzipped.as_bytes(),
        fs::read(repo().join("man/goenvhook.1")).unwrap()
    );
    let man = ok(
        Command::new("man")
            .args(["-w", "goenvhook"])
            .env("MANPATH", at("usr/share/man"))
            .output()
            .unwrap(),
        "man -w",
    );
    assert_eq!(man.trim(), page.to_str().unwrap());

    for (source, dest) in completion_dirs() {
        assert_eq!(
            fs::read(at(dest.to_str().unwrap())).unwrap_or_default(),
            fs::read(repo().join(&source)).unwrap(),
            "{source} → /{}",
            dest.display()
        );
    }
    assert!(at("usr/share/doc/goenvhook/copyright").is_file());

    // dpkg itself accepts and installs it, into an empty root with its own package database.
    let sysroot = tempfile::tempdir().unwrap();
    for d in ["info", "updates", "triggers"] {
        fs::create_dir_all(sysroot.path().join("var/lib/dpkg").join(d)).unwrap();
    }
    fs::write(sysroot.path().join("var/lib/dpkg/status"), "").unwrap();
    let dpkg = |args: &[&str]| {
        let mut c = Command::new("dpkg");
        c.arg(format!("--root={}", sysroot.path().display()))
            .args([
                "--log=/dev/null",
                "--force-not-root",
                "--force-script-chrootless",
            ])
            .args(args);
        c
    };
    ok(
        dpkg(&["--no-triggers", "-i"]).arg(&deb).output().unwrap(),
        "dpkg -i",
    );
    let status = ok(dpkg(&["-s", "goenvhook"]).output().unwrap(), "dpkg -s");
    assert!(status.contains("Status: install ok installed"), "{status}");
    let listed = ok(dpkg(&["-L", "goenvhook"]).output().unwrap(), "dpkg -L");
    for f in [
        "/usr/bin/goenvhook",
        "/usr/bin/goenvhook-exec",
        "/usr/share/man/man1/goenvhook.1.gz",
        "/usr/share/bash-completion/completions/goenvhook",
        "/usr/share/zsh/vendor-completions/_goenvhook",
        "/usr/share/fish/vendor_completions.d/goenvhook.fish",
    ] {
        assert!(listed.lines().any(|l| l == f), "{f} not in:\n{listed}");
        assert!(sysroot.path().join(&f[1..]).is_file(), "{f}");
    }
}
