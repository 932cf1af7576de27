# goenvhook as a zsh plugin, for oh-my-zsh ($ZSH_CUSTOM/plugins/goenvhook/goenvhook.plugin.zsh,
# then plugins+=(goenvhook)), zinit, antidote and other managers that source *.plugin.zsh.
# It does what the rc line does: eval "$(goenvhook init zsh)". Without goenvhook on PATH it does
# nothing, so a machine without it starts the same shell.
if (( ${+commands[goenvhook]} )); then
  eval "$(goenvhook init zsh)"
fi
