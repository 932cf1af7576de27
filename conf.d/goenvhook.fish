# goenvhook as a fish plugin (fisher layout: fish runs every conf.d/*.fish at start-up). It does
# what the config.fish line does: goenvhook init fish | source. Only interactive shells get the
# hook, and without goenvhook on PATH it does nothing.
if status is-interactive; and command -sq goenvhook
    goenvhook init fish | source
end
