//! go.mod and go.work as goenvhook reads them: where they are beside a config, and their `go`
//! and `toolchain` lines. Pure apart from the paths it names.

use std::path::{Path, PathBuf};

/// The go.work or go.mod beside a config, as `go = "go.mod"` reads them. Both paths are returned
/// so they can be watched (a go.work created later wins over the go.mod).
pub fn gomod_files(dir: &Path) -> [PathBuf; 2] {
    [dir.join("go.work"), dir.join("go.mod")]
}

/// The `go` and `toolchain` lines of a go.mod or go.work.
pub fn mod_lines(text: &str) -> (Option<String>, Option<String>) {
    let (mut go, mut toolchain) = (None, None);
    for line in text.lines() {
        let line = line.split("//").next().unwrap_or("").trim();
        let mut words = line.split_whitespace();
        match (words.next(), words.next()) {
            (Some("go"), Some(v)) => go = Some(v.to_string()),
            (Some("toolchain"), Some(v)) => toolchain = Some(v.to_string()),
            _ => {}
        }
    }
    (go, toolchain)
}

/// The file the go command takes its `go` and `toolchain` lines from when run in `dir`:
/// `$GOWORK` if set (`off` disables workspaces), else the nearest go.work,
/// else the nearest go.mod, walking up.
pub fn governing_file(dir: &Path, gowork: Option<&str>) -> Option<PathBuf> {
    match gowork.filter(|w| !w.is_empty()) {
        Some("off") => {}
        Some(w) => return Some(PathBuf::from(w)),
        None => {
            if let Some(w) = dir
                .ancestors()
                .map(|d| d.join("go.work"))
                .find(|p| p.is_file())
            {
                return Some(w);
            }
        }
    }
    dir.ancestors()
        .map(|d| d.join("go.mod"))
        .find(|p| p.is_file())
}
