//! Modules a build needs, where go will look for them: with GOPROXY=off every module the main
//! module's go.mod requires must already be in the module cache, and with vendoring in effect
//! (`-mod=vendor` in GOFLAGS, or go's default when vendor/ exists) vendor/modules.txt must exist.
//! Workspaces (go.work) are left to go: their modules and vendor directory follow other rules.

use std::path::{Path, PathBuf};

use super::{arch, setting, Finding, Host, Known, Setting};
use crate::go::gomod::{self, Required};
use crate::go::vars;
use crate::go::version::Version;

/// The main module's go.mod, when go runs in single-module mode here.
fn main_gomod(h: &Host) -> Option<PathBuf> {
    let gowork = h.var("GOWORK");
    let file = gomod::governing_file(&h.cwd, gowork.as_deref())?;
    (file.file_name()? == "go.mod").then_some(file)
}

/// The last `-mod=` in GOFLAGS, with the setting it came from.
fn mod_flag(h: &Host, k: &Known) -> Option<(String, Setting)> {
    let s = setting(h, k, "GOFLAGS", None)?;
    let fields = vars::goflags_fields(&s.value).ok()?;
    let v = fields.iter().rev().find_map(|f| {
        f.strip_prefix("--mod=")
            .or_else(|| f.strip_prefix("-mod="))
            .map(str::to_string)
    })?;
    Some((v, s))
}

/// Whether go builds from vendor/ here (modload's default: a go line of 1.14 or later and a
/// vendor directory, unless GOFLAGS says otherwise).
fn vendoring(h: &Host, k: &Known, dir: &Path, text: &str) -> bool {
    if let Some((m, _)) = mod_flag(h, k) {
        return m == "vendor";
    }
    let go = gomod::mod_lines(text).0.and_then(|g| Version::parse(&g));
    go.is_some_and(|g| Version::parse("1.14").is_some_and(|min| g >= min))
        && h.is_dir(&dir.join("vendor"))
}

/// Go's path.Match for the `*` and `?` of module path patterns (neither crosses a `/`).
fn glob(pattern: &[u8], name: &[u8]) -> bool {
    match (pattern.split_first(), name.split_first()) {
        (None, _) => name.is_empty(),
        (Some((b'*', rest)), _) => (0..=name.len())
            .take_while(|&i| i == 0 || name[i - 1] != b'/')
            .any(|i| glob(rest, &name[i..])),
        (Some((b'?', rest)), Some((c, tail))) => *c != b'/' && glob(rest, tail),
        (Some((p, rest)), Some((c, tail))) => p == c && glob(rest, tail),
        (Some(_), None) => false,
    }
}

/// Go's module.MatchPrefixPatterns: some pattern matches a leading part of `path` with as many
/// elements as the pattern has.
fn matches_any(patterns: &str, path: &str) -> bool {
    patterns
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .any(|p| {
            let n = p.matches('/').count() + 1;
            let parts: Vec<&str> = path.split('/').collect();
            parts.len() >= n && glob(p.as_bytes(), parts[..n].join("/").as_bytes())
        })
}

/// A module version is in the cache when go can build from it without asking a proxy: its zip
/// in cache/download, or the tree go unpacked from it.
fn cached(cache: &Path, r: &Required) -> (bool, bool) {
    let (p, v) = (gomod::escape(&r.path), gomod::escape(&r.version));
    let dl = cache.join("cache/download").join(&p).join("@v");
    let has_mod = dl.join(format!("{v}.mod")).is_file();
    let has_zip = dl.join(format!("{v}.zip")).is_file() || cache.join(format!("{p}@{v}")).is_dir();
    (has_mod, has_zip)
}

const OFFLINE: &str = "modules.offline";

pub fn offline(h: &Host, k: &Known) -> Vec<Finding> {
    let root = super::effective_goroot(h, k).map(|(r, _)| r);
    let Some(proxy) = setting(h, k, "GOPROXY", root.as_deref()) else {
        return vec![Finding::ok(
            OFFLINE,
            "GOPROXY unset: go fetches modules it lacks",
        )];
    };
    let first = proxy
        .value
        .split([',', '|'])
        .map(str::trim)
        .find(|e| !e.is_empty());
    if first != Some("off") {
        return vec![Finding::ok(
            OFFLINE,
            format!("GOPROXY={}: go fetches modules it lacks", proxy.value),
        )];
    }
    let origin = proxy.origin(h, k);
    let Some(file) = main_gomod(h) else {
        return vec![Finding::ok(
            OFFLINE,
            format!("GOPROXY=off ({origin}), and no go.mod here"),
        )];
    };
    let text = h.read_string(&file).unwrap_or_default();
    let dir = file.parent().unwrap_or(Path::new("/"));
    if vendoring(h, k, dir, &text) {
        return vec![Finding::ok(
            OFFLINE,
            format!("GOPROXY=off ({origin}): go builds from vendor/, not the module cache"),
        )];
    }
    let Some(cache) = arch::modcache(h, k) else {
        return Vec::new();
    };
    // GONOPROXY (GOPRIVATE when unset) modules are fetched directly even with GOPROXY=off.
    let direct = setting(h, k, "GONOPROXY", None)
        .or_else(|| setting(h, k, "GOPRIVATE", None))
        .map(|s| s.value)
        .unwrap_or_default();
    let shown = h.show(&file);
    let mut out = Vec::new();
    for r in gomod::requires(&text) {
        if matches_any(&direct, &r.path) {
            continue;
        }
        let (has_mod, has_zip) = cached(&cache, &r);
        if has_zip && has_mod {
            continue;
        }
        let fails = if has_mod {
            "building a package that imports it fails"
        } else {
            "building a package that imports it, go list -m all and go mod tidy fail"
        };
        out.push(Finding::error(
            OFFLINE,
            format!(
                "{shown} requires {} {}, which is not in the module cache ({}), and GOPROXY=off ({origin}) forbids fetching it: {fails} with 'module lookup disabled by GOPROXY=off'",
                r.path,
                r.version,
                h.show(&cache)
            ),
            // Fills the cache once, and keeps GOPROXY=off for everything after.
            format!(
                "GOPROXY=https://proxy.golang.org,direct go mod download {}@{}",
                r.path, r.version
            ),
        ));
    }
    if out.is_empty() {
        out.push(Finding::ok(
            OFFLINE,
            format!("GOPROXY=off ({origin}): every module {shown} requires is in the module cache"),
        ));
    }
    out
}

const VENDOR: &str = "modules.vendor";

pub fn vendor(h: &Host, k: &Known) -> Vec<Finding> {
    let Some(file) = main_gomod(h) else {
        return vec![Finding::ok(VENDOR, "no go.mod here (or a go.work governs)")];
    };
    let text = h.read_string(&file).unwrap_or_default();
    let dir = file.parent().unwrap_or(Path::new("/"));
    if !vendoring(h, k, dir, &text) {
        return vec![Finding::ok(VENDOR, "go does not build from vendor/ here")];
    }
    let modules_txt = dir.join("vendor/modules.txt");
    let why = match mod_flag(h, k) {
        Some((_, s)) => format!("GOFLAGS={} ({})", s.value, s.origin(h, k)),
        None => format!(
            "{} exists and the go line is 1.14 or later",
            h.show(&dir.join("vendor"))
        ),
    };
    if h.is_file(&modules_txt) {
        return vec![Finding::ok(
            VENDOR,
            format!("go builds from vendor/ ({why})"),
        )];
    }
    let needed = gomod::requires(&text);
    let Some(first) = needed.first() else {
        return vec![Finding::ok(
            VENDOR,
            format!(
                "{why} but there is no {}: nothing to vendor, since {} requires no module",
                h.show(&modules_txt),
                h.show(&file)
            ),
        )];
    };
    // Since go 1.14 (and with no go line) go checks vendor/modules.txt against go.mod before
    // anything else; an older go line only fails when a package from a module is imported.
    let go = gomod::mod_lines(&text).0.and_then(|g| Version::parse(&g));
    let checked = go.is_none_or(|g| Version::parse("1.14").is_some_and(|min| g >= min));
    let fails = if checked {
        format!("every go build, go test and go list in {} fails with 'inconsistent vendoring' ({}@{}: is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt)", h.show(dir), first.path, first.version)
    } else {
        format!(
            "building a package that imports {} fails with 'import lookup disabled by -mod=vendor'",
            first.path
        )
    };
    vec![Finding::error(
        VENDOR,
        format!(
            "{why}, but {} does not exist: {fails}",
            h.show(&modules_txt)
        ),
        "go mod vendor",
    )]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_path_patterns() {
        assert!(matches_any(
            "*.corp.example.com",
            "git.corp.example.com/team/x"
        ));
        assert!(matches_any("github.com/acme", "github.com/acme/tool"));
        assert!(matches_any(
            " x.org , github.com/acme/*",
            "github.com/acme/tool/v2"
        ));
        assert!(!matches_any("github.com/acme", "github.com/acmeco/tool"));
        assert!(!matches_any("*.example.com", "example.com/x"));
        assert!(!matches_any("", "example.com/x"));
    }
}
