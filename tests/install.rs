//! Installing: scripts/install.sh in a temporary HOME (run twice: the same as once), and the
//! plugin-manager entry points (oh-my-zsh/zinit plugin file, fisher conf.d snippet).

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::Sandbox;

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// Runs install.sh for `shell` with the already-built binary (no cargo install in a test).
fn install(sb: &Sandbox, shell: &str) -> Output {
    Command::new("bash")
        .arg(repo("scripts/install.sh"))
        .arg(shell)
        .env_clear()
        .envs(sb.base_env())
        .env("GOENVHOOK_INSTALL_FROM", common::BIN)
        .output()
        .unwrap()
}

/// Runs `probe` (which sources the rc file itself) in `shell` started without its own rc files.
fn sourcing_rc(sb: &Sandbox, shell: &str, probe: &str, path: &str) -> Output {
    Command::new(shell)
        .args(match shell {
            "bash" => &["--norc", "--noprofile", "-c"][..],
            "zsh" => &["-f", "-c"],
            _ => &["--no-config", "-c"],
        })
        .arg(probe)
        .env_clear()
        .envs(sb.base_env())
        .env("PATH", path)
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn install_twice_is_install_once() {
    for shell in common::SHELLS {
        let sb = Sandbox::new();
        let (rc, line, completion, completion_to) = match shell {
            "bash" => (
                sb.home.join(".bashrc"),
                "command -v goenvhook >/dev/null && eval \"$(goenvhook init bash)\"",
                "completions/goenvhook.bash",
                sb.path("xdg/data/bash-completion/completions/goenvhook"),
            ),
            "zsh" => (
                sb.home.join(".zshrc"),
                "command -v goenvhook >/dev/null && eval \"$(goenvhook init zsh)\"",
                "completions/_goenvhook",
                sb.path("xdg/data/zsh/site-functions/_goenvhook"),
            ),
            _ => (
                sb.path("xdg/config/fish/config.fish"),
                "command -q goenvhook; and goenvhook init fish | source",
                "completions/goenvhook.fish",
                sb.path("xdg/config/fish/completions/goenvhook.fish"),
            ),
        };
        // The user's own rc, without a final newline.
        fs::create_dir_all(rc.parent().unwrap()).unwrap();
        fs::write(&rc, "# mine\nexport FOO=1").unwrap();

        let first = install(&sb, shell);
        assert!(first.status.success(), "{shell}: {}", text(&first.stderr));
        assert!(
            text(&first.stdout).contains("installed and added to"),
            "{shell}: {}",
            text(&first.stdout)
        );
        let second = install(&sb, shell);
        assert!(second.status.success(), "{shell}: {}", text(&second.stderr));
        assert!(
            text(&second.stdout).contains("already activates it"),
            "{shell}: {}",
            text(&second.stdout)
        );
        assert_eq!(
            fs::read_to_string(&rc).unwrap(),
            format!("# mine\nexport FOO=1\n{line}\n"),
            "{shell}: the rc file gained exactly one line"
        );

        let bin = sb.home.join(".cargo/bin/goenvhook");
        assert_eq!(fs::read(&bin).unwrap(), fs::read(common::BIN).unwrap());
        assert!(fs::metadata(&bin).unwrap().permissions().mode() & 0o111 != 0);
        let wrapper = sb.home.join(".cargo/bin/goenvhook-exec");
        assert_eq!(
            fs::read(&wrapper).unwrap(),
            fs::read(repo("shell/goenvhook-exec")).unwrap()
        );
        assert!(fs::metadata(&wrapper).unwrap().permissions().mode() & 0o111 != 0);
        assert_eq!(
            fs::read(&completion_to).unwrap_or_default(),
            fs::read(repo(completion)).unwrap(),
            "{shell}: completion at {}",
            completion_to.display()
        );
        let page = sb.home.join(".cargo/share/man/man1/goenvhook.1");
        assert_eq!(
            fs::read(&page).unwrap(),
            fs::read(repo("man/goenvhook.1")).unwrap()
        );
        // man finds it from PATH alone (man-db searches <dir>/../share/man of each PATH entry).
        let path = format!("{}:/usr/bin:/bin", sb.home.join(".cargo/bin").display());
        let man = Command::new("man")
            .args(["-w", "goenvhook"])
            .env_clear()
            .env("HOME", &sb.home)
            .env("PATH", &path)
            .output()
            .expect("man (the test command installs man-db)");
        assert_eq!(text(&man.stdout).trim(), page.to_str().unwrap(), "{shell}");
        // And the config file's page, goenvhook.toml(5).
        let man = Command::new("man")
            .args(["-w", "5", "goenvhook.toml"])
            .env_clear()
            .env("HOME", &sb.home)
            .env("PATH", &path)
            .output()
            .unwrap();
        assert_eq!(
            text(&man.stdout).trim(),
            sb.home
                .join(".cargo/share/man/man5/goenvhook.toml.5")
                .to_str()
                .unwrap(),
            "{shell}: {}",
            text(&man.stderr)
        );

        // The rc line activates the hook with the installed binary.
        let probe = match shell {
            "bash" => "source ~/.bashrc; declare -F _goenvhook_hook",
            "zsh" => "source ~/.zshrc; print -r -- $precmd_functions",
            _ => "source $XDG_CONFIG_HOME/fish/config.fish; functions -q __goenvhook_export; and echo __goenvhook_export",
        };
        let out = sourcing_rc(&sb, shell, probe, &path);
        assert!(
            text(&out.stdout).contains("_goenvhook_"),
            "{shell}: {}{}",
            text(&out.stdout),
            text(&out.stderr)
        );
        assert!(out.stderr.is_empty(), "{shell}: {}", text(&out.stderr));

        // Without goenvhook on PATH (a login shell that sets PATH later), the shell starts
        // quietly: the line is guarded.
        let out = sourcing_rc(&sb, shell, probe, "/usr/bin:/bin");
        assert!(out.stderr.is_empty(), "{shell}: {}", text(&out.stderr));
        assert!(!text(&out.stdout).contains("_goenvhook_"), "{shell}");
    }
}

/// An rc file with the unguarded line of an earlier install gets no second line.
#[test]
fn an_earlier_unguarded_line_counts() {
    let sb = Sandbox::new();
    fs::write(sb.home.join(".bashrc"), "eval \"$(goenvhook init bash)\"\n").unwrap();
    let out = install(&sb, "bash");
    assert!(
        text(&out.stdout).contains("already activates it"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(
        fs::read_to_string(sb.home.join(".bashrc")).unwrap(),
        "eval \"$(goenvhook init bash)\"\n"
    );
}

#[test]
fn install_refuses_an_unknown_shell() {
    let sb = Sandbox::new();
    let out = install(&sb, "tcsh");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("unknown shell 'tcsh'"));
    assert!(!sb.home.join(".cargo").exists(), "nothing installed");
}

/// The zsh plugin file installs the hook when goenvhook is on PATH, and is silent without it.
#[test]
fn zsh_plugin_file() {
    let sb = Sandbox::new();
    let bindir = Path::new(common::BIN).parent().unwrap();
    for (path, want) in [
        (
            format!("{}:/usr/bin:/bin", bindir.display()),
            "_goenvhook_hook",
        ),
        ("/usr/bin:/bin".to_string(), ""),
    ] {
        let out = Command::new("zsh")
            .args(["-f", "-c"])
            .arg(format!(
                "source {}; print -r -- \"fns=${{precmd_functions[*]}}\"",
                repo("shell/plugins/goenvhook.plugin.zsh").display()
            ))
            .env_clear()
            .envs(sb.base_env())
            .env("PATH", &path)
            .output()
            .unwrap();
        assert_eq!(text(&out.stdout).trim(), format!("fns={want}"));
        assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
    }
}

/// The fisher conf.d snippet installs the hook in interactive fish with goenvhook on PATH, and
/// does nothing without it or in a script.
#[test]
fn fish_conf_d_snippet() {
    let sb = Sandbox::new();
    let bindir = Path::new(common::BIN).parent().unwrap();
    let with = format!("{}:/usr/bin:/bin", bindir.display());
    for (path, interactive, want) in [
        (with.as_str(), true, "yes"),
        ("/usr/bin:/bin", true, "no"),
        (with.as_str(), false, "no"),
    ] {
        let mut cmd = Command::new("fish");
        cmd.arg("--no-config");
        if interactive {
            cmd.arg("--interactive");
        }
        let out = cmd
            .arg("-c")
            .arg(format!(
                "source {}; functions -q __goenvhook_export; and echo hook=yes; or echo hook=no",
                repo("conf.d/goenvhook.fish").display()
            ))
            .env_clear()
            .envs(sb.base_env())
            .env("PATH", path)
            .output()
            .unwrap();
        assert_eq!(
            text(&out.stdout).trim(),
            format!("hook={want}"),
            "PATH={path} interactive={interactive}: {}",
            text(&out.stderr)
        );
        assert!(!text(&out.stderr).contains("goenvhook"));
    }
}

/// After install.sh, in a real interactive shell with this machine's stock system configuration
/// (Debian's /etc/bash.bashrc and /etc/zsh/zshrc, which runs compinit before ~/.zshrc), Tab
/// completes goenvhook's subcommands; and a shell started while goenvhook is not on PATH yet
/// starts quietly.
#[test]
fn completion_works_after_install_in_every_shell() {
    if !common::tier(&["tmux"]) {
        return;
    }
    // zsh twice: as Debian ships it (no compinit) and as Ubuntu does (compinit before ~/.zshrc's
    // install line, when a directory added to fpath is no longer read).
    for (shell, compinit_first) in [
        ("bash", false),
        ("zsh", false),
        ("zsh", true),
        ("fish", false),
    ] {
        let mut sb = Sandbox::new();
        if compinit_first {
            fs::write(
                sb.home.join(".zshrc"),
                "autoload -U compinit\ncompinit -u\n",
            )
            .unwrap();
        }
        assert!(install(&sb, shell).status.success(), "{shell}");
        let path = format!(
            "{}:/usr/local/bin:/usr/bin:/bin",
            sb.home.join(".cargo/bin").display()
        );
        sb.extra_env.push(("PATH".into(), path.into()));
        sb.extra_env.push(("TERM".into(), "xterm".into()));
        let cmd = shell;
        let t = common::tmux::Tmux::start(&sb, &sb.root, &format!("{cmd} -i"));
        t.send("echo ready");
        t.line("ready");
        t.type_then("goenvhook allo", "Tab");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        let screen = loop {
            let screen = t.screen();
            if screen.lines().any(|l| l.contains("goenvhook allow")) {
                break screen;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{shell}: Tab did not complete 'allow':\n{screen}"
            );
            std::thread::sleep(std::time::Duration::from_millis(25));
        };
        t.type_then("", "C-u");
        t.send("echo done");
        t.line("done");
        assert!(!screen.contains("command not found"), "{shell}:\n{screen}");
        drop(t);

        // goenvhook not on PATH (a login shell that sets PATH later): a quiet start.
        sb.extra_env.retain(|(k, _)| k != "PATH");
        sb.extra_env
            .push(("PATH".into(), "/usr/local/bin:/usr/bin:/bin".into()));
        let t = common::tmux::Tmux::start(&sb, &sb.root, &format!("{cmd} -i"));
        t.send("echo started");
        t.line("started");
        let screen = t.screen();
        assert!(
            !screen.contains("not found") && !screen.contains("goenvhook:"),
            "{shell}: a start without goenvhook on PATH printed something:\n{screen}"
        );
    }
}

/// With MANPATH set, man no longer finds the page from PATH: install.sh says so and gives the
/// line that makes it find it.
#[test]
fn a_set_manpath_gets_the_line_to_add() {
    let mut sb = Sandbox::new();
    sb.extra_env
        .push(("MANPATH".into(), "/usr/share/man".into()));
    let out = install(&sb, "bash");
    let err = text(&out.stderr);
    let line = err
        .split("add export ")
        .nth(1)
        .and_then(|r| r.split(" to ").next())
        .unwrap_or_else(|| panic!("no line to add in: {err}"));
    let man = Command::new("bash")
        .arg("-c")
        .arg(format!("export {line}; man -w goenvhook"))
        .env_clear()
        .envs(sb.base_env())
        .output()
        .unwrap();
    assert!(man.status.success(), "{line}: {}", text(&man.stderr));
}
