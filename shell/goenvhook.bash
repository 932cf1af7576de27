# goenvhook for bash. Install with:  eval "$(goenvhook init bash)"  in ~/.bashrc
# Runs `goenvhook export bash` before every prompt, ahead of prompt renderers, and evaluates what
# it prints (nothing when nothing changed). Safe under `set -u`, keeps $? for the rest of
# PROMPT_COMMAND, and installs itself once however often this is evaluated.

_goenvhook_hook() {
  local _goenvhook_status=$?
  # bash-preexec (https://github.com/rcaloras/bash-preexec) runs precmd_functions, where prompt
  # renderers such as starship register, ahead of the rest of PROMPT_COMMAND. Then the hook runs
  # from there, first, and this PROMPT_COMMAND entry only covers prompts bash-preexec skips.
  if [[ -n ${bash_preexec_imported:-}${__bp_imported:-} ]]; then
    _goenvhook_join_precmd
    if [[ -n ${_goenvhook_precmd_ran:-} ]]; then
      unset _goenvhook_precmd_ran
      return $_goenvhook_status
    fi
  elif [[ ${#FUNCNAME[@]} -eq 1 && $PROMPT_COMMAND != _goenvhook_hook* ]]; then
    # Run straight from PROMPT_COMMAND (not from inside starship's wrapper), yet not first: a
    # prompt tool set up later put itself in front (PROMPT_COMMAND="x; $PROMPT_COMMAND") and
    # draws before the update. Back to the front, from the next prompt on.
    _goenvhook_front
  fi
  _goenvhook_update
  return $_goenvhook_status
}

_goenvhook_front() {
  if ((BASH_VERSINFO[0] * 100 + BASH_VERSINFO[1] >= 501)) && [[ ${PROMPT_COMMAND@a} == *a* ]]; then
    local _goenvhook_e _goenvhook_rest=()
    for _goenvhook_e in "${PROMPT_COMMAND[@]}"; do
      [[ $_goenvhook_e == _goenvhook_hook ]] || _goenvhook_rest+=("$_goenvhook_e")
    done
    PROMPT_COMMAND=(_goenvhook_hook "${_goenvhook_rest[@]}")
  else
    # shellcheck disable=SC2128,SC2178
    local _goenvhook_pc=${PROMPT_COMMAND//_goenvhook_hook;/}
    _goenvhook_pc=${_goenvhook_pc//_goenvhook_hook$'\n'/}
    # shellcheck disable=SC2178
    PROMPT_COMMAND="_goenvhook_hook;${_goenvhook_pc%_goenvhook_hook}"
  fi
}

# The entry in bash-preexec's precmd_functions (which sets $? for each of them).
_goenvhook_precmd() {
  local _goenvhook_status=$?
  _goenvhook_precmd_ran=1
  _goenvhook_update
  return $_goenvhook_status
}

# Puts _goenvhook_precmd first in precmd_functions, once. Only once bash-preexec is loaded:
# starship and others take a precmd_functions array as the sign that bash-preexec runs it.
_goenvhook_join_precmd() {
  if [[ " ${precmd_functions[*]:-} " != *" _goenvhook_precmd "* ]]; then
    precmd_functions=(_goenvhook_precmd "${precmd_functions[@]}")
  fi
}

_goenvhook_update() {
  # The fast path: goenvhook's last run left a guard, a function of builtins that succeeds
  # while nothing the result depends on has changed. Then this prompt starts no process.
  if [[ -z ${_goenvhook_fresh:-} && ${GOENVHOOK_NO_FAST_PATH:-0} == 0 ]] && _goenvhook_guard; then
    return 0
  fi
  local _goenvhook_bin=@SELF@ _goenvhook_out
  # The binary moved or was reinstalled elsewhere: fall back to the one on PATH.
  if [[ ! -x $_goenvhook_bin ]]; then
    _goenvhook_bin=$(command -v goenvhook 2>/dev/null) || _goenvhook_bin=
  fi
  if [[ -z $_goenvhook_bin ]]; then
    if [[ -z ${_goenvhook_warned:-} ]]; then
      _goenvhook_warned=1
      printf '%s\n' "goenvhook: the goenvhook binary is gone (not at "@SELF@" nor on PATH); the hook is idle until it is back" >&2
    fi
    return 0
  fi
  if [[ ${GOENVHOOK_NO_FAST_PATH:-0} == 0 ]]; then
    _goenvhook_out=$("$_goenvhook_bin" export bash ${_goenvhook_fresh:+--fresh} --guard)
  else
    _goenvhook_out=$("$_goenvhook_bin" export bash ${_goenvhook_fresh:+--fresh})
  fi
  unset _goenvhook_fresh
  if [[ -n $_goenvhook_out ]]; then
    eval "$_goenvhook_out"
  fi
}

# Until goenvhook has run in this shell, no guard holds (a guard is never inherited).
_goenvhook_guard() {
  return 1
}

# This shell has the hook (read by `goenvhook allow`); its first prompt re-applies an inherited
# project over whatever the rc files set.
export GOENVHOOK_PID=$$
_goenvhook_fresh=1

if [[ -n ${bash_preexec_imported:-}${__bp_imported:-} ]]; then
  _goenvhook_join_precmd
fi
if [[ " ${PROMPT_COMMAND[*]:-} " != *_goenvhook_hook* ]]; then
  if [[ $(declare -p PROMPT_COMMAND 2>/dev/null) == "declare -a"* ]]; then
    PROMPT_COMMAND=(_goenvhook_hook "${PROMPT_COMMAND[@]}")
  else
    # This branch is the string form of PROMPT_COMMAND (bash < 5.1, or a user who set a string).
    # shellcheck disable=SC2128,SC2178
    PROMPT_COMMAND="_goenvhook_hook${PROMPT_COMMAND:+;$PROMPT_COMMAND}"
  fi
fi

# Completion without the bash-completion package (which many ~/.bashrc files never load): the
# file install.sh or the Debian package put in place, sourced once when nothing defined it yet.
if ! complete -p goenvhook >/dev/null 2>&1; then
  for _goenvhook_c in "${XDG_DATA_HOME:-${HOME:-}/.local/share}/bash-completion/completions/goenvhook" \
    /usr/share/bash-completion/completions/goenvhook; do
    if [[ -r $_goenvhook_c ]]; then
      # shellcheck disable=SC1090
      source "$_goenvhook_c"
      break
    fi
  done
  unset _goenvhook_c
fi
