//! Whether a value is one go reads as it is written, by the grammar `TABLE` gives its variable:
//! `check` (with a message that names the variable and says how to fix it), `check_with` for
//! what only the release that will run can answer (its experiments, GODEBUG keys, FIPS modules,
//! the variables it reads at all), and `check_port` for GOOS and GOARCH together. The grammars
//! of the module-fetching variables live in `fetch`, GOFLAGS in `flags`. No I/O.

use super::fetch;
use super::flags::check_goflags;
use super::names::suggest;
use super::release::Release;
use super::table::{lookup, Grammar, PORTS};
use crate::go::version::Version;

fn port_part(i: usize, word: &str) -> bool {
    PORTS.iter().any(|p| p.split('/').nth(i) == Some(word))
}

/// A path value is fine before expansion if it will be absolute after it.
fn absolute_ish(v: &str) -> bool {
    v.starts_with('/')
        || v.starts_with("./")
        || v.starts_with("../")
        || v.starts_with("~/")
        || v.starts_with("${")
}

fn check_toolchain(v: &str) -> Result<(), String> {
    if v.trim() != v {
        return Err(format!(
            "GOTOOLCHAIN={v:?} has white space around it, which go does not trim: write {}",
            v.trim()
        ));
    }
    let (name, suffix) = match v.split_once('+') {
        Some((n, s)) => (n, Some(s)),
        None => (v, None),
    };
    if let Some(s) = suffix {
        if s != "auto" && s != "path" {
            return Err(format!(
                "GOTOOLCHAIN={v}: the only suffixes are +auto and +path: write {name}+auto or {name}+path"
            ));
        }
    }
    match name {
        "local" | "auto" | "path" if suffix.is_none() || name == "local" => Ok(()),
        "auto" | "path" => Err(format!("GOTOOLCHAIN={v}: write {name} alone")),
        _ if name.starts_with("go1") => {
            match Version::parse(name.split('-').next().unwrap_or(name)) {
                Some(ver) if ver.patch.is_some() || !ver.kind.is_empty() => Ok(()),
                Some(ver) => Err(format!(
                    "GOTOOLCHAIN={v}: {name} is a language version, not a toolchain; write {}",
                    ver.toolchain()
                )),
                None => Err(format!("GOTOOLCHAIN={v}: {name} is not a Go version")),
            }
        }
        _ if name.starts_with("go") && Version::parse(name).is_some() => Err(format!(
            "GOTOOLCHAIN={v}: {name} is not a Go release; write go1.X.Y (for example {})",
            crate::go::version::Version::parse("1.24.0").map_or(String::new(), |x| x.toolchain())
        )),
        _ if Version::parse(name).is_some() => Err(format!("GOTOOLCHAIN={v}: write go{name}")),
        _ => Err(format!(
            "GOTOOLCHAIN={v} is not local, auto, path or go1.X.Y (with +auto or +path): write one of those, such as local or go1.24.0"
        )),
    }
}

/// Checks a value (`resolved`: after expansion, when paths must really be absolute). The message
/// says what is wrong and how to fix it, and always names the variable (config errors, `allow`
/// and `doctor` all show it without more context: "ftp://x: invalid scheme" alone does not say
/// which setting to fix).
pub fn check(name: &str, v: &str, resolved: bool) -> Result<(), String> {
    check_value(name, v, resolved).map_err(|m| {
        if m.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .any(|w| w == name)
        {
            m
        } else {
            format!("{name}: {m}")
        }
    })
}

fn check_value(name: &str, v: &str, resolved: bool) -> Result<(), String> {
    let Some(var) = lookup(name) else {
        return Ok(());
    };
    match var.grammar {
        Grammar::Computed => return Err(format!("{name} is computed by the go command ({}); setting it has no effect: remove it", var.what)),
        Grammar::Goroot => return Err("GOROOT is chosen with go = \"/path/to/goroot\" (goenvhook then sets GOROOT and PATH together, so go and gofmt agree): use the go key".into()),
        _ => {}
    }
    if v.is_empty() {
        return Err(format!(
            "an empty {name} is the same as unset to Go (it falls back to go env -w and $GOROOT/go.env): write {name} = false to unset it, or give a value"
        ));
    }
    if !resolved && v.contains("${") {
        return Ok(()); // checked again after expansion
    }
    let abs = |p: &str| {
        if resolved {
            p.starts_with('/')
        } else {
            absolute_ish(p)
        }
    };
    match var.grammar {
        Grammar::Text | Grammar::Computed | Grammar::Goroot => Ok(()),
        Grammar::Command => {
            let prog = v.split_whitespace().next().unwrap_or("");
            if prog.contains('/') && !abs(prog) {
                Err(format!("{name}={v}: a relative program path depends on where go runs; write ./{prog} (this file's directory) or an absolute path"))
            } else {
                Ok(())
            }
        }
        Grammar::Proxy => fetch::check_proxy(v),
        Grammar::Globs => fetch::check_globs(name, v),
        Grammar::Flags => check_goflags(v),
        Grammar::Auth => fetch::check_auth(v),
        Grammar::Sumdb => fetch::check_sumdb(v),
        Grammar::Vcs => fetch::check_vcs(v),
        Grammar::Experiment => v.split(',').filter(|x| !x.is_empty()).try_for_each(|x| {
            let name = x.strip_prefix("no").unwrap_or(x);
            if !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()) {
                Ok(())
            } else {
                Err(format!("GOEXPERIMENT entry {x:?} is not an experiment name (go: 'unknown GOEXPERIMENT'): write lower-case names, with no in front to turn one off"))
            }
        }),
        Grammar::Debug => v.split(',').filter(|x| !x.is_empty()).try_for_each(check_godebug_entry),
        Grammar::Fips => check_fips(v),
        Grammar::Wasm => v.split(',').filter(|x| !x.is_empty()).try_for_each(|x| match x {
            "satconv" | "signext" => Ok(()),
            _ => Err(format!("GOWASM entry {x:?} is not satconv or signext (go: 'invalid GOWASM'): write satconv, signext or satconv,signext")),
        }),
        Grammar::Toolchain => check_toolchain(v),
        Grammar::OneOf(allowed) => check_one_of(name, v, allowed),
        Grammar::Os => check_port_part(name, v, 0),
        Grammar::Arch => check_port_part(name, v, 1),
        Grammar::Abs if name == "GOCACHE" && v == "off" => {
            Err("GOCACHE=off is refused by Go since 1.12 (the build cache is required): remove it".into())
        }
        Grammar::Abs => {
            if abs(v) {
                Ok(())
            } else {
                Err(format!("{name}={v} must be an absolute path (Go rejects relative ones): write ./{v} for a path relative to this file, or an absolute path"))
            }
        }
        // go skips empty entries (`/a:` from "/a:${GOPATH}" with GOPATH unset).
        Grammar::AbsList => v.split(':').filter(|p| !p.is_empty()).try_for_each(|p| {
            if p.starts_with('~') && !p.starts_with("~/") {
                Err(format!("GOPATH entry {p:?} starts with ~, which Go rejects: write an absolute path"))
            } else if abs(p) {
                Ok(())
            } else {
                Err(format!("GOPATH entry {p:?} must be absolute (go: GOPATH entry is relative): write ./{p} or an absolute path"))
            }
        }),
        Grammar::AbsOrOff => {
            if v == "off" || (name == "GOWORK" && v == "auto") || abs(v) {
                Ok(())
            } else {
                Err(format!("{name}={v} must be off or an absolute path: write ./{v} for a path relative to this file"))
            }
        }
    }
}

/// One GODEBUG `key=value` entry as the runtime parses it: split at the first `=`, nothing
/// trimmed, a key that matches no setting silently ignored.
fn check_godebug_entry(x: &str) -> Result<(), String> {
    let Some((k, val)) = x.split_once('=') else {
        return Err(format!("GODEBUG entry {x:?} is not key=value (go ignores it): write {x}=1, and separate entries with commas"));
    };
    if k.is_empty()
        || !k
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    {
        let fix = k.trim().to_ascii_lowercase().replace([';', ' '], ",");
        return Err(format!("GODEBUG key {k:?} is not a setting name (go ignores the entry; keys are lower-case, entries separated by commas): write {fix}={val}"));
    }
    if val.contains(char::is_whitespace) || val.contains(';') {
        return Err(format!("GODEBUG {k}={val:?}: go takes the value whole, spaces included, so it is not the value meant: separate entries with commas and remove the spaces"));
    }
    match val {
        "true" | "false" | "yes" | "no" => Err(format!("GODEBUG {k}={val}: settings are numbers or words such as 1 and 0, and go treats {val} as neither: write {k}={}", if matches!(val, "true" | "yes") { 1 } else { 0 })),
        _ => Ok(()),
    }
}

/// GOFIPS140: off, latest, or a module version or alias (`v1.0.0`, `inprocess`, `certified`).
fn check_fips(v: &str) -> Result<(), String> {
    let version = v.strip_prefix('v').is_some_and(|r| {
        let core = r.split(['-', '+']).next().unwrap_or("");
        core.split('.').count() == 3
            && core
                .split('.')
                .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    });
    if matches!(v, "off" | "latest" | "inprocess" | "certified") || version {
        Ok(())
    } else {
        Err(format!("GOFIPS140={v} is not off, latest, inprocess, certified or vX.Y.Z (go: 'invalid GOFIPS140'): write latest, or a module version such as v1.0.0"))
    }
}

/// `check`, and then what only the release that will run can answer: whether it reads the
/// variable at all, and whether it knows the experiment, GODEBUG key or FIPS module named.
pub fn check_with(name: &str, v: &str, rel: &dyn Release) -> Result<(), String> {
    check(name, v, true)?;
    let Some(var) = lookup(name) else {
        return Ok(());
    };
    // `rel` is asked only when the answer matters: finding it can cost a stat per PATH entry.
    let since = var.since.into_iter().chain(value_since(name, v)).max();
    let asks = matches!(
        var.grammar,
        Grammar::Experiment | Grammar::Debug | Grammar::Fips
    );
    if since.is_none() && !asks {
        return Ok(());
    }
    let shown = rel
        .version()
        .map_or("this go".to_string(), Version::toolchain);
    if let Some(ver) = rel.version() {
        if let Some((maj, min)) = since.filter(|s| (ver.major, ver.minor) < *s) {
            return Err(format!("{name}={v} needs go{maj}.{min} or newer, and {shown} ignores it: select a newer go (go = \"{maj}.{min}\") or remove {name}"));
        }
    }
    match var.grammar {
        Grammar::Experiment => {
            let Some(known) = rel.experiments() else { return Ok(()) };
            v.split(',').filter(|x| !x.is_empty() && *x != "none").try_for_each(|x| {
                let e = x.strip_prefix("no").unwrap_or(x);
                if known.iter().any(|k| k == e) { Ok(()) } else {
                    let hint = suggest(e, &known.iter().map(String::as_str).collect::<Vec<_>>()).map_or(String::new(), |s| format!("; did you mean {s}?"));
                    Err(format!("GOEXPERIMENT {x}: {shown} has no experiment {e:?} and refuses it (go: 'unknown GOEXPERIMENT'){hint}; remove it, or select the go that has it"))
                }
            })
        }
        Grammar::Debug => {
            let Some(known) = rel.godebugs() else { return Ok(()) };
            v.split(',').filter(|x| !x.is_empty()).try_for_each(|x| {
                let k = x.split('=').next().unwrap_or(x);
                if known.iter().any(|n| n == k) { Ok(()) } else {
                    let hint = suggest(k, &known.iter().map(String::as_str).collect::<Vec<_>>()).map_or(String::new(), |s| format!("; did you mean {s}?"));
                    Err(format!("GODEBUG {x}: {shown} has no setting {k:?} and ignores it silently{hint}; remove the entry, or select the go that has it"))
                }
            })
        }
        Grammar::Fips if !matches!(v, "off" | "latest") && rel.fips140(v) == Some(false) => {
            Err(format!("GOFIPS140={v}: {shown} has no such FIPS 140-3 module in $GOROOT/lib/fips140 (go: 'unknown GOFIPS140 version'): write latest, or a version it ships"))
        }
        _ => Ok(()),
    }
}

/// The release that introduced a value of a variable that older releases refuse.
fn value_since(name: &str, v: &str) -> Option<(u64, u64)> {
    super::table::VALUES_SINCE
        .iter()
        .find(|(n, val, _)| *n == name && *val == v)
        .map(|(_, _, since)| *since)
}

/// A value from a fixed set (GOARM64 may add `,lse` and `,crypto`).
fn check_one_of(name: &str, v: &str, allowed: &[&str]) -> Result<(), String> {
    let base = if name == "GOARM64" {
        v.split(',').next().unwrap_or(v)
    } else {
        v
    };
    if allowed.contains(&base)
        && (name != "GOARM64" || v.split(',').skip(1).all(|f| f == "lse" || f == "crypto"))
    {
        Ok(())
    } else if name == "CGO_ENABLED" && (v == "true" || v == "false") {
        Err(format!(
            "CGO_ENABLED={v} is ignored by Go (only 0 and 1 count): write \"{}\"",
            if v == "true" { 1 } else { 0 }
        ))
    } else {
        Err(format!(
            "{name}={v} is not valid: use one of {}",
            allowed.join(", ")
        ))
    }
}

/// GOOS (`i` 0) or GOARCH (`i` 1): one half of a real port.
fn check_port_part(name: &str, v: &str, i: usize) -> Result<(), String> {
    if port_part(i, v) {
        return Ok(());
    }
    let mut all: Vec<&str> = PORTS.iter().filter_map(|p| p.split('/').nth(i)).collect();
    all.sort_unstable();
    all.dedup();
    // What other tools call them (uname, Rust, Homebrew), then a near spelling, then the list.
    let alias = match v {
        "x86_64" | "x64" | "amd" => Some("amd64"),
        "aarch64" | "armv8" => Some("arm64"),
        "i386" | "i686" | "x86" => Some("386"),
        "macos" | "osx" | "macOS" | "Darwin" => Some("darwin"),
        "win" | "win32" | "Windows" => Some("windows"),
        _ => None,
    };
    let hint = match alias.or_else(|| suggest(v, &all)) {
        Some(s) => format!(": write {s}"),
        None => format!(": write one of {}", all.join(", ")),
    };
    Err(format!(
        "{name}={v} is not a Go port (go tool dist list){hint}"
    ))
}

/// This machine's GOOS and GOARCH, which go pairs with a GOARCH or GOOS set alone.
pub fn host_port() -> (&'static str, &'static str) {
    let os = match std::env::consts::OS {
        "macos" => "darwin",
        os => os,
    };
    let arch = match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        "x86" => "386",
        "powerpc64" => "ppc64",
        a => a,
    };
    (os, arch)
}

/// GOOS and GOARCH together must be a real port; one set alone is paired with this machine's
/// other half, as go pairs it (GOARCH=wasm alone is linux/wasm here, which go refuses).
pub fn check_port(goos: Option<&str>, goarch: Option<&str>) -> Result<(), String> {
    let (host_os, host_arch) = host_port();
    let (os, arch) = match (goos, goarch) {
        (None, None) => return Ok(()),
        (os, arch) => (os.unwrap_or(host_os), arch.unwrap_or(host_arch)),
    };
    if PORTS.contains(&format!("{os}/{arch}").as_str()) || !port_part(0, os) || !port_part(1, arch)
    {
        return Ok(());
    }
    let alone = match (goos, goarch) {
        (None, _) => format!(" (GOARCH alone pairs with this machine's GOOS={os}; set GOOS too)"),
        (_, None) => {
            format!(" (GOOS alone pairs with this machine's GOARCH={arch}; set GOARCH too)")
        }
        _ => String::new(),
    };
    let archs: Vec<&str> = PORTS
        .iter()
        .filter_map(|p| p.strip_prefix(&format!("{os}/")))
        .collect();
    let oses: Vec<&str> = PORTS
        .iter()
        .filter_map(|p| p.strip_suffix(&format!("/{arch}")))
        .collect();
    Err(format!(
        "GOOS={os} GOARCH={arch} is not a Go port (go: 'unsupported GOOS/GOARCH pair'){alone}; {os} supports {}, and {arch} runs on {}",
        archs.join(", "),
        oses.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::go::vars::TABLE;

    /// Every variable in TABLE, with values Go accepts and values it rejects or misreads.
    /// (Every Go variable also rejects "": empty means unset to Go.)
    #[test]
    fn every_variable_valid_and_invalid() {
        let cases: &[(&str, &[&str], &[&str])] = &[
            ("AR", &["ar", "/usr/bin/ar"], &["bin/ar"]),
            (
                "CC",
                &["clang", "/usr/bin/gcc -m64", "./tools/cc"],
                &["tools/cc"],
            ),
            ("CGO_CFLAGS", &["-O2 -g"], &[""]),
            ("CGO_CFLAGS_ALLOW", &["-fopenmp"], &[""]),
            ("CGO_CFLAGS_DISALLOW", &["-fplugin=.*"], &[""]),
            ("CGO_CPPFLAGS", &["-DX=1"], &[""]),
            ("CGO_CPPFLAGS_ALLOW", &["-D.*"], &[""]),
            ("CGO_CPPFLAGS_DISALLOW", &["-U.*"], &[""]),
            ("CGO_CXXFLAGS", &["-O2"], &[""]),
            ("CGO_CXXFLAGS_ALLOW", &["-std=.*"], &[""]),
            ("CGO_CXXFLAGS_DISALLOW", &["-f.*"], &[""]),
            ("CGO_ENABLED", &["0", "1"], &["true", "yes", "2"]),
            ("CGO_FFLAGS", &["-O2"], &[""]),
            ("CGO_FFLAGS_ALLOW", &["-O.*"], &[""]),
            ("CGO_FFLAGS_DISALLOW", &["-f.*"], &[""]),
            ("CGO_LDFLAGS", &["-lm -L/opt/lib"], &[""]),
            ("CGO_LDFLAGS_ALLOW", &["-Wl,.*"], &[""]),
            ("CGO_LDFLAGS_DISALLOW", &["-Wl,-rpath.*"], &[""]),
            ("CXX", &["clang++"], &["bin/c++"]),
            ("FC", &["gfortran"], &["bin/gfortran"]),
            ("GCCGO", &["gccgo", "/opt/gcc/bin/gccgo"], &["opt/gccgo"]),
            ("GO111MODULE", &["on", "off", "auto"], &["yes", "ON"]),
            ("GO386", &["sse2", "softfloat"], &["387"]),
            ("GOAMD64", &["v1", "v3"], &["v5", "3"]),
            (
                "GOARCH",
                &["amd64", "arm64", "wasm"],
                &["x86_64", "aarch64"],
            ),
            ("GOARM", &["7", "6,softfloat"], &["8", "v7"]),
            ("GOARM64", &["v8.0", "v9.2,lse,crypto"], &["v8", "v8.0,sve"]),
            (
                "GOAUTH",
                &[
                    "netrc",
                    "git /home/me/repo",
                    "netrc;git /srv/x",
                    "off",
                    "/usr/bin/my-auth --token",
                ],
                &["off;netrc", "git relative/dir", "git"],
            ),
            (
                "GOBIN",
                &["/opt/bin", "./bin", "~/go/bin"],
                &["bin", "go/bin"],
            ),
            ("GOCACHE", &["/tmp/gocache", "./.cache"], &["off", "cache"]),
            (
                "GOCACHEPROG",
                &["/usr/bin/cacheprog --dir /x"],
                &["tools/cacheprog"],
            ),
            (
                "GODEBUG",
                &["http2client=0", "gotypesalias=1,panicnil=1"],
                &["http2client", "HTTP2CLIENT=1", "panicnil=true"],
            ),
            ("GOENV", &["off", "/etc/go.env", "./go.env"], &["go.env"]),
            ("GOEXE", &[], &["", ".exe"]),
            (
                "GOEXPERIMENT",
                &["rangefunc", "noloopvar,arenas"],
                &["loop var", "LOOPVAR", "no"],
            ),
            ("GOFIPS140", &["latest", "v1.0.0"], &["bogus"]),
            (
                "GOFLAGS",
                &[
                    "-mod=mod",
                    "-mod=mod '-ldflags=-s -w'",
                    "-trimpath -tags=netgo",
                ],
                &["-ldflags=\"-s -w\"", "mod=mod", "-o out", "'-x=a"],
            ),
            ("GOGCCFLAGS", &[], &["-fPIC"]),
            ("GOHOSTARCH", &[], &["amd64"]),
            ("GOHOSTOS", &[], &["linux"]),
            (
                "GOINSECURE",
                &["git.corp.example.com", "*.corp.example.com,example.com/x"],
                &[
                    "git.corp.example.com, example.com",
                    "https://git.corp.example.com",
                ],
            ),
            ("GOMIPS", &["hardfloat", "softfloat"], &["soft"]),
            ("GOMIPS64", &["softfloat"], &["hard"]),
            ("GOMOD", &[], &["/x/go.mod"]),
            ("GOMODCACHE", &["/var/cache/gomod", "~/gomod"], &["gomod"]),
            (
                "GONOPROXY",
                &["none", "github.com/acme/*"],
                &["github.com/acme/ *"],
            ),
            (
                "GONOSUMDB",
                &["git.corp.example.com"],
                &["[git.corp", "Git.corp.example.com", "a;b"],
            ),
            ("GOOS", &["linux", "darwin", "wasip1"], &["macos", "Linux"]),
            (
                "GOPATH",
                &["/home/me/go", "/a:/b", "./gopath"],
                &["go", "~me/go", "/a:b"],
            ),
            ("GOPPC64", &["power9"], &["power7"]),
            (
                "GOPRIVATE",
                &["git.corp.example.com,github.com/acme/*", "github.com/acme/"],
                &[
                    "git.corp.example.com github.com/acme",
                    "https://github.com/acme",
                ],
            ),
            (
                "GOPROXY",
                &[
                    "https://goproxy.cn,direct",
                    "https://a.example|https://b.example",
                    "off",
                    "goproxy.example.com",
                    "file:///srv/proxy",
                    "http://127.0.0.1:3000",
                ],
                &[
                    "direct,https://proxy.golang.org",
                    "ftp://x.example",
                    ",",
                    "https://a.example:port",
                    "proxy",
                    "file://host/x",
                ],
            ),
            ("GORISCV64", &["rva22u64"], &["rv64gc"]),
            ("GOROOT", &[], &["/usr/local/go"]),
            (
                "GOSUMDB",
                &[
                    "sum.golang.org",
                    "off",
                    "sum.golang.google.cn",
                    "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8 https://sum.example.com",
                ],
                &["a b c", "sum.example.com", "Off", "sum.example.com+abc"],
            ),
            ("GOTELEMETRY", &[], &["off"]),
            ("GOTELEMETRYDIR", &[], &["/tmp/t"]),
            ("GOTMPDIR", &["/tmp/gobuild"], &["tmp"]),
            (
                "GOTOOLCHAIN",
                &[
                    "local",
                    "auto",
                    "path",
                    "go1.22.10",
                    "go1.22.10+auto",
                    "go1.23.1+path",
                    "go1.22.0-bigcorp",
                    "local+auto",
                ],
                &[
                    "1.22.10",
                    "go1.27",
                    "go1.22.10+local",
                    "auto+path",
                    "latest",
                ],
            ),
            ("GOTOOLDIR", &[], &["/x"]),
            (
                "GOVCS",
                &["private:all,public:git|hg", "github.com:git,*:off"],
                &["github.com=git", "public:cvs"],
            ),
            ("GOVERSION", &[], &["go1.22.10"]),
            ("GOWASM", &["satconv", "satconv,signext"], &["simd"]),
            (
                "GOWORK",
                &["off", "/src/go.work", "./go.work"],
                &["go.work"],
            ),
            ("GO_EXTLINK_ENABLED", &["0", "1"], &["yes"]),
            ("NETRC", &["~/.netrc-corp", "/etc/netrc"], &[".netrc"]),
            (
                "PKG_CONFIG",
                &["pkg-config", "/usr/bin/pkgconf"],
                &["bin/pkg-config"],
            ),
        ];
        for var in TABLE {
            let (_, good, bad) = cases
                .iter()
                .find(|(n, _, _)| *n == var.name)
                .unwrap_or_else(|| panic!("no test cases for {}", var.name));
            for v in *good {
                assert_eq!(
                    check(var.name, v, false),
                    Ok(()),
                    "{}={v:?} should be accepted",
                    var.name
                );
            }
            assert!(!bad.is_empty(), "{} needs an invalid example", var.name);
            for v in bad.iter().chain(&[""]) {
                let err = check(var.name, v, false)
                    .expect_err(&format!("{}={v:?} should be refused", var.name));
                assert!(err.len() > 20, "{}: the message explains: {err}", var.name);
                assert!(
                    err.contains(var.name),
                    "{}: the message names the variable: {err}",
                    var.name
                );
            }
        }
        assert_eq!(
            cases.len(),
            TABLE.len(),
            "a case for a variable not in the table"
        );
        // After expansion, paths must really be absolute.
        assert!(check("GOBIN", "./bin", true).is_err());
        assert!(check("GOBIN", "/p/bin", true).is_ok());
        assert!(check_port(Some("linux"), Some("amd64")).is_ok());
        assert!(check_port(Some("darwin"), Some("386")).is_err());
        // One half alone pairs with this machine's other half, as go pairs it.
        let alone = check_port(None, Some("wasm")).unwrap_err();
        assert!(alone.contains("GOARCH alone"), "{alone}");
        assert!(check_port(Some("js"), Some("wasm")).is_ok());
    }
}
