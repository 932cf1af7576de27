//! The init snippets and the plugin-manager entry points are source code too: shellcheck for
//! bash, `zsh -n` for zsh, and `fish --no-execute` plus `fish_indent --check` for fish (the test
//! command installs all four). Paths are relative to the repository.

use std::path::Path;
use std::process::Command;

fn check(tool: &str, args: &[&str], file: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    let out = Command::new(tool)
        .args(args)
        .arg(&path)
        .output()
        .unwrap_or_else(|e| panic!("could not run {tool}: {e} (the test command installs it)"));
    assert!(
        out.status.success(),
        "{tool} {}:\n{}{}",
        path.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn bash_snippet_passes_shellcheck() {
    check(
        "shellcheck",
        &["-s", "bash", "-S", "style"],
        "shell/goenvhook.bash",
    );
}

#[test]
fn zsh_snippet_parses() {
    check("zsh", &["-n"], "shell/goenvhook.zsh");
}

#[test]
fn fish_snippet_parses_and_is_indented() {
    check("fish", &["--no-execute"], "shell/goenvhook.fish");
    check("fish_indent", &["--check"], "shell/goenvhook.fish");
}

#[test]
fn zsh_plugin_parses() {
    check("zsh", &["-n"], "shell/plugins/goenvhook.plugin.zsh");
}

#[test]
fn fish_conf_d_snippet_parses_and_is_indented() {
    check("fish", &["--no-execute"], "conf.d/goenvhook.fish");
    check("fish_indent", &["--check"], "conf.d/goenvhook.fish");
}

#[test]
fn install_scripts_pass_shellcheck() {
    for script in [
        "scripts/install.sh",
        "scripts/deb.sh",
        "scripts/cargo-tools.sh",
        "scripts/test.sh",
    ] {
        check("shellcheck", &["-S", "style"], script);
    }
}

#[test]
fn exec_wrapper_passes_shellcheck_as_posix_sh() {
    check(
        "shellcheck",
        &["-s", "sh", "-S", "style"],
        "shell/goenvhook-exec",
    );
}
