//! Variable names: the names a config may not set (the shells' own variables, the prompt, the
//! user's history and identity, goenvhook's own settings) are refused by `allow` and at load,
//! naming the variable and the shell that reserves it; the names whose value runs code are
//! approved but shown as RISK, one rule kind at a time, and then load in every shell.

mod common;

use std::fs;

use common::{Sandbox, Step, SHELLS};
use Step::*;

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// (name, a value a project might try, the owner the error must name)
const REFUSED: &[(&str, &str, &str)] = &[
    ("TMOUT", "5", "bash"),
    ("UID", "0", "bash"),
    ("SHELLOPTS", "xtrace", "bash"),
    ("USERNAME", "nobody", "zsh"),
    ("umask", "000", "fish"),
    ("FUNCNEST", "1", "bash"),
    ("PS1", "$(touch pwned-ps1) $ ", "bash"),
    ("PROMPT", "%n$(touch pwned-prompt)", "zsh"),
    ("PROMPT_COMMAND", "touch pwned-pc", "bash"),
    ("precmd_functions", "x", "zsh"),
    ("MAILPATH", "/tmp/m?$(touch pwned-mail)", "bash"),
    ("XDG_CONFIG_HOME", "./cfg", "goenvhook"),
];

fn config(name: &str, value: &str) -> String {
    format!("[env]\nA = \"1\"\n{name} = '{value}'\n")
}

#[test]
fn allow_refuses_reserved_names_naming_the_variable_and_the_shell() {
    let sb = Sandbox::new();
    for (i, (name, value, owner)) in REFUSED.iter().enumerate() {
        let dir = format!("p{i}");
        sb.write(&format!("{dir}/.goenv.toml"), &config(name, value));
        let out = sb.goenvhook(&["allow"], &sb.path(&dir));
        let err = text(&out.stderr);
        assert!(!out.status.success(), "{name}: allow refuses:\n{err}");
        assert!(
            err.contains(&format!("{name} cannot be set in [env]: ")),
            "{name}: the error names the variable:\n{err}"
        );
        let reason = err.split("cannot be set in [env]: ").nth(1).unwrap_or("");
        assert!(
            reason.contains(owner),
            "{name}: the reason names {owner}:\n{err}"
        );
        assert!(
            text(&out.stdout).is_empty(),
            "{name}: nothing is reported as allowed"
        );
        // Outside a shell, `export` prints only goenvhook's own state: no variable of the project.
        let export = text(&sb.goenvhook(&["export", "bash"], &sb.path(&dir)).stdout);
        let exported: Vec<&str> = export
            .lines()
            .filter(|l| l.starts_with("export ") && !l.starts_with("export GOENVHOOK_STATE="))
            .collect();
        assert!(exported.is_empty(), "{name}: nothing loads:\n{export}");
    }
}

/// A config under a trusted prefix needs no `allow`: the refusal then comes at load, in each
/// shell, before the shell is asked to assign anything (no "readonly variable" from bash, no
/// "read-only" from fish, no identity change in zsh).
#[test]
fn reserved_names_are_refused_at_load_in_every_shell() {
    let sb = Sandbox::new();
    sb.write(
        "xdg/config/goenvhook/config.toml",
        &format!("prefixes = [\"{}\"]\n", sb.path("work").display()),
    );
    for (i, (name, value, _)) in REFUSED.iter().enumerate() {
        sb.write(&format!("work/p{i}/.goenv.toml"), &config(name, value));
    }
    for sh in SHELLS {
        let dirs: Vec<String> = (0..REFUSED.len()).map(|i| format!("work/p{i}")).collect();
        let mut steps = Vec::new();
        for (d, (name, _, _)) in dirs.iter().zip(REFUSED) {
            steps.extend([Cd(d), Prompt, Show("A"), Show(name)]);
        }
        steps.push(Run("echo done"));
        let r = sb.run(sh, &steps);
        assert!(
            r.stdout.contains("done"),
            "{sh}: the session runs on:\n{}",
            r.stderr
        );
        for (i, (name, value, owner)) in REFUSED.iter().enumerate() {
            assert_eq!(r.shown_str("A", i), None, "{sh}: {name}: nothing loads");
            assert_ne!(
                r.shown_str(name, 0).as_deref(),
                Some(*value),
                "{sh}: {name} is not set"
            );
            assert!(
                r.stderr
                    .lines()
                    .any(|l| l.contains(&format!("{name} cannot be set in [env]: "))
                        && l.contains(owner)),
                "{sh}: {name} refused at load, naming {owner}:\n{}",
                r.stderr
            );
        }
        for shell_error in ["readonly", "read-only", "inconsistent type", "Tried to"] {
            assert!(
                !r.stderr
                    .lines()
                    .any(|l| !l.starts_with("goenvhook: ") && l.contains(shell_error)),
                "{sh}: the shell never sees the assignment:\n{}",
                r.stderr
            );
        }
        for f in ["pwned-ps1", "pwned-prompt", "pwned-pc", "pwned-mail"] {
            let found = fs::read_dir(&sb.root)
                .unwrap()
                .flatten()
                .any(|e| e.file_name() == f);
            assert!(!found, "{sh}: {f}");
        }
    }
}

/// A project that chose goenvhook's own settings directory could trust itself: with
/// XDG_CONFIG_HOME pointing at a config.toml that trusts every directory, a config beside it
/// would load without approval. Refused, so the chain never starts.
#[test]
fn a_project_cannot_choose_where_goenvhook_reads_its_trust() {
    let sb = Sandbox::new();
    sb.write("p/.goenv.toml", "[env]\nXDG_CONFIG_HOME = \"./cfg\"\n");
    sb.write("p/cfg/goenvhook/config.toml", "prefixes = [\"/\"]\n");
    sb.write(
        "p/sub/.goenv.toml",
        "[env]\nLD_PRELOAD = \"/tmp/evil.so\"\n",
    );
    let out = sb.goenvhook(&["allow"], &sb.path("p"));
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("XDG_CONFIG_HOME cannot be set in [env]: goenvhook"),
        "{}",
        text(&out.stderr)
    );
    for sh in SHELLS {
        let r = sb.run(
            sh,
            &[
                Cd("p"),
                Prompt,
                Show("XDG_CONFIG_HOME"),
                Cd("p/sub"),
                Prompt,
                Show("LD_PRELOAD"),
            ],
        );
        assert_ne!(
            r.shown_str("XDG_CONFIG_HOME", 0),
            Some(sb.path("p/cfg").display().to_string()),
            "{sh}"
        );
        assert_eq!(r.shown_str("LD_PRELOAD", 0), None, "{sh}: {}", r.stderr);
    }
}

/// One setting per rule (a program, a library path, a file read as configuration, compiler
/// flags), plus the generic names: each is a RISK line saying what runs, the count is on stderr,
/// and the config is approved all the same and loads in every shell.
#[test]
fn allow_flags_each_rule_kind_and_still_approves() {
    let sb = Sandbox::new();
    sb.write(
        "p/.goenv.toml",
        "[env]\n\
         CGO_CFLAGS = \"-fplugin=/x.so\"\n\
         NODE_OPTIONS = \"--require ./hook.js\"\n\
         GOENV = \"./go.env\"\n\
         GIT_CONFIG_PARAMETERS = \"'core.fsmonitor'='./fsmon'\"\n\
         GIT_DIR = \"./repo.git\"\n\
         PYTHONPATH = \"./py\"\n\
         PERL5LIB = \"./perl\"\n\
         GIT_PAGER = \"./pager\"\n\
         EDITOR = \"./ed\"\n\
         DEPLOY_COMMAND = \"./deploy\"\n\
         CC = \"./cc\"\n\
         HARMLESS = \"1\"\n\
         CGO_ENABLED = \"1\"\n",
    );
    let out = sb.goenvhook(&["allow"], &sb.path("p"));
    let (o, e) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{e}");
    let p = sb.path("p");
    let p = p.display();
    for line in [
        "CGO_CFLAGS=-fplugin=/x.so: the C compiler takes these flags from go without the checks go applies to #cgo lines (-fplugin, -wrapper and -B run code)".to_string(),
        "NODE_OPTIONS=--require ./hook.js: every node process takes these flags as if given on its command line".to_string(),
        format!("GOENV={p}/go.env: go reads this as its go env -w file: GOFLAGS=-toolexec"),
        "GIT_CONFIG_PARAMETERS='core.fsmonitor'='./fsmon': git reads this as configuration: core.fsmonitor".to_string(),
        format!("GIT_DIR={p}/repo.git: every git command reads this as its repository"),
        format!("PYTHONPATH={p}/py: python loads code from here"),
        format!("PERL5LIB={p}/perl: perl loads code from here"),
        format!("GIT_PAGER={p}/pager: git runs this to page its output"),
        format!("EDITOR={p}/ed: every tool that opens an editor"),
        format!("DEPLOY_COMMAND={p}/deploy: the tool this variable is for runs this"),
        format!("CC={p}/cc: go runs this as the C compiler for cgo"),
    ] {
        assert!(
            o.lines()
                .any(|l| l.starts_with("  RISK      ") && l.contains(&line)),
            "RISK line {line:?} in:\n{o}"
        );
    }
    let risks = o.lines().filter(|l| l.starts_with("  RISK")).count();
    assert_eq!(risks, 11, "HARMLESS and CGO_ENABLED are not flagged:\n{o}");
    assert!(e.contains("allowed with 11 risky setting(s)"), "{e}");
    for sh in SHELLS {
        let r = sb.run(
            sh,
            &[Cd("p"), Prompt, Show("NODE_OPTIONS"), Show("HARMLESS")],
        );
        assert_eq!(
            r.shown_str("NODE_OPTIONS", 0).as_deref(),
            Some("--require ./hook.js"),
            "{sh}: flagged, not refused: {}",
            r.stderr
        );
        assert_eq!(r.shown_str("HARMLESS", 0).as_deref(), Some("1"), "{sh}");
    }
}

/// docs/security.md lists every name a config cannot set, from the one table of them (the README
/// has a summary and links there).
#[test]
fn the_security_doc_lists_every_refused_name() {
    let doc =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/security.md")).unwrap();
    let section = doc
        .split("\n## Names a config cannot set\n")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("docs/security.md's section \"## Names a config cannot set\"");
    let missing: Vec<&str> = goenvhook::go::vars::reserved_names()
        .into_iter()
        .filter(|n| !section.contains(&format!("`{n}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "not in docs/security.md's list of names a config cannot set: {missing:?}"
    );
}
