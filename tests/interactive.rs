//! Truly interactive shells under tmux: real prompts, typed commands. Shows $?/$status preserved,
//! PROMPT_COMMAND as a string and as an array, `set -u` / `setopt nounset`, installing twice,
//! and immediate activation for a `cd` typed at the zsh and fish prompt.

mod common;

use common::tmux::Tmux;
use common::Sandbox;

fn project(sb: &Sandbox) {
    sb.write(
        "proj/.goenv.toml",
        "[env]\nGOPROXY = \"https://proj.example\"\n",
    );
    sb.allow("proj/.goenv.toml");
}

fn bash_session(prompt_command: &str) {
    let sb = Sandbox::new();
    project(&sb);
    let bin = common::BIN;
    let rc = sb.write(
        "bashrc",
        &format!("PS1='$ '\nset -u\n{prompt_command}\neval \"$({bin} init bash)\"\neval \"$({bin} init bash)\"\n"),
    );
    let t = Tmux::start(
        &sb,
        &sb.root,
        &format!("bash --noprofile --rcfile {} -i", rc.display()),
    );
    t.send("echo ready");
    t.line("ready");
    t.send("cd proj");
    assert!(t.line("goenvhook: loaded").contains("+GOPROXY"));
    t.send("printenv GOPROXY");
    t.line("https://proj.example");
    t.send("false");
    t.send("echo \"st=$?\"");
    assert_eq!(t.line("st="), "st=1");
    t.send("false");
    t.send("echo \"seen=$SEEN\"");
    assert_eq!(
        t.line("seen="),
        "seen=1",
        "later PROMPT_COMMAND entries see the command's status"
    );
    t.send("echo \"pc=${PROMPT_COMMAND[*]}\"");
    let pc = t.line("pc=");
    assert_eq!(
        pc.matches("_goenvhook_hook").count(),
        1,
        "installed once: {pc}"
    );
    t.send("echo \"other=${OTHER_RAN:-no}\"");
    assert_eq!(
        t.line("other="),
        "other=yes",
        "the user's own PROMPT_COMMAND still runs"
    );
    assert!(!t.screen().contains("unbound variable"), "{}", t.screen());
}

// The other entry records the $? it sees, as prompt tools such as starship do.
#[test]
fn bash_interactive_prompt_command_string() {
    if !common::tier(&["tmux"]) {
        return;
    }
    bash_session("PROMPT_COMMAND='SEEN=$?; OTHER_RAN=yes'");
}

#[test]
fn bash_interactive_prompt_command_array() {
    if !common::tier(&["tmux"]) {
        return;
    }
    bash_session("PROMPT_COMMAND=('SEEN=$?' 'OTHER_RAN=yes')");
}

/// Interactive bash (with `env_prefix`, e.g. `NO_COLOR=1 `) in `sb`'s project, loaded.
fn bash_loaded(sb: &Sandbox, env_prefix: &str) -> Tmux {
    project(sb);
    let rc = sb.write(
        "bashrc",
        &format!("PS1='$ '\neval \"$({} init bash)\"\n", common::BIN),
    );
    let t = Tmux::start(
        sb,
        &sb.root,
        &format!("{env_prefix}bash --noprofile --rcfile {} -i", rc.display()),
    );
    t.send("cd proj");
    t.line("goenvhook: loaded");
    t
}

#[test]
fn colour_only_on_a_terminal_and_never_with_no_color() {
    if !common::tier(&["tmux"]) {
        return;
    }
    for (no_color, coloured) in [("", true), ("NO_COLOR=1 ", false)] {
        let sb = Sandbox::new();
        let t = bash_loaded(&sb, no_color);
        let raw = t.screen_with_escapes();
        assert_eq!(
            raw.contains("\x1b[2mgoenvhook:"),
            coloured,
            "NO_COLOR={no_color:?}: {raw:?}"
        );
    }
}

#[test]
fn zsh_interactive() {
    if !common::tier(&["tmux"]) {
        return;
    }
    let sb = Sandbox::new();
    project(&sb);
    let bin = common::BIN;
    sb.write(
        "zdot/.zshrc",
        &format!(
            "PS1='%% '\nsetopt nounset\neval \"$({bin} init zsh)\"\neval \"$({bin} init zsh)\"\n"
        ),
    );
    let t = Tmux::start(
        &sb,
        &sb.root,
        &format!("ZDOTDIR={} zsh -i", sb.path("zdot").display()),
    );
    t.send("echo ready");
    t.line("ready");
    t.send("cd proj && echo \"now=$GOPROXY\"");
    assert_eq!(
        t.line("now="),
        "now=https://proj.example",
        "a cd typed at the prompt activates at once"
    );
    t.send("false");
    t.send("echo \"st=$?\"");
    assert_eq!(t.line("st="), "st=1");
    t.send("echo \"n=${#precmd_functions}\"");
    assert_eq!(t.line("n="), "n=1");
    assert_eq!(
        t.screen().matches("goenvhook: loaded").count(),
        1,
        "{}",
        t.screen()
    );
}

#[test]
fn fish_interactive() {
    if !common::tier(&["tmux"]) {
        return;
    }
    let sb = Sandbox::new();
    project(&sb);
    let bin = common::BIN;
    let rc = sb.write(
        "config.fish",
        &format!("function fish_prompt; echo -n '> '; end\nfunction fish_greeting; end\n{bin} init fish | source\n{bin} init fish | source\n"),
    );
    let t = Tmux::start(
        &sb,
        &sb.root,
        &format!("fish --no-config -i -C 'source {}'", rc.display()),
    );
    t.send("echo ready");
    t.line("ready");
    t.send("cd proj; and echo now=$GOPROXY");
    assert_eq!(
        t.line("now="),
        "now=https://proj.example",
        "a cd typed at the prompt activates at once"
    );
    t.send("false");
    t.send("echo st=$status");
    assert_eq!(t.line("st="), "st=1");
    t.send("cd /; and echo after=(printenv GOPROXY; or echo unset)");
    assert_eq!(t.line("after="), "after=unset");
    assert_eq!(
        t.screen().matches("goenvhook: loaded").count(),
        1,
        "{}",
        t.screen()
    );
}

#[test]
fn doctor_in_an_interactive_shell_colours_only_on_a_terminal() {
    if !common::tier(&["tmux"]) {
        return;
    }
    for (no_color, coloured) in [("", true), ("NO_COLOR=1 ", false)] {
        let sb = Sandbox::new();
        let t = bash_loaded(&sb, no_color);
        t.send(&format!("{} doctor; echo \"done=$?\"", common::BIN));
        t.line("done=");
        let raw = t.screen_with_escapes();
        assert_eq!(
            raw.contains("\x1b[32mok"),
            coloured,
            "NO_COLOR={no_color:?}: {raw:?}"
        );
        // The hook is active in the interactive shell doctor runs from.
        assert!(
            raw.lines()
                .any(|l| l.contains("hook.active") && l.contains("active in this shell (pid")),
            "{raw}"
        );
    }
}
