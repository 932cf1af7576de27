//! The project here: its `.goenv.toml` loads (allowed, parses) and its `go = ...` resolves.

use super::{Finding, Host, Known};

pub fn config(h: &Host, k: &Known) -> Vec<Finding> {
    let Some(cfg) = &k.config else {
        return vec![Finding::ok(
            "project.config",
            "no .goenv.toml here or above: doctor checks the environment as it is",
        )];
    };
    let shown = h.show(cfg);
    let mut out = Vec::new();
    match &k.problem {
        Some((m, true)) => out.push(Finding::error(
            "project.config",
            m.clone(),
            "goenvhook edit",
        )),
        Some((m, false)) => out.push(Finding::warn(
            "project.config",
            m.clone(),
            "goenvhook allow",
        )),
        None => {
            let go = match (&k.go_spec, &k.selected, &k.wanted) {
                (Some(s), Some(sdk), Some(w)) => {
                    format!(
                        "; go = \"{s}\" wants {w}, not installed: {} fetches it",
                        sdk.name
                    )
                }
                (Some(s), Some(sdk), None) => format!(
                    "; go = \"{s}\" selects {} ({})",
                    sdk.name,
                    h.show(&sdk.root)
                ),
                (Some(s), None, _) => format!("; go = \"{s}\""),
                _ => String::new(),
            };
            out.push(Finding::ok(
                "project.config",
                format!("{shown} is allowed and applied{go}"),
            ));
        }
    }
    if let Some(e) = &k.select_error {
        out.push(Finding::error(
            "project.go",
            e.clone(),
            super::install_fix(h, k),
        ));
    } else if let (Some(w), None) = (&k.wanted, &k.selected) {
        out.push(Finding::error(
            "project.go",
            format!("{w} is not installed and no Go 1.21+ is installed to fetch it"),
            super::unpack_fix(h, w, &h.home().unwrap_or_default().join("sdk").join(w)),
        ));
    }
    out
}
