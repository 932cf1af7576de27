//! Private modules and proxies (`go help private`): the module variables parse as Go
//! parses them (the same validator and messages as the config), the risky settings `allow`
//! reviews, and credentials for every private host: a `machine` entry in $NETRC or ~/.netrc
//! (mode 0600), or GOAUTH.

use std::path::PathBuf;

use super::{effective_goroot, setting, Finding, Host, Known, Setting};
use crate::go::vars;

/// The settings this check covers, in the order it reports them: where modules and toolchains
/// are fetched from and how they are verified and authenticated, plus GOFLAGS for the flags
/// `vars::risks` reviews. This is the scope of one doctor check, not a fact about the variables
/// (GOVCS also concerns fetching but is not reviewed here; NETRC is read by `credentials`), so it
/// is kept here; what each value may be is the checker `allow` applies (`super::check_value`).
const LINTED: &[&str] = &[
    "GOPROXY",
    "GOPRIVATE",
    "GONOPROXY",
    "GONOSUMDB",
    "GOINSECURE",
    "GOFLAGS",
    "GOAUTH",
    "GOSUMDB",
    "GOTOOLCHAIN",
];

fn values(h: &Host, k: &Known) -> Vec<(&'static str, Setting)> {
    let root = effective_goroot(h, k).map(|(r, _)| r);
    LINTED
        .iter()
        .filter_map(|n| setting(h, k, n, root.as_deref()).map(|s| (*n, s)))
        .collect()
}

/// GOFLAGS fields that go env takes as its own `-w` or `-u` (go applies every GOFLAGS flag the
/// running command defines): every `go env` then fails.
fn env_flags(h: &Host, k: &Known, s: &Setting) -> Option<Finding> {
    let fields = vars::goflags_fields(&s.value).ok()?;
    let own = |f: &String| {
        let (name, value) = f
            .trim_start_matches('-')
            .split_once('=')
            .unwrap_or((f.trim_start_matches('-'), "true"));
        matches!(name, "w" | "u") && !matches!(value, "false" | "0" | "f" | "F" | "FALSE" | "False")
    };
    let bad = fields.iter().find(|f| own(f))?;
    let rest: Vec<&str> = fields
        .iter()
        .filter(|f| !own(f))
        .map(String::as_str)
        .collect();
    let fix = if rest.is_empty() {
        super::unset_fix(h, k, "GOFLAGS", &s.from)
    } else {
        super::set_fix(h, k, "GOFLAGS", &rest.join(" "), Some(&s.from))
    };
    Some(Finding::error(
        "private.lint",
        format!(
            "GOFLAGS={} ({}): {bad} is also go env's own flag, so every go env fails ('cannot use -json with {}', 'no KEY=VALUE arguments given')",
            s.value,
            s.origin(h, k),
            bad.split('=').next().unwrap_or(bad)
        ),
        fix,
    ))
}

pub fn lint(h: &Host, k: &Known) -> Vec<Finding> {
    let mut out = Vec::new();
    for (name, s) in values(h, k) {
        let origin = s.origin(h, k);
        let Err(m) = super::check_value(h, k, name, &s.value) else {
            continue;
        };
        // GOFLAGS with go env's own flags (and nothing worse): a fix that keeps the other flags.
        let own = (name == "GOFLAGS" && m.contains("go env has a -"))
            .then(|| env_flags(h, k, &s))
            .flatten();
        out.push(own.unwrap_or_else(|| {
            Finding::error(
                "private.lint",
                format!("{name}={} ({origin}): {m}", s.value),
                super::unset_fix(h, k, name, &s.from),
            )
        }));
    }
    if out.is_empty() {
        let (last, rest) = LINTED.split_last().expect("LINTED names variables");
        out.push(Finding::ok(
            "private.lint",
            format!("{} and {last} parse as Go parses them", rest.join(", ")),
        ));
    }
    out
}

pub fn risks(h: &Host, k: &Known) -> Vec<Finding> {
    let all = values(h, k);
    let vals: Vec<(String, Option<String>)> = all
        .iter()
        // go.env's defaults (sum.golang.org, the public proxy) are nobody's risky choice.
        .filter(|(_, s)| s.from != super::Source::GorootEnv || s.value == "off")
        .map(|(n, s)| (n.to_string(), Some(s.value.clone())))
        .collect();
    let mut out: Vec<Finding> = vars::risks(&vals)
        .into_iter()
        .map(|r| {
            // Each sentence opens with the variable it is about.
            let name = r.split([' ', '=', ':']).next().unwrap_or("");
            let fix = all
                .iter()
                .find(|(n, _)| *n == name)
                .map_or_else(String::new, |(n, s)| super::unset_fix(h, k, n, &s.from));
            Finding::warn("private.risk", r, fix)
        })
        .collect();
    if out.is_empty() {
        out.push(Finding::ok(
            "private.risk",
            "no risky proxy, checksum or flag setting",
        ));
    }
    out
}

/// Hosts of the private patterns: the first path element of each GOPRIVATE (or GONOPROXY)
/// pattern.
fn private_hosts(h: &Host, k: &Known) -> Vec<String> {
    let list = setting(h, k, "GONOPROXY", None)
        .or_else(|| setting(h, k, "GOPRIVATE", None))
        .map(|s| s.value)
        .unwrap_or_default();
    let mut hosts: Vec<String> = Vec::new();
    for p in list
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty() && *p != "none")
    {
        // A pattern with a scheme matches no module path (private.lint says so): no host.
        if p.contains("://") {
            continue;
        }
        let host = p.split('/').next().unwrap_or("").to_string();
        if !host.is_empty() && !hosts.contains(&host) {
            hosts.push(host);
        }
    }
    hosts
}

/// What the user's git config provides for fetching: a credential helper, and the hosts whose
/// https URLs git rewrites to ssh (`url."git@host:".insteadOf = https://host/`).
#[derive(Default)]
struct GitCredentials {
    helper: Option<String>,
    ssh: Vec<String>,
}

/// Reads the global git config as git finds it (GIT_CONFIG_GLOBAL, else ~/.gitconfig and
/// $XDG_CONFIG_HOME/git/config): `[credential] helper` and `[url "…"] insteadOf`.
fn git_credentials(h: &Host) -> GitCredentials {
    let mut files: Vec<PathBuf> = Vec::new();
    match h.var("GIT_CONFIG_GLOBAL") {
        Some(f) => files.push(f.into()),
        None => {
            if let Some(home) = h.home() {
                files.push(home.join(".gitconfig"));
                files.extend(
                    crate::paths::config_home(&|k| h.var(k).map(Into::into))
                        .map(|d| d.join("git/config")),
                );
            }
        }
    }
    let mut out = GitCredentials::default();
    for text in files.iter().filter_map(|f| h.read_string(f)) {
        let mut section = String::new();
        for line in text.lines().map(str::trim) {
            if let Some(head) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = head.trim().to_string();
                continue;
            }
            let Some((key, value)) = line.split_once('=') else {
                continue;
            };
            let (key, value) = (
                key.trim().to_ascii_lowercase(),
                value.trim().trim_matches('"'),
            );
            if section.eq_ignore_ascii_case("credential") && key == "helper" && !value.is_empty() {
                out.helper = Some(value.to_string());
            }
            let base = section
                .strip_prefix("url ")
                .map(|b| b.trim().trim_matches('"'));
            if let (Some(base), "insteadof") = (base, key.as_str()) {
                let ssh = base.starts_with("git@") || base.starts_with("ssh://");
                let host = value.split("://").nth(1).and_then(|r| r.split('/').next());
                if let (true, Some(host)) = (ssh, host) {
                    out.ssh.push(host.to_string());
                }
            }
        }
    }
    out
}

/// `machine` names and whether a `default` entry exists, from netrc text.
fn netrc_machines(text: &str) -> (Vec<String>, bool) {
    let mut words = text.split_whitespace();
    let mut machines = Vec::new();
    let mut default = false;
    while let Some(w) = words.next() {
        match w {
            "machine" => machines.extend(words.next().map(str::to_string)),
            "default" => default = true,
            _ => {}
        }
    }
    (machines, default)
}

/// The netrc line for a host, with placeholders for the user to fill in.
fn netrc_line(host: &str) -> String {
    format!(
        "machine {} login <user> password <token>",
        host.trim_start_matches("*.")
    )
}

/// A host pattern (`*.corp.example.com`, `git.corp.example.com`) against a netrc machine name.
fn host_matches(pattern: &str, machine: &str) -> bool {
    match pattern.strip_prefix('*') {
        Some(suffix) => machine.ends_with(suffix),
        None => pattern == machine,
    }
}

/// The private hosts git reaches with its own credentials (a credential helper, an insteadOf
/// rewrite to ssh), since go fetches private modules with git: the hosts left, or the finding
/// that every one is covered.
fn elsewhere(h: &Host, hosts: Vec<String>) -> Result<Vec<String>, Finding> {
    // go fetches private modules with git: git's own credentials count as much as a netrc.
    let git = git_credentials(h);
    if let Some(helper) = &git.helper {
        return Err(Finding::ok(
            "private.netrc",
            format!(
                "git's credential helper ({helper}) provides credentials for {}",
                hosts.join(", ")
            ),
        ));
    }
    let hosts: Vec<String> = hosts
        .into_iter()
        .filter(|host| !git.ssh.iter().any(|s| host_matches(host, s)))
        .collect();
    if hosts.is_empty() {
        return Err(Finding::ok(
            "private.netrc",
            format!("git rewrites every private host to ssh (url.*.insteadOf: {}), so it authenticates with your ssh key", git.ssh.join(", ")),
        ));
    }
    Ok(hosts)
}

/// The hosts need credentials and the netrc file does not exist (`var`: named by NETRC).
fn no_netrc(h: &Host, hosts: &[String], netrc: &std::path::Path, var: bool) -> Finding {
    let (shown, file) = (h.show(netrc), super::sh_path(h, netrc));
    let lines: Vec<String> = hosts.iter().map(|h| super::sh(&netrc_line(h))).collect();
    Finding::warn(
        "private.netrc",
        format!(
            "GOPRIVATE covers {}, but {shown}{} does not exist: go fetches these modules directly with git and GIT_TERMINAL_PROMPT=0, so missing credentials fail instead of asking",
            hosts.join(", "),
            if var { " (NETRC)" } else { "" }
        ),
        format!("printf '%s\\n' {} >> {file} && chmod 600 {file}", lines.join(" ")),
    )
}

pub fn credentials(h: &Host, k: &Known) -> Vec<Finding> {
    let hosts = private_hosts(h, k);
    if hosts.is_empty() {
        return vec![Finding::ok(
            "private.netrc",
            "no private modules (GOPRIVATE and GONOPROXY unset)",
        )];
    }
    if let Some(a) = setting(h, k, "GOAUTH", None) {
        let cmds: Vec<&str> = a
            .value
            .split(';')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect();
        if cmds.iter().any(|c| *c != "netrc" && *c != "off") {
            return vec![Finding::ok(
                "private.netrc",
                format!(
                    "GOAUTH={} provides credentials for {}",
                    a.value,
                    hosts.join(", ")
                ),
            )];
        }
    }
    let hosts = match elsewhere(h, hosts) {
        Ok(hosts) => hosts,
        Err(found) => return vec![found],
    };
    let (netrc, var): (Option<PathBuf>, bool) = match h.var("NETRC") {
        Some(n) => (Some(PathBuf::from(n)), true),
        None => (h.home().map(|home| home.join(".netrc")), false),
    };
    let Some(netrc) = netrc else {
        return Vec::new();
    };
    let shown = h.show(&netrc);
    let file = super::sh_path(h, &netrc);
    let Some(text) = h.read_string(&netrc) else {
        return vec![no_netrc(h, &hosts, &netrc, var)];
    };
    let mut out: Vec<Finding> = h
        .mode(&netrc)
        .filter(|mode| mode & 0o077 != 0)
        .map(|mode| Finding::warn(
            "private.netrc",
            format!("{shown} has mode {mode:04o}: other users can read your tokens (and some tools refuse such a file)"),
            format!("chmod 600 {file}"),
        ))
        .into_iter()
        .collect();
    let (machines, default) = netrc_machines(&text);
    for host in &hosts {
        if default || machines.iter().any(|m| host_matches(host, m)) {
            continue;
        }
        out.push(Finding::warn(
            "private.netrc",
            format!("GOPRIVATE covers {host}, but {shown} has no machine entry for it: fetches of its modules get no credentials and fail"),
            format!("echo {} >> {file}", super::sh(&netrc_line(host))),
        ));
    }
    if out.is_empty() {
        out.push(Finding::ok(
            "private.netrc",
            format!(
                "{shown} (mode 0600) has credentials for {}",
                hosts.join(", ")
            ),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn netrc_reading() {
        let (m, d) = netrc_machines("machine git.corp.example.com\n  login me\n  password x\nmachine b.example login u password p\n");
        assert_eq!(m, ["git.corp.example.com", "b.example"]);
        assert!(!d);
        assert!(netrc_machines("default login a password b").1);
        assert!(host_matches("*.corp.example.com", "git.corp.example.com"));
        assert!(!host_matches("corp.example.com", "git.corp.example.com"));
    }
}
