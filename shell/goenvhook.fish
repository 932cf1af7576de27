# goenvhook for fish. Install with:  goenvhook init fish | source  in ~/.config/fish/config.fish
# Runs `goenvhook export fish` before every prompt and right after a `cd` typed at the prompt,
# and sources what it prints (nothing when nothing changed). Defining the functions again
# replaces them, so installing twice installs once.

function __goenvhook_export
    # The fast path: goenvhook's last run left a guard, a function of builtins that succeeds
    # while nothing the result depends on has changed. Then this prompt starts no process.
    set -l fast 1
    if set -q GOENVHOOK_NO_FAST_PATH; and test -n "$GOENVHOOK_NO_FAST_PATH" -a "$GOENVHOOK_NO_FAST_PATH" != 0
        set fast 0
    end
    if test $fast = 1; and not set -q __goenvhook_fresh; and __goenvhook_guard
        return
    end
    set -l bin @SELF@
    # The binary moved or was reinstalled elsewhere: fall back to the one on PATH.
    if not test -x "$bin"
        set bin (command -s goenvhook)
    end
    if test -z "$bin"
        if not set -q __goenvhook_warned
            set -g __goenvhook_warned 1
            echo "goenvhook: the goenvhook binary is gone (not at "@SELF@" nor on PATH); the hook is idle until it is back" >&2
        end
        return
    end
    # (`source` of empty input keeps the previous $status, so nothing before it may fail.)
    set -l fresh
    if set -q __goenvhook_fresh
        set fresh --fresh
        set -e __goenvhook_fresh
    end
    set -l guard
    if test $fast = 1
        set guard --guard
    end
    $bin export fish $fresh $guard | source
end

function __goenvhook_prompt --on-event fish_prompt
    __goenvhook_export
end

# fish has no call stack for a PWD handler, so a cd counts as typed at the prompt when the
# command line starts with `cd`; only the first directory change of that line activates at once.
function __goenvhook_preexec --on-event fish_preexec
    if string match -qr '^\s*cd(\s|$)' -- "$argv[1]"
        set -g __goenvhook_armed 1
    end
end

function __goenvhook_postexec --on-event fish_postexec
    set -e __goenvhook_armed
end

function __goenvhook_pwd --on-variable PWD
    set -q __goenvhook_armed; or return
    set -e __goenvhook_armed
    __goenvhook_export
end

# Until goenvhook has run in this shell, no guard holds (a guard is never inherited).
function __goenvhook_guard
    return 1
end

set -gx GOENVHOOK_PID $fish_pid
set -g __goenvhook_fresh --fresh
