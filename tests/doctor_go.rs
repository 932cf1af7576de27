//! `goenvhook doctor` on setups where a go command fails, each shown first with the real go
//! (go1.22, go1.23 and go1.24) and then diagnosed: a required module missing from the module
//! cache under GOPROXY=off, vendoring without vendor/modules.txt, `--run-go` after a GOFLAGS that
//! breaks `go env`, a GOENV that names a directory, an incomplete SDK, the checksum database
//! turned off, a project Go nothing can provide, and every fix doctor gives pasteable into bash.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::doctor::{doctor, Report};
use common::{install_sdk, Sandbox};

const RELEASES: [&str; 3] = ["go1.22.10", "go1.23.9", "go1.24.11"];

/// The real `go` of `release` run in `dir` with the sandbox's environment plus `env`. The
/// module cache is kept writable so a test can empty it.
fn go(sb: &Sandbox, release: &str, dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    run_go(
        sb,
        &common::go_sdks().join(release).join("bin/go"),
        dir,
        env,
        args,
    )
}

/// `go`, with the go binary given.
fn run_go(sb: &Sandbox, bin: &Path, dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    Command::new(bin)
        .args(args)
        .current_dir(dir)
        .env_clear()
        .envs(sb.base_env())
        .env("GOTOOLCHAIN", "local")
        .env("GOFLAGS", "-modcacherw")
        .envs(env.iter().copied())
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// CRC-32 (IEEE), as zip stores it.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for b in data {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = (crc >> 1) ^ (0xedb8_8320 & (crc & 1).wrapping_neg());
        }
    }
    !crc
}

/// A zip archive of `files`, stored uncompressed: what a module proxy serves as `.zip`.
fn zip(files: &[(&str, &str)]) -> Vec<u8> {
    let (mut out, mut central) = (Vec::new(), Vec::new());
    let le16 = |v: &mut Vec<u8>, x: usize| v.extend_from_slice(&(x as u16).to_le_bytes());
    let le32 = |v: &mut Vec<u8>, x: u32| v.extend_from_slice(&x.to_le_bytes());
    for (name, text) in files {
        let (offset, crc, len) = (out.len() as u32, crc32(text.as_bytes()), text.len() as u32);
        le32(&mut out, 0x0403_4b50);
        for x in [20, 0, 0, 0, 0x21] {
            le16(&mut out, x);
        }
        for x in [crc, len, len] {
            le32(&mut out, x);
        }
        le16(&mut out, name.len());
        le16(&mut out, 0);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(text.as_bytes());
        le32(&mut central, 0x0201_4b50);
        for x in [20, 20, 0, 0, 0, 0x21] {
            le16(&mut central, x);
        }
        for x in [crc, len, len] {
            le32(&mut central, x);
        }
        for x in [name.len(), 0, 0, 0, 0] {
            le16(&mut central, x);
        }
        le32(&mut central, 0);
        le32(&mut central, offset);
        central.extend_from_slice(name.as_bytes());
    }
    let (at, size) = (out.len() as u32, central.len() as u32);
    out.extend_from_slice(&central);
    le32(&mut out, 0x0605_4b50);
    for x in [0, 0, files.len(), files.len()] {
        le16(&mut out, x);
    }
    le32(&mut out, size);
    le32(&mut out, at);
    le16(&mut out, 0);
    out
}

/// A GOPROXY=file:// directory that serves example.com/dep v1.0.0; returns its URL.
fn proxy(sb: &Sandbox) -> String {
    let gomod = "module example.com/dep\n\ngo 1.22\n";
    sb.write("proxy/example.com/dep/@v/list", "v1.0.0\n");
    sb.write(
        "proxy/example.com/dep/@v/v1.0.0.info",
        "{\"Version\":\"v1.0.0\",\"Time\":\"2024-01-01T00:00:00Z\"}\n",
    );
    sb.write("proxy/example.com/dep/@v/v1.0.0.mod", gomod);
    let z = zip(&[
        ("example.com/dep@v1.0.0/go.mod", gomod),
        (
            "example.com/dep@v1.0.0/dep.go",
            "package dep\n\nconst X = 1\n",
        ),
    ]);
    fs::write(sb.path("proxy/example.com/dep/@v/v1.0.0.zip"), z).unwrap();
    format!("file://{}", sb.path("proxy").display())
}

/// A module at `rel` whose main package imports example.com/dep, with the go.sum the real go
/// writes from the proxy; the module cache is emptied again afterwards.
fn consumer(sb: &Sandbox, rel: &str, url: &str) -> PathBuf {
    sb.write(
        &format!("{rel}/go.mod"),
        "module example.com/m\n\ngo 1.22\n\nrequire example.com/dep v1.0.0\n",
    );
    sb.write(
        &format!("{rel}/main.go"),
        "package main\n\nimport \"example.com/dep\"\n\nfunc main() { _ = dep.X }\n",
    );
    let dir = sb.path(rel);
    let fetch = [("GOPROXY", url), ("GOSUMDB", "off")];
    let out = go(sb, RELEASES[1], &dir, &fetch, &["mod", "download"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let sums = go(sb, RELEASES[1], &dir, &fetch, &["mod", "tidy"]);
    assert!(sums.status.success(), "{}", stderr(&sums));
    empty_cache(sb, &dir);
    dir
}

fn empty_cache(sb: &Sandbox, dir: &Path) {
    let out = go(sb, RELEASES[1], dir, &[], &["clean", "-modcache"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// The sandbox's PATH with an installed go1.23.9 first.
fn with_go(sb: &Sandbox) -> String {
    let root = sb.home.join("sdk/go1.23.9");
    install_sdk("1.23.9", &root);
    format!(
        "{}:/usr/local/bin:/usr/bin:/bin",
        root.join("bin").display()
    )
}

#[test]
fn goproxy_off_with_a_required_module_not_in_the_cache() {
    let sb = Sandbox::new();
    let url = proxy(&sb);
    let dir = consumer(&sb, "m", &url);
    let path = with_go(&sb);
    // What every release says: building fails, and so does go list -m all.
    for r in RELEASES {
        let out = go(&sb, r, &dir, &[("GOPROXY", "off")], &["build", "-n", "."]);
        assert!(!out.status.success(), "{r}");
        assert!(
            stderr(&out).contains("module lookup disabled by GOPROXY=off"),
            "{r}: {}",
            stderr(&out)
        );
        for args in [&["list", "-m", "all"][..], &["mod", "tidy"]] {
            let out = go(&sb, r, &dir, &[("GOPROXY", "off")], args);
            assert!(
                stderr(&out).contains("module lookup disabled by GOPROXY=off"),
                "{r} {args:?}: {}",
                stderr(&out)
            );
        }
    }
    let env = [("PATH", path.clone()), ("GOPROXY", "off".to_string())];
    let r = doctor(&sb, &dir, &env, &[]);
    let f = r.one(
        "modules.offline",
        "error",
        "requires example.com/dep v1.0.0",
    );
    assert!(
        f.message
            .contains("'module lookup disabled by GOPROXY=off'"),
        "{f:?}"
    );
    assert!(
        f.fix.ends_with("go mod download example.com/dep@v1.0.0"),
        "{f:?}"
    );
    assert_eq!(r.code, 1);

    // The same GOPROXY=off from the go env -w file.
    let out = go(&sb, RELEASES[2], &dir, &[], &["env", "-w", "GOPROXY=off"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let r = doctor(&sb, &dir, &[("PATH", path.clone())], &[]);
    r.one("modules.offline", "error", "GOPROXY=off (from ");

    // Once the module is in the cache, go builds offline and doctor says so.
    let fetch = [("GOPROXY", url.as_str()), ("GOSUMDB", "off")];
    let out = go(&sb, RELEASES[1], &dir, &fetch, &["mod", "download"]);
    assert!(out.status.success(), "{}", stderr(&out));
    for r in RELEASES {
        let out = go(&sb, r, &dir, &[("GOPROXY", "off")], &["build", "-n", "."]);
        assert!(out.status.success(), "{r}: {}", stderr(&out));
    }
    let r = doctor(&sb, &dir, &[("PATH", path)], &[]);
    r.one("modules.offline", "ok", "every module");
    assert!(
        r.findings
            .iter()
            .all(|f| !f.id.starts_with("modules.") || f.status == "ok"),
        "{}",
        r.raw
    );
}

/// A module GOPRIVATE covers is fetched directly despite GOPROXY=off (here from a host that cannot
/// resolve: .invalid never does), so doctor does not count it.
#[test]
fn goproxy_off_leaves_private_modules_to_git() {
    let sb = Sandbox::new();
    let path = with_go(&sb);
    sb.write(
        "priv/go.mod",
        "module example.com/priv\n\ngo 1.22\n\nrequire dep.invalid/x v1.0.0\n",
    );
    let private = [("GOPROXY", "off"), ("GOPRIVATE", "dep.invalid")];
    for (env, lookup_off) in [(&private[..1], true), (&private[..], false)] {
        let out = go(
            &sb,
            RELEASES[2],
            &sb.path("priv"),
            env,
            &["mod", "download", "dep.invalid/x@v1.0.0"],
        );
        assert!(!out.status.success());
        let said = stderr(&out);
        assert_eq!(
            said.contains("module lookup disabled by GOPROXY=off"),
            lookup_off,
            "{said}"
        );
        assert!(lookup_off || said.contains("dep.invalid"), "{said}");
    }
    let env = [
        ("PATH", path.clone()),
        ("GOPROXY", "off".to_string()),
        ("GOPRIVATE", "dep.invalid".to_string()),
    ];
    doctor(&sb, &sb.path("priv"), &env, &[]).one("modules.offline", "ok", "every module");
}

#[test]
fn mod_vendor_without_a_vendor_directory() {
    let sb = Sandbox::new();
    let url = proxy(&sb);
    let dir = consumer(&sb, "m", &url);
    let path = with_go(&sb);
    let vendor = [("GOFLAGS", "-mod=vendor")];
    for r in RELEASES {
        let out = go(&sb, r, &dir, &vendor, &["build", "-n", "."]);
        assert!(
            stderr(&out).contains("go: inconsistent vendoring")
                && stderr(&out).contains("example.com/dep@v1.0.0: is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt"),
            "{r}: {}",
            stderr(&out)
        );
    }
    let env = [("PATH", path.clone()), ("GOFLAGS", "-mod=vendor".into())];
    let r = doctor(&sb, &dir, &env, &[]);
    let f = r.one(
        "modules.vendor",
        "error",
        "GOFLAGS=-mod=vendor (from the environment)",
    );
    assert!(f.message.contains("'inconsistent vendoring'"), "{f:?}");
    assert!(
        f.message.contains("example.com/dep@v1.0.0: is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt"),
        "{f:?}"
    );
    assert_eq!(f.fix, "go mod vendor");
    // An empty vendor/ makes go vendor by default (go line 1.14 or later): the same failure.
    fs::create_dir(dir.join("vendor")).unwrap();
    for r in RELEASES {
        let out = go(&sb, r, &dir, &[], &["build", "-n", "."]);
        assert!(stderr(&out).contains("inconsistent vendoring"), "{r}");
    }
    let r = doctor(&sb, &dir, &[("PATH", path.clone())], &[]);
    r.one(
        "modules.vendor",
        "error",
        "exists and the go line is 1.14 or later",
    );
    // The fix, run as given: then go builds from vendor/ and doctor agrees.
    let fix = Command::new("bash")
        .args(["-c", &f.fix])
        .current_dir(&dir)
        .env_clear()
        .envs(sb.base_env())
        .env("PATH", &path)
        .env("GOPROXY", &url)
        .env("GOSUMDB", "off")
        .env("GOFLAGS", "-modcacherw")
        .output()
        .unwrap();
    assert!(fix.status.success(), "{}", stderr(&fix));
    for r in RELEASES {
        let out = go(&sb, r, &dir, &vendor, &["build", "-n", "."]);
        assert!(out.status.success(), "{r}: {}", stderr(&out));
    }
    doctor(&sb, &dir, &env, &[]).one("modules.vendor", "ok", "builds from vendor/");
}

/// -mod=vendor without vendor/ where go does not check vendor/modules.txt up front: a go line
/// before 1.14 (only the import fails), and a module that requires nothing (it builds).
#[test]
fn mod_vendor_without_vendor_by_go_line_and_requirements() {
    let sb = Sandbox::new();
    let url = proxy(&sb);
    let path = with_go(&sb);
    let vendor = [("GOFLAGS", "-mod=vendor")];
    let env = [("PATH", path), ("GOFLAGS", "-mod=vendor".into())];
    // With a go line before 1.14, go checks nothing up front: only the import fails.
    let old = consumer(&sb, "old", &url);
    let text = fs::read_to_string(old.join("go.mod")).unwrap();
    fs::write(old.join("go.mod"), text.replace("go 1.22", "go 1.13")).unwrap();
    for r in RELEASES {
        let out = go(&sb, r, &old, &vendor, &["build", "-n", "."]);
        assert!(
            stderr(&out).contains("import lookup disabled by -mod=vendor"),
            "{r}: {}",
            stderr(&out)
        );
    }
    doctor(&sb, &old, &env, &[]).one(
        "modules.vendor",
        "error",
        "imports example.com/dep fails with 'import lookup disabled by -mod=vendor'",
    );

    // A module that requires nothing builds with -mod=vendor and no vendor/: nothing to say.
    sb.write("lone/go.mod", "module example.com/lone\n\ngo 1.22\n");
    sb.write("lone/main.go", "package main\n\nfunc main() {}\n");
    for r in RELEASES {
        let out = go(&sb, r, &sb.path("lone"), &vendor, &["build", "-n", "."]);
        assert!(out.status.success(), "{r}: {}", stderr(&out));
    }
    doctor(&sb, &sb.path("lone"), &env, &[]).one("modules.vendor", "ok", "nothing to vendor");
}

/// GOFLAGS='-ldflags=-s -w' passes `-w` to `go env` on its own ("cannot use -json with -w"):
/// doctor names GOFLAGS with the same checker `allow` uses, and `--run-go`, which comes last,
/// points at that finding instead of claiming one exists when none does.
#[test]
fn run_go_after_a_goflags_that_breaks_go_env() {
    let sb = Sandbox::new();
    let path = with_go(&sb);
    let bad = "-ldflags=-s -w";
    for r in RELEASES {
        let out = go(&sb, r, &sb.root, &[("GOFLAGS", bad)], &["env", "-json"]);
        assert!(
            stderr(&out).contains("cannot use -json with -w"),
            "{r}: {}",
            stderr(&out)
        );
    }
    let allow = goenvhook::go::vars::check("GOFLAGS", bad, true).unwrap_err();
    let env = [("PATH", path.clone()), ("GOFLAGS", bad.to_string())];
    let r = doctor(&sb, &sb.root, &env, &["--run-go"]);
    let lint = r.one("private.lint", "error", &allow);
    let run = r.one("rungo.run", "error", "cannot use -json with -w");
    assert!(run.message.contains("private.lint"), "{run:?}");
    assert_eq!(run.fix, lint.fix);
    assert!(!run.fix.is_empty());

    // GOFLAGS=-w on its own passes `allow`'s checker (go build ignores it), yet go env takes it
    // as its own -w: doctor names it, and --run-go points there, not at unrelated warnings.
    for r in RELEASES {
        let out = go(&sb, r, &sb.root, &[("GOFLAGS", "-w")], &["env", "-json"]);
        assert!(
            stderr(&out).contains("cannot use -json with -w"),
            "{r}: {}",
            stderr(&out)
        );
        let out = go(&sb, r, &sb.root, &[("GOFLAGS", "-w")], &["env"]);
        assert!(
            stderr(&out).contains("no KEY=VALUE arguments given"),
            "{r}: {}",
            stderr(&out)
        );
    }
    let env = [("PATH", path), ("GOFLAGS", "-w -trimpath".to_string())];
    let r = doctor(&sb, &sb.root, &env, &["--run-go"]);
    let lint = r.one("private.lint", "error", "-w is also go env's own flag");
    assert_eq!(lint.fix, "export GOFLAGS=-trimpath");
    let run = r.one("rungo.run", "error", "cannot use -json with -w");
    assert!(run.message.ends_with("explain it: private.lint"), "{run:?}");
    assert_eq!(run.fix, lint.fix);
}

/// GO111MODULE: `off` breaks a module with requirements (error) and only surprises in one without
/// (warn); a value go does not know stops every go command but `go version`.
#[test]
fn go111module_severity_follows_what_go_does() {
    let sb = Sandbox::new();
    let path = with_go(&sb);
    let url = proxy(&sb);
    let dir = consumer(&sb, "m", &url);
    sb.write("lone/go.mod", "module example.com/lone\n\ngo 1.22\n");
    sb.write("lone/main.go", "package main\n\nfunc main() {}\n");
    let off = [("GO111MODULE", "off")];
    for r in RELEASES {
        let out = go(&sb, r, &dir, &off, &["build", "-n", "."]);
        assert!(
            stderr(&out).contains("cannot find package \"example.com/dep\""),
            "{r}: {}",
            stderr(&out)
        );
        let out = go(&sb, r, &sb.path("lone"), &off, &["build", "-n", "."]);
        assert!(out.status.success(), "{r}: {}", stderr(&out));
    }
    let env = [("PATH", path.clone()), ("GO111MODULE", "off".to_string())];
    let f = doctor(&sb, &dir, &env, &[]);
    f.one(
        "gopath.go111module",
        "error",
        "imports example.com/dep fails with 'cannot find package'",
    );
    doctor(&sb, &sb.path("lone"), &env, &[]).one("gopath.go111module", "warn", "GOPATH mode");

    let bogus = [("GO111MODULE", "bogus")];
    for r in RELEASES {
        assert!(
            go(&sb, r, &sb.root, &bogus, &["version"]).status.success(),
            "{r}"
        );
        let out = go(&sb, r, &sb.root, &bogus, &["env", "GOPATH"]);
        assert!(
            stderr(&out).contains("go: unknown environment setting GO111MODULE=bogus"),
            "{r}: {}",
            stderr(&out)
        );
    }
    let env = [("PATH", path), ("GO111MODULE", "bogus".to_string())];
    doctor(&sb, &sb.root, &env, &[]).one(
        "gopath.go111module",
        "error",
        "every go command but go version fails with 'unknown environment setting GO111MODULE=bogus'",
    );
}

/// A file named go that is not executable, first on PATH: every shell passes over it to the next
/// go (warn); alone, `go` fails (error).
#[test]
fn a_go_that_is_not_executable() {
    let sb = Sandbox::new();
    let path = with_go(&sb);
    let nx = sb.write("nx/go", "not a program\n");
    let nx_dir = nx.parent().unwrap().display().to_string();
    for (p, works) in [
        (format!("{nx_dir}:{path}"), true),
        (format!("{nx_dir}:/usr/bin:/bin"), false),
    ] {
        for sh in common::SHELLS {
            let out = Command::new(sh)
                .args(["-c", "go version"])
                .env_clear()
                .env("PATH", &p)
                .env("HOME", &sb.home)
                .env("GOTOOLCHAIN", "local")
                .output()
                .unwrap();
            assert_eq!(out.status.success(), works, "{sh}: {}", stderr(&out));
            if works {
                assert!(
                    String::from_utf8_lossy(&out.stdout).contains("go1.23.9"),
                    "{sh}"
                );
            } else {
                let said = stderr(&out).to_lowercase();
                assert!(
                    said.contains("permission denied")
                        || said.contains("exists but is not an executable file"),
                    "{sh}: {said}"
                );
            }
        }
        let r = doctor(&sb, &sb.root, &[("PATH", p)], &[]);
        if works {
            r.one(
                "path.go",
                "warn",
                "the shells skip it, so `go` runs ~/sdk/go1.23.9/bin/go",
            );
        } else {
            r.one("path.go", "error", "no working go follows");
        }
    }
}

/// GOPATH inside GOROOT (from the environment or the go env file): go says nothing and builds,
/// with the module cache inside the SDK: a warning, not an error.
#[test]
fn gopath_inside_goroot_builds() {
    let sb = Sandbox::new();
    let path = with_go(&sb);
    let root = sb.home.join("sdk/go1.23.9");
    let inside = root.join("gopath");
    sb.write("lone/go.mod", "module example.com/lone\n\ngo 1.22\n");
    sb.write("lone/main.go", "package main\n\nfunc main() {}\n");
    let lone = sb.path("lone");
    let gopath = inside.display().to_string();
    let env = [("GOPATH", gopath.as_str())];
    let out = run_go(
        &sb,
        &root.join("bin/go"),
        &lone,
        &env,
        &["env", "GOMODCACHE"],
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        inside.join("pkg/mod").display().to_string()
    );
    assert_eq!(stderr(&out), "", "go says nothing");
    let out = run_go(
        &sb,
        &root.join("bin/go"),
        &lone,
        &env,
        &["build", "-n", "."],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let r = doctor(
        &sb,
        &lone,
        &[("PATH", path.clone()), ("GOPATH", gopath.clone())],
        &[],
    );
    r.one("gopath.gopath", "warn", "is inside GOROOT");
    // The same GOPATH from the go env file.
    let out = run_go(
        &sb,
        &root.join("bin/go"),
        &lone,
        &[],
        &["env", "-w", &format!("GOPATH={gopath}")],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run_go(&sb, &root.join("bin/go"), &lone, &[], &["build", "-n", "."]);
    assert!(out.status.success(), "{}", stderr(&out));
    let r = doctor(&sb, &lone, &[("PATH", path)], &[]);
    r.one("goenvfile.key", "warn", "which is GOROOT or inside it");
    assert!(r.findings.iter().all(|f| f.status != "error"), "{}", r.raw);
}

/// Quotes in the go env file: go splits GOFLAGS itself, so `GOFLAGS="-mod=mod"` works; any other
/// quoted value keeps its quotes, and a quoted GOPROXY breaks every download.
#[test]
fn quotes_in_the_go_env_file() {
    let sb = Sandbox::new();
    let path = with_go(&sb);
    let url = proxy(&sb);
    let dir = consumer(&sb, "m", &url);
    let file = sb.write("xdg/config/go/env", "GOFLAGS=\"-mod=mod\"\n");
    for r in RELEASES {
        let out = go(
            &sb,
            r,
            &dir,
            &[("GOPROXY", url.as_str()), ("GOSUMDB", "off")],
            &["build", "-n", "."],
        );
        assert!(out.status.success(), "{r}: {}", stderr(&out));
    }
    let r = doctor(&sb, &dir, &[("PATH", path.clone())], &[]);
    assert!(!r.raw.contains("keeps its quotes"), "{}", r.raw);
    fs::write(&file, "GOPROXY=\"https://proxy.golang.org,direct\"\n").unwrap();
    for r in RELEASES {
        let out = go(&sb, r, &dir, &[("GOSUMDB", "off")], &["mod", "download"]);
        assert!(
            stderr(&out).contains("parse \"\\\"https://proxy.golang.org\""),
            "{r}: {}",
            stderr(&out)
        );
    }
    let r = doctor(&sb, &dir, &[("PATH", path)], &[]);
    let f = r.one(
        "goenvfile.key",
        "error",
        "GOPROXY=\"https://proxy.golang.org,direct\" keeps its quotes",
    );
    assert_eq!(f.fix, "go env -w GOPROXY=https://proxy.golang.org,direct");
}

/// An rc file whose `goenvhook init` line names a binary that is gone: bash says so at start-up
/// and runs go all the same (without the project's settings), so it is a warning.
#[test]
fn a_gone_hook_binary_leaves_go_working() {
    let sb = Sandbox::new();
    let path = with_go(&sb);
    let rc = sb.home.join(".bashrc");
    fs::write(&rc, "eval \"$(/nonexistent/goenvhook init bash)\"\n").unwrap();
    let out = Command::new("bash")
        .arg("--rcfile")
        .arg(&rc)
        .args(["-i", "-c", "go version"])
        .env_clear()
        .envs(sb.base_env())
        .env("PATH", &path)
        .env("GOTOOLCHAIN", "local")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("go1.23.9"));
    assert!(
        stderr(&out).contains("/nonexistent/goenvhook: No such file or directory"),
        "{}",
        stderr(&out)
    );
    let r = doctor(&sb, &sb.root, &[("PATH", path)], &[]);
    r.one(
        "hook.binary",
        "warn",
        "go runs without the project's settings",
    );
    assert_eq!(r.code, 0, "{}", r.raw);
}

/// No go on PATH at all: every shell says 'command not found', an error; the fix unpacks the
/// current release where goenvhook finds it, or selects an installed one.
#[test]
fn no_go_on_path() {
    let sb = Sandbox::new();
    for sh in common::SHELLS {
        let out = Command::new(sh)
            .args(["-c", "go version"])
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .env("HOME", &sb.home)
            .output()
            .unwrap();
        assert!(!out.status.success(), "{sh}");
        let said = stderr(&out).to_lowercase();
        assert!(
            said.contains("not found") || said.contains("unknown command"),
            "{sh}: {said}"
        );
    }
    let r = doctor(&sb, &sb.root, &[], &[]);
    let f = r.one("path.first", "error", "'command not found'");
    assert!(
        f.fix.contains("~/sdk/$v") && f.fix.contains("https://go.dev/dl/$v."),
        "{f:?}"
    );
    assert_eq!(r.code, 1);
    // With an SDK installed (not on PATH), the fix selects it.
    install_sdk("1.23.9", &sb.home.join("sdk/go1.23.9"));
    let f = doctor(&sb, &sb.root, &[], &[])
        .one("path.first", "error", "no go on PATH")
        .fix
        .clone();
    assert_eq!(f, "go = \"1.23.9\"");
}

/// A GOPATH with `~` or a relative one, and a relative GOBIN: go refuses them (errors), and the
/// fix takes the setting away (the defaults are fine).
#[test]
fn gopath_and_gobin_that_go_refuses() {
    let sb = Sandbox::new();
    let path = with_go(&sb);
    sb.write("lone/go.mod", "module example.com/lone\n\ngo 1.22\n");
    sb.write("lone/main.go", "package main\n\nfunc main() {}\n");
    let lone = sb.path("lone");
    let cases = [
        (
            "GOPATH",
            "~/go",
            "build",
            "GOPATH entry cannot start with shell metacharacter",
            "gopath.gopath",
        ),
        (
            "GOPATH",
            "rel",
            "build",
            "GOPATH entry is relative; must be absolute path",
            "gopath.gopath",
        ),
        (
            "GOBIN",
            "bin",
            "install",
            "GOBIN must be an absolute path",
            "gopath.bin",
        ),
    ];
    for (name, value, cmd, said, id) in cases {
        for r in RELEASES {
            let out = go(&sb, r, &lone, &[(name, value)], &[cmd, "-n", "."]);
            assert!(!out.status.success(), "{r} {name}={value}");
            assert!(stderr(&out).contains(said), "{r}: {}", stderr(&out));
        }
        let env = [("PATH", path.clone()), (name, value.to_string())];
        let f = doctor(&sb, &lone, &env, &[])
            .one(id, "error", value)
            .fix
            .clone();
        assert_eq!(f, format!("unset {name}"));
    }
}

/// Every fix doctor gives, over several broken setups, is a bash command line (`bash -n` parses
/// it) or a `KEY = value` line for .goenv.toml.
#[test]
fn every_fix_is_a_command_or_a_config_line() {
    let sb = Sandbox::new();
    let path = with_go(&sb);
    let url = proxy(&sb);
    let dir = consumer(&sb, "m", &url);
    fs::write(
        sb.home.join(".bashrc"),
        "eval \"$(direnv hook bash)\"\neval \"$(/nonexistent/goenvhook init bash)\"\n",
    )
    .unwrap();
    sb.write(
        "xdg/config/go/env",
        "GOFLAGS=\"-mod=mod\"\nGOPATHH=/x\nGOTOOLCHAIN=go1.21.0\n",
    );
    sb.write(
        "m/.vscode/settings.json",
        "{ \"go.goroot\": \"/nonexistent/go\", \"go.toolsEnvVars\": {\"GOFLAGS\": \"-x\"} }",
    );
    sb.write(
        "m/.idea/workspace.xml",
        "<project><component name=\"GOROOT\" url=\"file:///nonexistent/go\" /></project>",
    );
    let setups: Vec<Vec<(&str, String)>> = vec![
        vec![("PATH", path.clone()), ("SHELL", "/bin/zsh".into())],
        vec![
            ("PATH", path.clone()),
            ("GOPROXY", "off".into()),
            ("GOFLAGS", "-ldflags=-s -w".into()),
        ],
        vec![
            ("PATH", path.clone()),
            ("GOPATH", "~/go".into()),
            ("GO111MODULE", "auto".into()),
            ("GOBIN", "bin".into()),
        ],
        vec![
            ("PATH", path.clone()),
            ("GOROOT", "/nonexistent/go".into()),
            ("CC", "nocc".into()),
            ("CGO_ENABLED", "1".into()),
        ],
        vec![
            ("PATH", "/usr/bin:/bin".into()),
            ("GOPRIVATE", "git.corp.example.com,.Corp.example.com".into()),
            ("GOSUMDB", "off".into()),
        ],
    ];
    let (mut seen, mut bad) = (0, Vec::new());
    for env in &setups {
        let r: Report = doctor(&sb, &dir, env, &["--run-go"]);
        for f in r.problems() {
            seen += 1;
            if !pasteable(&f.fix) {
                bad.push(format!("{} {}: {:?}", f.status, f.id, f.fix));
            }
        }
    }
    bad.sort();
    bad.dedup();
    assert!(
        bad.is_empty(),
        "fixes that are neither a command nor a config line:\n{}",
        bad.join("\n")
    );
    assert!(seen >= 15, "only {seen} problems found");
    fixes_that_edit_files_work(&sb, &dir, &path);
}

/// The fixes that edit a file (an rc file, the go env file, editor settings), pasted into bash one
/// after the other as doctor gives them, clear their findings.
fn fixes_that_edit_files_work(sb: &Sandbox, dir: &Path, path: &str) {
    let ids = [
        "hook.binary",
        "hook.conflict",
        "goenvfile.key",
        "editors.vscode",
        "editors.goland",
    ];
    let env = [("PATH", path.to_string())];
    let mut ran = Vec::new();
    for _ in 0..12 {
        let r = doctor(sb, dir, &env, &[]);
        let Some(f) = r
            .problems()
            .into_iter()
            .find(|f| ids.contains(&f.id.as_str()))
        else {
            break;
        };
        assert!(!ran.contains(&f.fix), "ran before, changed nothing: {f:?}");
        let out = Command::new("bash")
            .args(["-c", &f.fix])
            .current_dir(dir)
            .env_clear()
            .envs(sb.base_env())
            .env("PATH", path)
            .output()
            .unwrap();
        assert!(out.status.success(), "{f:?}: {}", stderr(&out));
        ran.push(f.fix.clone());
    }
    let r = doctor(sb, dir, &env, &[]);
    let left: Vec<_> = r
        .problems()
        .into_iter()
        .filter(|f| ids.contains(&f.id.as_str()))
        .collect();
    assert!(left.is_empty(), "after {ran:#?}:\n{}", r.raw);
    assert!(ran.len() >= 7, "{ran:#?}");
}

/// A line `.goenv.toml` accepts (at the top, or in its `[env]` or `[path]` table), or a
/// command line bash parses whose words are not prose.
fn pasteable(fix: &str) -> bool {
    if fix.is_empty() || fix.contains('\n') {
        return false;
    }
    let config = Path::new("/project/.goenv.toml");
    if fix.contains(" = ")
        && ["", "[env]\n", "[path]\n"]
            .iter()
            .any(|t| goenvhook::config::parse(config, format!("{t}{fix}\n").as_bytes()).is_ok())
    {
        return true;
    }
    // bash -n parses most prose too: the command part (before a `#` comment) must read as one.
    let command = fix.split(" #").next().unwrap_or("");
    let prose = command
        .split_whitespace()
        .any(|w| PROSE.contains(&w.trim_matches([',', ':', '(', ')'])));
    !prose
        && Command::new("bash")
            .args(["-n", "-c", fix])
            .status()
            .unwrap()
            .success()
}

/// Words of sentences that no fix's command part has.
const PROSE: &[&str] = &[
    "the", "a", "an", "or", "and", "to", "it", "of", "if", "your", "then", "that", "by", "see",
    "instead", "set", "remove", "delete", "fix", "point", "move", "put", "keep", "check",
    "correct", "review", "choose", "write",
];

/// GOENV naming a directory: the real go's `go env -w` fails with "is a directory", and doctor
/// says so as an error.
#[test]
fn goenv_naming_a_directory() {
    let sb = Sandbox::new();
    let dir = sb.mkdir("goenv-dir");
    let goenv = dir.display().to_string();
    for release in RELEASES {
        let out = go(
            &sb,
            release,
            &sb.root,
            &[("GOENV", &goenv)],
            &["env", "-w", "GOPROXY=direct"],
        );
        assert!(
            !out.status.success() && stderr(&out).contains("is a directory"),
            "{release}: {}",
            stderr(&out)
        );
    }
    let r = doctor(&sb, &sb.root, &[("GOENV", goenv.clone())], &[]);
    let f = r.one("goenvfile.file", "error", "a directory");
    assert!(f.message.contains("'is a directory'"), "{f:?}");
    assert_eq!(f.fix, "unset GOENV");
    assert_eq!(r.code, 1);
}

/// An SDK in ~/sdk without pkg/tool: its own go fails to build, so goenvhook skips it when it
/// selects, and doctor warns (nothing fails while another go is selected).
#[test]
fn an_incomplete_sdk_is_skipped_with_a_warning() {
    let sb = Sandbox::new();
    let broken = sb.home.join("sdk/go1.23.9");
    install_sdk("1.23.9", &broken);
    fs::remove_dir_all(broken.join("pkg/tool")).unwrap();
    sb.write("m/go.mod", "module example.com/m\n\ngo 1.22\n");
    sb.write("m/main.go", "package main\n\nfunc main() {}\n");
    let out = run_go(
        &sb,
        &broken.join("bin/go"),
        &sb.path("m"),
        &[("GOROOT", broken.to_str().unwrap())],
        &["build", "-o", "/dev/null", "."],
    );
    assert!(
        !out.status.success(),
        "a build with the incomplete tree failed"
    );
    let r = doctor(&sb, &sb.root, &[], &[]);
    let f = r.one("sdk.unusable", "warn", "sdk/go1.23.9");
    assert!(f.message.contains("no pkg/tool"), "{f:?}");
}

/// GOSUMDB=off: the real go fetches a module from a proxy without asking the checksum
/// database (with it on, the same fetch stops at "verifying"), and doctor flags the setting.
#[test]
fn checksum_database_off_is_flagged() {
    let sb = Sandbox::new();
    let proxy = format!("file://{},off", sb.acme_proxy("proxy").display());
    for release in RELEASES {
        let fetch = |sumdb: &str| {
            let out = go(
                &sb,
                release,
                &sb.root,
                &[("GOPROXY", &proxy), ("GOSUMDB", sumdb)],
                &["mod", "download", "-json", "github.com/acme/tool@v1.0.0"],
            );
            String::from_utf8_lossy(&out.stdout).into_owned() + &stderr(&out)
        };
        assert!(fetch("sum.golang.org").contains("verifying"), "{release}");
        assert!(!fetch("off").contains("verifying"), "{release}");
    }
    let r = doctor(&sb, &sb.root, &[("GOSUMDB", "off".into())], &[]);
    let f = r.one("private.risk", "warn", "GOSUMDB=off");
    assert_eq!(f.fix, "unset GOSUMDB");
}

/// A project whose `go = "1.22"` nothing installed can give, with no go anywhere to fetch it:
/// every shell says 'command not found' for go, and doctor's error gives the command that
/// unpacks the release into ~/sdk.
#[test]
fn a_project_go_nothing_can_provide() {
    let sb = Sandbox::new();
    sb.write("p/.goenv.toml", "go = \"1.22\"\n");
    sb.allow("p/.goenv.toml");
    for sh in ["bash", "zsh", "fish"] {
        let shell = std::env::split_paths(&std::env::var_os("PATH").unwrap())
            .map(|d| d.join(sh))
            .find(|p| p.is_file())
            .unwrap_or_else(|| panic!("{sh} is not installed"));
        let out = Command::new(shell)
            .args(["-c", "go version"])
            .env_clear()
            .env("PATH", "/nonexistent")
            .env("HOME", &sb.home)
            .output()
            .unwrap();
        assert!(!out.status.success(), "{sh}");
    }
    let r = doctor(&sb, &sb.path("p"), &[("PATH", "/usr/bin:/bin".into())], &[]);
    let f = r.one("project.go", "error", "is not installed");
    assert!(
        f.fix.contains("/home/sdk/go1.22.0 ") && f.fix.contains("tar -xz"),
        "{f:?}"
    );
    assert_eq!(r.code, 1);
}
