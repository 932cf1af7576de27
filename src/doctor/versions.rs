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

const ID: &str = "versions.gomod";

pub fn gomod(h: &Host, k: &Known) -> Vec<Finding> {
    vec![finding(h, k)]
}

/// What the go here makes of the governing go.work or go.mod: running, GOTOOLCHAIN and the
/// file's go line, for the messages.
struct Here<'a> {
    h: &'a Host,
    file: &'a Path,
    shown: &'a str,
    /// The running SDK's VERSION line and its version.
    name: &'a str,
    running: &'a Version,
    /// GOTOOLCHAIN as set, and its mode (`auto`, `path` or "" for none).
    tc: &'a str,
    mode: &'a str,
    /// The SDKs installed on this machine.
    sdks: &'a [crate::go::sdk::Sdk],
}

fn finding(h: &Host, k: &Known) -> Finding {
    let gowork = h.var("GOWORK");
    let Some(file) = gomod::governing_file(&h.cwd, gowork.as_deref()) else {
        return Finding::ok(ID, "no go.mod or go.work here");
    };
    let shown = h.show(&file);
    let Some(text) = h.read_string(&file) else {
        return Finding::error(
            ID,
            format!("{shown} cannot be read"),
            format!("check the permissions of {shown} (or GOWORK)"),
        );
    };
    let (go_line, toolchain_line) = gomod::mod_lines(&text);
    let root = running_go(h)
        .and_then(|g| g.root)
        .or_else(|| k.selected.as_ref().map(|s| s.root.clone()));
    let Some((name, running)) = root.as_deref().and_then(|r| version_of(h, r)) else {
        return Finding::ok(ID, format!("{shown}: no Go SDK to compare with"));
    };
    let toolchain = setting(h, k, "GOTOOLCHAIN", root.as_deref());
    let tc = toolchain.as_ref().map_or("", |s| s.value.as_str());
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
            return Finding::warn(
                ID,
                format!("GOTOOLCHAIN={tc} ({}): go runs {base} here, not the go on PATH ({name}); it downloads {base} if it is not on PATH", toolchain.as_ref().map(|s| s.origin(h, k)).unwrap_or_default()),
                toolchain.as_ref().map_or_else(String::new, |t| super::unset_fix(h, k, "GOTOOLCHAIN", &t.from)),
            );
        }
        return Finding::ok(ID, format!("GOTOOLCHAIN={tc}: go runs {base}"));
    }
    let Some((g, gv)) = go_line
        .as_deref()
        .and_then(|g| Version::parse(g).map(|v| (g.to_string(), v)))
    else {
        return Finding::ok(
            ID,
            format!("{shown} has no go line (go treats it as go 1.16); running {name}"),
        );
    };
    let here = Here {
        h,
        file: &file,
        shown: &shown,
        name: &name,
        running: &running,
        tc,
        mode,
        sdks: &k.sdks,
    };
    if gv > running {
        return go_line_above(&here, &g, &gv);
    }
    let need_tc = toolchain_line
        .as_deref()
        .filter(|t| *t != "default")
        .and_then(|t| Version::parse(t).map(|v| (t, v)));
    if let Some(f) = need_tc.and_then(|(t, tv)| toolchain_line_above(&here, t, &tv)) {
        return f;
    }
    Finding::ok(ID, format!("{shown} needs go >= {g}; {name} satisfies it"))
}

/// Unpacks `name` into ~/sdk, where goenvhook finds it; `go = "go.mod"` then selects it.
fn unpack_then_select(h: &Host, name: &str) -> String {
    let dest = h.home().unwrap_or_default().join("sdk").join(name);
    format!(
        "{}  # then go = \"go.mod\" in .goenv.toml",
        super::unpack_fix(h, name, &dest)
    )
}

/// The file's go line `g` (version `gv`) is above the running go.
fn go_line_above(here: &Here, g: &str, gv: &Version) -> Finding {
    let Here {
        h,
        file,
        shown,
        name,
        tc,
        mode,
        sdks,
        ..
    } = *here;
    let bare = name.trim_start_matches("go");
    let want = gv.toolchain();
    let file_kind = file
        .file_name()
        .map_or("go.mod".into(), |n| n.to_string_lossy().into_owned());
    // An installed release that satisfies the go line is selected, not installed again.
    let installed = sdks
        .iter()
        .filter(|s| {
            s.usable()
                && s.version
                    .as_ref()
                    .is_some_and(|v| v.is_release() && v >= gv)
        })
        .max_by(|a, b| a.version.cmp(&b.version));
    // go = "go.mod" selects the newest installed release the go line allows.
    let select = match installed {
        Some(_) => "go = \"go.mod\"".to_string(),
        None => unpack_then_select(h, &want),
    };
    if mode.is_empty() {
        let tc_shown = if tc.is_empty() {
            "local (no go.env)"
        } else {
            tc
        };
        return Finding::error(
            ID,
            format!("{file_kind} requires go >= {g} (running go {bare}; GOTOOLCHAIN={tc_shown}): every go command that loads the module in {} fails (go build, go test, go list; go version and go env still work)", h.show(file.parent().unwrap_or(Path::new("/")))),
            select,
        );
    }
    if mode == "path" {
        if h.which(&want).is_none() {
            return Finding::error(
                ID,
                format!("{shown} requires go >= {g} (running go {bare}; GOTOOLCHAIN={tc}), and no {want} is on PATH: go fails with 'cannot find \"{want}\" in PATH'"),
                select,
            );
        }
        return Finding::ok(
            ID,
            format!("{shown} requires go >= {g}: go switches to the {want} on PATH"),
        );
    }
    Finding::warn(
        ID,
        format!("{shown} requires go >= {g} but the go here is {name}: with GOTOOLCHAIN={tc} go downloads {want} into the module cache on first use and runs that instead"),
        select,
    )
}

/// What the file's toolchain line `t` (version `tv`) makes go do, when it switches.
fn toolchain_line_above(here: &Here, t: &str, tv: &Version) -> Option<Finding> {
    let Here {
        h,
        shown,
        name,
        running,
        tc,
        mode,
        ..
    } = *here;
    // go = "go.mod" selects exactly the toolchain line's release.
    let fix = if here.sdks.iter().any(|s| s.usable() && s.name == t) {
        "go = \"go.mod\"".to_string()
    } else {
        unpack_then_select(h, t)
    };
    if tv > running && mode == "path" {
        return Some(match h.which(t) {
            Some(p) => Finding::warn(
                ID,
                format!("{shown} says toolchain {t}, newer than {name}: with GOTOOLCHAIN={tc} go runs {} instead (GOROOT becomes that toolchain's)", h.show(&p)),
                fix,
            ),
            None => Finding::error(
                ID,
                format!("{shown} says toolchain {t}, newer than {name}, and GOTOOLCHAIN={tc} finds no {t} on PATH: go fails with 'cannot find \"{t}\" in PATH'"),
                fix,
            ),
        });
    }
    if tv > running && !mode.is_empty() {
        return Some(Finding::warn(
            ID,
            format!("{shown} says toolchain {t}, newer than {name}: with GOTOOLCHAIN={tc} go downloads and runs {t} instead"),
            fix,
        ));
    }
    None
}
