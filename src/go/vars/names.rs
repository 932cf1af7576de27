//! Which names a config may set: the names reserved for the shells and goenvhook (`RESERVED`,
//! `reserved`), what a portable variable name looks like (`valid_name`), and "did you mean" for
//! keys and for near misses of Go's variables (`suggest`, `go_typo`). Data only, no I/O.

use super::GO_VARS;
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

/// `name` against a name or a pattern with one `*` (`BASH_*`, `*_COMMAND`).
pub(super) fn matches(pattern: &str, name: &str) -> bool {
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

/// Every reserved name and pattern, once each, in table order (what docs/security.md and goenvhook.toml(5) list).
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
    fn typos() {
        assert_eq!(go_typo("GOPRVATE"), Some("GOPRIVATE"));
        assert_eq!(go_typo("GOPROXY"), None);
        assert_eq!(go_typo("GOOGLE_APPLICATION_CREDENTIALS"), None);
        assert_eq!(go_typo("DEPLOY_ENV"), None);
        // A name go env prints but computes itself is Go's own, not a typo of GOOS.
        assert_eq!(go_typo("GOMOD"), None);
        assert_eq!(go_typo("GOVERSON"), Some("GOVERSION"));
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
}
