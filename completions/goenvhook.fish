# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_goenvhook_global_optspecs
    string join \n h/help V/version
end

function __fish_goenvhook_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_goenvhook_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_goenvhook_using_subcommand
    set -l cmd (__fish_goenvhook_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c goenvhook -n "__fish_goenvhook_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c goenvhook -n "__fish_goenvhook_needs_command" -s V -l version -d 'Print version'
complete -c goenvhook -n "__fish_goenvhook_needs_command" -f -a "init" -d 'Print the shell hook, for the line in your shell\'s rc file (goenvhook help init)'
complete -c goenvhook -n "__fish_goenvhook_needs_command" -f -a "export" -d 'Print the code that brings this shell up to date with the current directory (run by the hook)'
complete -c goenvhook -n "__fish_goenvhook_needs_command" -f -a "allow" -d 'Approve the nearest .goenv.toml (or PATH) as it is now, after showing what it does'
complete -c goenvhook -n "__fish_goenvhook_needs_command" -f -a "deny" -d 'Never load the nearest .goenv.toml (or PATH) and say nothing about it; undone by allow'
complete -c goenvhook -n "__fish_goenvhook_needs_command" -f -a "list" -d 'Show the Go SDKs goenvhook finds: version, installer, architecture, health, GOROOT'
complete -c goenvhook -n "__fish_goenvhook_needs_command" -f -a "status" -d 'Show the config and its chain with trust verdicts, the toolchain, and what is applied in this shell'
complete -c goenvhook -n "__fish_goenvhook_needs_command" -f -a "doctor" -d 'Diagnose the Go setup here: each check prints ok, warn or error with the fix; exit 1 on any error'
complete -c goenvhook -n "__fish_goenvhook_needs_command" -f -a "import" -d 'Translate .envrc, .go-version, .tool-versions, mise.toml and .gvmrc into a .goenv.toml (a preview unless --write)'
complete -c goenvhook -n "__fish_goenvhook_needs_command" -f -a "prune" -d 'Remove trust records whose file is gone or changed'
complete -c goenvhook -n "__fish_goenvhook_needs_command" -f -a "prompt" -d 'Print the loaded project and its Go release for a prompt segment (reads no file; nothing outside a project)'
complete -c goenvhook -n "__fish_goenvhook_needs_command" -f -a "watch" -d 'For editors: print the project\'s environment as one JSON line now, and again each time it changes'
complete -c goenvhook -n "__fish_goenvhook_needs_command" -f -a "edit" -d 'Open $VISUAL or $EDITOR on the nearest .goenv.toml (a commented template if none); on save, validate and allow'
complete -c goenvhook -n "__fish_goenvhook_needs_command" -f -a "exec" -d 'Run a command with the project\'s environment; the exit code is the command\'s'
complete -c goenvhook -n "__fish_goenvhook_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c goenvhook -n "__fish_goenvhook_using_subcommand init" -s h -l help -d 'Print help'
complete -c goenvhook -n "__fish_goenvhook_using_subcommand export" -l fresh
complete -c goenvhook -n "__fish_goenvhook_using_subcommand export" -l guard
complete -c goenvhook -n "__fish_goenvhook_using_subcommand export" -s h -l help -d 'Print help'
complete -c goenvhook -n "__fish_goenvhook_using_subcommand allow" -l parents -d 'Also approve the configs it inherits (inherit = true)'
complete -c goenvhook -n "__fish_goenvhook_using_subcommand allow" -s h -l help -d 'Print help'
complete -c goenvhook -n "__fish_goenvhook_using_subcommand deny" -s h -l help -d 'Print help'
complete -c goenvhook -n "__fish_goenvhook_using_subcommand list" -l json -d 'Print JSON'
complete -c goenvhook -n "__fish_goenvhook_using_subcommand list" -s h -l help -d 'Print help'
complete -c goenvhook -n "__fish_goenvhook_using_subcommand status" -l json -d 'Print JSON'
complete -c goenvhook -n "__fish_goenvhook_using_subcommand status" -s h -l help -d 'Print help'
complete -c goenvhook -n "__fish_goenvhook_using_subcommand doctor" -l json -d 'Print a JSON array of {id, status, message, fix}'
complete -c goenvhook -n "__fish_goenvhook_using_subcommand doctor" -l run-go -d 'Also run the selected go env -json and report where it differs from doctor\'s prediction'
complete -c goenvhook -n "__fish_goenvhook_using_subcommand doctor" -s h -l help -d 'Print help'
complete -c goenvhook -n "__fish_goenvhook_using_subcommand import" -l write -d 'Write .goenv.toml instead of only showing it'
complete -c goenvhook -n "__fish_goenvhook_using_subcommand import" -l force -d 'With --write, replace an existing .goenv.toml'
complete -c goenvhook -n "__fish_goenvhook_using_subcommand import" -s h -l help -d 'Print help'
complete -c goenvhook -n "__fish_goenvhook_using_subcommand prune" -s h -l help -d 'Print help'
complete -c goenvhook -n "__fish_goenvhook_using_subcommand prompt" -l format -d 'What to print: {project} (directory name), {dir} (its path), {go} (go1.22.10), {version} (1.22.10) [default: "{project} {go}"]' -r
complete -c goenvhook -n "__fish_goenvhook_using_subcommand prompt" -s h -l help -d 'Print help'
complete -c goenvhook -n "__fish_goenvhook_using_subcommand watch" -l dir -d 'Watch the project of this directory (default: the current directory)' -r -F
complete -c goenvhook -n "__fish_goenvhook_using_subcommand watch" -s h -l help -d 'Print help'
complete -c goenvhook -n "__fish_goenvhook_using_subcommand edit" -s h -l help -d 'Print help'
complete -c goenvhook -n "__fish_goenvhook_using_subcommand exec" -l dir -d 'Use the project of this directory (default: the current directory)' -r -F
complete -c goenvhook -n "__fish_goenvhook_using_subcommand exec" -s h -l help -d 'Print help'
complete -c goenvhook -n "__fish_goenvhook_using_subcommand help; and not __fish_seen_subcommand_from init export allow deny list status doctor import prune prompt watch edit exec help" -f -a "init" -d 'Print the shell hook, for the line in your shell\'s rc file (goenvhook help init)'
complete -c goenvhook -n "__fish_goenvhook_using_subcommand help; and not __fish_seen_subcommand_from init export allow deny list status doctor import prune prompt watch edit exec help" -f -a "export" -d 'Print the code that brings this shell up to date with the current directory (run by the hook)'
complete -c goenvhook -n "__fish_goenvhook_using_subcommand help; and not __fish_seen_subcommand_from init export allow deny list status doctor import prune prompt watch edit exec help" -f -a "allow" -d 'Approve the nearest .goenv.toml (or PATH) as it is now, after showing what it does'
complete -c goenvhook -n "__fish_goenvhook_using_subcommand help; and not __fish_seen_subcommand_from init export allow deny list status doctor import prune prompt watch edit exec help" -f -a "deny" -d 'Never load the nearest .goenv.toml (or PATH) and say nothing about it; undone by allow'
complete -c goenvhook -n "__fish_goenvhook_using_subcommand help; and not __fish_seen_subcommand_from init export allow deny list status doctor import prune prompt watch edit exec help" -f -a "list" -d 'Show the Go SDKs goenvhook finds: version, installer, architecture, health, GOROOT'
complete -c goenvhook -n "__fish_goenvhook_using_subcommand help; and not __fish_seen_subcommand_from init export allow deny list status doctor import prune prompt watch edit exec help" -f -a "status" -d 'Show the config and its chain with trust verdicts, the toolchain, and what is applied in this shell'
complete -c goenvhook -n "__fish_goenvhook_using_subcommand help; and not __fish_seen_subcommand_from init export allow deny list status doctor import prune prompt watch edit exec help" -f -a "doctor" -d 'Diagnose the Go setup here: each check prints ok, warn or error with the fix; exit 1 on any error'
complete -c goenvhook -n "__fish_goenvhook_using_subcommand help; and not __fish_seen_subcommand_from init export allow deny list status doctor import prune prompt watch edit exec help" -f -a "import" -d 'Translate .envrc, .go-version, .tool-versions, mise.toml and .gvmrc into a .goenv.toml (a preview unless --write)'
complete -c goenvhook -n "__fish_goenvhook_using_subcommand help; and not __fish_seen_subcommand_from init export allow deny list status doctor import prune prompt watch edit exec help" -f -a "prune" -d 'Remove trust records whose file is gone or changed'
complete -c goenvhook -n "__fish_goenvhook_using_subcommand help; and not __fish_seen_subcommand_from init export allow deny list status doctor import prune prompt watch edit exec help" -f -a "prompt" -d 'Print the loaded project and its Go release for a prompt segment (reads no file; nothing outside a project)'
complete -c goenvhook -n "__fish_goenvhook_using_subcommand help; and not __fish_seen_subcommand_from init export allow deny list status doctor import prune prompt watch edit exec help" -f -a "watch" -d 'For editors: print the project\'s environment as one JSON line now, and again each time it changes'
complete -c goenvhook -n "__fish_goenvhook_using_subcommand help; and not __fish_seen_subcommand_from init export allow deny list status doctor import prune prompt watch edit exec help" -f -a "edit" -d 'Open $VISUAL or $EDITOR on the nearest .goenv.toml (a commented template if none); on save, validate and allow'
complete -c goenvhook -n "__fish_goenvhook_using_subcommand help; and not __fish_seen_subcommand_from init export allow deny list status doctor import prune prompt watch edit exec help" -f -a "exec" -d 'Run a command with the project\'s environment; the exit code is the command\'s'
complete -c goenvhook -n "__fish_goenvhook_using_subcommand help; and not __fish_seen_subcommand_from init export allow deny list status doctor import prune prompt watch edit exec help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
