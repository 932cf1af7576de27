//! Every console block of the docs, run: a console block is a transcript (`$ command` lines, each
//! followed by what it prints), and goenvhook must print exactly that today.
//!
//! Each block runs in a fresh sandbox laid out like the `/` of the machine the docs show: HOME is
//! `<sandbox>/home/me`, goenvhook is in `<sandbox>/usr/local/bin`, PATH is
//! `/usr/local/bin:/usr/bin:/bin` with that `/usr/local/bin`, and what the commands print is read
//! with the sandbox's directory taken out, so the `/home/me/src/payments` of a doc is the
//! sandbox's. The commands run one after another in one bash with the real hook and a prompt after
//! each, as a user types them.
//!
//! What a block needs around it (a project, an SDK in ~/sdk, an `.envrc` to import) is its
//! set-up, in `SETUPS` below, named by an `<!-- example: ID -->` line right before the block. A
//! block without one runs with an empty HOME. A block that cannot run here (it needs the network or
//! installs into the system) says `<!-- example: skip (why) -->` instead.
//!
//! What a block shows and what the command prints are compared line by line, where
//! - a line `...` stands for any number of lines, and a line ending in ` ...` for any line that
//!   starts with what comes before the ` ...`;
//! - `(pid 48121)` stands for any pid, and `goenvhook 0.1.0 (5e571f0)` for any commit of this
//!   version;
//! - on a machine that is not amd64 its GOARCH and amd64 swap places in what is printed, since the
//!   docs show an amd64 machine;
//! - a `$ cat ~/FILE` of a file the set-up did not write first writes it with what the block shows
//!   (the README's opening example is a project whose config the block shows).

use std::ffi::OsString;
use std::fs;
use std::io::Write as _;
use std::os::unix::fs::{symlink, PermissionsExt as _};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use crate::common::{install_sdk, Sandbox, BIN};
use crate::{docs, Block, Doc};

/// The set-ups of the console blocks, by the id of their `<!-- example: ID -->` line.
const SETUPS: [(&str, Setup); 7] = [
    ("opening", opening),
    ("doctor", doctor_outside_a_project),
    ("doctor-in-a-project", doctor_in_a_project),
    ("status", status),
    ("watch", watch),
    ("list", list),
    ("import", import),
];

type Setup = fn(&mut Scene);

/// What an `<!-- example: ... -->` comment line says, if `line` is one.
pub fn marker(line: &str) -> Option<&str> {
    line.strip_prefix("<!-- example:")?
        .strip_suffix("-->")
        .map(str::trim)
}

/// One block's world: the sandbox, and how its shell starts.
struct Scene {
    sb: Sandbox,
    home: PathBuf,
    /// Directories PATH has before `/usr/local/bin:/usr/bin:/bin`, and after.
    path_front: Vec<PathBuf>,
    path_back: Vec<PathBuf>,
    env: Vec<(&'static str, OsString)>,
    /// Bash run once the hook is active, before the block's first command; its output is not
    /// compared with anything.
    before: String,
    /// Where the shell starts.
    cwd: PathBuf,
    /// A bash function `__run` that runs each command of the block, for a command that does not
    /// end by itself.
    runner: Option<&'static str>,
}

impl Scene {
    fn new() -> Scene {
        let sb = Sandbox::new();
        let home = sb.mkdir("home/me");
        symlink(BIN, sb.mkdir("usr/local/bin").join("goenvhook")).unwrap();
        Scene {
            sb,
            cwd: home.clone(),
            home,
            path_front: Vec::new(),
            path_back: Vec::new(),
            env: Vec::new(),
            before: String::new(),
            runner: None,
        }
    }

    /// A path of the machine the docs show: `~/x` in the sandbox's HOME, `/x` in the sandbox.
    fn at(&self, p: &str) -> PathBuf {
        match p.strip_prefix("~/") {
            Some(rel) => self.home.join(rel),
            None => self.sb.root.join(p.trim_start_matches('/')),
        }
    }

    fn write(&self, p: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let path = self.at(p);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, content).unwrap();
        path
    }

    fn link(&self, target: impl Into<PathBuf>, p: &str) {
        let path = self.at(p);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        symlink(target.into(), path).unwrap();
    }

    fn sdk(&self, version: &str, p: &str) {
        install_sdk(version, &self.at(p));
    }

    /// The whole environment of the block's bash. XDG_CONFIG_HOME and the like are unset, as on
    /// most machines, so goenvhook and go keep their files in the sandbox's ~/.config, ~/.cache
    /// and ~/.local/share.
    fn env(&self) -> Vec<(OsString, OsString)> {
        let mut path = self.path_front.clone();
        path.extend([self.at("/usr/local/bin"), "/usr/bin".into(), "/bin".into()]);
        path.extend(self.path_back.iter().cloned());
        let mut env: Vec<(OsString, OsString)> = vec![
            ("HOME".into(), self.home.clone().into()),
            ("PATH".into(), std::env::join_paths(path).unwrap()),
            ("TERM".into(), "dumb".into()),
            ("LANG".into(), "C.UTF-8".into()),
        ];
        env.extend(self.env.iter().map(|(k, v)| (k.into(), v.clone())));
        env
    }
}

/// The README's opening: go1.22.10 installed the golang.org/dl way, and go1.24.11 as
/// /usr/local/go, the `go` on PATH outside the project.
fn opening(s: &mut Scene) {
    s.sdk("1.22.10", "~/sdk/go1.22.10");
    s.sdk("1.24.11", "/usr/local/go");
    s.path_front.push(s.at("/usr/local/go/bin"));
}

/// The payments project with `config`, approved, and go1.22.10 in ~/sdk.
fn payments(s: &mut Scene, config: &str) {
    s.sdk("1.22.10", "~/sdk/go1.22.10");
    s.write("~/src/payments/.goenv.toml", config);
    s.before.push_str("goenvhook allow ~/src/payments\n");
}

/// The payments project of docs/commands.md: Go 1.22 and a proxy.
const PAYMENTS: &str = "go = \"1.22\"\n[env]\nGOPROXY = [\"https://goproxy.cn\", \"direct\"]\n";

/// Inside the loaded project.
fn status(s: &mut Scene) {
    payments(s, PAYMENTS);
    s.before.push_str("cd ~/src/payments\n__p\n");
}

/// `watch` prints the approved project, then its config is edited, which takes the approval away.
fn watch(s: &mut Scene) {
    payments(s, PAYMENTS);
    s.runner = Some(
        r#"__run() {
    coproc WATCH { "$@"; }
    local line
    read -r -t 30 line <&"${WATCH[0]}" && printf '%s\n' "$line"
    echo '# edited' >>~/src/payments/.goenv.toml
    read -r -t 30 line <&"${WATCH[0]}" && printf '%s\n' "$line"
    kill "$WATCH_PID"
    wait "$WATCH_PID" 2>/dev/null
}"#,
    );
}

/// SDKs from Homebrew, gvm and golang.org/dl, one of them built for another CPU and one a link
/// to an SDK that was removed.
fn list(s: &mut Scene) {
    let brew = "/home/linuxbrew/.linuxbrew";
    s.sdk("1.23.9", &format!("{brew}/Cellar/go/1.23.9/libexec"));
    s.link("../Cellar/go/1.23.9", &format!("{brew}/opt/go"));
    s.env.push(("HOMEBREW_PREFIX", s.at(brew).into()));
    s.sdk("1.23.2", "~/.gvm/gos/go1.23.2");
    s.sdk("1.22.10", "~/sdk/go1.22.10");
    foreign_sdk(s, "~/sdk/go1.22.99", "go1.22.99");
    s.link("go1.24.0.removed", "~/sdk/go1.24.0");
}

/// An SDK built for another CPU than this machine's (arm64, or amd64 on an arm64 machine): what
/// goenvhook reads of one, its VERSION, bin/go's ELF header and its pkg/tool directory.
fn foreign_sdk(s: &Scene, p: &str, version: &str) {
    let (machine, arch): (u16, &str) = if cfg!(target_arch = "x86_64") {
        (183, "arm64")
    } else {
        (62, "amd64")
    };
    s.write(&format!("{p}/VERSION"), format!("{version}\n"));
    let mut elf = vec![0x7f, b'E', b'L', b'F', 2, 1, 1, 0];
    elf.resize(64, 0);
    elf[18..20].copy_from_slice(&machine.to_le_bytes());
    let go = s.write(&format!("{p}/bin/go"), elf);
    fs::set_permissions(&go, fs::Permissions::from_mode(0o755)).unwrap();
    fs::create_dir_all(s.at(&format!("{p}/pkg/tool/linux_{arch}"))).unwrap();
}

/// A direnv project with a .go-version and a .env, and no .goenv.toml yet.
fn import(s: &mut Scene) {
    s.write("~/src/payments/.go-version", "1.22.10\n");
    s.write(
        "~/src/payments/.envrc",
        "# payments: what direnv sets up\n\
         export GOPRIVATE=git.corp.example.com\n\
         export GOFLAGS=\"$GOFLAGS -tags=integration\"\n\
         layout go\n\
         PATH_add bin\n\
         dotenv\n\
         if [ -f .envrc.local ]; then\n  source_env .envrc.local\nfi\n",
    );
    s.write(
        "~/src/payments/.env",
        "DATABASE_URL=postgres://localhost/payments\n",
    );
    s.cwd = s.at("~/src/payments");
}

/// Outside any project, with /usr/local/go/bin on PATH and /usr/local/go a link an uninstall left
/// behind.
fn doctor_outside_a_project(s: &mut Scene) {
    s.link(s.at("/usr/local/Cellar/go/1.21.5/libexec"), "/usr/local/go");
    s.path_back.push(s.at("/usr/local/go/bin"));
}

/// In the loaded payments project, with a go env file that sets GOROOT to a Go that is gone, VS
/// Code settings naming that Go too, and GOPRIVATE hosts without credentials.
fn doctor_in_a_project(s: &mut Scene) {
    payments(s, "go = \"1.22\"\n");
    let gone = s.at("/usr/local/go");
    s.write(
        "~/.config/go/env",
        format!(
            "GOPROXY=https://proxy.golang.org,direct\nGOPRIVATE=git.corp.example.com\nGOROOT={}\n",
            gone.display()
        ),
    );
    s.write(
        "~/src/payments/.vscode/settings.json",
        format!("{{\n  \"go.goroot\": \"{}\"\n}}\n", gone.display()),
    );
    s.path_back.push(s.at("~/go/bin"));
    s.before.push_str("cd ~/src/payments\n__p\n");
}

/// One `$ command` of a block and the lines the block shows after it.
struct Step {
    /// 1-based line of the command in its file.
    line: usize,
    cmd: String,
    shown: String,
}

/// A block's commands, each with what the block shows after it.
fn steps(doc: &Doc, block: &Block) -> Result<Vec<Step>, String> {
    let mut steps: Vec<Step> = Vec::new();
    for (n, line) in block.text.lines().enumerate() {
        match (line.strip_prefix("$ "), steps.last_mut()) {
            (Some(cmd), _) => steps.push(Step {
                line: block.line + 1 + n,
                cmd: cmd.to_string(),
                shown: String::new(),
            }),
            (None, Some(step)) => {
                step.shown.push_str(line);
                step.shown.push('\n');
            }
            (None, None) => {
                return Err(format!(
                    "{}:{}: a console block starts with `$ command`; this one starts with {line:?}",
                    doc.rel, block.line
                ))
            }
        }
    }
    if steps.is_empty() {
        return Err(format!(
            "{}:{}: a console block with no `$ command` in it",
            doc.rel, block.line
        ));
    }
    Ok(steps)
}

/// The bash session of a block: the hook, the set-up's own lines, then each command after a
/// separator line (a lone \x1e) and followed by a prompt.
fn script(scene: &Scene, steps: &[Step]) -> String {
    let mut s = String::from(
        "exec 2>&1 </dev/null\n\
         eval \"$(goenvhook init bash)\"\n\
         __p() { local c; for c in \"${PROMPT_COMMAND[@]}\"; do eval \"$c\"; done; }\n\
         __p\n",
    );
    s.push_str(&scene.before);
    if let Some(runner) = scene.runner {
        s.push_str(runner);
        s.push('\n');
    }
    for step in steps {
        s.push_str("printf '\\036\\n'\n");
        if scene.runner.is_some() {
            s.push_str("__run ");
        }
        s.push_str(&step.cmd);
        s.push_str("\n__p\n");
    }
    s
}

/// How long a block's commands may take: a command that does not end by itself (`watch`) needs a
/// runner in its set-up, and without one the block fails rather than hangs.
const BLOCK_TIMEOUT: &str = "60";

/// Runs a block's commands; what the set-up printed, then what each command printed (prompt
/// included), as the docs' machine would show it.
fn session(scene: &Scene, steps: &[Step]) -> Result<(String, Vec<String>), String> {
    for step in steps {
        let catted = step
            .cmd
            .strip_prefix("cat ~/")
            .map(|f| scene.at(&format!("~/{f}")));
        if let Some(file) = catted.filter(|f| !f.exists()) {
            fs::create_dir_all(file.parent().unwrap()).unwrap();
            fs::write(file, &step.shown).unwrap();
        }
    }
    let out = Command::new("timeout")
        .args([BLOCK_TIMEOUT, "bash", "--norc", "--noprofile", "-c"])
        .arg(script(scene, steps))
        .current_dir(&scene.cwd)
        .env_clear()
        .envs(scene.env())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let text = as_shown(&String::from_utf8_lossy(&out.stdout), scene);
    if out.status.code() == Some(124) {
        return Err(format!(
            "its commands did not end within {BLOCK_TIMEOUT} s; they printed\n{text}"
        ));
    }
    let mut parts = text.split("\x1e\n").map(str::to_string);
    let before = parts.next().unwrap_or_default();
    Ok((before, parts.collect()))
}

/// Printed output as on the machine the docs show: the sandbox's directory is `/`, and the CPU
/// is amd64.
fn as_shown(printed: &str, scene: &Scene) -> String {
    let text = printed.replace(scene.sb.root.to_str().unwrap(), "");
    let host = match std::env::consts::ARCH {
        "x86_64" => return text,
        "aarch64" => "arm64",
        other => other,
    };
    text.replace("amd64", "\0")
        .replace(host, "amd64")
        .replace('\0', host)
}

/// Runs one block with its set-up and compares each command's output with what the block shows.
fn run_block(doc: &Doc, block: &Block, setup: Setup) -> Result<(), String> {
    let steps = steps(doc, block)?;
    let mut scene = Scene::new();
    setup(&mut scene);
    let (before, printed) =
        session(&scene, &steps).map_err(|e| format!("{}:{}: {e}", doc.rel, block.line))?;
    for (i, step) in steps.iter().enumerate() {
        let got = printed
            .get(i)
            .map_or("(the session ended before it)\n", |p| p);
        let shown: Vec<&str> = step.shown.lines().collect();
        let lines: Vec<&str> = got.lines().collect();
        if !same_lines(&shown, &lines) {
            return Err(format!(
                "{}:{}: `{}` shows\n{}but prints\n{got}{}",
                doc.rel,
                step.line,
                step.cmd,
                step.shown,
                if before.is_empty() {
                    String::new()
                } else {
                    format!("(the set-up printed\n{before})\n")
                }
            ));
        }
    }
    Ok(())
}

/// `shown` against `printed`, where a `...` line of `shown` stands for any number of lines.
fn same_lines(shown: &[&str], printed: &[&str]) -> bool {
    match shown.split_first() {
        None => printed.is_empty(),
        Some((&"...", rest)) => (0..=printed.len()).any(|n| same_lines(rest, &printed[n..])),
        Some((line, rest)) => printed
            .split_first()
            .is_some_and(|(p, more)| same_line(line, p) && same_lines(rest, more)),
    }
}

fn same_line(shown: &str, printed: &str) -> bool {
    let (shown, printed) = (any_pid(shown), any_pid(printed));
    shown == printed
        || shown
            .strip_suffix(" ...")
            .is_some_and(|start| printed.starts_with(start))
        || same_version(&shown, &printed)
}

/// `(pid 48121)` as `(pid N)`.
fn any_pid(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(at) = rest.find("(pid ") {
        let (head, tail) = rest.split_at(at + "(pid ".len());
        out.push_str(head);
        let digits = tail.len() - tail.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 && tail[digits..].starts_with(')') {
            out.push('N');
            rest = &tail[digits..];
        } else {
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

/// `goenvhook 0.1.0 (5e571f0)` as shown and as printed agree when the version is the same and
/// each has either no commit or some commit.
fn same_version(shown: &str, printed: &str) -> bool {
    let version = format!("goenvhook {}", env!("CARGO_PKG_VERSION"));
    let commit = |s: &str| -> Option<bool> {
        let rest = s.trim_end().strip_prefix(&version)?;
        if rest.is_empty() {
            return Some(false);
        }
        let hex = rest.strip_prefix(" (")?.strip_suffix(')')?;
        (!hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit())).then_some(true)
    };
    commit(shown).is_some() && commit(shown) == commit(printed)
}

/// What a console block's marker asks for.
enum Plan {
    Run(Setup),
    Skip,
}

fn plan(doc: &Doc, block: &Block) -> Result<Plan, String> {
    let Some(example) = &block.example else {
        return Ok(Plan::Run(|_| {}));
    };
    if let Some(why) = example.strip_prefix("skip") {
        let why = why.trim();
        return if why.len() > 2 && why.starts_with('(') && why.ends_with(')') {
            Ok(Plan::Skip)
        } else {
            Err(format!(
                "{}:{}: `<!-- example: skip (why) -->` says why the block cannot run here",
                doc.rel, block.line
            ))
        };
    }
    SETUPS
        .iter()
        .find(|(id, _)| id == example)
        .map(|(_, setup)| Plan::Run(*setup))
        .ok_or_else(|| {
            format!(
                "{}:{}: no set-up {example:?} in tests/readme/examples.rs",
                doc.rel, block.line
            )
        })
}

#[test]
fn every_console_example_prints_what_it_shows() {
    let (mut ran, mut skipped) = (0, 0);
    let mut failed = Vec::new();
    let mut used = Vec::new();
    for doc in docs() {
        let markers = doc.prose.lines().filter(|l| marker(l.trim()).is_some());
        let on_blocks = doc.blocks.iter().filter(|b| b.example.is_some()).count();
        if markers.count() != on_blocks {
            failed.push(format!(
                "{}: an `<!-- example: ... -->` line is not right before a code block",
                doc.rel
            ));
        }
        for block in &doc.blocks {
            if block.lang != "console" {
                if block.example.is_some() || block.text.lines().any(|l| l.starts_with("$ ")) {
                    failed.push(format!(
                        "{}:{}: a transcript (`$ command` lines) or an `<!-- example -->` line \
                         is for a ```console block, which is run; this one is {:?}",
                        doc.rel, block.line, block.lang
                    ));
                }
                continue;
            }
            used.extend(block.example.clone());
            let result = plan(&doc, block).and_then(|plan| match plan {
                Plan::Run(setup) => run_block(&doc, block, setup).map(|()| ran += 1),
                Plan::Skip => {
                    skipped += 1;
                    Ok(())
                }
            });
            failed.extend(result.err());
        }
    }
    for (id, _) in SETUPS {
        if !used.iter().any(|u| u == id) {
            failed.push(format!("the set-up {id:?} is used by no console block"));
        }
    }
    // Past libtest's capture, so that every run says how much of the docs it ran.
    let _ = writeln!(
        std::io::stderr(),
        "console examples: {ran} ran, {skipped} skipped as marked"
    );
    assert!(failed.is_empty(), "{}", failed.join("\n\n"));
    assert!(ran > 0, "no console block was run");
}

/// The comparison's rules, as the module's documentation gives them.
#[test]
fn shown_and_printed_compare_as_documented() {
    let same = |shown: &str, printed: &str| {
        let shown: Vec<&str> = shown.lines().collect();
        let printed: Vec<&str> = printed.lines().collect();
        same_lines(&shown, &printed)
    };
    assert!(same("a\nb\n", "a\nb\n"));
    assert!(!same("a\nb\n", "a\nb\nc\n"), "every line printed is shown");
    assert!(!same("a\n", "a\n\n"), "an empty line counts");
    assert!(same("a\n...\nd\n", "a\nb\nc\nd\n"));
    assert!(same("a\n...\nb\n", "a\nb\n"), "`...` may stand for no line");
    assert!(same("...\n", ""));
    assert!(!same("a\n...\nd\n", "a\nb\nc\n"));
    assert!(same("x: it failed; ...\n", "x: it failed; here is why\n"));
    assert!(!same("x: it failed; ...\n", "x: it worked\n"));
    assert!(same("ok (pid 48121)\n", "ok (pid 7)\n"));
    assert!(!same("ok (pid 48121)\n", "ok (pid x)\n"));
    let v = env!("CARGO_PKG_VERSION");
    assert!(same(
        &format!("goenvhook {v} (5e571f0)\n"),
        &format!("goenvhook {v} (abc1234)\n")
    ));
    assert!(!same(
        &format!("goenvhook {v} (5e571f0)\n"),
        &format!("goenvhook {v}\n")
    ));
    assert!(!same(
        "goenvhook 0.0.0 (5e571f0)\n",
        &format!("goenvhook {v} (5e571f0)\n")
    ));
}
