//! The command line, as clap's builder (no proc-macro crates: the release binary links statically,
//! which rules out derive macros when no --target is given). Also feeds the completion generator.

use clap::{Arg, ArgAction, Command};

pub fn command() -> Command {
    let shell = |kinds: &'static [&'static str]| {
        Arg::new("shell")
            .required(true)
            .value_parser(clap::builder::PossibleValuesParser::new(kinds))
    };
    let config_path = Arg::new("path")
        .value_parser(clap::value_parser!(std::path::PathBuf))
        .help(
            "A .goenv.toml, or a directory to search upward from (default: the current directory)",
        );
    Command::new("goenvhook")
        .version(env!("CARGO_PKG_VERSION"))
        .about("Per-directory Go environments: .goenv.toml follows cd in bash, zsh and fish")
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommand(
            Command::new("init")
                .about("Print the shell hook; add  eval \"$(goenvhook init zsh)\"  to your rc file")
                .arg(shell(&["bash", "zsh", "fish"])),
        )
        .subcommand(
            Command::new("export")
                .about("Print the code that brings this shell up to date with the current directory (run by the hook)")
                .arg(shell(&["bash", "zsh", "fish", "json"]))
                .arg(Arg::new("fresh").long("fresh").action(ArgAction::SetTrue).hide(true)),
        )
        .subcommand(
            Command::new("allow")
                .about("Approve the nearest .goenv.toml (or PATH) as it is now, after showing what it does")
                .arg(config_path.clone())
                .arg(
                    Arg::new("parents")
                        .long("parents")
                        .action(ArgAction::SetTrue)
                        .help("Also approve the configs it inherits (inherit = true)"),
                ),
        )
        .subcommand(
            Command::new("deny")
                .about("Never load the nearest .goenv.toml (or PATH) and say nothing about it; undone by allow")
                .arg(config_path),
        )
        .subcommand(
            Command::new("list")
                .about("Show the Go SDKs goenvhook finds: version, installer, architecture, health, GOROOT")
                .arg(Arg::new("json").long("json").action(ArgAction::SetTrue).help("Print JSON")),
        )
        .subcommand(
            Command::new("status")
                .about("Show the config and its chain with trust verdicts, the toolchain, and what is applied in this shell")
                .arg(Arg::new("json").long("json").action(ArgAction::SetTrue).help("Print JSON")),
        )
        .subcommand(
            Command::new("doctor")
                .about("Diagnose the Go setup here: each check prints ok, warn or error with the fix; exit 1 on any error")
                .arg(Arg::new("json").long("json").action(ArgAction::SetTrue).help("Print a JSON array of {id, status, message, fix}"))
                .arg(
                    Arg::new("run-go")
                        .long("run-go")
                        .action(ArgAction::SetTrue)
                        .help("Also run the selected go env -json and report where it differs from doctor's prediction"),
                ),
        )
        .subcommand(
            Command::new("import")
                .about("Translate .envrc, .go-version, .tool-versions, mise.toml and .gvmrc into a .goenv.toml (a preview unless --write)")
                .arg(
                    Arg::new("path")
                        .value_parser(clap::value_parser!(std::path::PathBuf))
                        .help("The project directory, or one file in it to import alone (default: the current directory)"),
                )
                .arg(
                    Arg::new("write")
                        .long("write")
                        .action(ArgAction::SetTrue)
                        .help("Write .goenv.toml instead of only showing it"),
                )
                .arg(
                    Arg::new("force")
                        .long("force")
                        .action(ArgAction::SetTrue)
                        .help("With --write, replace an existing .goenv.toml"),
                ),
        )
        .subcommand(Command::new("prune").about("Remove trust records whose file is gone or changed"))
        .subcommand(
            Command::new("watch")
                .about("For editors: print the project's environment as one JSON line now, and again each time it changes")
                .arg(
                    Arg::new("dir")
                        .long("dir")
                        .value_parser(clap::value_parser!(std::path::PathBuf))
                        .help("Watch the project of this directory (default: the current directory)"),
                ),
        )
        .subcommand(Command::new("edit").about(
            "Open $VISUAL or $EDITOR on the nearest .goenv.toml (a commented template if none); on save, validate and allow",
        ))
        .subcommand(
            Command::new("exec")
                .about("Run a command with the project's environment; the exit code is the command's")
                .arg(
                    Arg::new("dir")
                        .long("dir")
                        .value_parser(clap::value_parser!(std::path::PathBuf))
                        .help("Use the project of this directory (default: the current directory)"),
                )
                .arg(
                    Arg::new("command")
                        .required(true)
                        .num_args(1..)
                        .last(true)
                        .value_parser(clap::value_parser!(std::ffi::OsString))
                        .help("The command and its arguments, after --"),
                ),
        )
}
