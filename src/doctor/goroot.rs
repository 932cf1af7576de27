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
    let shown = h.show(&root);
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
    let fix_root =
        "select an SDK (go = \"1.22\" in .goenv.toml) or reinstall Go from https://go.dev/dl/";
    if !h.is_dir(&root) {
        return vec![Finding::error(
            "goroot.tree",
            format!("GOROOT {shown}{origin} does not exist: every go command fails with 'go: cannot find GOROOT directory'"),
            format!("unset GOROOT, or {fix_root}"),
        )];
    }
    if root.file_name().is_some_and(|n| n == "bin") && h.is_file(&root.join("go")) {
        return vec![Finding::error(
            "goroot.tree",
            format!("GOROOT {shown}{origin} is a bin directory: builds fail with 'package fmt is not in std'"),
            format!("set GOROOT to {} (or unset it)", root.parent().unwrap_or(Path::new("/")).display()),
        )];
    }
    let go = root.join("bin/go");
    if !h.is_executable(&go) {
        return vec![Finding::error(
            "goroot.tree",
            format!("GOROOT {shown}{origin} has no executable bin/go"),
            fix_root,
        )];
    }
    let arch = h
        .head(&go, 64)
        .and_then(|b| binary_arch(&b))
        .unwrap_or("amd64");
    let tool = format!("pkg/tool/{}_{arch}", h.os);
    if !h.is_dir(&root.join(&tool)) {
        return vec![Finding::error(
            "goroot.tree",
            format!("GOROOT {shown}{origin} has no {tool}: go does not recognise the tree (isGOROOT checks pkg/tool) and builds cannot find compile or link; an incomplete or mixed install"),
            format!("reinstall this Go into an empty directory (never untar over an existing tree), or {fix_root}"),
        )];
    }
    let version = h
        .read_string(&root.join("VERSION"))
        .and_then(|v| v.lines().next().map(|l| l.trim().to_string()))
        .filter(|v| v.starts_with("go"));
    let Some(version) = version else {
        return vec![Finding::warn(
            "goroot.tree",
            format!("GOROOT {shown}{origin} has no VERSION file: nothing can tell its version without running it (a source checkout?)"),
            fix_root,
        )];
    };
    let Some(goenv) = h.read_string(&envfile::goroot_file(&root)) else {
        return vec![Finding::error(
            "goroot.tree",
            format!("GOROOT {shown}{origin} ({version}) has no go.env: GOPROXY, GOSUMDB and GOTOOLCHAIN are empty, so downloads fail with 'GOPROXY list is not the empty string, but contains no entries' and toolchain switching is off"),
            format!("reinstall {version} from https://go.dev/dl/ (go.env ships with every release since 1.21)"),
        )];
    };
    let values: Vec<String> = envfile::parse(&goenv)
        .into_iter()
        .map(|l| format!("{}={}", l.key, l.value))
        .collect();
    vec![Finding::ok(
        "goroot.tree",
        format!(
            "GOROOT {shown}{origin} is a complete {version} tree; its go.env sets {}",
            if values.is_empty() {
                "nothing".to_string()
            } else {
                values.join(" ")
            }
        ),
    )]
}

/// SDKs discovery found but skips: broken links and incomplete trees are reported here.
pub fn sdks(h: &Host, k: &Known) -> Vec<Finding> {
    let mut out = Vec::new();
    for s in k.sdks.iter().filter(|s| !s.usable()) {
        let problem = s.problem.clone().unwrap_or_default();
        let fix = if problem == "dangling symlink" {
            format!("remove the link: rm {}", s.root.display())
        } else if problem.starts_with("built for") {
            format!(
                "remove it and install the {}-{} build of {}",
                h.os,
                h.machine_arch(),
                s.name
            )
        } else {
            format!(
                "reinstall {} into an empty directory, or remove {}",
                if s.name.is_empty() { "it" } else { &s.name },
                s.root.display()
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
