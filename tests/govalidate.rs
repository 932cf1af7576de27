//! Go's own judgement of goenvhook's validation of Go variables in the config. With a real
//! go1.24.11: what goenvhook emits for GOPROXY, GOPRIVATE, GOFLAGS, GOAUTH and GOTOOLCHAIN parses in
//! go without error, and what goenvhook refuses is rejected or misread by go. Nothing here leaves
//! the machine: proxies are file:// or 127.0.0.1, and GOVCS=private:off tells private from public
//! before any fetch.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::Sandbox;

fn go() -> PathBuf {
    common::go_sdks().join("go1.24.11/bin/go")
}

/// A sandbox with a tiny module and an environment that keeps go local and offline.
fn setup() -> Sandbox {
    let mut sb = Sandbox::new();
    sb.write("m/go.mod", "module example.com/m\n\ngo 1.22\n");
    sb.write("m/main.go", "package main\n\nfunc main() {}\n");
    for (k, v) in [
        ("GOPATH", sb.path("gopath")),
        ("GOCACHE", sb.path("gocache")),
        ("GOENV", sb.path("goenv")),
    ] {
        sb.extra_env.push((k.into(), v.into()));
    }
    for (k, v) in [
        ("GOTOOLCHAIN", "local"),
        ("GOSUMDB", "off"),
        ("GOVCS", "private:off,public:git"),
    ] {
        sb.extra_env.push((k.into(), v.into()));
    }
    sb
}

/// The value goenvhook gives `name` for a config line, through the real allow and exec; Err with
/// goenvhook's message when it refuses the config.
fn emitted(sb: &Sandbox, name: &str, line: &str) -> Result<String, String> {
    sb.write("p/.goenv.toml", &format!("[env]\n{line}\n"));
    let allow = sb.goenvhook(&["allow", sb.path("p").to_str().unwrap()], &sb.root);
    if !allow.status.success() {
        return Err(String::from_utf8_lossy(&allow.stderr).into_owned());
    }
    let p = sb.path("p");
    let out = sb.goenvhook(
        &["exec", "--dir", p.to_str().unwrap(), "--", "printenv", name],
        &sb.root,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(String::from_utf8(out.stdout)
        .unwrap()
        .trim_end_matches('\n')
        .to_string())
}

/// Runs the real go with `name=value` on top of the sandbox environment; returns (ok, stderr).
/// goenvhook refuses the config line, and go, given the raw value, fails saying `go_says`.
fn refused_and_go_fails(
    sb: &Sandbox,
    name: &str,
    line: &str,
    raw: &str,
    args: &[&str],
    go_says: &str,
) {
    let refused = emitted(sb, name, line).expect_err(&format!("{line} should be refused"));
    // The message names the variable: the ftp:// GOPROXY entry's once did not.
    assert!(
        refused.contains(name),
        "{line}: the error names {name}: {refused}"
    );
    let (ok, err) = run_go(sb, &sb.root, name, raw, args);
    assert!(
        !ok && err.contains(go_says),
        "{name}={raw}: expected {go_says:?}:\n{err}"
    );
}

fn run_go(sb: &Sandbox, dir: &Path, name: &str, value: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(go())
        .args(args)
        .current_dir(dir)
        .env_clear()
        .envs(sb.base_env())
        .env(name, value)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn goflags() {
    let sb = setup();
    let m = sb.path("m");
    let list = ["list", "-f", "{{.Name}}", "."];
    for line in [
        r#"GOFLAGS = ["-mod=mod", "-ldflags=-s -w", "-trimpath"]"#,
        r#"GOFLAGS = "-mod=mod '-ldflags=-s -w'""#,
        r#"GOFLAGS = ["-ldflags=-X 'main.v=it''s'"]"#,
    ] {
        let v = emitted(&sb, "GOFLAGS", line).unwrap_or_else(|e| panic!("{line}: {e}"));
        let (ok, err) = run_go(&sb, &m, "GOFLAGS", &v, &list);
        assert!(
            ok && !err.contains("GOFLAGS"),
            "go rejects what goenvhook emitted: GOFLAGS={v}\n{err}"
        );
    }
    for (line, raw) in [
        (r#"GOFLAGS = "-ldflags=\"-s -w\"""#, r#"-ldflags="-s -w""#),
        (r#"GOFLAGS = "mod=mod""#, "mod=mod"),
        (r#"GOFLAGS = "-o out""#, "-o out"),
    ] {
        let refused = emitted(&sb, "GOFLAGS", line).expect_err(line);
        assert!(refused.contains(".goenv.toml:2:"), "{refused}");
        let (ok, err) = run_go(&sb, &m, "GOFLAGS", raw, &list);
        assert!(
            !ok && err.contains("parsing $GOFLAGS"),
            "go accepted GOFLAGS={raw}:\n{err}"
        );
    }
}

#[test]
fn goproxy() {
    let sb = setup();
    let dl = ["mod", "download", "example.com/b@v1.0.0"];
    for line in [
        r#"GOPROXY = ["file:///nonexistent/proxy", "http://127.0.0.1:9"]"#,
        r#"GOPROXY = "file:///nonexistent/a|http://127.0.0.1:9""#,
        r#"GOPROXY = ["127.0.0.1:9", "off"]"#,
    ] {
        let v = emitted(&sb, "GOPROXY", line).unwrap_or_else(|e| panic!("{line}: {e}"));
        let (_, err) = run_go(&sb, &sb.root, "GOPROXY", &v, &dl);
        assert!(
            err.contains("127.0.0.1:9"),
            "go did not get as far as the proxy for GOPROXY={v}:\n{err}"
        );
        assert!(
            !err.contains("invalid proxy URL") && !err.contains("no entries"),
            "{err}"
        );
    }
    // Rejected by go, or misread: entries after off are never consulted.
    for (line, raw, go_says) in [
        (
            r#"GOPROXY = "ftp://x.example""#,
            "ftp://x.example",
            "invalid proxy URL scheme",
        ),
        (r#"GOPROXY = ",""#, ",", "contains no entries"),
        (
            r#"GOPROXY = ["off", "http://127.0.0.1:9"]"#,
            "off,http://127.0.0.1:9",
            "disabled by GOPROXY=off",
        ),
    ] {
        refused_and_go_fails(&sb, "GOPROXY", line, raw, &dl, go_says);
    }
}

#[test]
fn goprivate() {
    let mut sb = setup();
    sb.extra_env.push(("GOPROXY".into(), "off".into()));
    let dl = ["mod", "download", "github.com/acme/tool@v1.0.0"];
    let v = emitted(
        &sb,
        "GOPRIVATE",
        r#"GOPRIVATE = ["example.com/a", "github.com/acme"]"#,
    )
    .unwrap();
    let (_, err) = run_go(&sb, &sb.root, "GOPRIVATE", &v, &dl);
    assert!(
        err.contains("GOVCS disallows"),
        "go should treat github.com/acme/tool as private with GOPRIVATE={v}:\n{err}"
    );
    // What goenvhook refuses, go misreads: the module is treated as public.
    for (line, raw) in [
        (
            r#"GOPRIVATE = "example.com/a, github.com/acme""#,
            "example.com/a, github.com/acme",
        ),
        (
            r#"GOPRIVATE = "https://github.com/acme""#,
            "https://github.com/acme",
        ),
    ] {
        assert!(
            emitted(&sb, "GOPRIVATE", line).is_err(),
            "{line} should be refused"
        );
        let (_, err) = run_go(&sb, &sb.root, "GOPRIVATE", raw, &dl);
        assert!(
            err.contains("disabled by GOPROXY=off"),
            "GOPRIVATE={raw} should not match:\n{err}"
        );
    }
}

#[test]
fn goauth() {
    let mut sb = setup();
    sb.extra_env
        .push(("GOPROXY".into(), "https://127.0.0.1:9".into()));
    let dl = ["mod", "download", "example.com/b@v1.0.0"];
    let abs = sb.root.display().to_string();
    for line in [
        r#"GOAUTH = "netrc""#.to_string(),
        format!(r#"GOAUTH = ["netrc", "git {abs}"]"#),
        r#"GOAUTH = "off""#.to_string(),
    ] {
        let v = emitted(&sb, "GOAUTH", &line).unwrap_or_else(|e| panic!("{line}: {e}"));
        let (_, err) = run_go(&sb, &sb.root, "GOAUTH", &v, &dl);
        assert!(
            err.contains("connection refused") && !err.contains("GOAUTH"),
            "GOAUTH={v}:\n{err}"
        );
    }
    for (line, raw, go_says) in [
        (
            r#"GOAUTH = ["off", "netrc"]"#,
            "off;netrc",
            "cannot be combined",
        ),
        (
            r#"GOAUTH = "git relative/dir""#,
            "git relative/dir",
            "absolute path",
        ),
    ] {
        refused_and_go_fails(&sb, "GOAUTH", line, raw, &dl, go_says);
    }
}

#[test]
fn gotoolchain() {
    let mut sb = setup();
    // go tries a download before judging some values (go1.27 here); GOPROXY=off keeps it local.
    sb.extra_env.push(("GOPROXY".into(), "off".into()));
    for line in [
        r#"GOTOOLCHAIN = "local""#,
        r#"GOTOOLCHAIN = "go1.24.11+auto""#,
        r#"GOTOOLCHAIN = "path""#,
        r#"GOTOOLCHAIN = "go1.24.11""#,
    ] {
        let v = emitted(&sb, "GOTOOLCHAIN", line).unwrap_or_else(|e| panic!("{line}: {e}"));
        let (ok, err) = run_go(&sb, &sb.root, "GOTOOLCHAIN", &v, &["env", "GOVERSION"]);
        assert!(ok, "GOTOOLCHAIN={v}:\n{err}");
    }
    for (line, raw, go_says) in [
        (r#"GOTOOLCHAIN = "go1.27""#, "go1.27", "language version"),
        (r#"GOTOOLCHAIN = "1.27.3""#, "1.27.3", "invalid GOTOOLCHAIN"),
        (
            r#"GOTOOLCHAIN = "go1.24.11+local""#,
            "go1.24.11+local",
            "+auto and +path",
        ),
    ] {
        refused_and_go_fails(&sb, "GOTOOLCHAIN", line, raw, &["version"], go_says);
    }
}

/// PORTS is every pair some installed go builds for: what `go tool dist list` shows, and the
/// ports it lists only with -broken that go still plans a build for (openbsd/mips64).
#[test]
fn ports_table_matches_what_go_builds_for() {
    let sb = setup();
    let mut real = std::collections::BTreeSet::new();
    for release in ["go1.22.10", "go1.23.9", "go1.24.11"] {
        let go = common::go_sdks().join(release).join("bin/go");
        let list = |extra: &[&str]| -> Vec<String> {
            let out = Command::new(&go)
                .args(["tool", "dist", "list"])
                .args(extra)
                .output()
                .unwrap();
            String::from_utf8(out.stdout)
                .unwrap()
                .lines()
                .map(str::to_string)
                .collect()
        };
        let plain = list(&[]);
        for port in list(&["-broken"]) {
            let (os, arch) = port.split_once('/').unwrap();
            let builds = plain.contains(&port)
                || Command::new(&go)
                    .args(["build", "-n", "-o", "/dev/null", "."])
                    .current_dir(sb.path("m"))
                    .env_clear()
                    .envs(sb.base_env())
                    .env("GOOS", os)
                    .env("GOARCH", arch)
                    .output()
                    .unwrap()
                    .status
                    .success();
            if builds {
                real.insert(port);
            }
        }
    }
    let ours: std::collections::BTreeSet<String> = goenvhook::go::vars::PORTS
        .iter()
        .map(|p| p.to_string())
        .collect();
    assert_eq!(ours, real);
}

/// Where goenvhook's doctor looks for the user's `go env -w` file is where the real go reads it
/// (`go env GOENV`), for each way HOME, XDG_CONFIG_HOME and GOENV can be set on Linux.
#[test]
fn the_user_env_file_is_where_go_reads_it() {
    use goenvhook::go::envfile::{location, Location};
    let sb = Sandbox::new();
    let home = sb.home.to_str().unwrap().to_string();
    let cases: [&[(&str, &str)]; 6] = [
        &[("HOME", &home)],
        &[("HOME", &home), ("XDG_CONFIG_HOME", "/x")],
        &[("HOME", &home), ("XDG_CONFIG_HOME", "rel")],
        &[("HOME", &home), ("XDG_CONFIG_HOME", "")],
        &[("HOME", &home), ("GOENV", "/e/env")],
        &[("HOME", &home), ("GOENV", "off")],
    ];
    for env in cases {
        let out = Command::new(go())
            .args(["env", "GOENV"])
            .current_dir(&sb.root)
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .env("GOTOOLCHAIN", "local")
            .envs(env.iter().copied())
            .output()
            .unwrap();
        let go_says = String::from_utf8(out.stdout).unwrap().trim().to_string();
        let get = |k: &str| env.iter().find(|(n, _)| *n == k).map(|(_, v)| (*v).into());
        let ours = match location("linux", get) {
            Location::File(p) => p.display().to_string(),
            // go prints nothing for both: no user file is read.
            Location::Off | Location::Unknown => String::new(),
        };
        assert_eq!(ours, go_says, "{env:?}");
    }
}

/// GOFLAGS as every installed go reads it, against what `allow` accepts. go decides each value
/// by acting on it: `go build -n` in a module must succeed, and where the value passes flags to
/// a tool, the build plan must carry them whole (`-ldflags=-s -w` succeeds, but the link gets
/// `-s` alone: go took `-w` for a flag of its own).
#[test]
fn goflags_differential_against_every_installed_go() {
    let sb = setup();
    let m = sb.path("m");
    // (the value as a .goenv.toml string writes it, what the build plan must then contain)
    let corpus: &[(&str, Option<&str>)] = &[
        ("-mod=mod", None),
        ("-mod=readonly", None),
        ("-mod=bogus", None),
        ("-mod", None),
        ("-trimpath", None),
        ("-trimpath -mod=mod", None),
        ("-tags=a,b", None),
        ("-race=false", None),
        ("-buildvcs=false", None),
        ("-count=1", None),
        ("-v", None),
        ("-ldflags=-s -w", Some("-s -w")),
        ("'-ldflags=-s -w'", Some("-s -w")),
        ("-gcflags=all=-N -l", Some("-N -l")),
        ("'-gcflags=all=-N -l'", Some("-N -l")),
        ("-ldflags=-s", Some("-s")),
        ("-bogus", None),
        ("-", None),
        ("--", None),
        ("x", None),
        ("-tags", None),
        ("-w", None),
        ("-u", None),
        ("-w=false", None),
        ("-json", None),
    ];
    let mut agree = 0;
    for (value, plan_has) in corpus {
        let toml = format!("GOFLAGS = {}", goenvhook::config::toml_string(value));
        let ours = emitted(&sb, "GOFLAGS", &toml).is_ok();
        for release in ["go1.22.10", "go1.23.9", "go1.24.11"] {
            let out = Command::new(common::go_sdks().join(release).join("bin/go"))
                .args(["build", "-n", "-o", "/dev/null", "."])
                .current_dir(&m)
                .env_clear()
                .envs(sb.base_env())
                .env("GOFLAGS", value)
                .output()
                .unwrap();
            let plan = String::from_utf8_lossy(&out.stderr);
            // go env must still work: it has flags of its own that GOFLAGS also reaches.
            let env_ok = Command::new(common::go_sdks().join(release).join("bin/go"))
                .args(["env", "GOVERSION"])
                .current_dir(&m)
                .env_clear()
                .envs(sb.base_env())
                .env("GOFLAGS", value)
                .output()
                .unwrap()
                .status
                .success();
            let theirs =
                out.status.success() && env_ok && plan_has.is_none_or(|p| plan.contains(p));
            assert_eq!(
                ours,
                theirs,
                "GOFLAGS={value:?}: goenvhook {}, {release} {}\n{}",
                if ours { "accepts" } else { "refuses" },
                if theirs {
                    "reads it as written"
                } else {
                    "fails or misreads it"
                },
                plan.lines().take(3).collect::<Vec<_>>().join("\n")
            );
            agree += 1;
        }
    }
    println!("GOFLAGS: goenvhook and go agree on {agree} value-release pairs");
}

/// Every flag goenvhook lets GOFLAGS carry is one the newest installed go knows (it would stop
/// every command with 'unknown flag' otherwise), and a made-up one is not.
#[test]
fn every_goflags_flag_goenvhook_knows_go_knows() {
    let sb = setup();
    let go = common::go_sdks().join("go1.24.11/bin/go");
    let unknown = |flag: &str| {
        let out = Command::new(&go)
            .args(["list", "-e", "."])
            .current_dir(sb.path("m"))
            .env_clear()
            .envs(sb.base_env())
            .env("GOFLAGS", format!("-{flag}=x"))
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stderr).contains("unknown flag")
    };
    let refused: Vec<&str> = goenvhook::go::vars::GO_FLAGS
        .iter()
        .copied()
        .filter(|f| unknown(f))
        .collect();
    assert!(refused.is_empty(), "go1.24.11 does not know {refused:?}");
    assert!(unknown("goenvhook-made-up"));
}

/// `allow` asks the release the config selects what only it can answer: GOAUTH is read from
/// go1.24 on, and asynctimerchan is a GODEBUG setting go1.22 does not have. Refused for go1.22
/// with the file, line and variable named; allowed for go1.24.
#[test]
fn allow_checks_values_against_the_selected_release() {
    let sb = Sandbox::new();
    for v in ["1.22.10", "1.24.11"] {
        common::install_sdk(v, &sb.home.join(format!("sdk/go{v}")));
    }
    for (line, var) in [
        (r#"GOAUTH = "netrc""#, "GOAUTH"),
        (r#"GODEBUG = "asynctimerchan=1""#, "GODEBUG"),
        (r#"GOEXPERIMENT = "synctest""#, "GOEXPERIMENT"),
    ] {
        for (go, allowed) in [("1.22", false), ("1.24", true)] {
            sb.write("p/.goenv.toml", &format!("go = \"{go}\"\n[env]\n{line}\n"));
            let out = sb.goenvhook(&["allow", sb.path("p").to_str().unwrap()], &sb.root);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.success(), allowed, "go {go}, {line}: {err}");
            if !allowed {
                assert!(
                    err.contains(".goenv.toml:3:1: ") && err.contains(var),
                    "{err}"
                );
            }
        }
    }
}
