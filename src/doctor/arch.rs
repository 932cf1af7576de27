//! CPU architecture: the go that runs is built for this machine (including an
//! amd64 go under Rosetta on Apple Silicon), this shell is not translated, and the toolchains
//! GOTOOLCHAIN downloaded into the module cache are for this machine too.

use std::path::PathBuf;

use super::{running_go, setting, Finding, Host, Known};
use crate::go::sdk::binary_arch;

pub fn go(h: &Host, k: &Known) -> Vec<Finding> {
    let bin = running_go(h)
        .map(|g| g.real)
        .or_else(|| k.selected.as_ref().map(|s| s.root.join("bin/go")));
    let Some(bin) = bin else {
        return vec![Finding::ok("arch.go", "no go to check")];
    };
    let machine = h.machine_arch();
    let header = h.head(&bin, 64).unwrap_or_default();
    let Some(arch) = binary_arch(&header) else {
        return vec![Finding::ok(
            "arch.go",
            format!(
                "{} is not an ELF or Mach-O binary doctor knows",
                h.show(&bin)
            ),
        )];
    };
    let macho = header.starts_with(&[0xcf, 0xfa, 0xed, 0xfe]);
    if arch == machine {
        return vec![Finding::ok(
            "arch.go",
            format!("{} is built for {arch}, like this machine", h.show(&bin)),
        )];
    }
    if macho && arch == "amd64" && machine == "arm64" {
        return vec![Finding::error(
            "arch.go",
            format!(
                "{} is an amd64 (Intel) build on an Apple Silicon Mac: it runs under Rosetta, builds amd64 by default (GOARCH follows the go binary), Delve refuses to start ('can not run under Rosetta'), cgo fails to link arm64 Homebrew libraries, and GOTOOLCHAIN downloads amd64 toolchains",
                h.show(&bin)
            ),
            // An installed SDK for this CPU, else this CPU's build of the current release.
            super::install_fix(h, k),
        )];
    }
    vec![Finding::error(
        "arch.go",
        format!(
            "{} is built for {arch}, but this machine is {machine}: it cannot run here (exec format error)",
            h.show(&bin)
        ),
        super::install_fix(h, k),
    )]
}

pub fn rosetta(h: &Host, _k: &Known) -> Vec<Finding> {
    if h.os != "darwin" {
        return Vec::new();
    }
    if h.translated() {
        return vec![Finding::warn(
            "arch.rosetta",
            format!("this shell runs under Rosetta (uname -m says {}, the Mac is arm64): everything it starts, go included, prefers amd64", h.machine),
            // For good: Get Info on the terminal app, untick 'Open using Rosetta'.
            "exec arch -arm64 /bin/zsh -l",
        )];
    }
    vec![Finding::ok(
        "arch.rosetta",
        "this shell runs natively (not under Rosetta)",
    )]
}

/// The module cache (GOMODCACHE, else GOPATH[0]/pkg/mod): where GOTOOLCHAIN downloads
/// toolchains and go keeps modules.
pub fn modcache(h: &Host, k: &Known) -> Option<PathBuf> {
    if let Some(s) = setting(h, k, "GOMODCACHE", None) {
        return Some(PathBuf::from(s.value));
    }
    let gopath = setting(h, k, "GOPATH", None)
        .map(|s| PathBuf::from(s.value.split(':').next().unwrap_or("")))
        .or_else(|| h.home().map(|home| home.join("go")))?;
    Some(gopath.join("pkg/mod"))
}

pub fn toolchains(h: &Host, k: &Known) -> Vec<Finding> {
    let Some(mc) = modcache(h, k) else {
        return Vec::new();
    };
    let dir = mc.join("golang.org");
    let machine = h.machine_arch();
    let mut mine = Vec::new();
    let mut out = Vec::new();
    for n in h.list(&dir) {
        let n = n.to_string_lossy().into_owned();
        let Some(rest) = n.strip_prefix("toolchain@v0.0.1-") else {
            continue;
        };
        // go1.23.0.linux-amd64
        let Some((name, platform)) = rest.rsplit_once('.') else {
            continue;
        };
        let (goos, goarch) = platform.split_once('-').unwrap_or((platform, ""));
        if goos == h.os && goarch != machine {
            out.push(Finding::warn(
                "arch.toolchains",
                format!("GOTOOLCHAIN downloaded {name} for {goos}/{goarch} into {}, but this machine is {machine}: a go of the wrong architecture fetched it (Rosetta?)", h.show(&dir.join(&n))),
                format!("chmod -R u+w {0} && rm -rf {0}", super::sh(&dir.join(&n).to_string_lossy())),
            ));
        } else {
            mine.push(name.to_string());
        }
    }
    if out.is_empty() {
        out.push(Finding::ok(
            "arch.toolchains",
            if mine.is_empty() {
                "no toolchain downloaded by GOTOOLCHAIN".to_string()
            } else {
                format!(
                    "toolchains GOTOOLCHAIN downloaded (in {}): {}",
                    h.show(&dir),
                    mine.join(", ")
                )
            },
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doctor::fixture_env;
    use std::fs;

    /// An Apple Silicon Mac whose go is the amd64 build, simulated on any machine through the host
    /// fixture: os darwin, hw.optional.arm64 = 1, a translated shell, and a Mach-O x86_64 go.
    #[test]
    fn amd64_go_under_rosetta() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path().join("usr/local/go");
        fs::create_dir_all(root.join("bin")).unwrap();
        fs::create_dir_all(root.join("pkg/tool/darwin_amd64")).unwrap();
        let mut macho = vec![0xcf, 0xfa, 0xed, 0xfe, 0x07, 0x00, 0x00, 0x01];
        macho.resize(64, 0);
        fs::write(root.join("bin/go"), &macho).unwrap();
        fs::set_permissions(
            root.join("bin/go"),
            std::os::unix::fs::PermissionsExt::from_mode(0o755),
        )
        .unwrap();
        let path = root.join("bin").display().to_string();
        let host = Host {
            env: fixture_env(&[("PATH", &path), ("HOME", "/Users/me")]),
            os: "darwin".into(),
            machine: "x86_64".into(),
            sysctl: [
                ("sysctl.proc_translated".to_string(), "1".to_string()),
                ("hw.optional.arm64".to_string(), "1".to_string()),
            ]
            .into_iter()
            .collect(),
            cwd: t.path().to_path_buf(),
            pid: 1,
            ppid: 1,
            exe: None,
        };
        assert_eq!(host.machine_arch(), "arm64");
        let k = Known::default();
        let f = go(&host, &k);
        assert_eq!(f[0].status, super::super::Status::Error, "{f:?}");
        assert!(f[0].message.contains("Rosetta"), "{f:?}");
        assert!(f[0].fix.contains("darwin-arm64"), "{f:?}");
        let r = rosetta(&host, &k);
        assert_eq!(r[0].status, super::super::Status::Warn, "{r:?}");
        assert!(r[0].fix.contains("arch -arm64"), "{r:?}");

        // The same Mac with a native shell and an arm64 go: nothing to report.
        macho[4] = 0x0c;
        fs::write(root.join("bin/go"), &macho).unwrap();
        let native = Host {
            machine: "arm64".into(),
            sysctl: [("hw.optional.arm64".to_string(), "1".to_string())]
                .into_iter()
                .collect(),
            ..host
        };
        assert_eq!(go(&native, &k)[0].status, super::super::Status::Ok);
        assert_eq!(rosetta(&native, &k)[0].status, super::super::Status::Ok);
    }
}
