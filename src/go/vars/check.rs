//! Whether a value is one Go accepts, by the grammar `TABLE` gives its variable: `check` (with
//! a message that names the variable and says how to fix it), `check_port` for GOOS and GOARCH
//! together, and `goflags_fields`, GOFLAGS split as the go command splits it. No I/O.

use super::names::suggest;
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

fn list_entries(v: &str, sep: &[char]) -> Vec<String> {
    v.split(sep).map(str::to_string).collect()
}

/// Checks one proxy entry. `last` is false when entries follow it.
fn check_proxy_entry(e: &str, last: bool) -> Result<(), String> {
    let e = e.trim();
    match e {
        "" => Err("GOPROXY has an empty entry; remove the extra separator".into()),
        "direct" | "off" if !last => Err(format!("entries after {e} are never used (Go stops there); move {e} to the end or drop what follows")),
        "direct" | "off" => Ok(()),
        _ if e.contains("://") => {
            let (scheme, rest) = e.split_once("://").unwrap_or(("", ""));
            match scheme {
                "https" | "http" if !rest.is_empty() && !rest.starts_with('/') => Ok(()),
                "file" if rest.starts_with('/') => Ok(()),
                "file" => Err(format!("{e}: a file:// proxy has no host; write file:///absolute/path")),
                "https" | "http" => Err(format!("{e} has no host")),
                _ => Err(format!("{e}: Go accepts https, http and file proxy URLs only (invalid proxy URL scheme)")),
            }
        }
        _ if e.starts_with('/') => Err(format!("{e}: a proxy directory is written file://{e}")),
        _ if e.contains(['.', ':', '/']) && !e.contains(char::is_whitespace) => Ok(()),
        _ => Err(format!("GOPROXY entry {e:?} is not a URL, direct or off")),
    }
}

fn check_glob(name: &str, e: &str) -> Result<(), String> {
    if e.is_empty() {
        return Err(format!("{name} has an empty entry; remove the extra comma"));
    }
    if e.contains(char::is_whitespace) {
        return Err(format!(
            "{name} entry {e:?} contains white space; Go does not trim it, so the pattern never matches: remove it"
        ));
    }
    if e.contains("://") {
        return Err(format!(
            "{name} entry {e:?} is a URL; {name} takes module path patterns: write {}",
            e.split_once("://").map_or(e, |x| x.1)
        ));
    }
    // path.Match syntax: brackets must close, a trailing backslash escapes nothing.
    let (mut depth, mut escape) = (0, false);
    for c in e.chars() {
        match (escape, c) {
            (true, _) => escape = false,
            (false, '\\') => escape = true,
            (false, '[') => depth += 1,
            (false, ']') if depth > 0 => depth -= 1,
            _ => {}
        }
    }
    if depth != 0 || escape {
        return Err(format!("{name} entry {e:?} is not a valid pattern (unclosed [ or trailing \\); Go would never match it"));
    }
    Ok(())
}

/// GOFLAGS as cmd/internal/quoted.Split reads it: white-space separated, a field may be wholly
/// quoted with ' or " (no escapes); every field must be a flag.
pub fn goflags_fields(v: &str) -> Result<Vec<String>, String> {
    let mut fields = Vec::new();
    let mut rest = v.trim_start();
    while !rest.is_empty() {
        let quote = rest.chars().next().filter(|c| *c == '\'' || *c == '"');
        let field = if let Some(q) = quote {
            let end = rest[1..]
                .find(q)
                .ok_or_else(|| format!("unterminated {q} in GOFLAGS; close the quote"))?;
            let f = &rest[1..1 + end];
            rest = &rest[2 + end..];
            if rest.starts_with(|c: char| !c.is_whitespace()) {
                return Err(
                    "in GOFLAGS a quote must wrap a whole field (as '-ldflags=-s -w')".into(),
                );
            }
            f.to_string()
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let f = &rest[..end];
            rest = &rest[end..];
            if f.contains(['\'', '"']) {
                return Err(format!(
                    "GOFLAGS field {f:?} has a quote inside it; Go only honours quotes around a whole field: write '-flag=a b' (or use a list, which goenvhook quotes for you)"
                ));
            }
            f.to_string()
        };
        fields.push(field);
        rest = rest.trim_start();
    }
    for f in &fields {
        if !f.starts_with('-') {
            return Err(format!("GOFLAGS field {f:?} is not a flag; every field must be -flag or -flag=value (write -x=value, not -x value)"));
        }
    }
    Ok(fields)
}

/// Every flag some go command defines, so GOFLAGS may carry it (go ignores the ones the running
/// command does not take, and refuses any other: 'go: parsing $GOFLAGS: unknown flag'). The
/// union over go1.22–1.27 (godebug, changed, diff: 1.23; tool: 1.24); tests/govalidate.rs asks
/// the real go about each.
pub const GO_FLAGS: &[&str] = &[
    "C",
    "a",
    "asan",
    "asmflags",
    "bench",
    "benchmem",
    "benchtime",
    "blockprofile",
    "blockprofilerate",
    "buildmode",
    "buildvcs",
    "c",
    "cache",
    "changed",
    "compat",
    "compiled",
    "compiler",
    "count",
    "cover",
    "covermode",
    "coverpkg",
    "coverprofile",
    "cpu",
    "cpuprofile",
    "d",
    "debug-actiongraph",
    "debug-runtime-trace",
    "debug-trace",
    "deps",
    "diff",
    "dropexclude",
    "dropgodebug",
    "dropreplace",
    "droprequire",
    "dropretract",
    "droptool",
    "dropuse",
    "e",
    "exclude",
    "exec",
    "export",
    "f",
    "failfast",
    "find",
    "fix",
    "fmt",
    "fullpath",
    "fuzz",
    "fuzzcache",
    "fuzzminimizetime",
    "fuzztime",
    "gccgoflags",
    "gcflags",
    "go",
    "godebug",
    "i",
    "insecure",
    "installsuffix",
    "json",
    "ldflags",
    "linkshared",
    "list",
    "m",
    "memprofile",
    "memprofilerate",
    "mod",
    "modcache",
    "modcacherw",
    "modfile",
    "module",
    "msan",
    "mutexprofile",
    "mutexprofilefraction",
    "n",
    "o",
    "outputdir",
    "overlay",
    "p",
    "parallel",
    "pgo",
    "pkgdir",
    "print",
    "r",
    "race",
    "replace",
    "require",
    "retract",
    "retracted",
    "reuse",
    "run",
    "short",
    "shuffle",
    "skip",
    "t",
    "tags",
    "test",
    "testcache",
    "timeout",
    "tool",
    "toolchain",
    "toolexec",
    "trace",
    "trimpath",
    "u",
    "use",
    "v",
    "vendor",
    "versions",
    "vet",
    "vettool",
    "w",
    "work",
    "x",
];

/// Flags of the build family that take a value: written alone, go stops with 'flag needs an
/// argument'.
const NEEDS_VALUE: &[&str] = &[
    "C",
    "asmflags",
    "buildmode",
    "compiler",
    "covermode",
    "coverpkg",
    "exec",
    "gccgoflags",
    "gcflags",
    "installsuffix",
    "ldflags",
    "mod",
    "modfile",
    "overlay",
    "p",
    "pgo",
    "pkgdir",
    "tags",
    "toolexec",
];

/// Flags whose value is itself a list of flags for another tool: a space in their value splits
/// it into GOFLAGS fields of its own.
const PASSES_FLAGS: &[&str] = &["ldflags", "gcflags", "asmflags", "gccgoflags"];

/// GOFLAGS checked the way go reads it: split into fields, each a flag go knows, each value one
/// go accepts. A value go would split differently from how it is written (`-ldflags=-s -w`: go
/// takes -w as a flag of its own, drops it from the link, and `go env` then fails) is refused
/// with the quoting that keeps it whole.
fn check_goflags(v: &str) -> Result<(), String> {
    let fields = goflags_fields(v)?;
    let mut passing: Option<&str> = None;
    for f in &fields {
        let (name, value) = match f.trim_start_matches('-').split_once('=') {
            Some((n, val)) => (n, Some(val)),
            None => (f.trim_start_matches('-'), None),
        };
        let split_from = passing.filter(|_| !f.starts_with("--") && !is_build_flag(name));
        if let Some(prev) = split_from {
            return Err(format!("GOFLAGS {v:?}: go splits it at spaces, so {f} becomes a flag of its own instead of part of {prev}; quote the whole field: '{prev} {f}' (or write GOFLAGS as a list)"));
        }
        if !GO_FLAGS.contains(&name) || f.starts_with("---") {
            return Err(format!("GOFLAGS field {f:?}: go knows no flag {name:?} and stops every command ('unknown flag'); fix or remove it"));
        }
        if value.is_none() && NEEDS_VALUE.contains(&name) {
            return Err(format!("GOFLAGS field {f:?} needs a value (go: 'flag needs an argument'); write -{name}=value"));
        }
        if name == "mod" && !matches!(value, Some("" | "mod" | "readonly" | "vendor")) {
            return Err(format!(
                "GOFLAGS field {f:?}: -mod takes mod, readonly or vendor"
            ));
        }
        passing = (PASSES_FLAGS.contains(&name) && value.is_some()).then_some(f.as_str());
    }
    Ok(())
}

/// A flag people put in GOFLAGS for builds and tests (and so not the tail of a split value).
fn is_build_flag(name: &str) -> bool {
    NEEDS_VALUE.contains(&name)
        || matches!(
            name,
            "a" | "n"
                | "race"
                | "msan"
                | "asan"
                | "cover"
                | "v"
                | "work"
                | "x"
                | "trimpath"
                | "linkshared"
                | "modcacherw"
                | "buildvcs"
                | "json"
                | "count"
                | "timeout"
                | "failfast"
                | "short"
                | "shuffle"
                | "vet"
                | "o"
        )
}

fn check_auth(v: &str) -> Result<(), String> {
    let cmds: Vec<&str> = v
        .split(';')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    if cmds.is_empty() {
        return Err("GOAUTH has no entries; write netrc, git <dir>, off or a command".into());
    }
    for c in &cmds {
        if *c == "off" && cmds.len() > 1 {
            return Err("GOAUTH=off cannot be combined with other entries; use off alone".into());
        }
        if let Some(dir) = c
            .strip_prefix("git")
            .filter(|r| r.is_empty() || r.starts_with(' '))
        {
            let dir = dir.trim();
            if !absolute_ish(dir) {
                return Err(format!(
                    "GOAUTH entry {c:?}: git needs an absolute directory (git /path/to/repo)"
                ));
            }
        }
    }
    Ok(())
}

fn check_toolchain(v: &str) -> Result<(), String> {
    let (name, suffix) = match v.split_once('+') {
        Some((n, s)) => (n, Some(s)),
        None => (v, None),
    };
    if let Some(s) = suffix {
        if s != "auto" && s != "path" {
            return Err(format!(
                "GOTOOLCHAIN={v}: the only suffixes are +auto and +path"
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
        _ if Version::parse(name).is_some() => Err(format!("GOTOOLCHAIN={v}: write go{name}")),
        _ => Err(format!(
            "GOTOOLCHAIN={v} is not local, auto, path or go1.X.Y (with +auto or +path)"
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
        Grammar::Proxy => {
            let entries: Vec<&str> = v.split([',', '|']).collect();
            let n = entries.len();
            entries.iter().enumerate().try_for_each(|(i, e)| check_proxy_entry(e, i + 1 == n))
        }
        Grammar::Globs => list_entries(v, &[',']).iter().enumerate().try_for_each(|(i, e)| {
            // Go drops one trailing comma's empty entry silently; only interior ones are mistakes.
            if e.is_empty() && i > 0 && i + 1 == v.split(',').count() { Ok(()) } else { check_glob(name, e) }
        }),
        Grammar::Flags => check_goflags(v),
        Grammar::Auth => check_auth(v),
        Grammar::Sumdb => {
            let fields: Vec<&str> = v.split_whitespace().collect();
            match fields.as_slice() {
                ["off"] | [_] => Ok(()),
                [_, url] if url.starts_with("https://") || url.starts_with("http://") => Ok(()),
                [_, url] => Err(format!("GOSUMDB={v}: the second field must be the database URL (https://...), not {url:?}")),
                _ => Err(format!("GOSUMDB={v}: write off, name, name+key, or name+key https://url")),
            }
        }
        Grammar::Vcs => v.split(',').try_for_each(|rule| {
            let (_, vcs) = rule.split_once(':').ok_or_else(|| format!("GOVCS rule {rule:?} has no ':'; write pattern:git|hg"))?;
            vcs.split('|').try_for_each(|x| match x {
                "git" | "hg" | "svn" | "bzr" | "fossil" | "all" | "off" => Ok(()),
                other => Err(format!("GOVCS rule {rule:?}: {other:?} is not git, hg, svn, bzr, fossil, all or off")),
            })
        }),
        Grammar::Experiment => v.split(',').try_for_each(|x| {
            if !x.is_empty() && x.chars().all(|c| c.is_ascii_alphanumeric()) {
                Ok(())
            } else {
                Err(format!("GOEXPERIMENT entry {x:?} is not an experiment name (letters and digits, no prefix to disable)"))
            }
        }),
        Grammar::Debug => v.split(',').try_for_each(|x| {
            if x.split_once('=').is_some_and(|(k, _)| !k.is_empty() && !k.contains(char::is_whitespace)) {
                Ok(())
            } else {
                Err(format!("GODEBUG entry {x:?} is not key=value"))
            }
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
        Grammar::AbsList => v.split(':').try_for_each(|p| {
            if p.starts_with('~') && !p.starts_with("~/") {
                Err(format!("GOPATH entry {p:?} starts with ~, which Go rejects: write an absolute path"))
            } else if abs(p) {
                Ok(())
            } else {
                Err(format!("GOPATH entry {p:?} must be absolute (go: GOPATH entry is relative): write ./{p} or an absolute path"))
            }
        }),
        Grammar::AbsOrOff => {
            if v == "off" || abs(v) {
                Ok(())
            } else {
                Err(format!("{name}={v} must be off or an absolute path"))
            }
        }
    }
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
    let all: Vec<&str> = PORTS.iter().filter_map(|p| p.split('/').nth(i)).collect();
    let mut uniq = all.clone();
    uniq.dedup();
    let hint = suggest(v, &uniq).map_or(String::new(), |s| format!("; did you mean {s}?"));
    Err(format!(
        "{name}={v} is not a Go port (see go tool dist list){hint}"
    ))
}

/// GOOS and GOARCH together must be a real port.
pub fn check_port(goos: Option<&str>, goarch: Option<&str>) -> Result<(), String> {
    match (goos, goarch) {
        (Some(os), Some(arch))
            if !PORTS.contains(&format!("{os}/{arch}").as_str())
                && port_part(0, os)
                && port_part(1, arch) =>
        {
            let archs: Vec<&str> = PORTS
                .iter()
                .filter_map(|p| p.strip_prefix(&format!("{os}/")))
                .collect();
            Err(format!(
                "GOOS={os} GOARCH={arch} is not a Go port; {os} supports {}",
                archs.join(", ")
            ))
        }
        _ => Ok(()),
    }
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
                &["http2client", "a=1,"],
            ),
            ("GOENV", &["off", "/etc/go.env", "./go.env"], &["go.env"]),
            ("GOEXE", &[], &["", ".exe"]),
            (
                "GOEXPERIMENT",
                &["rangefunc", "noloopvar,arenas"],
                &["loop var", "rangefunc,"],
            ),
            ("GOFIPS140", &["latest", "v1.0.0"], &[""]),
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
                &["[git.corp", "a,,b"],
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
                    "https://a.example,,direct",
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
                    "sum.example.com+abc https://sum.example.com",
                ],
                &["a b c", "name notaurl"],
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
    }
}
