//! Limits: a config can never leave a shell unable to start programs (the kernel's
//! per-variable and whole-environment exec limits, and the config size limit), `allow` never
//! claims what it has not recorded, and the review names every setting that runs code.

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Stdio};

use common::{Sandbox, Step::*, BIN, SHELLS};

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn records(sb: &Sandbox) -> usize {
    fs::read_dir(sb.path("xdg/data/goenvhook/trust")).map_or(0, |d| {
        d.filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.file_name().to_string_lossy().starts_with("allow-"))
        })
        .count()
    })
}

#[test]
fn allow_refuses_a_value_over_the_one_variable_limit() {
    let sb = Sandbox::new();
    let big = "x".repeat(140 * 1024);
    sb.write("p/.goenv.toml", &format!("[env]\nBIG = \"{big}\"\n"));
    let out = sb.goenvhook(&["allow"], &sb.path("p"));
    assert_eq!(out.status.code(), Some(1));
    let e = text(&out.stderr);
    assert!(e.contains("BIG would be"), "{e}");
    assert!(e.contains("MAX_ARG_STRLEN"), "{e}");
    assert_eq!(e.lines().count(), 1, "one clear error: {e}");
    assert!(
        out.stdout.is_empty(),
        "nothing claimed: {}",
        text(&out.stdout)
    );
    assert_eq!(records(&sb), 0, "nothing recorded");
}

/// The value grows past the limit only when `${...}` is expanded at load: the prompt refuses it
/// with one message, applies nothing, and programs keep running in the shell.
#[test]
fn a_load_that_expands_past_the_limit_applies_nothing() {
    let sb = Sandbox::new();
    sb.write(
        "p/.goenv.toml",
        "[env]\nGOPROXY = \"https://proxy.example\"\nWIDE = \"${SEED}${SEED}\"\n",
    );
    sb.allow("p/.goenv.toml");
    let seed = "s".repeat(70 * 1024);
    for sh in SHELLS {
        let r = sb.run(
            sh,
            &[
                Set("SEED", &seed),
                Cd("p"),
                Prompt,
                Mark("after"),
                Show("GOPROXY"),
                Run("printenv WIDE >/dev/null || echo WIDE-unset"),
                Run("/bin/echo still-runs"),
                Prompt,
            ],
        );
        assert!(r.stdout.contains("still-runs"), "{sh}: {r:?}", r = r.stderr);
        assert!(r.stdout.contains("WIDE-unset"), "{sh}: {}", r.stdout);
        assert_eq!(r.shown("GOPROXY", 0), None, "{sh}: nothing applied");
        let before = r.messages_before_marks();
        assert_eq!(before.len(), 1, "{sh}: one message: {before:?}");
        assert!(before[0].contains("WIDE would be"), "{sh}: {}", before[0]);
        assert!(
            before[0].contains(".goenv.toml:3:"),
            "{sh}: names the line: {}",
            before[0]
        );
        assert!(
            r.messages_after("after").is_empty(),
            "{sh}: said once: {}",
            r.stderr
        );
    }
}

/// Values that each fit but together pass the exec limit, which the kernel derives from the stack
/// limit: with `ulimit -s 1024` a quarter is 256 KiB, less the 64 KiB goenvhook keeps for
/// arguments.
#[test]
fn a_load_over_the_whole_environment_limit_applies_nothing() {
    let sb = Sandbox::new();
    let mut cfg = String::from("[env]\nGOPROXY = \"https://proxy.example\"\n");
    for i in 0..4 {
        cfg.push_str(&format!("PART{i} = \"{}\"\n", "v".repeat(60 * 1024)));
    }
    sb.write("p/.goenv.toml", &cfg);
    sb.write(
        "q/.goenv.toml",
        "[env]\nGOPROXY = \"https://small.example\"\n",
    );
    sb.allow("q/.goenv.toml");
    // allow under the small stack limit refuses it; under the default limit it fits.
    let out = sb.goenvhook_via_bash("ulimit -s 1024 && exec \"$0\" allow", &sb.path("p"));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("Argument list too long"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(records(&sb), 1, "only q's record");
    sb.allow("p/.goenv.toml");

    for sh in ["bash", "zsh"] {
        let r = sb.run(
            sh,
            &[
                Run("ulimit -s 1024"),
                Cd("p"),
                Prompt,
                Show("GOPROXY"),
                Run("/bin/echo still-runs"),
                Cd("q"),
                Prompt,
                Show("GOPROXY"),
            ],
        );
        assert!(r.stdout.contains("still-runs"), "{sh}: {}", r.stderr);
        assert_eq!(r.shown("GOPROXY", 0), None, "{sh}: {}", r.stderr);
        assert!(r.stderr.contains("over the"), "{sh}: {}", r.stderr);
        assert_eq!(
            r.shown_str("GOPROXY", 1).as_deref(),
            Some("https://small.example"),
            "{sh}: the next project still loads"
        );
    }
}

#[test]
fn a_huge_config_is_refused_without_being_parsed() {
    let sb = Sandbox::new();
    // Not even valid TOML: the size alone refuses it.
    let mut big = String::from("[env]\nGOPROXY = \"https://a\"\n");
    big.push_str(&"# padding\n".repeat(120 * 1024));
    sb.write("p/.goenv.toml", &big);
    let out = sb.goenvhook(&["allow"], &sb.path("p"));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("over 1024 KiB"),
        "{}",
        text(&out.stderr)
    );
    let r = sb.run("bash", &[Cd("p"), Prompt, Show("GOPROXY")]);
    assert_eq!(r.shown("GOPROXY", 0), None);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("over 1024 KiB"), "{}", r.stderr);
    // status reads with the hook's reader: it says what the hook says, not "not allowed".
    for args in [&["status"][..], &["status", "--json"]] {
        let out = sb.goenvhook(args, &sb.path("p"));
        let shown = text(&out.stdout);
        assert!(shown.contains("over 1024 KiB"), "{args:?}: {shown}");
        assert!(!shown.contains("not allowed"), "{args:?}: {shown}");
    }
}

/// `goenvhook allow | head -n 1` must not print "allowed" before the record exists. With the
/// reading end closed before goenvhook writes anything, the first write kills it: the record must
/// already be there.
#[test]
fn allow_records_before_it_says_so() {
    let sb = Sandbox::new();
    sb.write("p/.goenv.toml", "[env]\nGOPROXY = \"https://a\"\n");
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let status = Command::new(BIN)
        .arg("allow")
        .current_dir(sb.path("p"))
        .env_clear()
        .envs(sb.base_env())
        .stdout(Stdio::from(writer))
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(!status.success(), "the closed pipe stops it");
    assert_eq!(records(&sb), 1, "the record was written before any output");

    // And through a real `head -n 1`: whatever was printed is true.
    sb.write("q/.goenv.toml", "[env]\nGOPROXY = \"https://b\"\n");
    let out = sb.goenvhook_via_bash("\"$0\" allow | head -n 1", &sb.path("q"));
    assert!(
        text(&out.stdout).starts_with("allowed "),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(records(&sb), 2);
}

#[test]
fn the_review_flags_everything_that_runs_code_and_cuts_long_values() {
    let sb = Sandbox::new();
    let open = sb.mkdir("shared-bin");
    fs::set_permissions(&open, fs::Permissions::from_mode(0o777)).unwrap();
    let long = format!("{}END", "a".repeat(100_000));
    sb.write(
        "p/.goenv.toml",
        &format!(
            "[env]\nLD_PRELOAD = \"/tmp/x.so\"\nLD_LIBRARY_PATH = \"/tmp/lib\"\nLD_AUDIT = \"/tmp/a.so\"\n\
             DYLD_INSERT_LIBRARIES = \"/tmp/y.dylib\"\nGIT_SSH_COMMAND = \"ssh -o ProxyCommand=evil\"\n\
             GIT_ASKPASS = \"/tmp/askpass\"\nGIT_CONFIG_COUNT = \"1\"\nGIT_CONFIG_KEY_0 = \"core.fsmonitor\"\n\
             GIT_CONFIG_VALUE_0 = \"/tmp/run-me\"\nGIT_CONFIG_GLOBAL = \"/tmp/gitconfig\"\n\
             GOPACKAGESDRIVER = \"/tmp/driver\"\nLONG = \"{long}\"\n[path]\nprepend = [\"{}\", \"./bin\"]\n",
            open.display()
        ),
    );
    let out = sb.goenvhook(&["allow"], &sb.path("p"));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let o = text(&out.stdout);
    for name in [
        "LD_PRELOAD",
        "LD_LIBRARY_PATH",
        "LD_AUDIT",
        "DYLD_INSERT_LIBRARIES",
        "GIT_SSH_COMMAND",
        "GIT_ASKPASS",
        "GIT_CONFIG_COUNT/KEY/VALUE",
        "GIT_CONFIG_GLOBAL",
        "GOPACKAGESDRIVER",
    ] {
        assert!(
            o.lines()
                .any(|l| l.starts_with("  RISK      ") && l.contains(name)),
            "{name} flagged:\n{o}"
        );
    }
    assert!(
        o.lines()
            .any(|l| l.starts_with("  RISK      PATH") && l.contains("writable by every user")),
        "{o}"
    );
    assert!(
        !o.lines()
            .any(|l| l.starts_with("  RISK      PATH") && l.contains("/p/bin")),
        "the project's own bin is not flagged:\n{o}"
    );
    assert!(o.len() < 8 * 1024, "long values are cut: {} bytes", o.len());
    assert!(o.contains("END\" (100003 bytes)"), "{o}");
    let e = text(&out.stderr);
    assert!(e.contains("allowed with 10 risky setting(s)"), "{e}");
}
