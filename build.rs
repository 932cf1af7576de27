//! Sets GOENVHOOK_VERSION for `goenvhook --version`: the package version, plus the commit it was
//! built from when it is built from its own git checkout (`0.1.0 (5e571f0)`). A crates.io tarball
//! has no .git, and an unpacked crate vendored inside some other repository must not report that
//! repository's commit, so the commit is used only when git's top level is this package's directory.
//! Plain std only: the release build is static non-PIE, and build scripts get the same flags.

use std::path::{Path, PathBuf};
use std::process::Command;

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let s = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (!s.is_empty()).then_some(s)
}

fn main() {
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let own_checkout = git(&dir, &["rev-parse", "--show-toplevel"])
        .and_then(|top| Path::new(&top).canonicalize().ok())
        .is_some_and(|top| dir.canonicalize().is_ok_and(|d| d == top));
    let commit = if own_checkout {
        git(&dir, &["rev-parse", "--short", "HEAD"])
    } else {
        None
    };
    match &commit {
        Some(c) => println!("cargo:rustc-env=GOENVHOOK_VERSION={version} ({c})"),
        None => println!("cargo:rustc-env=GOENVHOOK_VERSION={version}"),
    }
    // Re-run when HEAD moves: HEAD itself (a checkout), the branch it points at (a commit) and
    // packed-refs (a gc). Worktrees keep HEAD in their own git dir and refs in the common one;
    // `--git-path` answers both. Without git, nothing but this file can change the answer.
    println!("cargo:rerun-if-changed=build.rs");
    if own_checkout {
        let mut watch = vec!["HEAD".to_string(), "packed-refs".to_string()];
        if let Some(r) = git(&dir, &["symbolic-ref", "-q", "HEAD"]) {
            watch.push(r);
        }
        for w in watch {
            if let Some(p) = git(&dir, &["rev-parse", "--git-path", &w]) {
                let p = dir.join(p);
                if p.exists() {
                    println!("cargo:rerun-if-changed={}", p.display());
                }
            }
        }
    }
}
