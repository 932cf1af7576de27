//! One directory that may be a GOROOT: what it is (VERSION's first line, bin/go's ELF or Mach-O
//! header, pkg/tool), read without running anything, and the GOARCH of this machine and of a
//! binary.

use std::fs;
use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use super::Sdk;
use crate::go::version::Version;

/// The GOARCH this binary was built for, i.e. the machine's.
pub fn host_arch() -> &'static str {
    match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        "x86" => "386",
        "arm" => "arm",
        "riscv64" => "riscv64",
        "powerpc64" => "ppc64le",
        "s390x" => "s390x",
        "loongarch64" => "loong64",
        other => other,
    }
}

/// `pkg/tool/<GOOS>_<GOARCH>` of a toolchain built for this machine.
fn host_tool_dir() -> String {
    let goos = match std::env::consts::OS {
        "macos" => "darwin",
        other => other,
    };
    format!("pkg/tool/{goos}_{}", host_arch())
}

/// GOARCH from an ELF or Mach-O header.
pub fn binary_arch(header: &[u8]) -> Option<&'static str> {
    if header.starts_with(b"\x7fELF") && header.len() >= 20 {
        let machine = if header[5] == 2 {
            u16::from_be_bytes([header[18], header[19]])
        } else {
            u16::from_le_bytes([header[18], header[19]])
        };
        return match machine {
            62 => Some("amd64"),
            183 => Some("arm64"),
            3 => Some("386"),
            40 => Some("arm"),
            243 => Some("riscv64"),
            21 => Some("ppc64le"),
            22 => Some("s390x"),
            258 => Some("loong64"),
            _ => None,
        };
    }
    let macho = |cpu: u32| match cpu {
        0x0100_0007 => Some("amd64"),
        0x0100_000c => Some("arm64"),
        _ => None,
    };
    if header.starts_with(&[0xcf, 0xfa, 0xed, 0xfe]) && header.len() >= 8 {
        return macho(u32::from_le_bytes([
            header[4], header[5], header[6], header[7],
        ]));
    }
    None
}

/// Looks at one directory that may be a GOROOT. None when it is plainly not one (no VERSION and
/// no bin/go); otherwise an Sdk, with `problem` set when it is not usable.
pub fn examine(dir: &Path, installer: &'static str) -> Option<Sdk> {
    examine_with(dir, installer, fs::metadata(dir).ok())
}

/// Reads at most one small buffer: VERSION's first line and a binary's header are all we need,
/// and a load may look at dozens of SDKs (scripts/bench.sh times a load among 30 of them).
fn read_head(path: &Path, buf: &mut [u8]) -> Option<(usize, fs::File)> {
    let mut f = fs::File::open(path).ok()?;
    let n = f.read(buf).ok()?;
    Some((n, f))
}

/// The version a VERSION line names: only a `go` name counts.
fn go_version(name: &str) -> Option<Version> {
    Version::parse(name).filter(|_| name.starts_with("go"))
}

fn is_executable(m: &fs::Metadata) -> bool {
    m.is_file() && m.permissions().mode() & 0o111 != 0
}

/// `examine` with the root's metadata already read (None: it does not resolve).
pub(super) fn examine_with(
    dir: &Path,
    installer: &'static str,
    meta: Option<fs::Metadata>,
) -> Option<Sdk> {
    let mut sdk = Sdk {
        root: dir.to_path_buf(),
        name: String::new(),
        version: None,
        installer,
        arch: None,
        problem: None,
    };
    if meta.is_none() {
        if fs::symlink_metadata(dir).is_ok() {
            sdk.problem = Some("dangling symlink".into());
            return Some(sdk);
        }
        return None;
    }
    let mut buf = [0u8; 128];
    let version = read_head(&dir.join("VERSION"), &mut buf)
        .map(|(n, _)| String::from_utf8_lossy(&buf[..n]).into_owned());
    // The common case in two `stat`s: an executable bin/go and this machine's directory under
    // pkg/tool (`linux_amd64`), which only a toolchain built for this OS and CPU has. Reading
    // bin/go's header costs four system calls more per SDK; it is read below only when the
    // tree is not plainly usable, to say why.
    if let Some(name) = version.as_deref().and_then(|v| v.lines().next()) {
        let name = name.trim();
        let version = go_version(name);
        let executable = fs::metadata(dir.join("bin/go")).is_ok_and(|m| is_executable(&m));
        if version.is_some() && executable && dir.join(host_tool_dir()).is_dir() {
            sdk.name = name.to_string();
            sdk.version = version;
            sdk.arch = Some(host_arch());
            return Some(sdk);
        }
    }
    let mut header = [0u8; 64];
    let go = read_head(&dir.join("bin/go"), &mut header);
    if version.is_none() && go.is_none() {
        return None;
    }
    let name = version
        .as_deref()
        .and_then(|v| v.lines().next())
        .unwrap_or("")
        .trim()
        .to_string();
    sdk.version = go_version(&name);
    sdk.name = name;
    let executable = go
        .as_ref()
        .and_then(|(_, f)| f.metadata().ok())
        .is_some_and(|m| is_executable(&m));
    sdk.arch = go.and_then(|(n, _)| binary_arch(&header[..n]));
    sdk.problem = problem(dir, &sdk, executable);
    Some(sdk)
}

/// Why a tree that is not plainly usable cannot be used, if it can't.
fn problem(dir: &Path, sdk: &Sdk, executable: bool) -> Option<String> {
    if sdk.version.is_none() {
        Some("no readable VERSION".into())
    } else if !executable {
        Some("no executable bin/go".into())
    } else if !dir.join("pkg/tool").is_dir() {
        Some("no pkg/tool (an incomplete tree)".into())
    } else if sdk.arch.is_some_and(|a| a != host_arch()) {
        Some(format!(
            "built for {}, this machine is {}",
            sdk.arch.unwrap_or("?"),
            host_arch()
        ))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers() {
        let mut elf = vec![0x7f, b'E', b'L', b'F', 2, 1];
        elf.resize(20, 0);
        elf[18] = 183;
        assert_eq!(binary_arch(&elf), Some("arm64"));
        elf[18] = 62;
        assert_eq!(binary_arch(&elf), Some("amd64"));
        assert_eq!(
            binary_arch(&[0xcf, 0xfa, 0xed, 0xfe, 0x0c, 0, 0, 1]),
            Some("arm64")
        );
        assert_eq!(binary_arch(b"#!/bin/sh\n"), None);
    }
}
