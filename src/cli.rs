//! The command line, as clap's builder (no proc-macro crates: the release binary links statically,
//! which rules out derive macros when no --target is given). Also feeds the completion generator.

use clap::{Arg, ArgAction, Command};

pub fn command() -> Command {
    Command::new("goenvhook")
        // The package version and, when built from a git checkout, the commit (build.rs).
        .version(env!("GOENVHOOK_VERSION"))
        .about("Per-directory Go environments: .goenv.toml follows cd in bash, zsh and fish")
        .long_about(
            "Per-directory Go environments for bash, zsh and fish.\n\n\
             A project commits a .goenv.toml: the Go toolchain (go = \"1.22\"), GOPROXY, GOPRIVATE, \
             GOFLAGS, PATH entries and any other variable. Once you approve the file with \
             'goenvhook allow', the shell hook applies it when you cd into the project and puts \
             back exactly what was there when you leave. The hook runs 'goenvhook export' before \
             every prompt and costs about as much as starting /bin/true when nothing changed.",
        )
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommands([
            init(),
            export(),
            allow(),
            deny(),
            list(),
            status(),
            doctor(),
            import(),
            Command::new("prune").about("Remove trust records whose file is gone or changed"),
            prompt(),
            watch(),
            Command::new("edit").about(
                "Open $VISUAL or $EDITOR on the nearest .goenv.toml (a commented template if none); on save, validate and allow",
            ),
            exec(),
        ])
}

/// The shell argument, one of `kinds`.
fn shell(kinds: &'static [&'static str]) -> Arg {
    Arg::new("shell")
        .required(true)
        .value_parser(clap::builder::PossibleValuesParser::new(kinds))
}

/// A `--name` switch.
fn flag(name: &'static str) -> Arg {
    Arg::new(name).long(name).action(ArgAction::SetTrue)
}

fn path_arg(name: &'static str) -> Arg {
    Arg::new(name).value_parser(clap::value_parser!(std::path::PathBuf))
}

/// `--dir`: the directory whose project is used.
fn dir_arg(help: &'static str) -> Arg {
    path_arg("dir").long("dir").help(help)
}

fn config_path() -> Arg {
    path_arg("path").help(
        "A .goenv.toml, or a directory to search upward from (default: the current directory)",
    )
}

fn init() -> Command {
    Command::new("init")
        .about("Print the shell hook, for the line in your shell's rc file (goenvhook help init)")
        .after_help(INIT_LINES)
        .arg(shell(&["bash", "zsh", "fish"]))
}

fn export() -> Command {
    Command::new("export")
        .about("Print the code that brings this shell up to date with the current directory (run by the hook)")
        .arg(shell(&["bash", "zsh", "fish", "json"]))
        .arg(flag("fresh").hide(true))
        .arg(flag("guard").hide(true))
}

fn allow() -> Command {
    Command::new("allow")
        .about("Approve the nearest .goenv.toml (or PATH) as it is now, after showing what it does")
        .arg(config_path())
        .arg(flag("parents").help("Also approve the configs it inherits (inherit = true)"))
}

fn deny() -> Command {
    Command::new("deny")
        .about("Never load the nearest .goenv.toml (or PATH) and say nothing about it; undone by allow")
        .arg(config_path())
}

fn list() -> Command {
    Command::new("list")
        .about("Show the Go SDKs goenvhook finds: version, installer, architecture, health, GOROOT")
        .arg(flag("json").help("Print JSON"))
}

fn status() -> Command {
    Command::new("status")
        .about("Show the config and its chain with trust verdicts, the toolchain, and what is applied in this shell")
        .arg(flag("json").help("Print JSON"))
}

fn doctor() -> Command {
    Command::new("doctor")
        .about("Diagnose the Go setup here: each check prints ok, warn or error with the fix; exit 1 on any error")
        .arg(flag("json").help("Print a JSON array of {id, status, message, fix}"))
        .arg(flag("run-go").help(
            "Also run the selected go env -json and report where it differs from doctor's prediction",
        ))
}

fn import() -> Command {
    Command::new("import")
        .about("Translate .envrc, .go-version, .tool-versions, mise.toml and .gvmrc into a .goenv.toml (a preview unless --write)")
        .arg(path_arg("path").help(
            "The project directory, or one file in it to import alone (default: the current directory)",
        ))
        .arg(flag("write").help("Write .goenv.toml instead of only showing it"))
        .arg(flag("force").help("With --write, replace an existing .goenv.toml"))
}

fn prompt() -> Command {
    Command::new("prompt")
        .about("Print the loaded project and its Go release for a prompt segment (reads no file; nothing outside a project)")
        .arg(
            Arg::new("format")
                .long("format")
                .value_name("TEMPLATE")
                .value_parser(|s: &str| crate::cmd::prompt::check_format(s).map(|()| s.to_string()))
                .help("What to print: {project} (directory name), {dir} (its path), {go} (go1.22.10), {version} (1.22.10) [default: \"{project} {go}\"]"),
        )
}

fn watch() -> Command {
    Command::new("watch")
        .about("For editors: print the project's environment as one JSON line now, and again each time it changes")
        .arg(dir_arg("Watch the project of this directory (default: the current directory)"))
}

fn exec() -> Command {
    Command::new("exec")
        .about("Run a command with the project's environment; the exit code is the command's")
        .arg(dir_arg(
            "Use the project of this directory (default: the current directory)",
        ))
        .arg(
            Arg::new("command")
                .required(true)
                .num_args(1..)
                .last(true)
                .value_parser(clap::value_parser!(std::ffi::OsString))
                .help("The command and its arguments, after --"),
        )
}

/// The man page's sections beyond what clap knows (tests/completions.rs renders man/goenvhook.1
/// from `command()` and these). Paragraphs are separated by a blank line; a paragraph whose lines
/// start with two spaces is shown as written (commands, file names).
/// `goenvhook help init`: each shell's own line (the same as `shell::rc_line`, which a test
/// checks).
pub const INIT_LINES: &str = "Add the line for your shell to its rc file and open a new shell:
  bash  ~/.bashrc                    command -v goenvhook >/dev/null && eval \"$(goenvhook init bash)\"
  zsh   ~/.zshrc                     command -v goenvhook >/dev/null && eval \"$(goenvhook init zsh)\"
  fish  ~/.config/fish/config.fish   command -q goenvhook; and goenvhook init fish | source";

pub const MAN_SECTIONS: &[(&str, &str)] = &[
    (
        "SHELL SETUP",
        "Add one line to the rc file of your shell; goenvhook then runs before every prompt, ahead \
of prompt renderers such as starship, and keeps $? for them.

  bash  ~/.bashrc                    command -v goenvhook >/dev/null && eval \"$(goenvhook init bash)\"
  zsh   ~/.zshrc                     command -v goenvhook >/dev/null && eval \"$(goenvhook init zsh)\"
  fish  ~/.config/fish/config.fish   command -q goenvhook; and goenvhook init fish | source

Plugin managers: shell/plugins/goenvhook.plugin.zsh (oh-my-zsh, zinit, antidote) and \
conf.d/goenvhook.fish (fisher) do the same when goenvhook is on PATH.",
    ),
    (
        "PROJECTS AND TRUST",
        "A project commits a .goenv.toml (go = \"1.22\", [env], [path]). Nothing in it is applied \
until you run goenvhook allow in the project, which shows what the file does and approves that \
exact file with that exact content; an edit needs a new allow. Leaving the project restores \
every variable and PATH entry it changed.",
    ),
    (
        "ENVIRONMENT",
        "  GOENVHOOK_STATE     what the hook applied in this shell (not to be set)
  GOENVHOOK_PID       the shell whose hook is active (not to be set)
  GOENVHOOK_QUIET     1 keeps only errors on stderr
  GOENVHOOK_SDK_DIRS  more places to find Go SDKs, :-separated
  NO_COLOR            no colour in messages
  XDG_CONFIG_HOME     instead of ~/.config
  XDG_DATA_HOME       instead of ~/.local/share
  XDG_CACHE_HOME      instead of ~/.cache",
    ),
    (
        "FILES",
        "  .goenv.toml                       a project's environment (searched upward)
  .goenv.local.toml                 your own overrides beside it (not committed)
  ~/.config/goenvhook/config.toml   prefixes that need no allow, quiet, sdk_dirs
  ~/.local/share/goenvhook/trust/   one record per allowed or denied file
  ~/.cache/goenvhook/sdks           the memo of healthy Go SDKs",
    ),
    (
        "EXIT STATUS",
        "0 on success, 1 on an error (one line on stderr naming the file and the fix), 2 on a \
usage error. exec exits with the command's status; prompt exits with 1 and prints nothing when \
GOENVHOOK_STATE cannot be read.",
    ),
    ("SEE ALSO", "go(1), direnv(1), starship(1)"),
];
