//! Checks of values that name files the go command opens, made against the file system once the
//! value is expanded: GOWORK must be a file (go: "reading go.work: ... is a directory" or "no
//! such file"), GOTMPDIR a directory (go: "creating work dir"), and GOAUTH's `git <dir>` a
//! directory (go: "cannot stat"). The grammar of both
//! is `go::vars`'; this is only whether the named thing is there.

use std::path::Path;

/// Whether `name=v` names files that exist as go needs them; the message says what to fix.
pub fn check(name: &str, v: &str) -> Result<(), String> {
    match name {
        "GOWORK" if v.starts_with('/') => {
            let p = Path::new(v);
            if p.is_dir() {
                Err(format!("GOWORK={v} is a directory; go reads a go.work file there: write {}", p.join("go.work").display()))
            } else if !p.is_file() {
                Err(format!("GOWORK={v} does not exist, and go fails reading it: create it with go work init, or write GOWORK = \"off\""))
            } else {
                Ok(())
            }
        }
        "GOTMPDIR" if v.starts_with('/') && !Path::new(v).is_dir() => Err(format!(
            "GOTMPDIR={v} is not a directory, and every go build fails (go: 'creating work dir'): create it (mkdir -p {v}) or remove GOTMPDIR"
        )),
        "GOAUTH" => v.split(';').try_for_each(|c| match c.split_whitespace().collect::<Vec<_>>()[..] {
            ["git", dir] if dir.starts_with('/') && !Path::new(dir).is_dir() => Err(format!(
                "GOAUTH entry {:?}: {dir} is not a directory, and go stops every download (go: 'cannot stat'): write the path of a git checkout",
                c.trim()
            )),
            _ => Ok(()),
        }),
        _ => Ok(()),
    }
}
