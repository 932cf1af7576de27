//! One installed Go release, as the value checks ask about it: its VERSION file, and the names
//! its own source tree defines. GOEXPERIMENT names are the fields of internal/goexperiment's
//! `Flags` (go lower-cases them), GODEBUG keys are the go command's table
//! (internal/godebugs) and the runtime's own (`dbgvars` in runtime/runtime1.go), and GOFIPS140
//! modules are the files under lib/fips140. Each is read once, the first time a check asks, so
//! a config that sets none of these variables reads nothing.

use std::cell::OnceCell;
use std::fs;
use std::path::{Path, PathBuf};

use crate::go::vars;
use crate::go::version::Version;

pub struct Release {
    /// The GOROOT, when the release is installed (None: only the version is known).
    root: Option<PathBuf>,
    /// Read from VERSION when first asked (known from the start for a release named only).
    version: OnceCell<Option<Version>>,
    experiments: OnceCell<Option<Vec<String>>>,
    godebugs: OnceCell<Option<Vec<String>>>,
}

impl Release {
    /// The release installed at `root`.
    pub fn at(root: &Path) -> Release {
        Release {
            root: Some(root.to_path_buf()),
            version: OnceCell::new(),
            experiments: OnceCell::new(),
            godebugs: OnceCell::new(),
        }
    }

    /// A release known by name only (one GOTOOLCHAIN will download).
    pub fn named(name: &str) -> Release {
        Release {
            root: None,
            version: OnceCell::from(Version::parse(name)),
            experiments: OnceCell::new(),
            godebugs: OnceCell::new(),
        }
    }

    /// The go found first on `path` (a PATH value), through its symlinks.
    pub fn on_path(path: &std::ffi::OsStr) -> Option<Release> {
        let go = std::env::split_paths(path)
            .map(|d| d.join("go"))
            .find(|g| g.is_file())?;
        let real = fs::canonicalize(go).ok()?;
        let root = real.parent()?.parent()?;
        root.join("pkg/tool").is_dir().then(|| Release::at(root))
    }

    fn read(&self, rel: &str) -> Option<String> {
        fs::read_to_string(self.root.as_ref()?.join(rel)).ok()
    }
}

/// The lower-cased `bool` fields of `type Flags struct` in internal/goexperiment/flags.go.
fn experiment_names(src: &str) -> Vec<String> {
    let body = src.split("type Flags struct {").nth(1).unwrap_or("");
    let body = body.split("\n}").next().unwrap_or("");
    body.lines()
        .filter_map(|l| {
            let mut w = l.split_whitespace();
            match (w.next(), w.next()) {
                (Some(n), Some("bool")) if n.starts_with(|c: char| c.is_ascii_uppercase()) => {
                    Some(n.to_ascii_lowercase())
                }
                _ => None,
            }
        })
        .collect()
}

/// The quoted names after `marker` (`Name: "` in the godebugs table, `{name: "` in the runtime).
fn quoted_after(src: &str, marker: &str) -> Vec<String> {
    src.split(marker)
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect()
}

impl vars::Release for Release {
    fn version(&self) -> Option<&Version> {
        self.version
            .get_or_init(|| {
                let v = self.read("VERSION")?;
                Version::parse(v.lines().next().unwrap_or(""))
            })
            .as_ref()
    }

    fn experiments(&self) -> Option<&[String]> {
        self.experiments
            .get_or_init(|| {
                let names = experiment_names(&self.read("src/internal/goexperiment/flags.go")?);
                (!names.is_empty()).then_some(names)
            })
            .as_deref()
    }

    fn godebugs(&self) -> Option<&[String]> {
        self.godebugs
            .get_or_init(|| {
                let mut keys =
                    quoted_after(&self.read("src/internal/godebugs/table.go")?, "Name: \"");
                keys.extend(quoted_after(
                    &self.read("src/runtime/runtime1.go")?,
                    "{name: \"",
                ));
                (!keys.is_empty()).then_some(keys)
            })
            .as_deref()
    }

    /// As the go command looks it up: `lib/fips140/<v>.zip`, or `<v>.txt` naming one.
    fn fips140(&self, v: &str) -> Option<bool> {
        let dir = self.root.as_ref()?.join("lib/fips140");
        if !dir.is_dir() {
            return Some(false);
        }
        let v = match fs::read_to_string(dir.join(format!("{v}.txt"))) {
            Ok(alias) => alias.trim().to_string(),
            Err(_) => v.to_string(),
        };
        Some(dir.join(format!("{v}.zip")).is_file())
    }
}

/// A release opened only when a check first asks about it: most configs set no variable that
/// needs one, and finding the go on PATH costs a stat per entry.
pub struct Lazy<F: Fn() -> Box<dyn vars::Release>> {
    open: F,
    cell: OnceCell<Box<dyn vars::Release>>,
}

impl<F: Fn() -> Box<dyn vars::Release>> Lazy<F> {
    pub fn new(open: F) -> Self {
        Lazy {
            open,
            cell: OnceCell::new(),
        }
    }

    fn get(&self) -> &dyn vars::Release {
        self.cell.get_or_init(&self.open).as_ref()
    }
}

impl<F: Fn() -> Box<dyn vars::Release>> vars::Release for Lazy<F> {
    fn version(&self) -> Option<&Version> {
        self.get().version()
    }
    fn experiments(&self) -> Option<&[String]> {
        self.get().experiments()
    }
    fn godebugs(&self) -> Option<&[String]> {
        self.get().godebugs()
    }
    fn fips140(&self, v: &str) -> Option<bool> {
        self.get().fips140(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_source() {
        let flags = "package x\n\ntype Flags struct {\n\tFieldTrack bool\n\t// A comment.\n\tLoopVar    bool\n}\n\nvar x bool\n";
        assert_eq!(experiment_names(flags), ["fieldtrack", "loopvar"]);
        let table = "var All = []Info{\n\t{Name: \"asynctimerchan\", Package: \"time\"},\n\t{Name: \"x509sha1\"},\n}";
        assert_eq!(
            quoted_after(table, "Name: \""),
            ["asynctimerchan", "x509sha1"]
        );
    }
}
