//! What goenvhook knows about variable names: how Go joins list values, which names a config may
//! not set, and which names are Go's own (for "did you mean"). Data only, no I/O.

/// How a TOML string array becomes one value for a variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Join {
    /// Joined with this byte; an entry may not contain it.
    Sep(u8),
    /// GOFLAGS: space-joined, an entry with white space wrapped whole in quotes
    /// (reference §3.4: cmd/internal/quoted.Split, no escapes).
    GoFlags,
}

/// Separator for a list value, or None when a list is not allowed for this name (SPEC §2).
pub fn join_for(name: &str) -> Option<Join> {
    match name {
        "GOPROXY" | "GOPRIVATE" | "GONOPROXY" | "GONOSUMDB" | "GOINSECURE" | "GOEXPERIMENT"
        | "GOVCS" | "GODEBUG" => Some(Join::Sep(b',')),
        "GOAUTH" => Some(Join::Sep(b';')),
        "GOFLAGS" => Some(Join::GoFlags),
        n if n.ends_with("PATH") => Some(Join::Sep(b':')),
        _ => None,
    }
}

/// The variables goenvhook keeps for itself.
pub const STATE_VAR: &str = "GOENVHOOK_STATE";
pub const PID_VAR: &str = "GOENVHOOK_PID";

/// Names a config may not set, with the reason shown to the user. Besides the names SPEC §2
/// lists, these are variables one of the three shells treats specially (assigning them breaks the
/// shell or is refused by it).
pub fn reserved(name: &str) -> Option<&'static str> {
    match name {
        "PATH" => Some("PATH is edited entry by entry: use [path] prepend/append"),
        "PWD" | "OLDPWD" | "SHELL" | "SHLVL" | "HOME" => {
            Some("the shell owns this variable; goenvhook never changes it")
        }
        STATE_VAR | PID_VAR | "GOENVHOOK_QUIET" => Some("goenvhook uses this variable itself"),
        "IFS" | "PS1" | "PS2" | "PS3" | "PS4" | "PROMPT_COMMAND" | "ENV" | "BASH_ENV"
        | "CDPATH" | "ZDOTDIR" | "status" | "pipestatus" | "argv" | "history" | "fish_pid"
        | "hostname" | "version" | "path" | "cdpath" | "fpath" | "manpath" | "_" => {
            Some("a shell treats this variable specially; setting it per directory would break it")
        }
        n if n.starts_with("BASH_") || n.starts_with("fish_") || n.starts_with("__fish") => {
            Some("a shell treats this variable specially; setting it per directory would break it")
        }
        _ => None,
    }
}

/// A portable environment variable name: a letter or `_`, then letters, digits or `_`.
pub fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

/// Variables the go command reads (reference §2.4, `KnownEnv` of go1.27.3, plus GODEBUG,
/// GOTELEMETRY and NETRC).
pub const GO_VARS: &[&str] = &[
    "AR",
    "CC",
    "CGO_CFLAGS",
    "CGO_CFLAGS_ALLOW",
    "CGO_CFLAGS_DISALLOW",
    "CGO_CPPFLAGS",
    "CGO_CPPFLAGS_ALLOW",
    "CGO_CPPFLAGS_DISALLOW",
    "CGO_CXXFLAGS",
    "CGO_CXXFLAGS_ALLOW",
    "CGO_CXXFLAGS_DISALLOW",
    "CGO_ENABLED",
    "CGO_FFLAGS",
    "CGO_FFLAGS_ALLOW",
    "CGO_FFLAGS_DISALLOW",
    "CGO_LDFLAGS",
    "CGO_LDFLAGS_ALLOW",
    "CGO_LDFLAGS_DISALLOW",
    "CXX",
    "FC",
    "GCCGO",
    "GO111MODULE",
    "GO386",
    "GOAMD64",
    "GOARCH",
    "GOARM",
    "GOARM64",
    "GOAUTH",
    "GOBIN",
    "GOCACHE",
    "GOCACHEPROG",
    "GODEBUG",
    "GOENV",
    "GOEXE",
    "GOEXPERIMENT",
    "GOFIPS140",
    "GOFLAGS",
    "GOGCCFLAGS",
    "GOHOSTARCH",
    "GOHOSTOS",
    "GOINSECURE",
    "GOMIPS",
    "GOMIPS64",
    "GOMODCACHE",
    "GONOPROXY",
    "GONOSUMDB",
    "GOOS",
    "GOPATH",
    "GOPPC64",
    "GOPRIVATE",
    "GOPROXY",
    "GORISCV64",
    "GOROOT",
    "GOSUMDB",
    "GOTELEMETRY",
    "GOTMPDIR",
    "GOTOOLCHAIN",
    "GOTOOLDIR",
    "GOVCS",
    "GOWASM",
    "GOWORK",
    "GO_EXTLINK_ENABLED",
    "NETRC",
    "PKG_CONFIG",
];

/// Levenshtein distance, for "did you mean" on keys and variable names.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The closest candidate within two edits, if any.
pub fn suggest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// A name that is not a Go variable but one or two edits away from one is almost certainly a
/// typo (`GOPRVATE`). Short names (`CC`, `AR`) are too close to everything to judge.
pub fn go_typo(name: &str) -> Option<&'static str> {
    if GO_VARS.contains(&name) || name.len() < 5 || !name.starts_with("GO") {
        return None;
    }
    suggest(name, GO_VARS).filter(|s| s.len() >= 5)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators() {
        assert_eq!(join_for("GOPROXY"), Some(Join::Sep(b',')));
        assert_eq!(join_for("GOAUTH"), Some(Join::Sep(b';')));
        assert_eq!(join_for("GOFLAGS"), Some(Join::GoFlags));
        assert_eq!(join_for("LD_LIBRARY_PATH"), Some(Join::Sep(b':')));
        assert_eq!(join_for("DEPLOY_ENV"), None);
    }

    #[test]
    fn typos() {
        assert_eq!(go_typo("GOPRVATE"), Some("GOPRIVATE"));
        assert_eq!(go_typo("GOPROXY"), None);
        assert_eq!(go_typo("GOOGLE_APPLICATION_CREDENTIALS"), None);
        assert_eq!(go_typo("DEPLOY_ENV"), None);
    }

    #[test]
    fn names() {
        assert!(valid_name("_X1"));
        assert!(!valid_name("1X"));
        assert!(!valid_name("A-B"));
        assert!(!valid_name(""));
        assert!(reserved("PATH").is_some());
        assert!(reserved("BASH_ENV").is_some());
        assert!(reserved("GOPROXY").is_none());
    }
}
