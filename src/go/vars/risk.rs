//! What a reviewer should notice before approving a config (`risks`): settings that run code,
//! by rule (`RUNNERS` for other programs' variables, the `TABLE` grammar for Go's own, GOFLAGS,
//! GOAUTH and GOPROXY by their values), and settings that weaken TLS or checksum verification.
//! No I/O.

use super::flags::goflags_fields;
use super::names::matches;
use super::table::{lookup, Grammar};

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
    let mut out = get("GOFLAGS").map_or_else(Vec::new, goflags_risks);
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
    if let Some(v) = get("GIT_SSL_NO_VERIFY").filter(|v| !matches!(*v, "" | "0" | "false")) {
        out.push(format!(
            "GIT_SSL_NO_VERIFY={}: git, which go runs to fetch modules directly, skips TLS certificate checks",
            plain(v)
        ));
    }
    for (name, who) in [
        ("SSL_CERT_FILE", "go"),
        ("SSL_CERT_DIR", "go"),
        ("GIT_SSL_CAINFO", "git (for direct module fetches)"),
    ] {
        if let Some(v) = get(name) {
            out.push(format!(
                "{name}={}: {who} trusts the certificate authorities there instead of the system's, and they can vouch for any host",
                plain(v)
            ));
        }
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
        out.push(git_config_line(git_config.len(), &keys));
    }
    out
}

/// The flags in GOFLAGS that make builds run a program or read other sources.
fn goflags_risks(flags: &str) -> Vec<String> {
    let mut out = Vec::new();
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
    out
}

/// The one line for git's numbered configuration: how many variables, and the keys they set.
fn git_config_line(count: usize, keys: &[String]) -> String {
    let r = runner_for(GIT_CONFIG_GROUP[0]).expect("GIT_CONFIG_COUNT is in RUNNERS");
    format!(
        "GIT_CONFIG_COUNT/KEY/VALUE ({count} variable(s), keys: {}): {}",
        if keys.is_empty() {
            "none".to_string()
        } else {
            keys.join(", ")
        },
        r.runs.sentence(r.who, r.how)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::go::vars::{reserved, TABLE};

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
            ("GIT_SSL_NO_VERIFY", "1"),
            ("SSL_CERT_FILE", "/tmp/ca.pem"),
            ("GIT_SSL_CAINFO", "/tmp/ca.pem"),
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
            "GIT_SSL_NO_VERIFY=1: git",
            "SSL_CERT_FILE=/tmp/ca.pem: go trusts",
            "GIT_SSL_CAINFO=/tmp/ca.pem: git",
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
