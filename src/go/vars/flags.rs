//! GOFLAGS as the go command reads it: split like cmd/internal/quoted.Split (white space, a
//! field wholly quoted), each field a flag some go command defines, each value one go accepts,
//! and a value go would split differently from how it is written refused with the quoting that
//! keeps it whole. No I/O.

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
pub fn check_goflags(v: &str) -> Result<(), String> {
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
        let on = !matches!(value, Some("false" | "0" | "f" | "F" | "FALSE" | "False"));
        if matches!(name, "w" | "u") && on {
            return Err(format!("GOFLAGS field {f:?}: go env has a -{name} of its own, so with it every go env fails ('cannot use -json with -{name}', 'no KEY=VALUE arguments given'); remove it"));
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
