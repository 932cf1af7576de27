//! goenvhook's checker against the real go, value by value. Every value in tests/govalues.toml
//! goes to `check_with` (what `allow` and every load apply, against the release that will run)
//! and to each installed go release, which decides it by acting on it: a build plan, a module
//! download from a local proxy, a program that shows whether a GODEBUG setting took. goenvhook
//! must accept exactly what go reads the way it is written, and refuse the rest: what go rejects,
//! what it ignores, and what it reads differently. Nothing leaves the machine: proxies are
//! file:// or 127.0.0.1, and `off` ends every list that could reach further.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::Sandbox;
use goenvhook::go::release::Release;
use goenvhook::go::vars;
use toml::de::DeValue;

const RELEASES: &[&str] = &["go1.22.10", "go1.23.9", "go1.24.11"];

/// The corpus: variable, then its values, in file order.
fn corpus() -> Vec<(String, Vec<String>)> {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/govalues.toml"))
            .unwrap();
    let doc = toml::de::DeTable::parse(&text).unwrap();
    let mut vars: Vec<(usize, String, Vec<String>)> = doc
        .get_ref()
        .iter()
        .map(|(name, t)| {
            let DeValue::Table(t) = t.get_ref() else {
                panic!("{name} is not a table")
            };
            let DeValue::Array(items) = t.get("values").unwrap().get_ref() else {
                panic!("{name}.values")
            };
            let values = items
                .iter()
                .map(|v| match v.get_ref() {
                    DeValue::String(s) => s.to_string(),
                    _ => panic!("{name}: a value is not a string"),
                })
                .collect();
            (name.span().start, name.get_ref().to_string(), values)
        })
        .collect();
    vars.sort();
    vars.into_iter().map(|(_, n, v)| (n, v)).collect()
}

/// The sandbox every probe runs in: a tiny module, a go.work, a local proxy that has
/// github.com/acme/tool (its list, info and go.mod, no zip), and a GODEBUG program.
struct World {
    sb: Sandbox,
    /// A build cache kept between runs (the GODEBUG program compiles the runtime once).
    cache: PathBuf,
}

impl World {
    fn new() -> World {
        let sb = Sandbox::new();
        sb.write("m/go.mod", "module example.com/m\n\ngo 1.22\n");
        sb.write("m/main.go", "package main\n\nfunc main() {}\n");
        sb.write("work/go.work", "go 1.22\n\nuse ../m\n");
        sb.write("dir/.keep", "");
        sb.write("nobin/.keep", "");
        sb.acme_proxy("proxy");
        sb.write(
            "nilpanic/main.go",
            "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tdefer func() { fmt.Println(recover() == nil) }()\n\tpanic(nil)\n}\n",
        );
        sb.write(
            "nilpanic/go.mod",
            "module example.com/nilpanic\n\ngo 1.21\n",
        );
        let cache = Path::new(env!("CARGO_TARGET_TMPDIR")).join("govalues-gocache");
        World { sb, cache }
    }

    fn fill(&self, v: &str) -> String {
        v.replace("{dir}", self.sb.path("dir").to_str().unwrap())
            .replace("{file}", self.sb.path("work/go.work").to_str().unwrap())
            .replace(
                "{missing}",
                self.sb.path("missing/go.work").to_str().unwrap(),
            )
    }

    /// Runs `go args` of `release` in `dir` with the keep-it-local environment and `env`.
    fn go(
        &self,
        release: &str,
        dir: &Path,
        args: &[&str],
        env: &[(&str, String)],
    ) -> (bool, String) {
        let mut cmd = Command::new(common::go_sdks().join(release).join("bin/go"));
        cmd.args(args).current_dir(dir).env_clear();
        for (k, v) in [
            ("HOME", self.sb.home.display().to_string()),
            ("PATH", self.sb.path("nobin").display().to_string()),
            ("GOPATH", self.sb.path("gopath").display().to_string()),
            ("GOCACHE", self.cache.display().to_string()),
            ("GOENV", "off".into()),
            ("GOTOOLCHAIN", "local".into()),
            ("GOFLAGS", "-mod=mod".into()),
            ("GOWORK", "off".into()),
            ("GOPROXY", "off".into()),
            ("GOSUMDB", "off".into()),
            ("CGO_ENABLED", "0".into()),
        ] {
            cmd.env(k, v);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        (out.status.success(), text)
    }

    fn proxy(&self) -> String {
        format!("file://{},off", self.sb.path("proxy").display())
    }
}

/// The target a variable only matters for, so go reads it (GOARM64 means nothing on amd64).
fn target_of(var: &str) -> Vec<(&'static str, String)> {
    let arch = match var {
        "GORISCV64" => "riscv64",
        "GOAMD64" => "amd64",
        "GOARM" => "arm",
        "GOMIPS64" => "mips64",
        "GOARM64" => "arm64",
        "GOPPC64" => "ppc64",
        "GOMIPS" => "mips",
        "GO386" => "386",
        "GOWASM" => return vec![("GOOS", "js".into()), ("GOARCH", "wasm".into())],
        _ => return Vec::new(),
    };
    vec![("GOOS", "linux".into()), ("GOARCH", arch.into())]
}

/// Whether `release` reads `var` at all: `go env -json` lists it (for the target it matters
/// for). GODEBUG is read by the runtime of every release, and CGO_* by every go command.
fn known(w: &World, release: &str, var: &str) -> bool {
    if !var.starts_with("GO") || var == "GODEBUG" || var.contains('/') {
        return true;
    }
    let (_, out) = w.go(release, &w.sb.root, &["env", "-json"], &target_of(var));
    out.contains(&format!("\"{var}\":"))
}

/// go's verdict: does `release` read `var=value` the way it is written?
fn go_reads(w: &World, release: &str, var: &str, value: &str) -> (bool, String) {
    let m = w.sb.path("m");
    let root = &w.sb.root;
    let mut env = target_of(var);
    fn set(env: &mut Vec<(&'static str, String)>, k: &'static str, v: &str) {
        env.push((k, v.to_string()));
    }
    if let Some(verdict) = fetch_reads(w, release, var, value) {
        return verdict;
    }
    match var {
        "GODEBUG" => godebug_reads(w, release, value),
        // An architecture level shows in the build tags (GOAMD64=v3: amd64.v3), and options
        // after a comma (GOARM=6,softfloat) leave the level's tags as the level alone gives them;
        // a level go does not know falls back to the default, silently in some releases. The
        // compiler must take it too (GO386=387 gets a tag but no build).
        "GOAMD64" | "GOARM" | "GOARM64" | "GOPPC64" | "GO386" | "GOMIPS" | "GOMIPS64"
        | "GORISCV64" => {
            let arch = env[env.len() - 1].1.clone();
            let base = value.split(',').next().unwrap_or(value);
            let tags = |v: &str| {
                let mut env = env.clone();
                env.push((leak(var), v.to_string()));
                let list = ["list", "-f", "{{context.ToolTags}}", "."];
                let (ok, out) = w.go(release, &m, &list, &env);
                let (built, plan) =
                    w.go(release, &m, &["build", "-n", "-o", "/dev/null", "."], &env);
                (ok && built, out, plan)
            };
            let (ok, out, plan) = tags(value);
            let tag = format!("{arch}.{base}");
            let level = out.split([' ', '[', ']', '\n']).any(|t| t == tag);
            let same = base == value || tags(base).1 == out;
            (ok && level && same, out + &plan)
        }
        "GOBIN" => {
            set(&mut env, "GOBIN", value);
            w.go(release, &m, &["install", "-n", "."], &env)
        }
        "GOTMPDIR" => {
            set(&mut env, "GOTMPDIR", value);
            w.go(release, &m, &["build", "-o", "/dev/null", "."], &env)
        }
        "CC" | "CXX" | "FC" | "PKG_CONFIG" | "AR" | "GCCGO" => {
            set(&mut env, "CGO_ENABLED", "1");
            env.push((leak(var), value.to_string()));
            w.go(release, &m, &["list", "."], &env)
        }
        _ if var == "CGO_ENABLED"
            || vars::lookup(var).is_some_and(|v| {
                matches!(v.grammar, vars::Grammar::Computed | vars::Grammar::Text)
            }) =>
        {
            env.push((leak(var), value.to_string()));
            let (_, out) = w.go(release, &m, &["env", var], &env);
            (out.trim() == value, out)
        }
        "GOWORK" => {
            set(&mut env, "GOWORK", value);
            set(&mut env, "GOFLAGS", "");
            w.go(release, &m, &["build", "-n", "-o", "/dev/null", "."], &env)
        }
        "GOTOOLCHAIN" => {
            // Offline, a switch to another release shows as its download being tried.
            set(&mut env, "GOTOOLCHAIN", value);
            let (ok, out) = w.go(release, root, &["version"], &env);
            let switch = value.split('+').next().filter(|t| t.starts_with("go1"));
            (
                ok || switch.is_some_and(|t| {
                    out.contains(&format!("downloading {t} ")) && !out.contains("invalid")
                }),
                out,
            )
        }
        _ => {
            match var.split_once('/') {
                Some((os, arch)) => {
                    let (o, a) = value.split_once('/').unwrap();
                    env.push((if os == "GOOS" { "GOOS" } else { "GOARCH" }, o.into()));
                    env.push((if arch == "GOARCH" { "GOARCH" } else { "GOOS" }, a.into()));
                }
                None => env.push((leak(var), value.to_string())),
            }
            w.go(release, &m, &["build", "-n", "-o", "/dev/null", "."], &env)
        }
    }
}

/// go's verdict on the variables that steer module downloads: each probe downloads from a local
/// proxy (or 127.0.0.1:9) and reads what go did. None for any other variable.
fn fetch_reads(w: &World, release: &str, var: &str, value: &str) -> Option<(bool, String)> {
    fn set(env: &mut Vec<(&'static str, String)>, k: &'static str, v: &str) {
        env.push((k, v.to_string()));
    }
    let root = &w.sb.root;
    let mut env = Vec::new();
    let acme = ["mod", "download", "-x", "github.com/acme/tool@v1.0.0"];
    Some(match var {
        "GOPROXY" => {
            set(&mut env, "GOPROXY", value);
            let (_, out) = w.go(
                release,
                root,
                &["mod", "download", "-x", "example.com/b@v1.0.0"],
                &env,
            );
            let last = value
                .split([',', '|'])
                .map(str::trim)
                .rfind(|e| !e.is_empty())
                .unwrap_or("");
            let reached = if last == "off" {
                out.contains("GOPROXY=off")
            } else {
                out.contains("127.0.0.1:9/")
            };
            (
                reached && !out.contains("invalid") && !out.contains("no entries"),
                out,
            )
        }
        "GOSUMDB" => {
            set(&mut env, "GOPROXY", &w.proxy());
            set(&mut env, "GOSUMDB", value);
            let (_, out) = w.go(release, root, &acme, &env);
            (!out.contains("GOSUMDB") && !out.contains("sumdb name"), out)
        }
        "GOPRIVATE" | "GONOPROXY" | "GOINSECURE" => {
            set(&mut env, "GOPROXY", &w.proxy());
            set(&mut env, "GOVCS", "private:off,public:off");
            set(
                &mut env,
                if var == "GOINSECURE" {
                    "GOPRIVATE"
                } else {
                    leak(var)
                },
                value,
            );
            let (_, out) = w.go(release, root, &acme, &env);
            (out.contains("GOVCS disallows"), out)
        }
        "GONOSUMDB" => {
            set(&mut env, "GOPROXY", &w.proxy());
            set(&mut env, "GOSUMDB", "sum.golang.org");
            set(&mut env, "GONOSUMDB", value);
            let (_, out) = w.go(release, root, &acme, &env);
            (!out.contains("verifying"), out)
        }
        "GOVCS" => {
            set(&mut env, "GOPRIVATE", "github.com/acme");
            set(&mut env, "GOVCS", value);
            let (_, out) = w.go(release, root, &acme, &env);
            (!out.contains("GOVCS"), out)
        }
        "GOMODCACHE" => {
            set(&mut env, "GOPROXY", &w.proxy());
            set(&mut env, "GOMODCACHE", value);
            let (_, out) = w.go(release, root, &acme, &env);
            (!out.contains("GOMODCACHE"), out)
        }
        "GOAUTH" => {
            set(&mut env, "GOPROXY", "https://127.0.0.1:9");
            set(&mut env, "GOAUTH", value);
            let (_, out) = w.go(
                release,
                root,
                &["mod", "download", "example.com/b@v1.0.0"],
                &env,
            );
            (!out.contains("GOAUTH"), out)
        }
        _ => return None,
    })
}

fn leak(s: &str) -> &'static str {
    Box::leak(s.to_string().into_boxed_str())
}

/// GODEBUG: every corpus value means to turn panicnil on, which a program that panics with nil
/// shows; every other key must be a setting the release has (a `//go:debug` line naming it
/// builds, or the runtime documents it).
fn godebug_reads(w: &World, release: &str, value: &str) -> (bool, String) {
    let bin = w.sb.path(&format!("nilpanic-{release}"));
    if !bin.exists() {
        let (ok, out) = w.go(
            release,
            &w.sb.path("nilpanic"),
            &["build", "-o", bin.to_str().unwrap(), "."],
            &[],
        );
        assert!(ok, "{out}");
    }
    let out = Command::new(&bin)
        .env_clear()
        .env("GODEBUG", value)
        .output()
        .unwrap();
    let took = String::from_utf8_lossy(&out.stdout).trim() == "true";
    let docs = w.go(release, &w.sb.root, &["doc", "runtime"], &[]).1;
    let unknown: Vec<&str> = value
        .split(',')
        .filter_map(|e| e.split_once('=').map(|(k, _)| k))
        .filter(|k| *k != "panicnil")
        .filter(|k| {
            let src = format!("//go:debug {k}=1\n\npackage main\n\nfunc main() {{}}\n");
            let dir = w.sb.path(&format!("directive-{release}-{k}"));
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join("main.go"), src).unwrap();
            std::fs::write(dir.join("go.mod"), "module example.com/d\n\ngo 1.22\n").unwrap();
            let (ok, _) = w.go(release, &dir, &["build", "-n", "-o", "/dev/null", "."], &[]);
            !ok && !docs
                .lines()
                .any(|l| l.trim_start().starts_with(&format!("{k}: ")))
        })
        .collect();
    (
        took && unknown.is_empty(),
        format!("panicnil took: {took}; unknown keys: {unknown:?}"),
    )
}

/// goenvhook's verdict for `release` (installed at its GOROOT): the checker allow applies.
fn ours(release: &str, var: &str, value: &str) -> Result<(), String> {
    let rel = Release::at(&common::go_sdks().join(release));
    if let Some((os, arch)) = value.split_once('/').filter(|_| var.contains('/')) {
        vars::check_with("GOOS", os, &rel)?;
        vars::check_with("GOARCH", arch, &rel)?;
        return vars::check_port(Some(os), Some(arch));
    }
    vars::check_with(var, value, &rel)?;
    goenvhook::go::files::check(var, value)?;
    match var {
        "GOOS" => vars::check_port(Some(value), None),
        "GOARCH" => vars::check_port(None, Some(value)),
        _ => Ok(()),
    }
}

#[test]
fn goenvhook_accepts_exactly_what_every_installed_go_reads_as_written() {
    let w = World::new();
    let corpus = corpus();
    let mut disagree = Vec::new();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    std::thread::scope(|s| {
        let runs: Vec<_> = RELEASES
            .iter()
            .map(|release| {
                let (w, corpus) = (&w, &corpus);
                s.spawn(move || {
                    let mut found = Vec::new();
                    for (var, values) in corpus {
                        let reads_var = known(w, release, var);
                        for raw in values {
                            let value = w.fill(raw);
                            let (theirs, said) = if reads_var {
                                go_reads(w, release, var, &value)
                            } else {
                                (false, format!("{release} does not read {var}"))
                            };
                            let ours = ours(release, var, &value);
                            found.push((
                                var.clone(),
                                value,
                                release.to_string(),
                                ours,
                                theirs,
                                said,
                            ));
                        }
                    }
                    found
                })
            })
            .collect();
        for run in runs {
            for (var, value, release, ours, theirs, said) in run.join().unwrap() {
                if let Err(m) = &ours {
                    // Every refusal names the variable and says what to do instead.
                    let fixes = [
                        "write",
                        "remove",
                        "select",
                        "use one of",
                        "quote",
                        "create",
                        "move",
                        "merge",
                        "set ",
                        "supports",
                        "close",
                    ];
                    let named = var.split('/').any(|v| m.contains(v));
                    if !named || !fixes.iter().any(|f| m.contains(f)) {
                        disagree.push(format!(
                            "{var}={value:?}: the message names no variable or fix: {m}"
                        ));
                    }
                }
                if ours.is_ok() == theirs {
                    *counts.entry(var).or_default() += 1;
                } else {
                    let tail: Vec<&str> = said
                        .lines()
                        .filter(|l| !l.starts_with('#'))
                        .take(2)
                        .collect();
                    disagree.push(format!(
                        "{var}={value:?} on {release}: goenvhook {}, go {}\n    go: {}",
                        match &ours {
                            Ok(()) => "accepts".to_string(),
                            Err(m) => format!("refuses ({m})"),
                        },
                        if theirs {
                            "reads it as written"
                        } else {
                            "rejects, ignores or misreads it"
                        },
                        tail.join(" | ")
                    ));
                }
            }
        }
    });
    let agreed: usize = counts.values().sum();
    // Written to the real stderr, so CI's log shows the count even when the test passes.
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "goenvhook and go agree on {agreed} value-release pairs: {counts:?}"
    );
    assert!(
        disagree.is_empty(),
        "{} disagreements:\n{}",
        disagree.len(),
        disagree.join("\n")
    );
}
