//! Editors: VS Code's `.vscode/settings.json` (JSON with comments)
//! `go.goroot`, `go.gopath`, `go.toolsEnvVars` and `go.alternateTools`, and GoLand's GOROOT in
//! `.idea/workspace.xml`, against the Go the project selects. An editor launched from the Dock
//! does not see the hook's environment, so these settings decide what gopls and Delve run.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{running_go, setting, Finding, Host, Known};

/// JSON with comments (VS Code's settings format) made plain JSON: `//` and `/* */` comments
/// outside strings removed, then commas before `}` or `]`.
pub fn strip_jsonc(text: &str) -> String {
    let b: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let (mut i, mut in_str) = (0, false);
    while i < b.len() {
        let c = b[i];
        if in_str {
            out.push(c);
            if c == '\\' && i + 1 < b.len() {
                out.push(b[i + 1]);
                i += 1;
            } else if c == '"' {
                in_str = false;
            }
        } else if c == '"' {
            in_str = true;
            out.push(c);
        } else if c == '/' && b.get(i + 1) == Some(&'/') {
            while i < b.len() && b[i] != '\n' {
                i += 1;
            }
            continue;
        } else if c == '/' && b.get(i + 1) == Some(&'*') {
            i += 2;
            while i < b.len() && !(b[i] == '*' && b.get(i + 1) == Some(&'/')) {
                i += 1;
            }
            i += 2;
            continue;
        } else {
            out.push(c);
        }
        i += 1;
    }
    // Trailing commas, outside strings.
    let b: Vec<char> = out.chars().collect();
    let mut clean = String::with_capacity(out.len());
    in_str = false;
    for (i, &c) in b.iter().enumerate() {
        if in_str {
            if c == '"' && !escaped(&b, i) {
                in_str = false;
            }
        } else if c == '"' {
            in_str = true;
        } else if c == ',' {
            let next = b[i + 1..].iter().find(|x| !x.is_whitespace());
            if matches!(next, Some('}' | ']') | None) {
                continue;
            }
        }
        clean.push(c);
    }
    clean
}

fn escaped(b: &[char], i: usize) -> bool {
    b[..i].iter().rev().take_while(|c| **c == '\\').count() % 2 == 1
}

/// The nearest `rel` (a file) in the working directory or above it, up to the project's
/// directory when there is one.
fn nearest(h: &Host, k: &Known, rel: &str) -> Option<PathBuf> {
    let stop = k.project.clone();
    for d in h.cwd.ancestors() {
        let p = d.join(rel);
        if h.exists(&p) {
            return Some(p);
        }
        if stop.as_deref() == Some(d) {
            break;
        }
    }
    None
}

/// The GOROOT the editor should use: the selected SDK's, else the running go's.
fn wanted_root(h: &Host, k: &Known) -> Option<PathBuf> {
    k.selected
        .as_ref()
        .map(|s| s.root.clone())
        .or_else(|| running_go(h).and_then(|g| g.root))
}

fn expand(h: &Host, v: &str, folder: &Path) -> PathBuf {
    let v = v
        .replace("${workspaceFolder}", &folder.to_string_lossy())
        .replace("${workspaceRoot}", &folder.to_string_lossy())
        .replace(
            "${env:HOME}",
            &h.home().unwrap_or_default().to_string_lossy(),
        );
    match v.strip_prefix("~/") {
        Some(rest) => h.home().unwrap_or_default().join(rest),
        None => PathBuf::from(v),
    }
}

pub fn vscode(h: &Host, k: &Known) -> Vec<Finding> {
    let Some(file) = nearest(h, k, ".vscode/settings.json") else {
        return Vec::new();
    };
    let shown = h.show(&file);
    let folder = file
        .parent()
        .and_then(Path::parent)
        .unwrap_or(Path::new("/"))
        .to_path_buf();
    let text = h.read_string(&file).unwrap_or_default();
    let json: Value = match serde_json::from_str(&strip_jsonc(&text)) {
        Ok(v) => v,
        Err(e) => {
            return vec![Finding::warn(
                "editors.vscode",
                format!("{shown} is not valid JSON ({e}): VS Code ignores the broken part"),
                format!("fix {shown} at line {}", e.line()),
            )]
        }
    };
    let root = wanted_root(h, k);
    let mut out = Vec::new();
    let root_fix = |key: &str| {
        match &root {
        Some(r) => format!("set \"{key}\": \"{}\" in {shown}, or remove it and start VS Code from the project's shell (code .) so it inherits the hook's environment", r.display()),
        None => format!("remove \"{key}\" from {shown}"),
    }
    };
    let check_root = |key: &str, v: &str, out: &mut Vec<Finding>| {
        let p = expand(h, v, &folder);
        if !h.is_dir(&p) {
            out.push(Finding::error(
                "editors.vscode",
                format!("{shown}: \"{key}\": \"{v}\" does not exist: gopls, tests and Delve in VS Code fail"),
                root_fix(key),
            ));
        } else if let Some(r) = root.as_deref().filter(|r| !h.same(&p, r)) {
            out.push(Finding::warn(
                "editors.vscode",
                format!("{shown}: \"{key}\": \"{v}\" is another Go than the project's {}: VS Code exports it as GOROOT for its tools, which then mismatch ('compile: version ... does not match go tool version')", h.show(r)),
                root_fix(key),
            ));
        }
    };
    if let Some(v) = json.get("go.goroot").and_then(Value::as_str) {
        check_root("go.goroot", v, &mut out);
    }
    if let Some(v) = json.get("go.gopath").and_then(Value::as_str) {
        let have = setting(h, k, "GOPATH", None)
            .map(|s| PathBuf::from(s.value))
            .or_else(|| h.home().map(|x| x.join("go")));
        let p = expand(h, v, &folder);
        if let Some(g) = have.filter(|g| !h.same(&p, g)) {
            out.push(Finding::warn(
                "editors.vscode",
                format!("{shown}: \"go.gopath\": \"{v}\" differs from the GOPATH here ({}): VS Code's tools use another module cache and bin", g.display()),
                format!("set \"go.gopath\": \"{}\" or remove it", g.display()),
            ));
        }
    }
    if let Some(obj) = json.get("go.toolsEnvVars").and_then(Value::as_object) {
        for (name, v) in obj {
            let Some(v) = v.as_str() else { continue };
            if name == "GOROOT" {
                check_root("go.toolsEnvVars.GOROOT", v, &mut out);
                continue;
            }
            let here = setting(h, k, name, root.as_deref()).map(|s| s.value);
            if here.as_deref() != Some(v) {
                out.push(Finding::warn(
                    "editors.vscode",
                    format!("{shown}: \"go.toolsEnvVars\" sets {name}={v}, but here {name} is {}: gopls and VS Code's tests see another setting than go in the terminal", here.as_deref().map_or("unset".to_string(), |x| format!("{x:?}"))),
                    format!("remove {name} from \"go.toolsEnvVars\" (set it in .goenv.toml for both)"),
                ));
            }
        }
    }
    if let Some(go) = json
        .get("go.alternateTools")
        .and_then(|a| a.get("go"))
        .and_then(Value::as_str)
    {
        let p = expand(h, go, &folder);
        let p = if p.is_absolute() {
            Some(p)
        } else {
            h.which(go)
        };
        let r = p.as_deref().and_then(|p| super::root_of(h, p));
        match (r, root.as_deref()) {
            (None, _) => out.push(Finding::error(
                "editors.vscode",
                format!("{shown}: \"go.alternateTools\" go = \"{go}\" is not a go binary in a Go SDK"),
                match &root {
                    Some(r) => format!("set it to \"{}\" or remove it", r.join("bin/go").display()),
                    None => "remove it".into(),
                },
            )),
            (Some(a), Some(r)) if !h.same(&a, r) => out.push(Finding::warn(
                "editors.vscode",
                format!("{shown}: \"go.alternateTools\" go = \"{go}\" is the Go at {}, not the project's {}", h.show(&a), h.show(r)),
                format!("set it to \"{}\" or remove it", r.join("bin/go").display()),
            )),
            _ => {}
        }
    }
    if out.is_empty() {
        out.push(Finding::ok(
            "editors.vscode",
            format!("{shown} agrees with the Go here"),
        ));
    }
    out
}

/// GoLand keeps the project's GOROOT in `.idea/workspace.xml`:
/// `<component name="GOROOT" url="file://$USER_HOME$/sdk/go1.22.10" />`.
fn goland_root(xml: &str) -> Option<String> {
    let at = xml.find("name=\"GOROOT\"")?;
    let start = xml[..at].rfind('<')?;
    let end = at + xml[at..].find('>')?;
    let tag = &xml[start..end];
    let v = ["url=\"", "value=\""]
        .iter()
        .find_map(|k| tag.find(k).map(|i| &tag[i + k.len()..]))?;
    Some(v[..v.find('"')?].to_string())
}

pub fn goland(h: &Host, k: &Known) -> Vec<Finding> {
    let Some(file) = nearest(h, k, ".idea/workspace.xml") else {
        return Vec::new();
    };
    let shown = h.show(&file);
    let Some(raw) = h.read_string(&file).as_deref().and_then(goland_root) else {
        return vec![Finding::ok(
            "editors.goland",
            format!("{shown} sets no GOROOT"),
        )];
    };
    let project = file
        .parent()
        .and_then(Path::parent)
        .unwrap_or(Path::new("/"));
    let v = raw
        .trim_start_matches("file://")
        .replace(
            "$USER_HOME$",
            &h.home().unwrap_or_default().to_string_lossy(),
        )
        .replace("$PROJECT_DIR$", &project.to_string_lossy());
    let p = PathBuf::from(&v);
    let root = wanted_root(h, k);
    let fix = match &root {
        Some(r) => format!("in GoLand: Settings > Go > GOROOT, choose {}", r.display()),
        None => "in GoLand: Settings > Go > GOROOT, choose an installed SDK".into(),
    };
    if !h.is_dir(&p) {
        return vec![Finding::error(
            "editors.goland",
            format!("{shown}: GoLand's GOROOT {v} does not exist"),
            fix,
        )];
    }
    if let Some(r) = root.as_deref().filter(|r| !h.same(&p, r)) {
        return vec![Finding::warn(
            "editors.goland",
            format!(
                "{shown}: GoLand's GOROOT {v} is another Go than the project's {}",
                h.show(r)
            ),
            fix,
        )];
    }
    vec![Finding::ok(
        "editors.goland",
        format!("GoLand's GOROOT is {v}"),
    )]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonc() {
        let t = "{\n // a comment\n \"go.goroot\": \"/a//b\", /* block */\n \"x\": [1, 2,],\n \"s\": \"q\\\"//\",\n}\n";
        let v: Value = serde_json::from_str(&strip_jsonc(t)).unwrap();
        assert_eq!(v["go.goroot"], "/a//b");
        assert_eq!(v["x"], serde_json::json!([1, 2]));
        assert_eq!(v["s"], "q\"//");
    }

    #[test]
    fn goland_xml() {
        let x = "<project>\n  <component name=\"GOROOT\" url=\"file://$USER_HOME$/sdk/go1.22.10\" />\n</project>";
        assert_eq!(
            goland_root(x).as_deref(),
            Some("file://$USER_HOME$/sdk/go1.22.10")
        );
    }
}
