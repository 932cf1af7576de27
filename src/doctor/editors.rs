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

/// Sets `"key": "old"` of a settings file to `new`, or removes it (a trailing comma is left to
/// VS Code, which accepts one).
fn json_fix(h: &Host, file: &Path, key: &str, old: &str, new: Option<&str>) -> String {
    let at = format!(
        "\"{}\": *\"{}\"",
        super::sed_escape(key, true),
        super::sed_escape(old, true)
    );
    let script = match new {
        Some(n) => format!(
            "s|{at}|\"{}\": \"{}\"|",
            super::sed_escape(key, false),
            super::sed_escape(n, false)
        ),
        None => format!("s|{at},\\{{0,1\\}} *||"),
    };
    super::sed(h, &script, file)
}

pub fn vscode(h: &Host, k: &Known) -> Vec<Finding> {
    let Some(file) = nearest(h, k, ".vscode/settings.json") else {
        return Vec::new();
    };
    let shown = h.show(&file);
    let text = h.read_string(&file).unwrap_or_default();
    let json: Value = match serde_json::from_str(&strip_jsonc(&text)) {
        Ok(v) => v,
        Err(e) => {
            return vec![Finding::warn(
                "editors.vscode",
                format!("{shown} is not valid JSON ({e}): VS Code ignores the broken part"),
                format!("code -g {}:{}", super::sh_path(h, &file), e.line()),
            )]
        }
    };
    let v = VsCode {
        h,
        k,
        folder: file
            .parent()
            .and_then(Path::parent)
            .unwrap_or(Path::new("/"))
            .to_path_buf(),
        root: wanted_root(h, k),
        file,
        shown,
    };
    let text_of = |key: &str| json.get(key).and_then(Value::as_str);
    let mut out: Vec<Finding> = Vec::new();
    out.extend(text_of("go.goroot").and_then(|r| v.goroot("go.goroot", r)));
    out.extend(text_of("go.gopath").and_then(|p| v.gopath(p)));
    if let Some(obj) = json.get("go.toolsEnvVars").and_then(Value::as_object) {
        for (name, value) in obj {
            out.extend(value.as_str().and_then(|x| v.tool_env(name, x)));
        }
    }
    let alternate = json.get("go.alternateTools").and_then(|a| a.get("go"));
    out.extend(
        alternate
            .and_then(Value::as_str)
            .and_then(|g| v.alternate_go(g)),
    );
    if out.is_empty() {
        out.push(Finding::ok(
            "editors.vscode",
            format!("{} agrees with the Go here", v.shown),
        ));
    }
    out
}

/// One `.vscode/settings.json` against the Go here.
struct VsCode<'a> {
    h: &'a Host,
    k: &'a Known,
    file: PathBuf,
    shown: String,
    /// The workspace folder (`${workspaceFolder}`).
    folder: PathBuf,
    /// The GOROOT VS Code's tools should use.
    root: Option<PathBuf>,
}

impl VsCode<'_> {
    /// A GOROOT setting (`go.goroot`, or GOROOT in `go.toolsEnvVars`): it exists and is the
    /// project's. The fix sets the project's; or remove the setting and start VS Code from the
    /// project's shell (code .), so it inherits the hook's environment.
    fn goroot(&self, key: &str, v: &str) -> Option<Finding> {
        let (h, shown) = (self.h, &self.shown);
        let p = expand(h, v, &self.folder);
        let new = self.root.as_ref().map(|r| r.display().to_string());
        let fix = json_fix(h, &self.file, key, v, new.as_deref());
        if !h.is_dir(&p) {
            return Some(Finding::error(
                "editors.vscode",
                format!("{shown}: \"{key}\": \"{v}\" does not exist: gopls, tests and Delve in VS Code fail"),
                fix,
            ));
        }
        let r = self.root.as_deref().filter(|r| !h.same(&p, r))?;
        Some(Finding::warn(
            "editors.vscode",
            format!("{shown}: \"{key}\": \"{v}\" is another Go than the project's {}: VS Code exports it as GOROOT for its tools, which then mismatch ('compile: version ... does not match go tool version')", h.show(r)),
            fix,
        ))
    }

    fn gopath(&self, v: &str) -> Option<Finding> {
        let h = self.h;
        let have = setting(h, self.k, "GOPATH", None)
            .map(|s| PathBuf::from(s.value))
            .or_else(|| h.home().map(|x| x.join("go")));
        let p = expand(h, v, &self.folder);
        let g = have.filter(|g| !h.same(&p, g))?;
        Some(Finding::warn(
            "editors.vscode",
            format!("{}: \"go.gopath\": \"{v}\" differs from the GOPATH here ({}): VS Code's tools use another module cache and bin", self.shown, g.display()),
            json_fix(h, &self.file, "go.gopath", v, Some(&g.display().to_string())),
        ))
    }

    /// A variable of `go.toolsEnvVars`: the same as here. The fix removes it (or set it in
    /// .goenv.toml, which both see).
    fn tool_env(&self, name: &str, v: &str) -> Option<Finding> {
        if name == "GOROOT" {
            return self.goroot("GOROOT", v);
        }
        let here = setting(self.h, self.k, name, self.root.as_deref()).map(|s| s.value);
        (here.as_deref() != Some(v)).then(|| Finding::warn(
            "editors.vscode",
            format!("{}: \"go.toolsEnvVars\" sets {name}={v}, but here {name} is {}: gopls and VS Code's tests see another setting than go in the terminal", self.shown, here.as_deref().map_or("unset".to_string(), |x| format!("{x:?}"))),
            json_fix(self.h, &self.file, name, v, None),
        ))
    }

    /// `go.alternateTools` go: a go binary in an SDK, the project's.
    fn alternate_go(&self, go: &str) -> Option<Finding> {
        let h = self.h;
        let p = expand(h, go, &self.folder);
        let p = if p.is_absolute() {
            Some(p)
        } else {
            h.which(go)
        };
        let r = p.as_deref().and_then(|p| super::root_of(h, p));
        let want = self
            .root
            .as_ref()
            .map(|r| r.join("bin/go").display().to_string());
        match (r, self.root.as_deref()) {
            (None, _) => Some(Finding::error(
                "editors.vscode",
                format!(
                    "{}: \"go.alternateTools\" go = \"{go}\" is not a go binary in a Go SDK",
                    self.shown
                ),
                json_fix(h, &self.file, "go", go, want.as_deref()),
            )),
            (Some(a), Some(r)) if !h.same(&a, r) => Some(Finding::warn(
                "editors.vscode",
                format!(
                    "{}: \"go.alternateTools\" go = \"{go}\" is the Go at {}, not the project's {}",
                    self.shown,
                    h.show(&a),
                    h.show(r)
                ),
                json_fix(h, &self.file, "go", go, want.as_deref()),
            )),
            _ => None,
        }
    }
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
    // The same as Settings > Go > GOROOT in GoLand.
    let fix = match &root {
        Some(r) => super::sed(
            h,
            &format!(
                "s|\"{}\"|\"file://{}\"|",
                super::sed_escape(&raw, true),
                super::sed_escape(&r.display().to_string(), false)
            ),
            &file,
        ),
        None => super::install_fix(h, k),
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
