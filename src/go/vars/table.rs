//! Go's own variables as one table: for each name, the grammar its value must follow, what it
//! is for, and how a TOML list becomes its value (`Join`). Go's names (`GO_VARS`), the list
//! separators (`join_for`) and the grammars `check` applies all come from `TABLE`; `PORTS` holds
//! the real GOOS/GOARCH pairs. Data only, no I/O.

/// How a TOML string array becomes one value for a variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Join {
    /// Joined with this byte; an entry may not contain it.
    Sep(u8),
    /// GOFLAGS: space-joined, an entry with white space wrapped whole in quotes (as
    /// cmd/internal/quoted.Split reads it: no escapes).
    GoFlags,
}

const COMMA: Join = Join::Sep(b',');

/// How a list value for `name` is joined, or None when a list is not allowed for it. Go's
/// variables join as their `TABLE` row says; any other name ending in PATH joins with ':'.
pub fn join_for(name: &str) -> Option<Join> {
    match lookup(name) {
        Some(var) => var.join,
        None if name.ends_with("PATH") => Some(Join::Sep(b':')),
        None => None,
    }
}

/// What a Go variable's value must look like. One table serves config validation, `allow`'s
/// review and `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grammar {
    /// Free text (compiler flags and the like).
    Text,
    /// A program: a bare name or an absolute path, optionally followed by arguments.
    Command,
    /// GOPROXY: URLs, `direct`, `off`, separated by `,` or `|`.
    Proxy,
    /// GOPRIVATE and friends: comma-separated module path globs.
    Globs,
    /// GOFLAGS: space-separated `-flag` / `-flag=value` fields.
    Flags,
    /// GOAUTH: `;`-separated `off`, `netrc`, `git <dir>` or a command.
    Auth,
    /// GOSUMDB: `off` or `name[+key] [url]`.
    Sumdb,
    /// GOVCS: `pattern:vcs|vcs,...`.
    Vcs,
    /// GOEXPERIMENT: comma-separated experiment names, `no` prefix to disable.
    Experiment,
    /// GODEBUG: comma-separated `key=value`, keys the release knows.
    Debug,
    /// GOFIPS140: off, latest, or a module the release ships (`v1.0.0`, `inprocess`).
    Fips,
    /// GOWASM: comma-separated satconv and signext.
    Wasm,
    /// GOTOOLCHAIN: `local`, `auto`, `path`, `go1.X.Y` with optional `+auto`/`+path`.
    Toolchain,
    OneOf(&'static [&'static str]),
    Os,
    Arch,
    /// An absolute path (after `./`, `../` and `~/` expansion).
    Abs,
    /// GOPATH: absolute paths separated by `:`.
    AbsList,
    /// GOENV, GOWORK: `off` or an absolute path.
    AbsOrOff,
    /// Computed by the go command; setting it has no effect or is refused.
    Computed,
    /// GOROOT: chosen with `go = ...` so that GOROOT and PATH agree.
    Goroot,
}

/// One of Go's variables: one row of `TABLE`.
#[derive(Debug, Clone, Copy)]
pub struct GoVar {
    pub name: &'static str,
    pub grammar: Grammar,
    /// What the variable is for, as a reviewer reads it ("the C compiler for cgo").
    pub what: &'static str,
    /// How a TOML list becomes the value; None: a list is refused.
    pub join: Option<Join>,
    /// The release that first reads it (major, minor); older ones ignore it. None: every
    /// release goenvhook selects.
    pub since: Option<(u64, u64)>,
}

/// A row whose value is never a list.
const fn var(name: &'static str, grammar: Grammar, what: &'static str) -> GoVar {
    GoVar {
        name,
        grammar,
        what,
        join: None,
        since: None,
    }
}

impl GoVar {
    /// This row, read only by go (major).(minor) and newer.
    const fn since(self, major: u64, minor: u64) -> GoVar {
        GoVar {
            since: Some((major, minor)),
            ..self
        }
    }

    /// This row, with a list value joined by `join`.
    const fn list(self, join: Join) -> GoVar {
        GoVar {
            join: Some(join),
            ..self
        }
    }
}

const ON_OFF_AUTO: &[&str] = &["on", "off", "auto"];
const ZERO_ONE: &[&str] = &["0", "1"];
const GOARM_LEVELS: &[&str] = &[
    "5",
    "6",
    "7",
    "5,softfloat",
    "6,softfloat",
    "7,softfloat",
    "5,hardfloat",
    "6,hardfloat",
    "7,hardfloat",
];
const GOARM64_LEVELS: &[&str] = &[
    "v8.0", "v8.1", "v8.2", "v8.3", "v8.4", "v8.5", "v8.6", "v8.7", "v8.8", "v8.9", "v9.0", "v9.1",
    "v9.2", "v9.3", "v9.4", "v9.5",
];

/// Every variable `go help environment` of go1.27 lists, plus GOAUTH, NETRC, GOTOOLCHAIN,
/// GOEXPERIMENT, GODEBUG, and the computed ones `go env` prints (GOMOD, GOVERSION,
/// GOTELEMETRYDIR...), which `go env -w` refuses as "cannot be modified".
#[rustfmt::skip]
pub const TABLE: &[GoVar] = &[
    var("AR", Grammar::Command, "the archiver for gccgo builds"),
    var("CC", Grammar::Command, "the C compiler for cgo"),
    var("CGO_CFLAGS", Grammar::Text, "flags for the C compiler"),
    var("CGO_CFLAGS_ALLOW", Grammar::Text, "regexp of extra allowed #cgo CFLAGS"),
    var("CGO_CFLAGS_DISALLOW", Grammar::Text, "regexp of disallowed #cgo CFLAGS"),
    var("CGO_CPPFLAGS", Grammar::Text, "flags for the C preprocessor"),
    var("CGO_CPPFLAGS_ALLOW", Grammar::Text, "regexp of extra allowed #cgo CPPFLAGS"),
    var("CGO_CPPFLAGS_DISALLOW", Grammar::Text, "regexp of disallowed #cgo CPPFLAGS"),
    var("CGO_CXXFLAGS", Grammar::Text, "flags for the C++ compiler"),
    var("CGO_CXXFLAGS_ALLOW", Grammar::Text, "regexp of extra allowed #cgo CXXFLAGS"),
    var("CGO_CXXFLAGS_DISALLOW", Grammar::Text, "regexp of disallowed #cgo CXXFLAGS"),
    var("CGO_ENABLED", Grammar::OneOf(ZERO_ONE), "cgo on (1) or off (0)"),
    var("CGO_FFLAGS", Grammar::Text, "flags for the Fortran compiler"),
    var("CGO_FFLAGS_ALLOW", Grammar::Text, "regexp of extra allowed #cgo FFLAGS"),
    var("CGO_FFLAGS_DISALLOW", Grammar::Text, "regexp of disallowed #cgo FFLAGS"),
    var("CGO_LDFLAGS", Grammar::Text, "flags for the linker"),
    var("CGO_LDFLAGS_ALLOW", Grammar::Text, "regexp of extra allowed #cgo LDFLAGS"),
    var("CGO_LDFLAGS_DISALLOW", Grammar::Text, "regexp of disallowed #cgo LDFLAGS"),
    var("CXX", Grammar::Command, "the C++ compiler for cgo"),
    var("FC", Grammar::Command, "the Fortran compiler for cgo"),
    var("GCCGO", Grammar::Command, "the gccgo command"),
    var("GO111MODULE", Grammar::OneOf(ON_OFF_AUTO), "module mode (on by default since Go 1.16)"),
    var("GO386", Grammar::OneOf(&["sse2", "softfloat"]), "floating point on 386"),
    var("GOAMD64", Grammar::OneOf(&["v1", "v2", "v3", "v4"]), "amd64 microarchitecture level"),
    var("GOARCH", Grammar::Arch, "target architecture"),
    var("GOARM", Grammar::OneOf(GOARM_LEVELS), "arm architecture version"),
    var("GOARM64", Grammar::OneOf(GOARM64_LEVELS), "arm64 architecture level (with optional ,lse ,crypto)").since(1, 23),
    var("GOAUTH", Grammar::Auth, "how the go command authenticates (Go 1.24+)").list(Join::Sep(b';')).since(1, 24),
    var("GOBIN", Grammar::Abs, "where go install puts commands"),
    var("GOCACHE", Grammar::Abs, "the build cache"),
    var("GOCACHEPROG", Grammar::Command, "a program that serves the build cache").since(1, 24),
    var("GODEBUG", Grammar::Debug, "runtime and go command settings").list(COMMA),
    var("GOENV", Grammar::AbsOrOff, "the go env -w file, or off"),
    var("GOEXE", Grammar::Computed, "executable suffix"),
    var("GOEXPERIMENT", Grammar::Experiment, "toolchain experiments").list(COMMA),
    var("GOFIPS140", Grammar::Fips, "FIPS 140-3 module version").since(1, 24),
    var("GOFLAGS", Grammar::Flags, "default flags for go commands").list(Join::GoFlags),
    var("GOGCCFLAGS", Grammar::Computed, "flags the go command passes to CC"),
    var("GOHOSTARCH", Grammar::Computed, "the toolchain's own architecture"),
    var("GOHOSTOS", Grammar::Computed, "the toolchain's own OS"),
    var("GOINSECURE", Grammar::Globs, "modules fetched without TLS checks").list(COMMA),
    var("GOMIPS", Grammar::OneOf(&["hardfloat", "softfloat"]), "floating point on mips"),
    var("GOMIPS64", Grammar::OneOf(&["hardfloat", "softfloat"]), "floating point on mips64"),
    var("GOMOD", Grammar::Computed, "the main module's go.mod"),
    var("GOMODCACHE", Grammar::Abs, "the module cache"),
    var("GONOPROXY", Grammar::Globs, "modules fetched directly, not through GOPROXY").list(COMMA),
    var("GONOSUMDB", Grammar::Globs, "modules not checked against the checksum database").list(COMMA),
    var("GOOS", Grammar::Os, "target operating system"),
    var("GOPATH", Grammar::AbsList, "the GOPATH (module cache and go install live in its first entry)").list(Join::Sep(b':')),
    var("GOPPC64", Grammar::OneOf(&["power8", "power9", "power10"]), "ppc64 architecture level"),
    var("GOPRIVATE", Grammar::Globs, "private modules (default for GONOPROXY and GONOSUMDB)").list(COMMA),
    var("GOPROXY", Grammar::Proxy, "module proxies").list(COMMA),
    var("GORISCV64", Grammar::OneOf(&["rva20u64", "rva22u64", "rva23u64"]), "riscv64 profile").since(1, 23),
    var("GOROOT", Grammar::Goroot, "the Go tree"),
    var("GOSUMDB", Grammar::Sumdb, "the checksum database"),
    var("GOTELEMETRY", Grammar::Computed, "telemetry mode (change it with go telemetry)"),
    var("GOTELEMETRYDIR", Grammar::Computed, "telemetry data directory"),
    var("GOTMPDIR", Grammar::Abs, "temporary directory for builds"),
    var("GOTOOLCHAIN", Grammar::Toolchain, "toolchain selection and downloads"),
    var("GOTOOLDIR", Grammar::Computed, "the toolchain's tool directory"),
    var("GOVCS", Grammar::Vcs, "version control systems allowed per module pattern").list(COMMA),
    var("GOVERSION", Grammar::Computed, "the toolchain's version"),
    var("GOWASM", Grammar::Wasm, "WebAssembly features"),
    var("GOWORK", Grammar::AbsOrOff, "the go.work file, or off"),
    var("GO_EXTLINK_ENABLED", Grammar::OneOf(ZERO_ONE), "external linking"),
    var("NETRC", Grammar::Abs, "the .netrc file with credentials"),
    var("PKG_CONFIG", Grammar::Command, "the pkg-config command"),
];

/// Values a later release added to a variable older releases already read: (variable, value,
/// the release that first accepts it). The tests ask each installed go.
pub const VALUES_SINCE: &[(&str, &str, (u64, u64))] = &[("GORISCV64", "rva23u64", (1, 25))];

pub fn lookup(name: &str) -> Option<&'static GoVar> {
    TABLE.iter().find(|v| v.name == name)
}

/// The names in `TABLE`: Go's own variables, which are never typos of one another ("did you
/// mean" compares names with these).
pub const GO_VARS: &[&str] = &table_names::<{ TABLE.len() }>();

const fn table_names<const N: usize>() -> [&'static str; N] {
    let mut names = [""; N];
    let mut i = 0;
    while i < N {
        names[i] = TABLE[i].name;
        i += 1;
    }
    names
}

/// Real GOOS/GOARCH pairs: `go tool dist list` of go1.22–1.24, and the ports it lists as broken
/// but still builds for (openbsd/mips64, windows/arm in go1.24); the tests ask each installed go.
pub const PORTS: &[&str] = &[
    "aix/ppc64",
    "android/386",
    "android/amd64",
    "android/arm",
    "android/arm64",
    "darwin/amd64",
    "darwin/arm64",
    "dragonfly/amd64",
    "freebsd/386",
    "freebsd/amd64",
    "freebsd/arm",
    "freebsd/arm64",
    "freebsd/riscv64",
    "illumos/amd64",
    "ios/amd64",
    "ios/arm64",
    "js/wasm",
    "linux/386",
    "linux/amd64",
    "linux/arm",
    "linux/arm64",
    "linux/loong64",
    "linux/mips",
    "linux/mips64",
    "linux/mips64le",
    "linux/mipsle",
    "linux/ppc64",
    "linux/ppc64le",
    "linux/riscv64",
    "linux/s390x",
    "netbsd/386",
    "netbsd/amd64",
    "netbsd/arm",
    "netbsd/arm64",
    "openbsd/386",
    "openbsd/amd64",
    "openbsd/arm",
    "openbsd/arm64",
    "openbsd/mips64",
    "openbsd/ppc64",
    "openbsd/riscv64",
    "plan9/386",
    "plan9/amd64",
    "plan9/arm",
    "solaris/amd64",
    "wasip1/wasm",
    "windows/386",
    "windows/amd64",
    "windows/arm",
    "windows/arm64",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators() {
        assert_eq!(join_for("GOPROXY"), Some(Join::Sep(b',')));
        assert_eq!(join_for("GOAUTH"), Some(Join::Sep(b';')));
        assert_eq!(join_for("GOFLAGS"), Some(Join::GoFlags));
        assert_eq!(join_for("GOPATH"), Some(Join::Sep(b':')));
        assert_eq!(join_for("LD_LIBRARY_PATH"), Some(Join::Sep(b':')));
        assert_eq!(join_for("GOBIN"), None);
        assert_eq!(join_for("DEPLOY_ENV"), None);
    }

    /// One row a name, and `GO_VARS` is exactly the table's names, in its order.
    #[test]
    fn one_row_per_name() {
        assert_eq!(GO_VARS.len(), TABLE.len());
        for (i, var) in TABLE.iter().enumerate() {
            assert_eq!(GO_VARS[i], var.name);
            assert_eq!(lookup(var.name).map(|v| v.name), Some(var.name));
            assert!(
                TABLE[..i].iter().all(|v| v.name != var.name),
                "{} listed twice",
                var.name
            );
        }
    }
}
