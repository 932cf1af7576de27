//! GOROOT: the tree go uses here has bin/go, pkg/tool/<os_arch>, VERSION and go.env, and the
//! installed SDKs discovery skipped, with why.

use std::path::Path;

use super::{effective_goroot, Finding, Host, Known, Source};
use crate::go::envfile;
use crate::go::sdk::binary_arch;

pub fn tree(h: &Host, k: &Known) -> Vec<Finding> {
    let Some((root, from)) = effective_goroot(h, k) else {
        return vec![Finding::ok(
            "goroot.tree",
            "no GOROOT here (GOROOT unset and no Go SDK binary on PATH)",
        )];
    };
    let origin = match from {
        Source::File(n) => format!(
            " (from {}:{n})",
            k.envfile
                .as_ref()
                .and_then(super::EnvFile::path)
                .map_or("the go env file".into(), |p| h.show(p))
        ),
        _ => String::new(),
    };
    let label = format!("GOROOT {}{origin}", h.show(&root));
    let fixes = Fixes::new(h, k, &root);
    vec![structure(h, &root, &label, &fixes).unwrap_or_else(|| contents(h, &root, &label, &fixes))]
}

/// The fixes for a broken GOROOT: take the GOROOT setting away, unpack the tree's release again
/// in place, or give the project an installed SDK.
struct Fixes {
    unset: String,
    reinstall: String,
    select: String,
}

impl Fixes {
    fn new(h: &Host, k: &Known, root: &Path) -> Fixes {
        let select = super::install_fix(h, k);
        // GOROOT as set (environment or go env file), not the tree above the go on PATH.
        let unset = super::setting(h, k, "GOROOT", None).map_or_else(
            || select.clone(),
            |gr| super::path::goroot_removal(h, k, &gr),
        );
        let version = h
            .read_string(&root.join("VERSION"))
            .and_then(|v| v.lines().next().map(|l| l.trim().to_string()))
            .filter(|v| v.starts_with("go1"));
        let reinstall = version.map_or_else(|| select.clone(), |v| super::unpack_fix(h, &v, root));
        Fixes {
            unset,
            reinstall,
            select,
        }
    }
}

/// The tree is there, is no bin directory, and has bin/go and pkg/tool for its CPU.
fn structure(h: &Host, root: &Path, label: &str, fixes: &Fixes) -> Option<Finding> {
    let error = |message: String, fix: &str| Some(Finding::error("goroot.tree", message, fix));
    if !h.is_dir(root) {
        return error(format!("{label} does not exist: every go command fails with 'go: cannot find GOROOT directory'"), &fixes.unset);
    }
    if root.file_name().is_some_and(|n| n == "bin") && h.is_file(&root.join("go")) {
        return error(
            format!("{label} is a bin directory: builds fail with 'package fmt is not in std'"),
            &fixes.unset,
        );
    }
    let go = root.join("bin/go");
    if !h.is_executable(&go) {
        return error(
            format!("{label} has no executable bin/go"),
            &fixes.reinstall,
        );
    }
    let arch = h
        .head(&go, 64)
        .and_then(|b| binary_arch(&b))
        .unwrap_or("amd64");
    let tool = format!("pkg/tool/{}_{arch}", h.os);
    if !h.is_dir(&root.join(&tool)) {
        return error(format!("{label} has no {tool}: go does not recognise the tree (isGOROOT checks pkg/tool) and builds cannot find compile or link; an incomplete or mixed install"), &fixes.reinstall);
    }
    None
}

/// The tree's VERSION and go.env.
fn contents(h: &Host, root: &Path, label: &str, fixes: &Fixes) -> Finding {
    let version = h
        .read_string(&root.join("VERSION"))
        .and_then(|v| v.lines().next().map(|l| l.trim().to_string()))
        .filter(|v| v.starts_with("go"));
    let Some(version) = version else {
        return Finding::warn(
            "goroot.tree",
            format!("{label} has no VERSION file: nothing can tell its version without running it (a source checkout?)"),
            &fixes.select,
        );
    };
    let Some(goenv) = h.read_string(&envfile::goroot_file(root)) else {
        return Finding::error(
            "goroot.tree",
            format!("{label} ({version}) has no go.env: GOPROXY, GOSUMDB and GOTOOLCHAIN are empty, so downloads fail with 'GOPROXY list is not the empty string, but contains no entries' and toolchain switching is off"),
            // go.env ships with every release since 1.21.
            &fixes.reinstall,
        );
    };
    let values: Vec<String> = envfile::parse(&goenv)
        .into_iter()
        .map(|l| format!("{}={}", l.key, l.value))
        .collect();
    Finding::ok(
        "goroot.tree",
        format!(
            "{label} is a complete {version} tree; its go.env sets {}",
            if values.is_empty() {
                "nothing".to_string()
            } else {
                values.join(" ")
            }
        ),
    )
}

/// SDKs discovery found but skips: broken links and incomplete trees are reported here.
pub fn sdks(h: &Host, k: &Known) -> Vec<Finding> {
    let mut out = Vec::new();
    for s in k.sdks.iter().filter(|s| !s.usable()) {
        let problem = s.problem.clone().unwrap_or_default();
        let fix = if problem == "dangling symlink" {
            format!(
                "{}rm {}",
                super::sudo(h, &s.root),
                super::sh_path(h, &s.root)
            )
        } else if s.name.starts_with("go1") {
            // Another CPU's build or an incomplete tree: this machine's build in its place.
            super::unpack_fix(h, &s.name, &s.root)
        } else {
            format!(
                "{}rm -rf {}",
                super::sudo(h, &s.root),
                super::sh_path(h, &s.root)
            )
        };
        out.push(Finding::warn(
            "sdk.unusable",
            format!(
                "{} ({}) is skipped: {problem}",
                h.show(&s.root),
                s.installer
            ),
            fix,
        ));
    }
    if out.is_empty() {
        out.push(Finding::ok(
            "sdk.unusable",
            format!("{} installed Go SDK(s) found, all usable", k.sdks.len()),
        ));
    }
    out
}
