//! Next to the prompt tools people run: real starship (built once by scripts/cargo-tools.sh) and
//! bash-preexec's precmd protocol (tests/fixtures/precmd-runner.bash: bash-preexec itself is on
//! no registry this project can reach, and its code is not copied here), in interactive bash,
//! zsh and fish under tmux, with every order of their rc lines. The first prompt after entering
//! a project shows the project's Go through starship's golang module (which runs `go version`),
//! the first prompt after leaving shows the previous Go, and `$?` still reaches starship. The
//! prompt also carries `goenvhook prompt` through the README's starship `custom` module recipe.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::tmux::Tmux;
use common::{install_sdk, Sandbox};

/// scripts/cargo-tools.sh's bin directory, with starship in it.
fn starship_bin() -> PathBuf {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/cargo-tools.sh");
        let out = Command::new("bash")
            .arg(&script)
            .arg("starship")
            .output()
            .expect("run scripts/cargo-tools.sh");
        assert!(
            out.status.success(),
            "scripts/cargo-tools.sh starship failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        PathBuf::from(String::from_utf8(out.stdout).unwrap().trim())
    })
    .join("starship")
}

const STARSHIP_TOML: &str = r#"
add_newline = false
command_timeout = 30000
format = "P:$directory:${custom.goenvhook}:$golang$character"

[directory]
format = "$path"
truncation_length = 1
truncate_to_repo = false
read_only = ""

[golang]
format = "$version"
version_format = "go${raw}"

[character]
success_symbol = "|ok>"
error_symbol = "|err>"

# The README's recipe: goenvhook itself, no shell in between.
[custom.goenvhook]
command = "prompt"
shell = ["goenvhook"]
use_stdin = false
when = true
format = "($output)"
"#;

/// A machine with go1.22.10 on PATH (the Go outside any project), go1.23.2 installed the
/// golang.org/dl way, a Go module outside (`other`) and a project (`proj`) that selects go1.23.2.
/// Returns the sandbox and the lines every rc file starts with.
fn machine() -> (Sandbox, String) {
    let sb = Sandbox::new();
    install_sdk("1.22.10", &sb.path("sys/go"));
    install_sdk("1.23.2", &sb.home.join("sdk/go1.23.2"));
    sb.write("other/go.mod", "module example.com/other\n\ngo 1.21\n");
    sb.write("proj/go.mod", "module example.com/proj\n\ngo 1.23\n");
    sb.write("proj/.goenv.toml", "go = \"1.23.2\"\n");
    sb.allow("proj/.goenv.toml");
    let config = sb.write("starship.toml", STARSHIP_TOML);
    let path = format!(
        "{}:{}:{}:/usr/local/bin:/usr/bin:/bin",
        sb.path("sys/go/bin").display(),
        Path::new(common::BIN).parent().unwrap().display(),
        starship_bin().parent().unwrap().display(),
    );
    let env = [
        ("PATH", path),
        ("STARSHIP_CONFIG", config.display().to_string()),
        // No toolchain downloads: each go.mod's go line is met by the Go that runs.
        ("GOTOOLCHAIN", "local".to_string()),
        ("GOPROXY", "off".to_string()),
        // starship draws nothing under the sandbox's TERM=dumb.
        ("TERM", "xterm".to_string()),
    ];
    (sb, env.map(|(k, v)| format!("{k}={v}")).join("\n"))
}

/// Drives one session: start in `other`, enter `proj` with `enter`, run `false`, leave with
/// `cd ../other`, checking the first prompt after each.
fn check_session(t: &Tmux, enter: &str, label: &str) {
    let first = t.nth_line("P:other:", 0);
    assert_eq!(
        first.trim_end(),
        "P:other::go1.22.10|ok>",
        "{label}: the first prompt"
    );
    t.send(enter);
    let inside = t.nth_line("P:proj:", 0);
    assert!(
        inside.starts_with("P:proj:proj go1.23.2:go1.23.2|ok>"),
        "{label}: the first prompt after entering the project shows its Go: {inside:?}\n{}",
        t.screen()
    );
    t.send("false");
    let failed = t.nth_line("P:proj:", 1);
    assert!(
        failed.starts_with("P:proj:proj go1.23.2:go1.23.2|err>"),
        "{label}: $? reaches starship: {failed:?}\n{}",
        t.screen()
    );
    t.send("cd ../other");
    let left = t.nth_line("P:other:", 1);
    assert!(
        left.starts_with("P:other::go1.22.10|ok>"),
        "{label}: the first prompt after leaving shows the previous Go: {left:?}\n{}",
        t.screen()
    );
    let screen = t.screen();
    assert_eq!(
        screen.matches("goenvhook: loaded").count(),
        1,
        "{label}: {screen}"
    );
    assert!(
        !screen.contains("command not found") && !screen.contains("unbound variable"),
        "{label}: {screen}"
    );
}

/// A renderer prompt `R:<dir>:<GOPROXY>:<$?>>` after `<cd> proj`, a failing command and
/// `<cd> ..`: each shows the update and the command's status on the first prompt after it.
fn check_renderer(t: &Tmux, sb: &Sandbox, cd: &str, label: &str) {
    t.nth_line("R:", 0);
    t.send(&format!("{cd} proj"));
    assert!(
        t.nth_line("R:proj:", 0).starts_with("R:proj:off:0>"),
        "{label}:\n{}",
        t.screen()
    );
    t.send("false");
    assert!(
        t.nth_line("R:proj:", 1).starts_with("R:proj:off:1>"),
        "{label}:\n{}",
        t.screen()
    );
    t.send(&format!("{cd} .."));
    let root = sb.root.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        t.nth_line(&format!("R:{root}:"), 1)
            .starts_with(&format!("R:{root}:none:0>")),
        "{label}:\n{}",
        t.screen()
    );
}

fn bash_rc_line(part: &str) -> String {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    match part {
        "goenvhook" => format!("eval \"$({} init bash)\"", common::BIN),
        "starship" => "eval \"$(starship init bash)\"".to_string(),
        "bash-preexec" => format!("source {}/precmd-runner.bash", fixtures.display()),
        _ => unreachable!(),
    }
}

fn bash(order: &[&str]) {
    let (sb, env) = machine();
    let exports: String = env.lines().map(|l| format!("export {l}\n")).collect();
    let lines: Vec<String> = order.iter().map(|p| bash_rc_line(p)).collect();
    let rc = sb.write("bashrc", &format!("{exports}{}\n", lines.join("\n")));
    let t = Tmux::start(
        &sb,
        &sb.path("other"),
        &format!("bash --noprofile --rcfile {} -i", rc.display()),
    );
    check_session(&t, "cd ../proj", &format!("bash, rc order {order:?}"));
}

#[test]
fn bash_goenvhook_then_starship() {
    if !common::tier(&["tmux", "starship"]) {
        return;
    }
    bash(&["goenvhook", "starship"]);
}

#[test]
fn bash_starship_then_goenvhook() {
    if !common::tier(&["tmux", "starship"]) {
        return;
    }
    bash(&["starship", "goenvhook"]);
}

/// Every order of goenvhook, starship and bash-preexec. With bash-preexec first, starship
/// registers in precmd_functions, which bash-preexec runs ahead of the rest of PROMPT_COMMAND.
#[test]
fn bash_with_bash_preexec_in_every_order() {
    if !common::tier(&["tmux", "starship"]) {
        return;
    }
    let parts = ["goenvhook", "starship", "bash-preexec"];
    for a in 0..3 {
        for b in 0..3 {
            if a == b {
                continue;
            }
            let c = 3 - a - b;
            bash(&[parts[a], parts[b], parts[c]]);
        }
    }
}

fn zsh(goenvhook_first: bool) {
    let (sb, env) = machine();
    let exports: String = env.lines().map(|l| format!("export {l}\n")).collect();
    let g = format!("eval \"$({} init zsh)\"", common::BIN);
    let s = "eval \"$(starship init zsh)\"".to_string();
    let lines = if goenvhook_first { [g, s] } else { [s, g] };
    sb.write(
        "zdot/.zshrc",
        &format!("{exports}{}\n# a cd inside a function waits for the prompt (no chpwd activation)\ngo_in() {{ cd \"$1\" }}\n", lines.join("\n")),
    );
    let t = Tmux::start(
        &sb,
        &sb.path("other"),
        &format!("ZDOTDIR={} zsh -i", sb.path("zdot").display()),
    );
    check_session(
        &t,
        "go_in ../proj",
        &format!("zsh, goenvhook first: {goenvhook_first}"),
    );
}

#[test]
fn zsh_goenvhook_then_starship() {
    if !common::tier(&["tmux", "starship"]) {
        return;
    }
    zsh(true);
}

#[test]
fn zsh_starship_then_goenvhook() {
    if !common::tier(&["tmux", "starship"]) {
        return;
    }
    zsh(false);
}

fn fish(goenvhook_first: bool) {
    let (sb, env) = machine();
    let exports: String = env
        .lines()
        .map(|l| {
            let (k, v) = l.split_once('=').unwrap();
            format!("set -gx {k} {v}\n")
        })
        .collect();
    let g = format!("{} init fish | source", common::BIN);
    let s = "starship init fish | source".to_string();
    let lines = if goenvhook_first { [g, s] } else { [s, g] };
    let rc = sb.write(
        "config.fish",
        &format!(
            "{exports}function fish_greeting; end\n{}\n",
            lines.join("\n")
        ),
    );
    let t = Tmux::start(
        &sb,
        &sb.path("other"),
        &format!("fish --no-config -i -C 'source {}'", rc.display()),
    );
    // `builtin cd` is not a line starting with `cd`, so only the fish_prompt event applies it.
    check_session(
        &t,
        "builtin cd ../proj",
        &format!("fish, goenvhook first: {goenvhook_first}"),
    );
}

#[test]
fn fish_goenvhook_then_starship() {
    if !common::tier(&["tmux", "starship"]) {
        return;
    }
    fish(true);
}

#[test]
fn fish_starship_then_goenvhook() {
    if !common::tier(&["tmux", "starship"]) {
        return;
    }
    fish(false);
}

/// `goenvhook prompt` without a prompt tool: the segment follows the hook in each shell, reads
/// nothing but the state (the config deleted, it still says what the hook applied until the
/// next prompt), and prints nothing outside a project.
#[test]
fn prompt_segment_in_every_shell() {
    use common::Step::*;
    let sb = Sandbox::new();
    install_sdk("1.23.2", &sb.home.join("sdk/go1.23.2"));
    sb.write("proj/.goenv.toml", "go = \"1.23\"\n");
    sb.allow("proj/.goenv.toml");
    sb.mkdir("proj/sub");
    sb.write("plain/.goenv.toml", "[env]\nGOPROXY = \"off\"\n");
    sb.allow("plain/.goenv.toml");
    // Absolute paths: a failed cd must not let the test touch anything outside the sandbox.
    let config = sb.path("proj/.goenv.toml");
    let rm = format!("rm {}", config.display());
    let put_back = format!("echo 'go = \"1.23\"' > {}", config.display());
    for shell in common::SHELLS {
        let r = sb.run(
            shell,
            &[
                Run("echo \"seg=$(goenvhook prompt)\""),
                Cd("proj/sub"),
                Prompt,
                Run("echo \"seg=$(goenvhook prompt)\""),
                Run("echo \"seg=$(goenvhook prompt --format '{dir}|{version}|{go}')\""),
                Run(&rm),
                Run("echo \"seg=$(goenvhook prompt)\""),
                Run(&put_back),
                Cd("plain"),
                Prompt,
                Run("echo \"seg=$(goenvhook prompt)\""),
                Cd(""),
                Prompt,
                Run("echo \"seg=$(goenvhook prompt)\""),
            ],
        );
        let segs: Vec<&str> = r
            .stdout
            .lines()
            .filter_map(|l| l.strip_prefix("seg="))
            .collect();
        let proj = sb.path("proj");
        let dir = proj.to_str().unwrap();
        assert_eq!(
            segs,
            [
                "",
                "proj go1.23.2",
                &format!("{dir}|1.23.2|go1.23.2"),
                "proj go1.23.2",
                "plain",
                ""
            ],
            "{shell}: {}",
            r.stderr
        );
    }
    let bad = Command::new(common::BIN)
        .arg("prompt")
        .env("GOENVHOOK_STATE", "garbage")
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    assert!(bad.stdout.is_empty() && bad.stderr.is_empty());
}

/// bash-preexec without starship: a renderer in precmd_functions, as prompt frameworks register
/// theirs, sees the project's environment and the command's `$?` on the first prompt, in every
/// order of goenvhook, bash-preexec and the renderer.
#[test]
fn bash_preexec_precmd_renderer_in_every_order() {
    if !common::tier(&["tmux"]) {
        return;
    }
    let parts = ["goenvhook", "bash-preexec", "renderer"];
    for a in 0..3 {
        for b in 0..3 {
            if a == b {
                continue;
            }
            let order = [parts[a], parts[b], parts[3 - a - b]];
            let sb = Sandbox::new();
            sb.write("proj/.goenv.toml", "[env]\nGOPROXY = \"off\"\n");
            sb.allow("proj/.goenv.toml");
            let lines: Vec<String> = order
                .iter()
                .map(|p| match *p {
                    "renderer" => "render() { local s=$?; PS1=\"R:${PWD##*/}:${GOPROXY:-none}:$s> \"; }; precmd_functions+=(render)".to_string(),
                    _ => bash_rc_line(p),
                })
                .collect();
            let rc = sb.write("bashrc", &format!("{}\n", lines.join("\n")));
            let t = Tmux::start(
                &sb,
                &sb.root,
                &format!("bash --noprofile --rcfile {} -i", rc.display()),
            );
            check_renderer(&t, &sb, "cd", &format!("{order:?}"));
        }
    }
}

/// A prompt tool whose rc line comes after goenvhook's and puts itself in front (as powerline-go's
/// setup does: `PROMPT_COMMAND="_update_ps1; $PROMPT_COMMAND"`, or a zsh
/// `precmd_functions=(x $precmd_functions)`). The hook moves back to the front at the first
/// prompt, so every prompt after a `cd` shows the update and the `$?`.
#[test]
fn renderer_that_prepends_itself_after_goenvhook() {
    if !common::tier(&["tmux", "starship"]) {
        return;
    }
    let render = "render() { local s=$?; PS1=\"R:${PWD##*/}:${GOPROXY:-none}:$s> \"; }";
    let cases = [
        ("bash", "", "PROMPT_COMMAND=\"render; $PROMPT_COMMAND\""),
        (
            "bash",
            "PROMPT_COMMAND=(true)",
            "PROMPT_COMMAND=(render \"${PROMPT_COMMAND[@]}\")",
        ),
        ("zsh", "", "precmd_functions=(render $precmd_functions)"),
    ];
    for (shell, before, prepend) in cases {
        let sb = Sandbox::new();
        sb.write("proj/.goenv.toml", "[env]\nGOPROXY = \"off\"\n");
        sb.allow("proj/.goenv.toml");
        let rc = format!(
            "{before}\neval \"$({} init {shell})\"\n{render}\n{prepend}\ngo_in() {{ cd \"$1\"; }}\n",
            common::BIN
        );
        let t = if shell == "bash" {
            let rc = sb.write("bashrc", &rc);
            Tmux::start(
                &sb,
                &sb.root,
                &format!("bash --noprofile --rcfile {} -i", rc.display()),
            )
        } else {
            sb.write("zdot/.zshrc", &rc);
            Tmux::start(
                &sb,
                &sb.root,
                &format!("ZDOTDIR={} zsh -i", sb.path("zdot").display()),
            )
        };
        let label = format!("{shell} {prepend}");
        // A cd only the prompt hook sees (in zsh, chpwd activates a cd typed at the prompt).
        check_renderer(&t, &sb, "go_in", &label);
        let list = if shell == "bash" {
            "echo \"hooks=${PROMPT_COMMAND[*]}\""
        } else {
            "echo \"hooks=${precmd_functions[*]}\""
        };
        t.send(list);
        let hooks = t.nth_line("hooks=", 0);
        assert_eq!(
            hooks.matches("_goenvhook_hook").count(),
            1,
            "{label}: {hooks}"
        );
        assert!(
            hooks.starts_with("hooks=_goenvhook_hook"),
            "{label}: {hooks}"
        );
    }
}
