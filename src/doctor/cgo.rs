//! cgo: with CGO_ENABLED=1 or unset, a C compiler is found (CC, else cc, gcc,
//! clang); on macOS the Xcode command line tools are installed. Without one, go turns cgo off
//! when CGO_ENABLED is unset, and builds fail when it is 1.

use std::path::{Path, PathBuf};

use super::{setting, Finding, Host, Known};

/// The command line tools' directory, as `xcode-select -p` would print it, without running it.
fn xcode_dir(h: &Host) -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = h
        .var("DEVELOPER_DIR")
        .map(PathBuf::from)
        .into_iter()
        .collect();
    dirs.extend(h.canonical(Path::new("/var/db/xcode_select_link")));
    dirs.push("/Library/Developer/CommandLineTools".into());
    dirs.push("/Applications/Xcode.app/Contents/Developer".into());
    dirs.into_iter().find(|d| h.is_dir(&d.join("usr/bin")))
}

/// The command that installs a C compiler: the command line tools on macOS, else gcc with the
/// package manager on PATH; with none known, the `.goenv.toml` line that turns cgo off.
fn install_cc(h: &Host) -> String {
    if h.os == "darwin" {
        return "xcode-select --install".into();
    }
    let managers = [
        ("apt-get", "sudo apt-get install -y gcc"),
        ("dnf", "sudo dnf install -y gcc"),
        ("yum", "sudo yum install -y gcc"),
        ("apk", "sudo apk add build-base"),
        ("pacman", "sudo pacman -S --noconfirm gcc"),
        ("zypper", "sudo zypper install -y gcc"),
    ];
    managers
        .iter()
        .find(|(m, _)| h.which(m).is_some())
        .map_or_else(|| "CGO_ENABLED = \"0\"".into(), |(_, c)| c.to_string())
}

pub fn compiler(h: &Host, k: &Known) -> Vec<Finding> {
    let enabled = setting(h, k, "CGO_ENABLED", None);
    if enabled.as_ref().is_some_and(|s| s.value == "0") {
        return vec![Finding::ok(
            "cgo.cc",
            "cgo is off (CGO_ENABLED=0): no C compiler needed",
        )];
    }
    let fix_install = install_cc(h);
    let fix_install = fix_install.as_str();
    if h.os == "darwin" && xcode_dir(h).is_none() {
        return vec![Finding::warn(
            "cgo.cc",
            "the Xcode command line tools are not installed (no xcode-select directory): /usr/bin/cc is only a stub that asks to install them, so cgo builds fail",
            fix_install,
        )];
    }
    if let Some(cc) = setting(h, k, "CC", None) {
        let prog = cc.value.split_whitespace().next().unwrap_or("").to_string();
        let found = if prog.starts_with('/') {
            h.is_executable(Path::new(&prog))
                .then(|| PathBuf::from(&prog))
        } else {
            h.which(&prog)
        };
        return vec![match found {
            Some(p) => Finding::ok("cgo.cc", format!("cgo uses CC={} ({})", cc.value, h.show(&p))),
            None => Finding::error(
                "cgo.cc",
                format!("CC={} ({}) is not found: cgo builds fail with 'exec: \"{prog}\": executable file not found'", cc.value, cc.origin(h, k)),
                // Without CC, go uses cc, gcc or clang from PATH.
                if ["cc", "gcc", "clang"].iter().any(|c| h.which(c).is_some()) {
                    super::unset_fix(h, k, "CC", &cc.from)
                } else {
                    fix_install.to_string()
                },
            ),
        }];
    }
    for name in ["cc", "gcc", "clang"] {
        if let Some(p) = h.which(name) {
            return vec![Finding::ok(
                "cgo.cc",
                format!("C compiler for cgo: {}", h.show(&p)),
            )];
        }
    }
    // Asked for explicitly, cgo stays on and every build that needs the runtime's cgo parts (any
    // program importing net or os/user) fails; left unset, go turns it off by itself.
    vec![match enabled {
        Some(e) => Finding::error(
            "cgo.cc",
            format!("CGO_ENABLED={} ({}) but there is no C compiler (CC, cc, gcc, clang) on PATH: building a program that imports net fails with 'cgo: C compiler \"gcc\" not found'", e.value, e.origin(h, k)),
            fix_install,
        ),
        None => Finding::warn(
            "cgo.cc",
            "there is no C compiler (CC, cc, gcc, clang) on PATH, so go turns cgo off (go env CGO_ENABLED prints 0): packages that need cgo fail to build ('build constraints exclude all Go files', undefined: C...)",
            fix_install,
        ),
    }]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doctor::{fixture_env, Status};

    /// A Mac without the command line tools (none of their directories exist on a Linux machine):
    /// /usr/bin/cc would only be Apple's stub.
    #[test]
    fn mac_without_command_line_tools() {
        let t = tempfile::tempdir().unwrap();
        let host = Host {
            env: fixture_env(&[("PATH", "/usr/bin:/bin"), ("HOME", "/Users/me")]),
            os: "darwin".into(),
            machine: "arm64".into(),
            sysctl: Default::default(),
            cwd: t.path().to_path_buf(),
            pid: 1,
            ppid: 1,
            exe: None,
        };
        let f = compiler(&host, &Known::default());
        assert_eq!(f[0].status, Status::Warn, "{f:?}");
        assert!(f[0].fix.contains("xcode-select --install"), "{f:?}");
        let off = Host {
            env: fixture_env(&[("CGO_ENABLED", "0")]),
            ..host
        };
        assert_eq!(compiler(&off, &Known::default())[0].status, Status::Ok);
    }
}
