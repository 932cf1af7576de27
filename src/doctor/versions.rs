//! Versions: the `go` and `toolchain` lines of the go.work or go.mod here
//! against the go that runs and GOTOOLCHAIN, predicting "go.mod requires go >= ..." before the
//! user hits it, and the toolchain downloads they may not expect.

use std::path::Path;

use super::{running_go, setting, Finding, Host, Known};
use crate::go::gomod;
use crate::go::version::Version;

fn version_of(h: &Host, root: &Path) -> Option<(String, Version)> {
    let text = h.read_string(&root.join("VERSION"))?;
    let name = text.lines().next()?.trim().to_string();
    let v = Version::parse(&name)?;
    Some((name, v))
}

pub fn gomod(h: &Host, k: &Known) -> Vec<Finding> {
    let gowork = h.var("GOWORK");
    let Some(file) = gomod::governing_file(&h.cwd, gowork.as_deref()) else {
        return vec![Finding::ok("versions.gomod", "no go.mod or go.work here")];
    };
    let shown = h.show(&file);
    let Some(text) = h.read_string(&file) else {
        return vec![Finding::error(
            "versions.gomod",
            format!("{shown} cannot be read"),
            format!("check the permissions of {shown} (or GOWORK)"),
        )];
    };
    let (go_line, toolchain_line) = gomod::mod_lines(&text);
    let root = running_go(h)
        .and_then(|g| g.root)
        .or_else(|| k.selected.as_ref().map(|s| s.root.clone()));
    let Some((name, running)) = root.as_deref().and_then(|r| version_of(h, r)) else {
        return vec![Finding::ok(
            "versions.gomod",
            format!("{shown}: no Go SDK to compare with"),
        )];
    };
    let bare = name.trim_start_matches("go");
    let toolchain = setting(h, k, "GOTOOLCHAIN", root.as_deref());
    let tc = toolchain.as_ref().map_or("", |s| s.value.as_str());
    let tc_shown = if tc.is_empty() {
        "local (no go.env)"
    } else {
        tc
    };
    let (base, mode) = match tc.split_once('+') {
        Some((b, m)) => (b, m),
        None if tc == "auto" => ("local", "auto"),
        None if tc == "path" => ("local", "path"),
        None => (tc, ""),
    };
    // A pin (GOTOOLCHAIN=go1.X.Y) runs that release whatever the files say, unless goenvhook
    // set it itself to fetch a release that is not installed.
    if base.starts_with("go1") && mode.is_empty() {
        if Version::parse(base).as_ref() != Some(&running) && k.wanted.as_deref() != Some(base) {
            return vec![Finding::warn(
                "versions.gomod",
                format!("GOTOOLCHAIN={tc} ({}): go runs {base} here, not the go on PATH ({name}); it downloads {base} if it is not on PATH", toolchain.as_ref().map(|s| s.origin(h, k)).unwrap_or_default()),
                "unset that GOTOOLCHAIN, or select the release in .goenv.toml: go = \"...\"",
            )];
        }
        return vec![Finding::ok(
            "versions.gomod",
            format!("GOTOOLCHAIN={tc}: go runs {base}"),
        )];
    }
    let need_go = go_line
        .as_deref()
        .and_then(|g| Version::parse(g).map(|v| (g.to_string(), v)));
    let need_tc = toolchain_line
        .as_deref()
        .filter(|t| *t != "default")
        .and_then(|t| Version::parse(t).map(|v| (t.to_string(), v)));
    let Some((g, gv)) = need_go.clone() else {
        return vec![Finding::ok(
            "versions.gomod",
            format!("{shown} has no go line (go treats it as go 1.16); running {name}"),
        )];
    };
    if gv > running {
        let want = gv.toolchain();
        let file_kind = file
            .file_name()
            .map_or("go.mod".into(), |n| n.to_string_lossy().into_owned());
        let select = format!("install {want} and select it: go = \"go.mod\" in .goenv.toml (goenvhook then picks the newest installed {} release)", g);
        if mode.is_empty() {
            return vec![Finding::error(
                "versions.gomod",
                format!("{file_kind} requires go >= {g} (running go {bare}; GOTOOLCHAIN={tc_shown}): every go command in {} fails", h.show(file.parent().unwrap_or(Path::new("/")))),
                format!("{select}, or allow the switch: GOTOOLCHAIN=auto"),
            )];
        }
        if mode == "path" {
            if h.which(&want).is_none() {
                return vec![Finding::error(
                    "versions.gomod",
                    format!("{shown} requires go >= {g} (running go {bare}; GOTOOLCHAIN={tc}), and no {want} is on PATH: go fails with 'cannot find \"{want}\" in PATH'"),
                    select,
                )];
            }
            return vec![Finding::ok(
                "versions.gomod",
                format!("{shown} requires go >= {g}: go switches to the {want} on PATH"),
            )];
        }
        return vec![Finding::warn(
            "versions.gomod",
            format!("{shown} requires go >= {g} but the go here is {name}: with GOTOOLCHAIN={tc} go downloads {want} into the module cache on first use and runs that instead"),
            select,
        )];
    }
    if let Some((t, tv)) = need_tc {
        let fix = format!("install {t} and select it: go = \"go.mod\" in .goenv.toml (or drop the line: go get toolchain@none)");
        if tv > running && mode == "path" {
            return vec![match h.which(&t) {
                Some(p) => Finding::warn(
                    "versions.gomod",
                    format!("{shown} says toolchain {t}, newer than {name}: with GOTOOLCHAIN={tc} go runs {} instead (GOROOT becomes that toolchain's)", h.show(&p)),
                    fix,
                ),
                None => Finding::error(
                    "versions.gomod",
                    format!("{shown} says toolchain {t}, newer than {name}, and GOTOOLCHAIN={tc} finds no {t} on PATH: go fails with 'cannot find \"{t}\" in PATH'"),
                    fix,
                ),
            }];
        }
        if tv > running && !mode.is_empty() {
            return vec![Finding::warn(
                "versions.gomod",
                format!("{shown} says toolchain {t}, newer than {name}: with GOTOOLCHAIN={tc} go downloads and runs {t} instead"),
                format!("install {t} and select it: go = \"go.mod\" in .goenv.toml (or drop the line: go get toolchain@none)"),
            )];
        }
    }
    vec![Finding::ok(
        "versions.gomod",
        format!("{shown} needs go >= {g}; {name} satisfies it"),
    )]
}
