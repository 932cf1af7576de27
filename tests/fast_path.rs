//! The fast path: after goenvhook runs, the shell keeps a guard (a function of builtins) and
//! starts no process while it holds. In bash, zsh and fish with the real snippet: the guard holds
//! on a prompt where nothing changed, and each change a prompt must notice breaks it, after which
//! the next prompt applies the change. Also: the off switches, and the guard passes the shells'
//! own linters.

mod common;

use std::process::Command;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use common::{install_sdk, Sandbox, Step, Step::*, SHELLS};

/// Waits out the window in which goenvhook gives no guard: a file changed in the same second
/// as an evaluation could keep its stamp, so a state whose files changed in the last two
/// seconds is checked by running goenvhook again. Files made by a test's setup are that new.
fn settle() {
    let secs = |t: SystemTime| t.duration_since(UNIX_EPOCH).unwrap().as_secs();
    let made = secs(SystemTime::now());
    while secs(SystemTime::now()) < made + 3 {
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A line that prints `GUARD <tag> holds` or `GUARD <tag> fails`, the same in every shell's
/// syntax: whether the next prompt would skip goenvhook.
fn probe(shell: &str, tag: &str) -> String {
    match shell {
        "fish" => format!(
            "if __goenvhook_guard; echo 'GUARD {tag} holds'; else; echo 'GUARD {tag} fails'; end"
        ),
        _ => format!(
            "if _goenvhook_guard; then echo 'GUARD {tag} holds'; else echo 'GUARD {tag} fails'; fi"
        ),
    }
}

fn guard_said(stdout: &str, tag: &str) -> &'static str {
    let line = stdout
        .lines()
        .find(|l| l.starts_with(&format!("GUARD {tag} ")))
        .unwrap_or_else(|| panic!("no GUARD {tag} in:\n{stdout}"));
    if line.ends_with("holds") {
        "holds"
    } else {
        "fails"
    }
}

/// One change a prompt must notice: the project it happens in, the command line that makes it
/// (the same in all three shells), and the variable whose value shows it was applied (with
/// the value before and after; None: unset).
struct Change {
    name: &'static str,
    dir: &'static str,
    make: String,
    show: &'static str,
    before: Option<String>,
    after: Option<String>,
}

const PROXY: &str = "[env]\nGOPROXY = \"https://a.example\"\n";

#[test]
fn each_change_breaks_the_guard_and_the_next_prompt_applies_it() {
    // One sandbox per shell, all set up before the one wait.
    let boxes: Vec<(Sandbox, Vec<Change>)> = SHELLS.iter().map(|_| changes()).collect();
    settle();
    for (sh, (sb, changes)) in SHELLS.iter().zip(&boxes) {
        let sh = *sh;
        let mut lines: Vec<String> = Vec::new();
        for c in changes {
            lines.push(format!("cd {}", sb.path(c.dir).display()));
            lines.push("__p".into());
            lines.push(probe(sh, &format!("{}-settled", c.name)));
            lines.push(format!(
                "printf '{}-before='; /usr/bin/printenv {} || echo",
                c.name, c.show
            ));
            // A prompt with nothing changed keeps the guard.
            lines.push("__p".into());
            lines.push(probe(sh, &format!("{}-again", c.name)));
            lines.push(c.make.clone());
            lines.push(probe(sh, &format!("{}-changed", c.name)));
            lines.push("__p".into());
            lines.push(format!(
                "printf '{}-after='; /usr/bin/printenv {} || echo",
                c.name, c.show
            ));
            lines.push("cd /".into());
            lines.push("__p".into());
        }
        let steps: Vec<Step> = lines.iter().map(|l| Run(l)).collect();
        let r = sb.run(sh, &steps);
        for c in changes {
            let tag = c.name;
            assert_eq!(
                guard_said(&r.stdout, &format!("{tag}-settled")),
                "holds",
                "{sh} {tag}: the guard after a load\n{}\n{}",
                r.stdout,
                r.stderr
            );
            assert_eq!(
                guard_said(&r.stdout, &format!("{tag}-again")),
                "holds",
                "{sh} {tag}: a prompt with nothing changed"
            );
            assert_eq!(
                guard_said(&r.stdout, &format!("{tag}-changed")),
                "fails",
                "{sh} {tag}: the change breaks the guard\n{}",
                r.stderr
            );
            let value = |when: &str| {
                let key = format!("{tag}-{when}=");
                let v = r
                    .stdout
                    .lines()
                    .find_map(|l| l.strip_prefix(&key))
                    .unwrap_or_else(|| panic!("no {key}"));
                (!v.is_empty()).then(|| v.to_string())
            };
            assert_eq!(value("before"), c.before, "{sh} {tag}");
            assert_eq!(
                value("after"),
                c.after,
                "{sh} {tag}: the next prompt applied the change\n{}",
                r.stderr
            );
        }
    }
}

/// A sandbox with one project per change, each approved, and the changes.
fn changes() -> (Sandbox, Vec<Change>) {
    let sb = Sandbox::new();
    let mut changes = Vec::new();
    for (name, make, after) in [
        (
            "edit",
            "printf '[env]\\nGOPROXY = \"https://b.example/x\"\\n' > .goenv.toml".to_string(),
            "https://a.example",
        ),
        (
            "touch",
            "touch .goenv.toml".to_string(),
            "https://a.example",
        ),
    ] {
        sb.write(&format!("{name}/.goenv.toml"), PROXY);
        sb.allow(&format!("{name}/.goenv.toml"));
        changes.push(Change {
            name,
            dir: name,
            make,
            show: "GOPROXY",
            before: Some("https://a.example".into()),
            // An edit is not approved: the project is unloaded (the message says so).
            after: (name == "touch").then(|| after.to_string()),
        });
    }
    // A new config in a parent directory (an unapproved one: the project stops loading).
    sb.write(
        "outer/inner/.goenv.toml",
        "inherit = true\n[env]\nGOPROXY = \"https://a.example\"\n",
    );
    sb.allow("outer/inner/.goenv.toml");
    changes.push(Change {
        name: "parent",
        dir: "outer/inner",
        make: format!(
            "printf '[env]\\nGOPRIVATE = \"x.example\"\\n' > {}",
            sb.path("outer/.goenv.toml").display()
        ),
        show: "GOPROXY",
        before: Some("https://a.example".into()),
        after: None,
    });
    // go = "go.mod": the go line is edited.
    install_sdk("1.22.10", &sb.home.join("sdk/go1.22.10"));
    install_sdk("1.23.2", &sb.home.join("sdk/go1.23.2"));
    sb.write("gomod/.goenv.toml", "go = \"go.mod\"\n");
    sb.write("gomod/go.mod", "module m\n\ngo 1.22.10\n");
    sb.allow("gomod/.goenv.toml");
    changes.push(Change {
        name: "gomod",
        dir: "gomod",
        make: "printf 'module m\\n\\ngo 1.23.2\\n' > go.mod".into(),
        show: "GOROOT",
        before: Some(sb.home.join("sdk/go1.22.10").display().to_string()),
        after: Some(sb.home.join("sdk/go1.23.2").display().to_string()),
    });
    // go = "1.23": a newer 1.23 release is installed.
    sb.write("sdk/.goenv.toml", "go = \"1.23\"\n");
    sb.allow("sdk/.goenv.toml");
    let newer = sb.home.join("sdk/go1.23.9");
    changes.push(Change {
        name: "sdk",
        dir: "sdk",
        make: format!(
            "cp -al {} {}",
            common::go_sdks().join("go1.23.9").display(),
            newer.display()
        ),
        show: "GOROOT",
        before: Some(sb.home.join("sdk/go1.23.2").display().to_string()),
        after: Some(newer.display().to_string()),
    });
    // The directory deleted under the shell: the project is gone.
    sb.write("doomed/.goenv.toml", PROXY);
    sb.allow("doomed/.goenv.toml");
    changes.push(Change {
        name: "deleted",
        dir: "doomed",
        make: format!("rm -r {}", sb.path("doomed").display()),
        show: "GOPROXY",
        before: Some("https://a.example".into()),
        after: None,
    });
    // A deny from another process (last: it changes the trust store every project uses).
    sb.write("denied/.goenv.toml", PROXY);
    sb.allow("denied/.goenv.toml");
    changes.push(Change {
        name: "deny",
        dir: "denied",
        make: format!(
            "{} deny {} >/dev/null",
            common::BIN,
            sb.path("denied").display()
        ),
        show: "GOPROXY",
        before: Some("https://a.example".into()),
        after: None,
    });
    (sb, changes)
}

#[test]
fn a_cd_a_symlink_the_state_variable_and_a_new_shell_break_the_guard() {
    for sh in SHELLS {
        let sb = Sandbox::new();
        sb.write("p/a/.keep", "");
        sb.write("p/b/.keep", "");
        sb.write("p/.goenv.toml", PROXY);
        sb.allow("p/.goenv.toml");
        std::os::unix::fs::symlink(sb.path("p"), sb.path("link")).unwrap();
        settle();
        let steps = [
            Cd("p/a"),
            Prompt,
            Run(&probe(sh, "a")),
            Cd("p/b"),
            Run(&probe(sh, "sibling")),
            Prompt,
            Run(&probe(sh, "b")),
            Cd("link/a"),
            Run(&probe(sh, "symlink")),
            Prompt,
            Run(&probe(sh, "via-link")),
            Show("GOPROXY"),
            Unset("GOENVHOOK_STATE"),
            Run(&probe(sh, "state")),
        ];
        let r = sb.run(sh, &steps);
        // zsh runs the hook on a cd itself (chpwd), so its guard is already the new one.
        let after_cd = if sh == "zsh" { "holds" } else { "fails" };
        for (tag, want) in [
            ("a", "holds"),
            ("sibling", after_cd),
            ("b", "holds"),
            ("symlink", after_cd),
            ("via-link", "holds"),
            ("state", "fails"),
        ] {
            assert_eq!(
                guard_said(&r.stdout, tag),
                want,
                "{sh} {tag}\n{}\n{}",
                r.stdout,
                r.stderr
            );
        }
        assert_eq!(
            r.shown_str("GOPROXY", 0).as_deref(),
            Some("https://a.example"),
            "{sh}"
        );
        // A new shell started from this one inherits the state but not the guard.
        let nested = match sh {
            "fish" => format!("{sh} --no-config -c 'functions -q __goenvhook_guard; and echo inherited; or echo none'"),
            _ => format!("{sh} -c 'declare -f _goenvhook_guard >/dev/null 2>&1 || typeset -f _goenvhook_guard >/dev/null 2>&1; [ $? = 0 ] && echo inherited || echo none'"),
        };
        let r = sb.run(sh, &[Cd("p"), Prompt, Run(&nested)]);
        assert!(r.stdout.lines().any(|l| l == "none"), "{sh}: {}", r.stdout);
    }
}

#[test]
fn the_off_switches_keep_every_prompt_on_goenvhook() {
    for sh in SHELLS {
        let mut sb = Sandbox::new();
        sb.write("p/.goenv.toml", PROXY);
        sb.allow("p/.goenv.toml");
        sb.write("xdg/config/goenvhook/config.toml", "fast_path = false\n");
        settle();
        let r = sb.run(
            sh,
            &[
                Cd("p"),
                Prompt,
                Run(&probe(sh, "config")),
                Cd("/"),
                Prompt,
                Run(&probe(sh, "config-outside")),
            ],
        );
        for tag in ["config", "config-outside"] {
            assert_eq!(
                guard_said(&r.stdout, tag),
                "fails",
                "{sh} {tag}: {}",
                r.stderr
            );
        }
        std::fs::remove_file(sb.path("xdg/config/goenvhook/config.toml")).unwrap();
        sb.extra_env
            .push(("GOENVHOOK_NO_FAST_PATH".into(), "1".into()));
        let r = sb.run(
            sh,
            &[Cd("p"), Prompt, Run(&probe(sh, "env")), Show("GOPROXY")],
        );
        assert_eq!(guard_said(&r.stdout, "env"), "fails", "{sh}: {}", r.stderr);
        assert_eq!(
            r.shown_str("GOPROXY", 0).as_deref(),
            Some("https://a.example"),
            "{sh}"
        );
    }
}

/// The guard goenvhook writes passes shellcheck (bash), `zsh -n` and `fish -n`, for a project
/// whose paths hold quotes, spaces and a newline.
#[test]
fn the_guard_passes_the_shells_linters() {
    let sb = Sandbox::new();
    let rel = "it's a \"dir\"\nwith $x";
    sb.write(&format!("{rel}/.goenv.toml"), PROXY);
    let out = sb.goenvhook(&["allow"], &sb.path(rel));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    settle();
    for sh in SHELLS {
        let dir = sb.path(rel);
        let out = Command::new(common::BIN)
            .args(["export", sh, "--guard"])
            .current_dir(&dir)
            .env_clear()
            .envs(sb.base_env())
            .env("PWD", &dir)
            .output()
            .unwrap();
        let code = out.stdout;
        let guard = String::from_utf8_lossy(&code);
        assert!(guard.contains("-nt"), "{sh}: a full guard\n{guard}");
        let file = sb.path(&format!("guard.{sh}"));
        std::fs::write(&file, &code).unwrap();
        let lint = match sh {
            // SC2016 says `$` in single quotes does not expand: that is what they are for here.
            "bash" => Command::new("shellcheck")
                .args(["-s", "bash", "-S", "style", "-e", "SC2016"])
                .arg(&file)
                .output(),
            "zsh" => Command::new("zsh").arg("-n").arg(&file).output(),
            _ => Command::new("fish").arg("-n").arg(&file).output(),
        }
        .unwrap();
        assert!(
            lint.status.success(),
            "{sh}: {}{}\n{guard}",
            String::from_utf8_lossy(&lint.stdout),
            String::from_utf8_lossy(&lint.stderr)
        );
    }
}
