//! `goenvhook list [--json]`: every Go SDK discovery finds, usable or not, and why not.

use std::fmt::Write as _;
use std::io::Write;

use anyhow::Result;

use crate::go::sdk::{self, host_arch};
use crate::plan;

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
        let list: Vec<serde_json::Value> = sdks
            .iter()
            .map(|s| {
                serde_json::json!({
                    "version": s.name,
                    "goroot": s.root.to_string_lossy(),
                    "installer": s.installer,
                    "arch": s.arch,
                    "usable": s.usable(),
                    "health": s.problem.as_deref().unwrap_or("ok"),
                })
            })
            .collect();
        out = serde_json::Value::Array(list).to_string();
        out.push('\n');
    } else if sdks.is_empty() {
        out.push_str(
            "no Go SDK found (docs/config.md, Toolchains, lists the places goenvhook looks)\n",
        );
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
    let out = if json {
        out.into()
    } else {
        crate::text::visible_lines(&out)
    };
    std::io::stdout().write_all(out.as_bytes())?;
    Ok(())
}
