# goenvhook for zsh. Install with:  eval "$(goenvhook init zsh)"  in ~/.zshrc
# Runs `goenvhook export zsh` before every prompt (precmd) and right after a `cd` typed at the
# prompt (chpwd), and evaluates what it prints (nothing when nothing changed). Safe under
# `setopt nounset`, keeps $?, and installs itself once however often this is evaluated.

_goenvhook_hook() {
  local _goenvhook_status=$? _goenvhook_bin=@SELF@ _goenvhook_out
  # A prompt tool set up later put itself in front (precmd_functions=(x $precmd_functions)) and
  # draws before the update: back to the front, from the next prompt on.
  if (( ${precmd_functions[(I)_goenvhook_hook]} > 1 )); then
    precmd_functions=(_goenvhook_hook ${precmd_functions:#_goenvhook_hook})
  fi
  # The fast path: goenvhook's last run left a guard, a function of builtins that succeeds
  # while nothing the result depends on has changed. Then this prompt starts no process.
  if [[ -z ${_goenvhook_fresh:-} && ${GOENVHOOK_NO_FAST_PATH:-0} == 0 ]] && _goenvhook_guard; then
    return $_goenvhook_status
  fi
  # The binary moved or was reinstalled elsewhere: fall back to the one on PATH.
  if [[ ! -x $_goenvhook_bin ]]; then
    _goenvhook_bin=${commands[goenvhook]:-}
  fi
  if [[ -z $_goenvhook_bin ]]; then
    if [[ -z ${_goenvhook_warned:-} ]]; then
      typeset -g _goenvhook_warned=1
      print -ru2 -- "goenvhook: the goenvhook binary is gone (not at "@SELF@" nor on PATH); the hook is idle until it is back"
    fi
    return $_goenvhook_status
  fi
  if [[ ${GOENVHOOK_NO_FAST_PATH:-0} == 0 ]]; then
    _goenvhook_out="$("$_goenvhook_bin" export zsh ${_goenvhook_fresh:+--fresh} --guard)"
  else
    _goenvhook_out="$("$_goenvhook_bin" export zsh ${_goenvhook_fresh:+--fresh})"
  fi
  unset _goenvhook_fresh
  if [[ -n $_goenvhook_out ]]; then
    eval "$_goenvhook_out"
  fi
  return $_goenvhook_status
}

# A cd typed at the prompt activates at once, so `cd proj && go build` sees the project. A cd
# inside a function (funcstack deeper than this handler) waits for the next prompt.
_goenvhook_chpwd() {
  (( ${#funcstack} == 1 )) || return 0
  _goenvhook_hook
}

# Until goenvhook has run in this shell, no guard holds (a guard is never inherited).
_goenvhook_guard() {
  return 1
}

export GOENVHOOK_PID=$$
typeset -g _goenvhook_fresh=1

typeset -ag precmd_functions chpwd_functions
if (( ! ${precmd_functions[(I)_goenvhook_hook]} )); then
  precmd_functions=(_goenvhook_hook $precmd_functions)
fi
if (( ! ${chpwd_functions[(I)_goenvhook_chpwd]} )); then
  chpwd_functions=(_goenvhook_chpwd $chpwd_functions)
fi

# Completion whether compinit ran before this line (Ubuntu's /etc/zsh/zshrc runs it before
# ~/.zshrc, when adding to fpath no longer helps), runs after it, or never runs (Debian's stock
# configuration): the directory install.sh or the Debian package used goes on fpath; with
# compinit done the function is registered now; without it, the subcommands complete through
# zsh's older compctl (a compinit run later replaces that).
() {
  local d
  for d in "${XDG_DATA_HOME:-${HOME:-}/.local/share}/zsh/site-functions" /usr/share/zsh/vendor-completions; do
    if [[ -r $d/_goenvhook ]]; then
      (( ${fpath[(I)$d]} )) || fpath+=("$d")
      break
    fi
  done
  if (( $+functions[compdef] )); then
    autoload -Uz _goenvhook 2>/dev/null && compdef _goenvhook goenvhook
  else
    compctl -k "(@SUBCOMMANDS@)" goenvhook
  fi
}
