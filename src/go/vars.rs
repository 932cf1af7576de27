//! What goenvhook knows about variable names: how Go joins list values, which names a config may
//! not set (`RESERVED`), which settings run code and are shown as RISK (`RUNNERS`, `risks`), and
//! which names are Go's own (for "did you mean"). Data only, no I/O.

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

use crate::env::{PID_VAR, STATE_VAR};

/// Who gives a reserved name its meaning: one of the shells, or goenvhook itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    Bash,
    Zsh,
    Fish,
    Goenvhook,
}

impl By {
    pub fn name(self) -> &'static str {
        match self {
            By::Bash => "bash",
            By::Zsh => "zsh",
            By::Fish => "fish",
            By::Goenvhook => "goenvhook",
        }
    }
}

/// Names a config may not set, each with who reserves it and why. `names` holds exact names and
/// patterns with one `*` (`BASH_*`); `why` is the whole reason shown after "NAME cannot be set in
/// [env]:", and names the shell (or goenvhook) that owns the variable. Several entries may list
/// one name (UID is read-only in bash and changes the user in zsh): the reasons are joined.
pub struct Reserved {
    pub names: &'static [&'static str],
    pub by: &'static [By],
    pub why: &'static str,
}

const BASH: &[By] = &[By::Bash];
const ZSH: &[By] = &[By::Zsh];
const FISH: &[By] = &[By::Fish];
const BASH_ZSH: &[By] = &[By::Bash, By::Zsh];
const SHELLS: &[By] = &[By::Bash, By::Zsh, By::Fish];
const GOENVHOOK: &[By] = &[By::Goenvhook];

/// Every name a config may not set. A Go project never needs these: they are the shell's own
/// state, the prompt, the user's history and identity, or goenvhook's own settings; setting one
/// per directory breaks the shell, prints an error at every load, or runs code outside the review.
pub const RESERVED: &[Reserved] = &[
    Reserved {
        names: &["PATH"],
        by: GOENVHOOK,
        why: "goenvhook edits PATH entry by entry: use [path] prepend/append",
    },
    Reserved {
        names: &[STATE_VAR, PID_VAR, "GOENVHOOK_*"],
        by: GOENVHOOK,
        why: "goenvhook keeps its state and reads its own settings in GOENVHOOK_ variables; set those in your shell's start-up file",
    },
    Reserved {
        names: &["XDG_DATA_HOME", "XDG_CONFIG_HOME"],
        by: GOENVHOOK,
        why: "goenvhook reads its trust store and its settings (trusted prefixes among them) from under these directories, so a project choosing them could approve its own configs",
    },
    Reserved {
        names: &["PWD", "OLDPWD", "SHLVL"],
        by: SHELLS,
        why: "bash, zsh and fish keep this variable up to date themselves (fish refuses to assign it); goenvhook never changes it",
    },
    Reserved {
        names: &["HOME", "SHELL"],
        by: SHELLS,
        why: "bash, zsh and fish take the user's home and login shell from these (~, start-up files, subshells); goenvhook never changes them",
    },
    Reserved {
        names: &["COLUMNS", "LINES"],
        by: SHELLS,
        why: "bash, zsh and fish set COLUMNS and LINES to the terminal's size; a fixed value makes programs draw at the wrong width",
    },
    Reserved {
        names: &["_"],
        by: SHELLS,
        why: "bash, zsh and fish set $_ after every command (fish refuses to assign it)",
    },
    Reserved {
        names: &["IFS"],
        by: BASH_ZSH,
        why: "bash and zsh split words on IFS; another value breaks the hook and every command line that relies on splitting",
    },
    Reserved {
        names: &["CDPATH"],
        by: BASH_ZSH,
        why: "bash and zsh search CDPATH on every cd, so a per-directory value changes where cd goes",
    },
    Reserved {
        names: &[
            "PS0", "PS1", "PS2", "PS3", "PS4", "PROMPT", "PROMPT2", "PROMPT3", "PROMPT4",
            "RPROMPT", "RPS1", "RPROMPT2", "RPS2", "SPROMPT", "PROMPT_EOL_MARK",
        ],
        by: BASH_ZSH,
        why: "bash and zsh expand prompt text every time they show it, running the $(...) in it (bash always, zsh with prompt_subst); the prompt is the user's, not the project's",
    },
    Reserved {
        names: &["PROMPT_COMMAND"],
        by: BASH,
        why: "bash runs PROMPT_COMMAND before every prompt (the goenvhook hook lives there)",
    },
    Reserved {
        names: &[
            "precmd_functions",
            "preexec_functions",
            "chpwd_functions",
            "periodic_functions",
            "zshaddhistory_functions",
            "zshexit_functions",
        ],
        by: ZSH,
        why: "zsh calls the functions these arrays name around every command (the goenvhook hook lives in precmd_functions and chpwd_functions)",
    },
    Reserved {
        names: &["ENV"],
        by: BASH,
        why: "bash in POSIX mode (and sh) runs the file named by ENV when an interactive shell starts",
    },
    Reserved {
        names: &["BASH_ENV"],
        by: BASH,
        why: "bash runs the file named by BASH_ENV before every script it runs",
    },
    Reserved {
        names: &["BASH_*"],
        by: BASH,
        why: "bash owns BASH_ variables: several are read-only, and BASH_ENV and BASH_LOADABLES_PATH load code",
    },
    Reserved {
        names: &["SHELLOPTS", "BASHOPTS"],
        by: BASH,
        why: "bash makes SHELLOPTS and BASHOPTS read-only (they mirror set -o and shopt), so every load would print an error",
    },
    Reserved {
        names: &["POSIXLY_CORRECT"],
        by: BASH,
        why: "bash switches the interactive shell to POSIX mode when POSIXLY_CORRECT is set",
    },
    Reserved {
        names: &["GLOBIGNORE", "EXECIGNORE"],
        by: BASH,
        why: "bash changes how it expands globs (GLOBIGNORE also turns on dotglob) or which commands it finds (EXECIGNORE)",
    },
    Reserved {
        names: &["GROUPS"],
        by: BASH,
        why: "bash ignores assignments to GROUPS and never exports it",
    },
    Reserved {
        names: &["TMOUT"],
        by: BASH_ZSH,
        why: "bash and zsh log an interactive shell out after TMOUT seconds idle",
    },
    Reserved {
        names: &["UID", "EUID"],
        by: BASH,
        why: "bash makes UID and EUID read-only, so every load would print an error",
    },
    Reserved {
        names: &["UID", "EUID", "GID", "EGID", "USERNAME"],
        by: ZSH,
        why: "zsh changes the shell's user or group when UID, EUID, GID, EGID or USERNAME is assigned (as root, the shell becomes that user)",
    },
    Reserved {
        names: &["PPID"],
        by: BASH_ZSH,
        why: "bash and zsh make PPID read-only, so every load would print an error",
    },
    Reserved {
        names: &["LINENO", "HISTCMD", "ARGC", "TTYIDLE"],
        by: BASH_ZSH,
        why: "zsh makes these read-only, so every load would print an error (bash computes LINENO and HISTCMD itself)",
    },
    Reserved {
        names: &["SECONDS", "RANDOM", "SRANDOM", "EPOCHSECONDS", "EPOCHREALTIME"],
        by: BASH_ZSH,
        why: "bash and zsh compute this variable on every use (assigning SECONDS resets the shell's clock, RANDOM reseeds it)",
    },
    Reserved {
        names: &["FUNCNEST"],
        by: BASH_ZSH,
        why: "bash and zsh refuse function calls nested deeper than FUNCNEST; a low value breaks the hook and every shell function",
    },
    Reserved {
        names: &["OPTIND", "OPTARG"],
        by: BASH_ZSH,
        why: "bash and zsh keep getopts' state in OPTIND and OPTARG; a set value breaks option parsing in shell functions",
    },
    Reserved {
        names: &[
            "HISTFILE",
            "HISTSIZE",
            "HISTFILESIZE",
            "SAVEHIST",
            "HISTCONTROL",
            "HISTIGNORE",
            "HISTTIMEFORMAT",
            "HISTCHARS",
            "histchars",
        ],
        by: BASH_ZSH,
        why: "bash and zsh keep the user's command history with these: a small HISTFILESIZE or SAVEHIST truncates the history file, HISTFILE sends it elsewhere",
    },
    Reserved {
        names: &["MAIL", "MAILPATH", "MAILCHECK", "mailpath"],
        by: BASH_ZSH,
        why: "bash and zsh check the files these name for mail before prompts, and run the $(...) in MAILPATH messages",
    },
    Reserved {
        names: &["ZDOTDIR"],
        by: ZSH,
        why: "zsh reads its start-up files (.zshenv, .zshrc) from ZDOTDIR, so every new zsh would run the project's",
    },
    Reserved {
        names: &["ZSH_*"],
        by: ZSH,
        why: "zsh (and its plugin frameworks) keep their own state in ZSH_ variables, several read-only",
    },
    Reserved {
        names: &["FPATH", "fpath", "MODULE_PATH", "module_path"],
        by: ZSH,
        why: "zsh loads functions (FPATH) and modules (MODULE_PATH) from these directories, so code there would run as the shell's own",
    },
    Reserved {
        names: &["NULLCMD", "READNULLCMD"],
        by: ZSH,
        why: "zsh runs the program named here for a redirection without a command (> file, < file)",
    },
    Reserved {
        names: &[
            "path",
            "cdpath",
            "manpath",
            "psvar",
            "fignore",
            "watch",
            "signals",
            "argv",
            "status",
            "pipestatus",
            "zsh_eval_context",
        ],
        by: ZSH,
        why: "zsh keeps an array (or a read-only value) under this lower-case name, so assigning a string is an error at every load",
    },
    Reserved {
        names: &[
            "options",
            "parameters",
            "commands",
            "functions",
            "functions_source",
            "dis_functions",
            "aliases",
            "dis_aliases",
            "galiases",
            "dis_galiases",
            "saliases",
            "dis_saliases",
            "builtins",
            "dis_builtins",
            "reswords",
            "dis_reswords",
            "patchars",
            "dis_patchars",
            "modules",
            "dirstack",
            "history",
            "historywords",
            "jobdirs",
            "jobstates",
            "jobtexts",
            "nameddirs",
            "userdirs",
            "usergroups",
            "funcstack",
            "funcfiletrace",
            "funcsourcetrace",
            "termcap",
            "terminfo",
            "widgets",
            "keymaps",
            "mapfile",
        ],
        by: ZSH,
        why: "zsh shows its own tables (options, functions, aliases...) under this name; assigning it is an error or rewrites the table",
    },
    Reserved {
        names: &[
            "status",
            "pipestatus",
            "history",
            "version",
            "FISH_VERSION",
            "hostname",
            "status_generation",
            "umask",
        ],
        by: FISH,
        why: "fish sets this variable itself and refuses to assign it, so every load would print an error",
    },
    Reserved {
        names: &["fish_*", "__fish*"],
        by: FISH,
        why: "fish reads its own settings (colours, key bindings, fish_user_paths...) and state from fish_ variables",
    },
];

fn matches(pattern: &str, name: &str) -> bool {
    match pattern.split_once('*') {
        Some((head, tail)) => {
            name.len() >= head.len() + tail.len() && name.starts_with(head) && name.ends_with(tail)
        }
        None => pattern == name,
    }
}

/// Why a config may not set `name` (None: it may), naming the shell or goenvhook that reserves
/// it. Entries listing the name itself win over patterns (`BASH_ENV` has its own reason).
pub fn reserved(name: &str) -> Option<String> {
    let exact: Vec<&str> = RESERVED
        .iter()
        .filter(|r| r.names.contains(&name))
        .map(|r| r.why)
        .collect();
    if !exact.is_empty() {
        return Some(exact.join("; "));
    }
    RESERVED
        .iter()
        .find(|r| r.names.iter().any(|p| p.contains('*') && matches(p, name)))
        .map(|r| r.why.to_string())
}

/// Every reserved name and pattern, once each, in table order (what the README lists).
pub fn reserved_names() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for n in RESERVED.iter().flat_map(|r| r.names.iter().copied()) {
        if !out.contains(&n) {
            out.push(n);
        }
    }
    out
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

    #[test]
    fn risks_are_flagged() {
        let v = |pairs: &[(&str, &str)]| -> Vec<(String, Option<String>)> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), Some(v.to_string())))
                .collect()
        };
        let r = risks(&v(&[
            (
                "GOFLAGS",
                "-toolexec=/tmp/x -exec=sudo -overlay=/o.json -mod=mod",
            ),
            ("GOPROXY", "http://proxy.corp,direct"),
            ("GOINSECURE", "git.corp"),
            ("GOSUMDB", "off"),
            ("GONOSUMDB", "github.com,git.corp"),
            ("GOAUTH", "netrc;/usr/bin/creds"),
            ("CC", "/opt/cc"),
        ]));
        let text = r.join("\n");
        for needle in [
            "-toolexec",
            "-exec=sudo",
            "-overlay",
            "plain http",
            "GOINSECURE",
            "GOSUMDB=off",
            "GONOSUMDB github.com",
            "unverified toolchains",
            "/usr/bin/creds",
            "CC=/opt/cc",
        ] {
            assert!(text.contains(needle), "{needle} in {text}");
        }
        assert!(!text.contains("git.corp: public"), "{text}");
        assert!(risks(&v(&[
            ("GOPROXY", "https://goproxy.cn,direct"),
            ("GOPRIVATE", "git.corp.example.com")
        ]))
        .is_empty());
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

    /// Every reserved name says who reserves it; a name both shells reserve says both.
    #[test]
    fn reserved_names_name_their_shell() {
        for r in RESERVED {
            for by in r.by {
                assert!(
                    r.why.contains(by.name()),
                    "{:?}: the reason names {}: {}",
                    r.names,
                    by.name(),
                    r.why
                );
            }
            for n in r.names {
                let why = reserved(&n.replace('*', "X")).expect("reserved");
                assert!(why.contains(r.why), "{n}: {why}");
            }
        }
        let uid = reserved("UID").unwrap();
        assert!(uid.contains("bash") && uid.contains("zsh"), "{uid}");
        assert!(reserved("status").unwrap().contains("fish"));
        assert!(reserved("status").unwrap().contains("zsh"));
        // The entry naming BASH_ENV wins over the BASH_* pattern.
        assert!(reserved("BASH_ENV")
            .unwrap()
            .contains("before every script"));
        assert!(reserved("BASH_COMPAT").unwrap().contains("BASH_ variables"));
        assert!(reserved(crate::env::STATE_VAR).is_some());
        assert!(reserved(crate::env::PID_VAR).is_some());
        assert!(reserved("GOENVHOOK_SDK_DIRS").is_some());
        assert!(reserved("TMOUT").unwrap().contains("TMOUT seconds idle"));
        for ok in [
            "GOPATH",
            "HOSTNAME",
            "USER",
            "LANG",
            "TERM",
            "DEPLOY_ENV",
            "FISH",
            "ZSH",
            "BASH",
        ] {
            assert!(reserved(ok).is_none(), "{ok}: {:?}", reserved(ok));
        }
        let names = reserved_names();
        for n in [
            "TMOUT",
            "UID",
            "SHELLOPTS",
            "USERNAME",
            "umask",
            "FUNCNEST",
            "PROMPT",
            "BASH_*",
        ] {
            assert!(names.contains(&n), "{n} listed");
        }
        assert_eq!(
            names.len(),
            names.iter().collect::<std::collections::HashSet<_>>().len()
        );
    }

    fn risk_text(pairs: &[(&str, &str)]) -> String {
        let values: Vec<(String, Option<String>)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), Some(v.to_string())))
            .collect();
        risks(&values).join("\n")
    }

    /// One case per rule: a program, a library, a config file, compiler flags; each line says
    /// what runs.
    #[test]
    fn risks_by_rule() {
        let cases = [
            ("CGO_CFLAGS", "-fplugin=/x.so", "the C compiler takes these flags from go without the checks go applies to #cgo lines (-fplugin, -wrapper and -B run code)"),
            ("CGO_LDFLAGS", "-fuse-ld=/x", "the linker takes these flags"),
            ("CGO_CFLAGS_ALLOW", "-fplugin=.*", "go takes these flags from the #cgo lines"),
            ("NODE_OPTIONS", "--require /x.js", "every node process takes these flags"),
            ("PERL5OPT", "-Mx", "-M loads a module"),
            ("RUBYOPT", "-rx", "-r loads a library"),
            ("GOENV", "/p/go.env", "go reads this as its go env -w file"),
            ("GIT_CONFIG_PARAMETERS", "'core.fsmonitor'='/x'", "git reads this as configuration"),
            ("GIT_DIR", "/p/repo.git", "hooks run programs"),
            ("GIT_WORK_TREE", "/p", "every git command reads this as its working tree"),
            ("GIT_TEMPLATE_DIR", "/p/t", "hooks copied from it run"),
            ("PYTHONSTARTUP", "/p/s.py", "python reads this as a script"),
            ("GIT_PAGER", "/p/x", "git runs this to page"),
            ("GIT_EDITOR", "/p/x", "git runs this"),
            ("GIT_EXTERNAL_DIFF", "/p/x", "git runs this in place of its own diff"),
            ("GIT_PROXY_COMMAND", "/p/x", "git runs this to connect"),
            ("PAGER", "/p/x", "pages its output (man, git) runs this"),
            ("EDITOR", "/p/x", "opens an editor"),
            ("VISUAL", "/p/x", "opens an editor"),
            ("LESSOPEN", "|/p/x %s", "less runs this on every file"),
            ("LESSCLOSE", "/p/x", "less runs this"),
            ("GIT_EXEC_PATH", "/p", "git loads code from here"),
            ("PYTHONPATH", "/p", "python loads code from here"),
            ("PERL5LIB", "/p", "perl loads code from here"),
            ("LD_PRELOAD", "/p/x.so", "every program started in the shell loads code from here"),
            ("LD_BIND_NOW", "1", "the dynamic loader loads code from here"),
            ("DYLD_FRAMEWORK_PATH", "/p", "the dynamic loader (macOS)"),
            ("CC", "/opt/cc", "go runs this as the C compiler for cgo"),
            ("GOCACHEPROG", "/p/x", "go runs this as a program that serves the build cache"),
            ("PKG_CONFIG", "/p/x", "go runs this as the pkg-config command"),
            ("GCCGO", "/p/x", "go runs this as the gccgo command"),
            ("AR", "/p/x", "go runs this as the archiver"),
            ("DOCKER_BUILD_COMMAND", "x", "(a name ending in _COMMAND holds a command line)"),
            ("KUBE_EDITOR", "x", "as its editor"),
            ("GH_PAGER", "x", "as its pager"),
            ("SUDO_ASKPASS", "x", "to ask for passwords"),
            ("SSH_ASKPASS", "x", "ssh runs this to ask for passphrases"),
        ];
        for (name, value, says) in cases {
            let text = risk_text(&[(name, value)]);
            assert!(
                text.starts_with(&format!("{name}={value}: ")),
                "{name}: {text}"
            );
            assert!(text.contains(says), "{name}: {says:?} in {text}");
            assert_eq!(text.lines().count(), 1, "{name}: one line: {text}");
        }
        // Every Go variable that names a program is flagged from its grammar.
        for var in TABLE.iter().filter(|v| v.grammar == Grammar::Command) {
            let text = risk_text(&[(var.name, "/p/x")]);
            assert!(text.contains("go runs this as"), "{}: {text}", var.name);
            assert!(
                RUNNERS.iter().all(|r| r.name != var.name),
                "{} is flagged from TABLE, not listed twice",
                var.name
            );
        }
        // A rule never flags a name the config may not set anyway.
        for r in RUNNERS.iter().filter(|r| !r.name.contains('*')) {
            assert!(reserved(r.name).is_none(), "{} is reserved", r.name);
            assert!(
                !risk_text(&[(r.name, "/p/x")]).is_empty(),
                "{} flagged",
                r.name
            );
        }
        assert_eq!(risk_text(&[("GOENV", "off")]), "", "GOENV=off runs nothing");
        for quiet in [
            "CGO_CFLAGS_DISALLOW",
            "CGO_ENABLED",
            "GOPATH",
            "DEPLOY_ENV",
            "COMMAND",
            "GIT_CONFIG_NOSYSTEM",
        ] {
            assert_eq!(risk_text(&[(quiet, "1")]), "", "{quiet}");
        }
        // git's numbered config is one line, listing the keys.
        let git = risk_text(&[
            ("GIT_CONFIG_COUNT", "2"),
            ("GIT_CONFIG_KEY_0", "core.fsmonitor"),
            ("GIT_CONFIG_VALUE_0", "/p/x"),
            ("GIT_CONFIG_KEY_1", "core.sshCommand"),
            ("GIT_CONFIG_VALUE_1", "/p/y"),
        ]);
        assert_eq!(git.lines().count(), 1, "{git}");
        assert!(
            git.starts_with("GIT_CONFIG_COUNT/KEY/VALUE (5 variable(s), keys: core.fsmonitor, core.sshCommand): git reads this as configuration"),
            "{git}"
        );
        // A value cannot draw over the review: control characters are escaped, long values cut.
        let text = risk_text(&[("EDITOR", "vi\n  RISK      none\u{1b}[2K")]);
        assert!(!text.contains('\n') && !text.contains('\u{1b}'), "{text:?}");
        assert!(text.contains("vi\\x0a  RISK"), "{text}");
        let long = format!("/p/{}END", "x".repeat(10_000));
        let text = risk_text(&[("EDITOR", &long)]);
        assert!(
            text.len() < 400 && text.contains("END (10006 bytes)"),
            "{text}"
        );
        // A name given twice (a chain of configs) is flagged once.
        assert_eq!(
            risk_text(&[("EDITOR", "/a"), ("EDITOR", "/b")])
                .lines()
                .count(),
            1
        );
    }
}

/// What a Go variable's value must look like (reference §3). One table serves config validation,
/// `allow`'s review and `status` (STYLE rule 7).
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
    /// GODEBUG: comma-separated `key=value`.
    Debug,
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

pub struct GoVar {
    pub name: &'static str,
    pub grammar: Grammar,
    pub what: &'static str,
}

const ON_OFF_AUTO: &[&str] = &["on", "off", "auto"];
const ZERO_ONE: &[&str] = &["0", "1"];

/// Every variable `go help environment` of go1.27 lists, plus GOAUTH, NETRC, GOTOOLCHAIN,
/// GOEXPERIMENT, GODEBUG and the computed ones.
pub const TABLE: &[GoVar] = &[
    GoVar {
        name: "AR",
        grammar: Grammar::Command,
        what: "the archiver for gccgo builds",
    },
    GoVar {
        name: "CC",
        grammar: Grammar::Command,
        what: "the C compiler for cgo",
    },
    GoVar {
        name: "CGO_CFLAGS",
        grammar: Grammar::Text,
        what: "flags for the C compiler",
    },
    GoVar {
        name: "CGO_CFLAGS_ALLOW",
        grammar: Grammar::Text,
        what: "regexp of extra allowed #cgo CFLAGS",
    },
    GoVar {
        name: "CGO_CFLAGS_DISALLOW",
        grammar: Grammar::Text,
        what: "regexp of disallowed #cgo CFLAGS",
    },
    GoVar {
        name: "CGO_CPPFLAGS",
        grammar: Grammar::Text,
        what: "flags for the C preprocessor",
    },
    GoVar {
        name: "CGO_CPPFLAGS_ALLOW",
        grammar: Grammar::Text,
        what: "regexp of extra allowed #cgo CPPFLAGS",
    },
    GoVar {
        name: "CGO_CPPFLAGS_DISALLOW",
        grammar: Grammar::Text,
        what: "regexp of disallowed #cgo CPPFLAGS",
    },
    GoVar {
        name: "CGO_CXXFLAGS",
        grammar: Grammar::Text,
        what: "flags for the C++ compiler",
    },
    GoVar {
        name: "CGO_CXXFLAGS_ALLOW",
        grammar: Grammar::Text,
        what: "regexp of extra allowed #cgo CXXFLAGS",
    },
    GoVar {
        name: "CGO_CXXFLAGS_DISALLOW",
        grammar: Grammar::Text,
        what: "regexp of disallowed #cgo CXXFLAGS",
    },
    GoVar {
        name: "CGO_ENABLED",
        grammar: Grammar::OneOf(ZERO_ONE),
        what: "cgo on (1) or off (0)",
    },
    GoVar {
        name: "CGO_FFLAGS",
        grammar: Grammar::Text,
        what: "flags for the Fortran compiler",
    },
    GoVar {
        name: "CGO_FFLAGS_ALLOW",
        grammar: Grammar::Text,
        what: "regexp of extra allowed #cgo FFLAGS",
    },
    GoVar {
        name: "CGO_FFLAGS_DISALLOW",
        grammar: Grammar::Text,
        what: "regexp of disallowed #cgo FFLAGS",
    },
    GoVar {
        name: "CGO_LDFLAGS",
        grammar: Grammar::Text,
        what: "flags for the linker",
    },
    GoVar {
        name: "CGO_LDFLAGS_ALLOW",
        grammar: Grammar::Text,
        what: "regexp of extra allowed #cgo LDFLAGS",
    },
    GoVar {
        name: "CGO_LDFLAGS_DISALLOW",
        grammar: Grammar::Text,
        what: "regexp of disallowed #cgo LDFLAGS",
    },
    GoVar {
        name: "CXX",
        grammar: Grammar::Command,
        what: "the C++ compiler for cgo",
    },
    GoVar {
        name: "FC",
        grammar: Grammar::Command,
        what: "the Fortran compiler for cgo",
    },
    GoVar {
        name: "GCCGO",
        grammar: Grammar::Command,
        what: "the gccgo command",
    },
    GoVar {
        name: "GO111MODULE",
        grammar: Grammar::OneOf(ON_OFF_AUTO),
        what: "module mode (on by default since Go 1.16)",
    },
    GoVar {
        name: "GO386",
        grammar: Grammar::OneOf(&["sse2", "softfloat"]),
        what: "floating point on 386",
    },
    GoVar {
        name: "GOAMD64",
        grammar: Grammar::OneOf(&["v1", "v2", "v3", "v4"]),
        what: "amd64 microarchitecture level",
    },
    GoVar {
        name: "GOARCH",
        grammar: Grammar::Arch,
        what: "target architecture",
    },
    GoVar {
        name: "GOARM",
        grammar: Grammar::OneOf(&[
            "5",
            "6",
            "7",
            "5,softfloat",
            "6,softfloat",
            "7,softfloat",
            "5,hardfloat",
            "6,hardfloat",
            "7,hardfloat",
        ]),
        what: "arm architecture version",
    },
    GoVar {
        name: "GOARM64",
        grammar: Grammar::OneOf(&[
            "v8.0", "v8.1", "v8.2", "v8.3", "v8.4", "v8.5", "v8.6", "v8.7", "v8.8", "v8.9", "v9.0",
            "v9.1", "v9.2", "v9.3", "v9.4", "v9.5",
        ]),
        what: "arm64 architecture level (with optional ,lse ,crypto)",
    },
    GoVar {
        name: "GOAUTH",
        grammar: Grammar::Auth,
        what: "how the go command authenticates (Go 1.24+)",
    },
    GoVar {
        name: "GOBIN",
        grammar: Grammar::Abs,
        what: "where go install puts commands",
    },
    GoVar {
        name: "GOCACHE",
        grammar: Grammar::Abs,
        what: "the build cache",
    },
    GoVar {
        name: "GOCACHEPROG",
        grammar: Grammar::Command,
        what: "a program that serves the build cache",
    },
    GoVar {
        name: "GODEBUG",
        grammar: Grammar::Debug,
        what: "runtime and go command settings",
    },
    GoVar {
        name: "GOENV",
        grammar: Grammar::AbsOrOff,
        what: "the go env -w file, or off",
    },
    GoVar {
        name: "GOEXE",
        grammar: Grammar::Computed,
        what: "executable suffix",
    },
    GoVar {
        name: "GOEXPERIMENT",
        grammar: Grammar::Experiment,
        what: "toolchain experiments",
    },
    GoVar {
        name: "GOFIPS140",
        grammar: Grammar::Text,
        what: "FIPS 140-3 module version",
    },
    GoVar {
        name: "GOFLAGS",
        grammar: Grammar::Flags,
        what: "default flags for go commands",
    },
    GoVar {
        name: "GOGCCFLAGS",
        grammar: Grammar::Computed,
        what: "flags the go command passes to CC",
    },
    GoVar {
        name: "GOHOSTARCH",
        grammar: Grammar::Computed,
        what: "the toolchain's own architecture",
    },
    GoVar {
        name: "GOHOSTOS",
        grammar: Grammar::Computed,
        what: "the toolchain's own OS",
    },
    GoVar {
        name: "GOINSECURE",
        grammar: Grammar::Globs,
        what: "modules fetched without TLS checks",
    },
    GoVar {
        name: "GOMIPS",
        grammar: Grammar::OneOf(&["hardfloat", "softfloat"]),
        what: "floating point on mips",
    },
    GoVar {
        name: "GOMIPS64",
        grammar: Grammar::OneOf(&["hardfloat", "softfloat"]),
        what: "floating point on mips64",
    },
    GoVar {
        name: "GOMOD",
        grammar: Grammar::Computed,
        what: "the main module's go.mod",
    },
    GoVar {
        name: "GOMODCACHE",
        grammar: Grammar::Abs,
        what: "the module cache",
    },
    GoVar {
        name: "GONOPROXY",
        grammar: Grammar::Globs,
        what: "modules fetched directly, not through GOPROXY",
    },
    GoVar {
        name: "GONOSUMDB",
        grammar: Grammar::Globs,
        what: "modules not checked against the checksum database",
    },
    GoVar {
        name: "GOOS",
        grammar: Grammar::Os,
        what: "target operating system",
    },
    GoVar {
        name: "GOPATH",
        grammar: Grammar::AbsList,
        what: "the GOPATH (module cache and go install live in its first entry)",
    },
    GoVar {
        name: "GOPPC64",
        grammar: Grammar::OneOf(&["power8", "power9", "power10"]),
        what: "ppc64 architecture level",
    },
    GoVar {
        name: "GOPRIVATE",
        grammar: Grammar::Globs,
        what: "private modules (default for GONOPROXY and GONOSUMDB)",
    },
    GoVar {
        name: "GOPROXY",
        grammar: Grammar::Proxy,
        what: "module proxies",
    },
    GoVar {
        name: "GORISCV64",
        grammar: Grammar::OneOf(&["rva20u64", "rva22u64", "rva23u64"]),
        what: "riscv64 profile",
    },
    GoVar {
        name: "GOROOT",
        grammar: Grammar::Goroot,
        what: "the Go tree",
    },
    GoVar {
        name: "GOSUMDB",
        grammar: Grammar::Sumdb,
        what: "the checksum database",
    },
    GoVar {
        name: "GOTELEMETRY",
        grammar: Grammar::Computed,
        what: "telemetry mode (change it with go telemetry)",
    },
    GoVar {
        name: "GOTELEMETRYDIR",
        grammar: Grammar::Computed,
        what: "telemetry data directory",
    },
    GoVar {
        name: "GOTMPDIR",
        grammar: Grammar::Abs,
        what: "temporary directory for builds",
    },
    GoVar {
        name: "GOTOOLCHAIN",
        grammar: Grammar::Toolchain,
        what: "toolchain selection and downloads",
    },
    GoVar {
        name: "GOTOOLDIR",
        grammar: Grammar::Computed,
        what: "the toolchain's tool directory",
    },
    GoVar {
        name: "GOVCS",
        grammar: Grammar::Vcs,
        what: "version control systems allowed per module pattern",
    },
    GoVar {
        name: "GOVERSION",
        grammar: Grammar::Computed,
        what: "the toolchain's version",
    },
    GoVar {
        name: "GOWASM",
        grammar: Grammar::OneOf(&["satconv", "signext", "satconv,signext", "signext,satconv"]),
        what: "WebAssembly features",
    },
    GoVar {
        name: "GOWORK",
        grammar: Grammar::AbsOrOff,
        what: "the go.work file, or off",
    },
    GoVar {
        name: "GO_EXTLINK_ENABLED",
        grammar: Grammar::OneOf(ZERO_ONE),
        what: "external linking",
    },
    GoVar {
        name: "NETRC",
        grammar: Grammar::Abs,
        what: "the .netrc file with credentials",
    },
    GoVar {
        name: "PKG_CONFIG",
        grammar: Grammar::Command,
        what: "the pkg-config command",
    },
];

pub fn lookup(name: &str) -> Option<&'static GoVar> {
    TABLE.iter().find(|v| v.name == name)
}

/// Real GOOS/GOARCH pairs (`go tool dist list` of go1.24; the tests compare with the real one).
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
    "openbsd/ppc64",
    "openbsd/riscv64",
    "plan9/386",
    "plan9/amd64",
    "plan9/arm",
    "solaris/amd64",
    "wasip1/wasm",
    "windows/386",
    "windows/amd64",
    "windows/arm64",
];

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
            match super::version::Version::parse(name.split('-').next().unwrap_or(name)) {
                Some(ver) if ver.patch.is_some() || !ver.kind.is_empty() => Ok(()),
                Some(ver) => Err(format!(
                    "GOTOOLCHAIN={v}: {name} is a language version, not a toolchain; write {}",
                    ver.toolchain()
                )),
                None => Err(format!("GOTOOLCHAIN={v}: {name} is not a Go version")),
            }
        }
        _ if super::version::Version::parse(name).is_some() => {
            Err(format!("GOTOOLCHAIN={v}: write go{name}"))
        }
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
        Grammar::Flags => goflags_fields(v).map(|_| ()),
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
        Grammar::OneOf(allowed) => {
            let base = if name == "GOARM64" { v.split(',').next().unwrap_or(v) } else { v };
            if allowed.contains(&base)
                && (name != "GOARM64" || v.split(',').skip(1).all(|f| f == "lse" || f == "crypto"))
            {
                Ok(())
            } else if name == "CGO_ENABLED" && (v == "true" || v == "false") {
                Err(format!("CGO_ENABLED={v} is ignored by Go (only 0 and 1 count): write \"{}\"", if v == "true" { 1 } else { 0 }))
            } else {
                Err(format!("{name}={v} is not valid: use one of {}", allowed.join(", ")))
            }
        }
        Grammar::Os if port_part(0, v) => Ok(()),
        Grammar::Arch if port_part(1, v) => Ok(()),
        Grammar::Os | Grammar::Arch => {
            let all: Vec<&str> = PORTS.iter().filter_map(|p| p.split('/').nth(usize::from(var.grammar == Grammar::Arch))).collect();
            let mut uniq = all.clone();
            uniq.dedup();
            let hint = suggest(v, &uniq).map_or(String::new(), |s| format!("; did you mean {s}?"));
            Err(format!("{name}={v} is not a Go port (see go tool dist list){hint}"))
        }
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

/// Public module hosts: a GONOSUMDB (or GOPRIVATE) pattern matching these turns off checksum
/// verification for modules anyone can publish.
const PUBLIC_HOSTS: &[&str] = &[
    "github.com",
    "gitlab.com",
    "bitbucket.org",
    "golang.org",
    "google.golang.org",
    "gopkg.in",
    "go.googlesource.com",
];

fn covers_public(pattern: &str) -> Option<&'static str> {
    let host = pattern.split('/').next().unwrap_or("");
    let single = pattern.split('/').count() == 1;
    PUBLIC_HOSTS.iter().copied().find(|h| {
        (single
            && (host == *h || host == "*" || (host.starts_with("*.") && h.ends_with(&host[1..]))))
            || pattern == "*"
    })
}

/// What a setting makes run, which decides the sentence the reviewer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Runs {
    /// The value names a program to run, or a whole command line.
    Program,
    /// The value names libraries or modules to load, or where to look for them first.
    Library,
    /// The value names a file or directory read as configuration or code (a git repository, a
    /// go env file, a start-up script), or is configuration text itself.
    Config,
    /// The value holds flags handed to a compiler or interpreter.
    CompilerFlags,
}

impl Runs {
    /// The reviewer's sentence: `who` is its subject, `how` the rest (what for, what runs).
    pub fn sentence(self, who: &str, how: &str) -> String {
        match self {
            Runs::Program => format!("{who} runs this{how}"),
            Runs::Library => format!("{who} loads code from here{how}"),
            Runs::Config => format!("{who} reads this{how}"),
            Runs::CompilerFlags => format!("{who} takes these flags{how}"),
        }
    }
}

/// A variable, outside Go's own table, whose value makes something run code.
pub struct Runner {
    /// A name, or a pattern with one `*` (`LD_*`, `*_COMMAND`). A name listed itself wins over a
    /// pattern that also matches it.
    pub name: &'static str,
    pub runs: Runs,
    /// Who acts on the value: the subject of the sentence (`git`, `every node process`).
    pub who: &'static str,
    /// The rest of the sentence.
    pub how: &'static str,
    /// Values that run nothing (GOENV=off).
    pub harmless: &'static [&'static str],
}

const fn runner(name: &'static str, runs: Runs, who: &'static str, how: &'static str) -> Runner {
    Runner {
        name,
        runs,
        who,
        how,
        harmless: &[],
    }
}

const SHELL_PROGRAMS: &str = "every program started in the shell";
const CGO_CHECKS: &str =
    " from go without the checks go applies to #cgo lines (-fplugin, -wrapper and -B run code)";

/// Settings that run code, by rule: the value names a program (or command line) to run, a
/// library or module path to load, a file or directory read as configuration or code, or flags
/// for a compiler or interpreter. Go's own variables whose grammar is `Grammar::Command` (CC,
/// GOCACHEPROG...) are flagged from `TABLE`, and GOFLAGS, GOAUTH and GOPROXY by their values, in
/// `risks`. Prompt text and shell start-up files are not here: `RESERVED` refuses them.
pub const RUNNERS: &[Runner] = &[
    // git and ssh: the go command fetches private modules through them.
    runner("GIT_SSH_COMMAND", Runs::Program, "git", " in place of ssh for ssh remotes (go get of private modules)"),
    runner("GIT_SSH", Runs::Program, "git", " in place of ssh for ssh remotes (go get of private modules)"),
    runner("GIT_ASKPASS", Runs::Program, "git", " to ask for credentials"),
    runner("SSH_ASKPASS", Runs::Program, "ssh", " to ask for passphrases"),
    runner("GIT_PAGER", Runs::Program, "git", " to page its output (git log, git diff)"),
    runner("GIT_EDITOR", Runs::Program, "git", " to edit commit and tag messages"),
    runner("GIT_SEQUENCE_EDITOR", Runs::Program, "git rebase -i", " to edit its todo list"),
    runner("GIT_EXTERNAL_DIFF", Runs::Program, "git", " in place of its own diff (git diff, git log -p)"),
    runner("GIT_PROXY_COMMAND", Runs::Program, "git", " to connect to git:// remotes"),
    runner("GIT_EXEC_PATH", Runs::Library, "git", ": its subcommands run from this directory"),
    runner("GIT_DIR", Runs::Config, "every git command", " as its repository, wherever it runs: that repository's config and hooks run programs"),
    runner("GIT_COMMON_DIR", Runs::Config, "every git command", " for its config and hooks, which run programs"),
    runner("GIT_WORK_TREE", Runs::Config, "every git command", " as its working tree, wherever it runs (with GIT_DIR, another repository's config and hooks act on it)"),
    runner("GIT_TEMPLATE_DIR", Runs::Config, "git", " as the template of new repositories: hooks copied from it run in every clone"),
    runner("GIT_CONFIG_GLOBAL", Runs::Config, "git", " as its global config file: core.fsmonitor, core.sshCommand and credential helpers there run programs, and approving this config does not cover the file"),
    runner("GIT_CONFIG_SYSTEM", Runs::Config, "git", " as its system config file: core.fsmonitor, core.sshCommand and credential helpers there run programs, and approving this config does not cover the file"),
    runner("GIT_CONFIG", Runs::Config, "git config", " as its config file: core.fsmonitor, core.sshCommand and credential helpers there run programs, and approving this config does not cover the file"),
    runner("GIT_CONFIG_PARAMETERS", Runs::Config, "git", " as configuration: core.fsmonitor, core.sshCommand and credential helpers set here run programs"),
    // Shown together as one line by `risks` (see GIT_CONFIG_GROUP).
    runner("GIT_CONFIG_COUNT", Runs::Config, "git", " as configuration: core.fsmonitor, core.sshCommand and credential helpers set this way run programs"),
    runner("GIT_CONFIG_KEY_*", Runs::Config, "git", " as configuration: core.fsmonitor, core.sshCommand and credential helpers set this way run programs"),
    runner("GIT_CONFIG_VALUE_*", Runs::Config, "git", " as configuration: core.fsmonitor, core.sshCommand and credential helpers set this way run programs"),
    // Go's own, by value rather than by grammar.
    Runner {
        name: "GOENV",
        runs: Runs::Config,
        who: "go",
        how: " as its go env -w file: GOFLAGS=-toolexec, CC or GOTOOLCHAIN there run programs, and approving this config does not cover the file",
        harmless: &["off"],
    },
    runner("CGO_CFLAGS", Runs::CompilerFlags, "the C compiler", CGO_CHECKS),
    runner("CGO_CPPFLAGS", Runs::CompilerFlags, "the C preprocessor", CGO_CHECKS),
    runner("CGO_CXXFLAGS", Runs::CompilerFlags, "the C++ compiler", CGO_CHECKS),
    runner("CGO_FFLAGS", Runs::CompilerFlags, "the Fortran compiler", CGO_CHECKS),
    runner("CGO_LDFLAGS", Runs::CompilerFlags, "the linker", " from go without the checks go applies to #cgo lines (-fuse-ld, -B and -Wl,-plugin run code)"),
    runner("CGO_*FLAGS_ALLOW", Runs::CompilerFlags, "go", " from the #cgo lines of every package when they match this pattern, past its own checks (-fplugin, -wrapper and -B run code)"),
    runner("GOPACKAGESDRIVER", Runs::Program, "gopls (like every go/packages tool)", " to load packages"),
    runner("BROWSER", Runs::Program, "go tool cover -html (and pprof -http)", " to open a page"),
    // The dynamic loader: every program the shell starts.
    runner("LD_PRELOAD", Runs::Library, SHELL_PROGRAMS, ", before its own libraries"),
    runner("LD_LIBRARY_PATH", Runs::Library, SHELL_PROGRAMS, " first, ahead of the system's libraries"),
    runner("LD_AUDIT", Runs::Library, SHELL_PROGRAMS, " (auditing libraries)"),
    runner("LD_*", Runs::Library, "the dynamic loader", ", for every program started in the shell (LD_ variables choose what it loads)"),
    runner("DYLD_INSERT_LIBRARIES", Runs::Library, SHELL_PROGRAMS, " (macOS), before its own libraries"),
    runner("DYLD_LIBRARY_PATH", Runs::Library, SHELL_PROGRAMS, " (macOS) first, ahead of the system's libraries"),
    runner("DYLD_FALLBACK_LIBRARY_PATH", Runs::Library, SHELL_PROGRAMS, " (macOS) when a library is missing"),
    runner("DYLD_*", Runs::Library, "the dynamic loader (macOS)", ", for every program started in the shell (DYLD_ variables choose what it loads)"),
    runner("GCONV_PATH", Runs::Library, "every program that converts character sets (glibc's iconv)", ""),
    // Other programs a Go developer runs from the same shell.
    runner("PAGER", Runs::Program, "every tool that pages its output (man, git)", ""),
    runner("MANPAGER", Runs::Program, "man", " to page manual pages"),
    runner("EDITOR", Runs::Program, "every tool that opens an editor (git commit, crontab -e, goenvhook edit)", ""),
    runner("VISUAL", Runs::Program, "every tool that opens an editor (git commit, crontab -e, goenvhook edit)", ""),
    runner("FCEDIT", Runs::Program, "bash's fc", " to edit commands"),
    runner("LESSOPEN", Runs::Program, "less", " on every file it opens (an input preprocessor)"),
    runner("LESSCLOSE", Runs::Program, "less", " after every file it closes"),
    runner("PYTHONPATH", Runs::Library, "python", ", ahead of its own modules"),
    runner("PYTHONHOME", Runs::Library, "python", " as its standard library"),
    runner("PYTHONSTARTUP", Runs::Config, "python", " as a script to run whenever it starts interactively"),
    runner("PERL5LIB", Runs::Library, "perl", ", ahead of its own modules"),
    runner("PERLLIB", Runs::Library, "perl", ", ahead of its own modules"),
    runner("RUBYLIB", Runs::Library, "ruby", ", ahead of its own libraries"),
    runner("NODE_PATH", Runs::Library, "node", " for require() of bare module names"),
    runner("NODE_OPTIONS", Runs::CompilerFlags, "every node process", " as if given on its command line (--require and --import load code)"),
    runner("PERL5OPT", Runs::CompilerFlags, "every perl process", " as if given on its command line (-M loads a module)"),
    runner("RUBYOPT", Runs::CompilerFlags, "every ruby process", " as if given on its command line (-r loads a library)"),
    runner("JAVA_TOOL_OPTIONS", Runs::CompilerFlags, "every JVM", " as if given on its command line (-javaagent loads code)"),
    // Any other name that, by convention, holds a command.
    runner("*_COMMAND", Runs::Program, "the tool this variable is for", " (a name ending in _COMMAND holds a command line)"),
    runner("*_EDITOR", Runs::Program, "the tool this variable is for", " as its editor"),
    runner("*_PAGER", Runs::Program, "the tool this variable is for", " as its pager"),
    runner("*_ASKPASS", Runs::Program, "the tool this variable is for", " to ask for passwords"),
];

/// git's numbered configuration variables: one RISK line for all of them.
const GIT_CONFIG_GROUP: &[&str] = &["GIT_CONFIG_COUNT", "GIT_CONFIG_KEY_*", "GIT_CONFIG_VALUE_*"];

/// The rule that flags `name`, if any: the entry naming it, else the first pattern matching it.
pub fn runner_for(name: &str) -> Option<&'static Runner> {
    RUNNERS.iter().find(|r| r.name == name).or_else(|| {
        RUNNERS
            .iter()
            .find(|r| r.name.contains('*') && matches(r.name, name))
    })
}

/// A value as a RISK line shows it: control characters shown, not sent (`text::visible`, as the
/// review shows every value), and cut when long, so one value cannot flood or redraw the review.
fn plain(v: &str) -> String {
    const HEAD: usize = 96;
    const TAIL: usize = 32;
    let chars: Vec<char> = v.chars().collect();
    if chars.len() <= HEAD + TAIL + 16 {
        return crate::text::visible(v).into_owned();
    }
    let head: String = chars[..HEAD].iter().collect();
    let tail: String = chars[chars.len() - TAIL..].iter().collect();
    format!(
        "{}…{} ({} bytes)",
        crate::text::visible(&head),
        crate::text::visible(&tail),
        v.len()
    )
}

/// What a reviewer should notice before approving a config: settings that run code (see
/// `RUNNERS`), and settings that weaken TLS or checksum verification. `values` are the resolved
/// variables (None = unset), in the config's order.
pub fn risks(values: &[(String, Option<String>)]) -> Vec<String> {
    let get = |n: &str| {
        values
            .iter()
            .find(|(k, _)| k == n)
            .and_then(|(_, v)| v.as_deref())
    };
    let mut out = Vec::new();
    if let Some(flags) = get("GOFLAGS") {
        for f in goflags_fields(flags).unwrap_or_default() {
            let flag = f.split('=').next().unwrap_or("").trim_start_matches('-');
            let f = plain(&f);
            match flag {
                "toolexec" => out.push(format!(
                    "GOFLAGS {f}: every build runs this program on each tool invocation"
                )),
                "exec" => out.push(format!(
                    "GOFLAGS {f}: go run and go test run binaries through this program"
                )),
                "overlay" => out.push(format!(
                    "GOFLAGS {f}: builds read replacement source files from this overlay"
                )),
                _ => {}
            }
        }
    }
    if let Some(p) = get("GOPROXY") {
        for e in p
            .split([',', '|'])
            .map(str::trim)
            .filter(|e| e.starts_with("http://"))
        {
            out.push(format!(
                "GOPROXY {}: modules are fetched over plain http, without TLS",
                plain(e)
            ));
        }
    }
    if let Some(i) = get("GOINSECURE") {
        out.push(format!(
            "GOINSECURE={}: direct fetches of these modules skip TLS certificate checks",
            plain(i)
        ));
    }
    let sumdb_off = get("GOSUMDB") == Some("off");
    if sumdb_off {
        out.push(
            "GOSUMDB=off: module contents are not checked against the checksum database".into(),
        );
    }
    let nosum = get("GONOSUMDB").or_else(|| get("GOPRIVATE"));
    if let Some(v) = nosum {
        let which = if get("GONOSUMDB").is_some() {
            "GONOSUMDB"
        } else {
            "GOPRIVATE"
        };
        for pat in v.split(',') {
            if let Some(h) = covers_public(pat) {
                out.push(format!(
                    "{which} {}: public modules on {h} skip checksum verification",
                    plain(pat)
                ));
            }
        }
    }
    if sumdb_off && get("GOTOOLCHAIN").is_none_or(|t| t.contains("auto") || t.starts_with("go1")) {
        out.push("GOSUMDB=off with toolchain downloads: Go refuses unverified toolchains, so GOTOOLCHAIN switches will fail".into());
    }
    if let Some(a) = get("GOAUTH") {
        for c in a.split(';').map(str::trim) {
            if !c.is_empty() && c != "netrc" && c != "off" && !c.starts_with("git ") {
                out.push(format!(
                    "GOAUTH {}: {}",
                    plain(c),
                    Runs::Program.sentence("go", " to get credentials")
                ));
            }
        }
    }
    // Every other variable, once, by its rule.
    let mut seen: Vec<&str> = Vec::new();
    let mut git_config: Vec<&str> = Vec::new();
    for (name, _) in values {
        let Some(v) = get(name) else { continue };
        if seen.contains(&name.as_str()) {
            continue;
        }
        seen.push(name);
        if GIT_CONFIG_GROUP.iter().any(|p| matches(p, name)) {
            git_config.push(name);
            continue;
        }
        let line = match (lookup(name), runner_for(name)) {
            (Some(var), _) if var.grammar == Grammar::Command => {
                Some(Runs::Program.sentence("go", &format!(" as {}", var.what)))
            }
            (_, Some(r)) if !r.harmless.contains(&v) => Some(r.runs.sentence(r.who, r.how)),
            _ => None,
        };
        if let Some(line) = line {
            out.push(format!("{name}={}: {line}", plain(v)));
        }
    }
    if !git_config.is_empty() {
        let keys: Vec<String> = git_config
            .iter()
            .filter(|n| n.starts_with("GIT_CONFIG_KEY_"))
            .filter_map(|n| get(n))
            .map(plain)
            .collect();
        let r = runner_for(GIT_CONFIG_GROUP[0]).expect("GIT_CONFIG_COUNT is in RUNNERS");
        out.push(format!(
            "GIT_CONFIG_COUNT/KEY/VALUE ({} variable(s), keys: {}): {}",
            git_config.len(),
            if keys.is_empty() {
                "none".to_string()
            } else {
                keys.join(", ")
            },
            r.runs.sentence(r.who, r.how)
        ));
    }
    out
}
