//! `goenvhook doctor [--json] [--run-go]`: diagnose the Go setup here (src/doctor/) and print the
//! findings; the exit code is 1 when any finding is an error.

use std::io::{IsTerminal, Write};

use anyhow::{Context, Result};

use crate::doctor;

pub fn run(json: bool, run_go: bool) -> Result<i32> {
    let cwd = super::cwd().context("could not determine the current directory")?;
    let (host, known) = doctor::snapshot(cwd);
    let mut findings = doctor::run(&host, &known);
    if run_go {
        let ran = doctor::rungo::check(&host, &known, &findings);
        findings.extend(ran);
    }
    let text = if json {
        doctor::render_json(&findings)
    } else {
        let colour = std::io::stdout().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        doctor::render_text(&findings, colour)
    };
    std::io::stdout().write_all(text.as_bytes())?;
    Ok(doctor::exit_code(&findings))
}
