//! `go = ...`: what a config may ask for, and which installed SDK that means. Reads
//! go.mod/go.work and examines a configured GOROOT; applying the choice is plan.rs's job.

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};

use super::gomod::{gomod_files, mod_lines};
use super::sdk::{discover_for, examine, Sdk, Want};
use super::version::Version;
use super::versionfile;
use crate::env::Vars;

/// The `go = ...` key. Parsed by config/parse.rs; resolved here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GoSpec {
    /// "1.22" or "1.22.10" (a leading "go" is accepted and dropped).
    Version(String),
    GoMod,
    Latest,
    System,
    Path(String),
    /// `.go-version` or `.tool-versions` (a path relative to the config ending in one of those
    /// names): the version comes from that file, read at each load.
    File(String),
}

impl GoSpec {
    /// The value as the config writes it (`1.22`, `go.mod`, `~/sdk/go1.22.10`, `.go-version`).
    pub fn as_written(&self) -> &str {
        match self {
            GoSpec::Version(v) | GoSpec::Path(v) | GoSpec::File(v) => v,
            GoSpec::GoMod => "go.mod",
            GoSpec::Latest => "latest",
            GoSpec::System => "system",
        }
    }
}

/// What `go = ...` resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// `system`: GOROOT and PATH stay as they are.
    Keep,
    Use(Sdk),
    /// The wanted toolchain (`go1.25.0`) is not installed. `fallback` is an installed go 1.21+ that
    /// can fetch it itself when GOTOOLCHAIN names it; `nearest` the installed release closest to
    /// the one wanted (for the message).
    Missing {
        wanted: String,
        fallback: Option<Sdk>,
        nearest: Option<String>,
    },
}

fn newest<'a>(sdks: impl Iterator<Item = &'a Sdk>) -> Option<&'a Sdk> {
    sdks.max_by(|a, b| a.version.cmp(&b.version))
}

fn usable(sdks: &[Sdk]) -> impl Iterator<Item = &Sdk> {
    sdks.iter().filter(|s| s.usable())
}

fn missing(wanted: String, sdks: &[Sdk]) -> Choice {
    let min = Version::parse("1.21.0").expect("a valid version");
    let fallback = newest(usable(sdks).filter(|s| {
        s.version
            .as_ref()
            .is_some_and(|v| v.is_release() && *v >= min)
    }))
    .cloned();
    Choice::Missing {
        nearest: nearest(&wanted, sdks),
        wanted,
        fallback,
    }
}

/// The installed release closest to `wanted`: the fewest minor versions away, the newer on a tie.
fn nearest(wanted: &str, sdks: &[Sdk]) -> Option<String> {
    let w = Version::parse(wanted)?;
    usable(sdks)
        .filter_map(|s| Some((s.version.as_ref().filter(|v| v.is_release())?, s)))
        .min_by(|(a, _), (b, _)| {
            let d = |v: &Version| (v.major.abs_diff(w.major), v.minor.abs_diff(w.minor));
            d(a).cmp(&d(b)).then(b.cmp(a))
        })
        .map(|(_, s)| s.name.clone())
}

/// ` (nearest installed: go1.22.10)` for a message, or nothing.
pub fn nearest_note(nearest: Option<&str>) -> String {
    nearest.map_or(String::new(), |n| format!(" (nearest installed: {n})"))
}

/// A `go = "<version>"` newer than any Go release this build of goenvhook knows, or None. Go ships
/// a minor release every six months; a version past the newest one known is most likely a typo
/// (`1.99`), and every go command would fail trying to download it.
pub fn unreleased(spec: &GoSpec) -> Option<String> {
    let GoSpec::Version(v) = spec else {
        return None;
    };
    let parsed = Version::parse(v)?;
    let (major, minor) = super::version::NEWEST_KNOWN;
    ((parsed.major, parsed.minor) > (major, minor)).then(|| {
        format!("go = \"{v}\" is newer than go{major}.{minor}, the newest Go release goenvhook knows; every go command would fail trying to download it. Fix the version, or update goenvhook if go{}.{} has been released", parsed.major, parsed.minor)
    })
}

fn exact(v: &Version, sdks: &[Sdk]) -> Choice {
    match usable(sdks).find(|s| s.version.as_ref() == Some(v)) {
        Some(s) => Choice::Use(s.clone()),
        None => missing(v.toolchain(), sdks),
    }
}

/// Resolves a spec against the SDKs installed: discovery narrowed to what the spec can use (see
/// `sdk::Want`), and a second, wider look only when the wanted release is missing and an
/// installed go 1.21+ must be found to fetch it.
pub fn select(
    spec: &GoSpec,
    dir: &Path,
    home: Option<&OsStr>,
    env: &dyn Vars,
    extra_dirs: &[PathBuf],
) -> Result<Choice, String> {
    let narrow = |v: Version| {
        if v.patch.is_some() || !v.kind.is_empty() {
            Want::Exact(v)
        } else {
            Want::Minor(v)
        }
    };
    let want = match spec {
        GoSpec::System | GoSpec::Path(_) => return choose(spec, dir, home, &[]),
        GoSpec::Latest => Want::All,
        GoSpec::Version(v) => Version::parse(v).map_or(Want::All, narrow),
        GoSpec::File(name) => fs::read_to_string(versionfile::resolve(dir, name))
            .ok()
            .and_then(|t| versionfile::parse(name, &t).ok())
            .and_then(|w| Version::parse(&w.version))
            .map_or(Want::All, narrow),
        GoSpec::GoMod => {
            let text = gomod_files(dir)
                .into_iter()
                .find_map(|p| fs::read_to_string(p).ok())
                .unwrap_or_default();
            match mod_lines(&text) {
                (_, Some(t)) if t != "default" => Version::parse(&t).map_or(Want::All, Want::Exact),
                (Some(go), _) => Version::parse(&go).map_or(Want::All, Want::AtLeast),
                _ => Want::All,
            }
        }
    };
    let choice = choose(spec, dir, home, &discover_for(env, extra_dirs, &want))?;
    match choice {
        Choice::Missing { .. } if want != Want::All => {
            let fetcher = Want::AtLeast(Version::parse("1.21.0").expect("a valid version"));
            choose(spec, dir, home, &discover_for(env, extra_dirs, &fetcher))
        }
        c => Ok(c),
    }
}

/// `1.22` is the newest installed 1.22.x release; `1.22.10` and `1.23rc1` are exact.
fn by_version(want: &Version, sdks: &[Sdk]) -> Choice {
    if want.patch.is_some() || !want.kind.is_empty() {
        return exact(want, sdks);
    }
    let found = newest(usable(sdks).filter(|s| {
        s.version
            .as_ref()
            .is_some_and(|x| x.is_release() && x.same_minor(want))
    }));
    found
        .cloned()
        .map_or_else(|| missing(want.toolchain(), sdks), Choice::Use)
}

/// Resolves a spec against the installed SDKs. `dir` is the config's directory; `home` expands `~/`.
/// Errors are one line, with the fix.
pub fn choose(
    spec: &GoSpec,
    dir: &Path,
    home: Option<&OsStr>,
    sdks: &[Sdk],
) -> Result<Choice, String> {
    match spec {
        GoSpec::System => Ok(Choice::Keep),
        GoSpec::Latest => newest(usable(sdks).filter(|s| s.version.as_ref().is_some_and(Version::is_release)))
            .cloned()
            .map(Choice::Use)
            .ok_or_else(|| "go = \"latest\" but no Go SDK is installed; install one (docs/config.md, Toolchains, lists the places goenvhook looks)".into()),
        GoSpec::Version(v) => {
            let want = Version::parse(v).ok_or_else(|| format!("go = \"{v}\" is not a Go version"))?;
            Ok(by_version(&want, sdks))
        }
        GoSpec::File(name) => {
            let path = versionfile::resolve(dir, name);
            let text = fs::read_to_string(&path).map_err(|e| format!("go = \"{name}\" but {} cannot be read ({e}); create it or name a version", path.display()))?;
            let w = versionfile::parse(name, &text).map_err(|m| format!("{} {m}", path.display()))?;
            match w.version.as_str() {
                "latest" => choose(&GoSpec::Latest, dir, home, sdks),
                "system" => Ok(Choice::Keep),
                v => {
                    let want = Version::parse(v).ok_or_else(|| format!("{}:{}: {v} is not a Go version; write e.g. 1.22.3", path.display(), w.line))?;
                    Ok(by_version(&want, sdks))
                }
            }
        }
        GoSpec::GoMod => {
            let [work, module] = gomod_files(dir);
            let (file, text) = [work, module]
                .into_iter()
                .find_map(|p| fs::read_to_string(&p).ok().map(|t| (p, t)))
                .ok_or_else(|| format!("go = \"go.mod\" but there is no go.mod or go.work in {}; add one or name a version", dir.display()))?;
            let (go, toolchain) = mod_lines(&text);
            if let Some(t) = toolchain.filter(|t| t != "default") {
                let v = Version::parse(&t).ok_or_else(|| format!("{}: toolchain {t} is not a Go toolchain name", file.display()))?;
                return Ok(exact(&v, sdks));
            }
            let go = go.ok_or_else(|| format!("{} has no go line; add one (go 1.22.0) or name a version in go = ...", file.display()))?;
            let min = Version::parse(&go).ok_or_else(|| format!("{}: go {go} is not a Go version", file.display()))?;
            let releases = || usable(sdks).filter(|s| s.version.as_ref().is_some_and(|v| v.is_release() && *v >= min));
            let same = newest(releases().filter(|s| s.version.as_ref().is_some_and(|v| v.same_minor(&min))));
            Ok(same.or_else(|| newest(releases())).cloned().map_or_else(|| missing(min.toolchain(), sdks), Choice::Use))
        }
        GoSpec::Path(p) => {
            let root = path_root(p, dir, home);
            match examine(&root, "configured") {
                Some(sdk) if sdk.usable() => Ok(Choice::Use(sdk)),
                Some(sdk) => Err(format!("go = \"{p}\": {} is not a usable GOROOT ({})", root.display(), sdk.problem.unwrap_or_default())),
                None => Err(format!("go = \"{p}\": {} is not a GOROOT (no VERSION, no bin/go)", root.display())),
            }
        }
    }
}

/// The GOROOT `go = "<path>"` names: `~/` is HOME, `./` and `../` are relative to the config's
/// directory.
pub fn path_root(p: &str, dir: &Path, home: Option<&OsStr>) -> PathBuf {
    crate::paths::resolve(p, home, dir)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::Env;
    use crate::go::sdk::tests::fake;
    use crate::go::sdk::{discover, host_arch};

    #[test]
    fn discovery_and_choice_on_fake_trees() {
        let host = match host_arch() {
            "arm64" => 183,
            _ => 62,
        };
        let other = if host == 62 { 183 } else { 62 };
        let t = tempfile::tempdir().unwrap();
        let home = t.path().join("home");
        fake(&home, "sdk/go1.22.1", "go1.22.1", host);
        fake(&home, "sdk/go1.22.10", "go1.22.10", host);
        fake(&home, "sdk/go1.23rc1", "go1.23rc1", host);
        fake(&home, ".gvm/gos/go1.21.13", "go1.21.13", host);
        fake(&home, "sdk/go1.24.0", "go1.24.0", other);
        fs::create_dir_all(home.join("sdk/go1.25.0/bin")).unwrap();
        fs::write(home.join("sdk/go1.25.0/VERSION"), "go1.25.0\n").unwrap();
        std::os::unix::fs::symlink("/nonexistent-goroot", home.join("sdk/go1.26.0")).unwrap();
        let mut env = Env::new();
        env.insert("HOME".into(), home.clone().into());
        env.insert("PATH".into(), "/nonexistent".into());
        let sdks: Vec<Sdk> = discover(&env, &[])
            .into_iter()
            .filter(|s| s.root.starts_with(&home))
            .collect();
        let names: Vec<(&str, bool)> = sdks.iter().map(|s| (s.name.as_str(), s.usable())).collect();
        assert!(
            names.contains(&("go1.24.0", false)),
            "other arch skipped: {names:?}"
        );
        assert!(
            names.contains(&("go1.25.0", false)),
            "no pkg/tool: {names:?}"
        );
        assert!(sdks
            .iter()
            .any(|s| s.problem.as_deref() == Some("dangling symlink")));
        let dir = t.path();
        let pick = |spec: GoSpec| match choose(&spec, dir, None, &sdks).unwrap() {
            Choice::Use(s) => s.name,
            other => format!("{other:?}"),
        };
        assert_eq!(pick(GoSpec::Version("1.22".into())), "go1.22.10");
        assert_eq!(pick(GoSpec::Version("1.22.1".into())), "go1.22.1");
        assert_eq!(pick(GoSpec::Version("1.23rc1".into())), "go1.23rc1");
        assert_eq!(
            pick(GoSpec::Latest),
            "go1.22.10",
            "no rc, no foreign arch, no broken tree"
        );
        assert_eq!(pick(GoSpec::Version("1.21".into())), "go1.21.13");
        match choose(&GoSpec::Version("1.24".into()), dir, None, &sdks).unwrap() {
            Choice::Missing {
                wanted,
                fallback,
                nearest,
            } => {
                assert_eq!(wanted, "go1.24.0");
                assert_eq!(fallback.unwrap().name, "go1.22.10");
                assert_eq!(nearest.as_deref(), Some("go1.22.10"));
            }
            other => panic!("{other:?}"),
        }
        fs::write(dir.join("go.mod"), "module x\n\ngo 1.22.2\n").unwrap();
        assert_eq!(pick(GoSpec::GoMod), "go1.22.10");
        fs::write(dir.join("go.mod"), "module x\ngo 1.22.11\n").unwrap();
        assert!(
            pick(GoSpec::GoMod).contains("Missing"),
            "no 1.22 >= .11 and nothing newer"
        );
        fs::write(
            dir.join("go.mod"),
            "module x\ngo 1.21\ntoolchain go1.22.1\n",
        )
        .unwrap();
        assert_eq!(pick(GoSpec::GoMod), "go1.22.1");
        fs::write(dir.join("go.work"), "go 1.21.0\n").unwrap();
        assert_eq!(pick(GoSpec::GoMod), "go1.21.13", "go.work wins over go.mod");
        let p = home.join("sdk/go1.22.1");
        assert_eq!(pick(GoSpec::Path(p.display().to_string())), "go1.22.1");
        assert!(choose(&GoSpec::Path("/nonexistent".into()), dir, None, &sdks).is_err());
        fs::write(dir.join(".go-version"), "1.21\n").unwrap();
        assert_eq!(pick(GoSpec::File(".go-version".into())), "go1.21.13");
        fs::write(dir.join(".tool-versions"), "golang 1.22.1\n").unwrap();
        assert_eq!(pick(GoSpec::File(".tool-versions".into())), "go1.22.1");
        fs::write(dir.join(".tool-versions"), "golang latest\n").unwrap();
        assert_eq!(pick(GoSpec::File(".tool-versions".into())), "go1.22.10");
        fs::write(dir.join(".go-version"), "one.two\n").unwrap();
        let e = choose(&GoSpec::File(".go-version".into()), dir, None, &sdks).unwrap_err();
        assert!(
            e.contains(".go-version:1: one.two is not a Go version"),
            "{e}"
        );
        assert!(choose(
            &GoSpec::File("../nope/.go-version".into()),
            dir,
            None,
            &sdks
        )
        .is_err());
    }
}
