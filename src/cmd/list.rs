//! `goenvhook list [--json]`: every Go SDK discovery finds, usable or not, and why not.

use std::fmt::Write as _;
use std::io::Write;

use anyhow::Result;

use crate::go::sdk::{self, host_arch};
use crate::plan;
use crate::shell;

pub fn run(json: bool) -> Result<()> {
    // Discover from the environment outside any loaded project, as a load does.
    let super::Outside {
        env: outside,
        home,
        global,
        ..
    } = super::outside();
    let home = home.as_deref();
    let mut sdks = sdk::discover(&outside, &global.sdk_dirs);
    sdks.sort_by(|a, b| b.version.cmp(&a.version).then(a.root.cmp(&b.root)));
    let mut out = String::new();
    if json {
        out.push('[');
        for (i, s) in sdks.iter().enumerate() {
            let mut obj = Vec::new();
            obj.extend_from_slice(b"{\"version\":");
            shell::json_string(s.name.as_bytes(), &mut obj);
            obj.extend_from_slice(b",\"goroot\":");
            shell::json_string(s.root.as_os_str().as_encoded_bytes(), &mut obj);
            obj.extend_from_slice(b",\"installer\":");
            shell::json_string(s.installer.as_bytes(), &mut obj);
            obj.extend_from_slice(b",\"arch\":");
            match s.arch {
                Some(a) => shell::json_string(a.as_bytes(), &mut obj),
                None => obj.extend_from_slice(b"null"),
            }
            let _ = write!(
                out,
                "{}{}",
                if i > 0 { "," } else { "" },
                String::from_utf8_lossy(&obj)
            );
            let health = s
                .problem
                .as_deref()
                .map_or("ok".to_string(), str::to_string);
            let mut h = Vec::new();
            shell::json_string(health.as_bytes(), &mut h);
            let _ = write!(
                out,
                ",\"usable\":{},\"health\":{}}}",
                s.usable(),
                String::from_utf8_lossy(&h)
            );
        }
        out.push_str("]\n");
    } else if sdks.is_empty() {
        out.push_str("no Go SDK found (see the README for the places goenvhook looks)\n");
    } else {
        let _ = writeln!(
            out,
            "{:<14} {:<19} {:<8} {:<40} GOROOT",
            "VERSION", "INSTALLER", "ARCH", "HEALTH"
        );
        for s in &sdks {
            let health = s.problem.as_deref().unwrap_or("ok");
            let name = if s.name.is_empty() { "?" } else { &s.name };
            let root = plan::show_dir(s.root.as_os_str(), home);
            let _ = writeln!(
                out,
                "{name:<14} {:<19} {:<8} {health:<40} {root}",
                s.installer,
                s.arch.unwrap_or("?")
            );
        }
        let _ = writeln!(out, "(this machine: {})", host_arch());
    }
    std::io::stdout().write_all(out.as_bytes())?;
    Ok(())
}
