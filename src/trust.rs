//! Who may load what: the trust store (one record file per approval, written atomically), read
//! with the global config's trusted prefixes. The only writer of goenvhook's own data, besides
//! the SDK memo in the cache (go/sdk.rs).

use std::ffi::{OsStr, OsString};
use std::fs;
use std::io::{self, Write};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use sha2::{Digest, Sha256};

use crate::config::Global;
use crate::paths;

/// Where goenvhook keeps its files (the XDG base directories, see `paths`).
#[derive(Debug, Clone)]
pub struct Dirs {
    pub trust: Option<PathBuf>,
    pub global_config: Option<PathBuf>,
}

impl Dirs {
    pub fn from_env(get: impl Fn(&str) -> Option<OsString>) -> Dirs {
        Dirs {
            trust: paths::data_home(&get).map(|d| d.join("goenvhook/trust")),
            global_config: paths::config_home(&get).map(|d| d.join("goenvhook/config.toml")),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    /// `goenvhook deny`: never loaded, never mentioned.
    Denied,
    NotAllowed,
}

fn hex_sha256(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(64);
    for b in h.finalize() {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 15)]));
    }
    out
}

/// A record is keyed on path and content (as direnv does): editing the file, or the same bytes
/// at another path, needs a new approval; restoring approved bytes is approved again.
fn allow_name(path: &Path, content: &[u8]) -> String {
    format!(
        "allow-{}",
        hex_sha256(&[path.as_os_str().as_bytes(), b"\0", content])
    )
}

fn deny_name(path: &Path) -> String {
    format!("deny-{}", hex_sha256(&[path.as_os_str().as_bytes()]))
}

pub struct Store {
    pub dir: PathBuf,
}

fn exists(p: &Path) -> io::Result<bool> {
    match fs::symlink_metadata(p) {
        Ok(_) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

impl Store {
    /// Deny wins over every other rule, then a trusted prefix, then an approval record.
    pub fn verdict(&self, path: &Path, content: &[u8], global: &Global) -> io::Result<Verdict> {
        if exists(&self.dir.join(deny_name(path)))? {
            return Ok(Verdict::Denied);
        }
        if global.prefixes.iter().any(|p| path.starts_with(p)) {
            return Ok(Verdict::Allowed);
        }
        if exists(&self.dir.join(allow_name(path, content)))? {
            return Ok(Verdict::Allowed);
        }
        Ok(Verdict::NotAllowed)
    }

    pub fn allow(&self, path: &Path, content: &[u8]) -> Result<()> {
        self.write_record(&allow_name(path, content), path)?;
        remove_if_present(&self.dir.join(deny_name(path)))
    }

    pub fn deny(&self, path: &Path) -> Result<()> {
        self.write_record(&deny_name(path), path)
    }

    /// Writes to a unique temporary file and renames it into place: concurrent `allow`s from many
    /// shells never leave a partial record, and readers see either nothing or the whole record.
    fn write_record(&self, name: &str, path: &Path) -> Result<()> {
        fs::create_dir_all(&self.dir)
            .with_context(|| format!("could not create the trust store {}", self.dir.display()))?;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let tmp = self
            .dir
            .join(format!(".tmp-{}-{nanos}-{name}", std::process::id()));
        let mut f =
            fs::File::create(&tmp).with_context(|| format!("could not write {}", tmp.display()))?;
        f.write_all(path.as_os_str().as_bytes())?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, self.dir.join(name))
            .with_context(|| format!("could not write the trust record in {}", self.dir.display()))
    }

    /// Removes records whose file is gone or no longer has the approved content.
    /// Returns (removed, kept).
    pub fn prune(&self) -> Result<(usize, usize)> {
        let entries = match fs::read_dir(&self.dir) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((0, 0)),
            Err(e) => {
                return Err(e).with_context(|| {
                    format!("could not read the trust store {}", self.dir.display())
                })
            }
        };
        let (mut removed, mut kept) = (0, 0);
        for entry in entries {
            let entry = entry?;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let record = entry.path();
            let keep = if let Some(rest) = name.strip_prefix(".tmp-") {
                // A record being written by another allow or deny right now is theirs; only
                // leftovers of a process that is gone (killed mid-write) are removed.
                let pid = rest.split('-').next().and_then(|p| p.parse::<i32>().ok());
                pid.is_some_and(|p| {
                    nix::sys::signal::kill(nix::unistd::Pid::from_raw(p), None)
                        != Err(nix::errno::Errno::ESRCH)
                })
            } else {
                let target =
                    PathBuf::from(OsStr::from_bytes(&fs::read(&record).unwrap_or_default()));
                match crate::config::read(&target) {
                    Err(_) => false,
                    Ok(content) if name.starts_with("allow-") => {
                        *name == allow_name(&target, &content)
                    }
                    Ok(_) => *name == deny_name(&target),
                }
            };
            if keep {
                kept += 1;
            } else {
                remove_if_present(&record)?;
                removed += 1;
            }
        }
        Ok((removed, kept))
    }
}

fn remove_if_present(p: &Path) -> Result<()> {
    match fs::remove_file(p) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => {
            Err(e).with_context(|| format!("could not remove {}", p.display()))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Record names must stay what earlier releases wrote: lowercase hex of SHA-256 (FIPS 180-2's
    /// "abc" example), over the parts as one message.
    #[test]
    fn record_names_are_the_sha256_hex_earlier_releases_wrote() {
        let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assert_eq!(hex_sha256(&[b"abc"]), abc);
        assert_eq!(hex_sha256(&[b"a", b"", b"bc"]), abc);
    }

    #[test]
    fn allow_deny_prune() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store {
            dir: tmp.path().join("trust"),
        };
        let cfg = tmp.path().join(".goenv.toml");
        fs::write(&cfg, "x").unwrap();
        let g = Global::default();
        assert_eq!(store.verdict(&cfg, b"x", &g).unwrap(), Verdict::NotAllowed);
        store.allow(&cfg, b"x").unwrap();
        assert_eq!(store.verdict(&cfg, b"x", &g).unwrap(), Verdict::Allowed);
        assert_eq!(store.verdict(&cfg, b"y", &g).unwrap(), Verdict::NotAllowed);
        store.deny(&cfg).unwrap();
        assert_eq!(store.verdict(&cfg, b"x", &g).unwrap(), Verdict::Denied);
        let trusted = Global {
            prefixes: vec![tmp.path().to_path_buf()],
            ..Global::default()
        };
        assert_eq!(
            store.verdict(&cfg, b"x", &trusted).unwrap(),
            Verdict::Denied
        );
        store.allow(&cfg, b"x").unwrap();
        assert_eq!(store.verdict(&cfg, b"x", &g).unwrap(), Verdict::Allowed);
        fs::write(&cfg, "changed").unwrap();
        assert_eq!(store.prune().unwrap(), (1, 0));
    }
}
