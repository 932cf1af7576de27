//! Random walks between nested projects, with the user editing variables
//! and PATH, configs being edited, allowed and denied, and new shells started inside. After
//! leaving every project, each variable holds the last value the user gave it (or its original),
//! and PATH is the user's entries in the user's order, with no project entry and no duplicate.
//!
//! The fast tier runs the hook's own pipeline in-process (the same `plan` calls `export` makes,
//! with the shell's environment as a map) for thousands of walks; the slow tier replays walks
//! through the real bash, zsh and fish with the real snippet.

mod common;

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use goenvhook::config;
use goenvhook::env::{Env, STATE_VAR};
use goenvhook::plan;
use goenvhook::trust::{Dirs, Store};
use proptest::prelude::*;

const VARS: [&str; 3] = ["GOPROXY", "GOFLAGS", "X"];
const ORIGINAL_PATH: [&str; 3] = ["/usr/local/bin", "/usr/bin", "/bin"];
/// Directories of a walk: outside, a project, its subdirectory, a nested project, another
/// project that moves an entry the user already has on PATH.
const DIRS: [&str; 5] = ["o", "a", "a/sub", "a/b", "c"];
const CONFIGS: [&str; 3] = ["a", "a/b", "c"];

#[derive(Debug, Clone)]
enum Op {
    Cd(usize),
    Prompt,
    UserSet(usize, u8),
    UserUnset(usize),
    UserPrepend(u8),
    UserRemove(usize),
    /// Rewrite a config as variant n (its content changes; `a/b` toggles `inherit`).
    Edit(usize, u8),
    Allow(usize),
    Deny(usize),
    /// A new shell starts here: it inherits the environment and state, its rc file sets a
    /// variable (a user value), and its first prompt is a fresh one.
    NewShell(usize, u8),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..DIRS.len()).prop_map(Op::Cd),
        3 => Just(Op::Prompt),
        1 => (0..VARS.len(), 0u8..4).prop_map(|(v, n)| Op::UserSet(v, n)),
        1 => (0..VARS.len()).prop_map(Op::UserUnset),
        1 => (0u8..6).prop_map(Op::UserPrepend),
        1 => (0usize..8).prop_map(Op::UserRemove),
        1 => (0..CONFIGS.len(), 0u8..3).prop_map(|(c, n)| Op::Edit(c, n)),
        2 => (0..CONFIGS.len()).prop_map(Op::Allow),
        1 => (0..CONFIGS.len()).prop_map(Op::Deny),
        1 => (0..VARS.len(), 0u8..3).prop_map(|(v, n)| Op::NewShell(v, n)),
    ]
}

fn config_text(which: usize, variant: u8) -> String {
    match which {
        0 => format!(
            "[env]\nGOPROXY = \"https://a{variant}.example\"\nGOFLAGS = \"-mod=mod\"\n[path]\nprepend = [\"./bin\"]\n"
        ),
        1 => format!(
            "inherit = {}\n[env]\nGOPROXY = \"https://b{variant}.example\"\nGOFLAGS = false\nX = \"b\"\n[path]\nprepend = [\"./bin\"]\nappend = [\"/opt/b{variant}\"]\n",
            variant % 2 == 0
        ),
        _ => format!(
            "[env]\nX = \"c{variant}\"\n[path]\nprepend = [\"/usr/bin\", \"./bin\"]\n"
        ),
    }
}

/// What the user meant: the last value they gave each variable, and their PATH entries in order.
/// A hook only sees the environment at a prompt, so a change the user undoes before the next
/// prompt (set a variable, then unset it again where the project had unset it) says nothing:
/// variable changes wait in `pending` and count only if the value at the prompt differs from the
/// one the last prompt left.
struct Model {
    vars: BTreeMap<&'static str, Option<String>>,
    pending: BTreeMap<&'static str, Option<String>>,
    at_last_prompt: BTreeMap<&'static str, Option<String>>,
    path: Vec<String>,
    next_entry: u32,
}

impl Model {
    fn new(goproxy: Option<&str>) -> Model {
        let mut vars = BTreeMap::new();
        vars.insert("GOPROXY", goproxy.map(str::to_string));
        vars.insert("GOFLAGS", None);
        vars.insert("X", None);
        Model {
            at_last_prompt: vars.clone(),
            vars,
            pending: BTreeMap::new(),
            path: ORIGINAL_PATH.iter().map(|s| s.to_string()).collect(),
            next_entry: 0,
        }
    }

    fn user_sets(&mut self, var: &'static str, value: Option<String>) {
        self.pending.insert(var, value);
    }

    /// Runs a prompt of `sim` with the user's pending changes judged as the hook sees them.
    fn prompt(&mut self, sim: &mut Sim, fresh: bool) {
        for (v, value) in std::mem::take(&mut self.pending) {
            if sim.get(v) != self.at_last_prompt[v] {
                self.vars.insert(v, value);
            }
        }
        sim.prompt(fresh);
        for v in VARS {
            self.at_last_prompt.insert(v, sim.get(v));
        }
    }
}

/// The in-process shell: its exported environment and working directory, and the hook's prompt
/// step exactly as `export` runs it.
struct Sim {
    root: PathBuf,
    env: Env,
    cwd: PathBuf,
}

impl Sim {
    fn get(&self, k: &str) -> Option<String> {
        self.env
            .get(&OsString::from(k))
            .map(|v| v.to_string_lossy().into_owned())
    }

    fn set(&mut self, k: &str, v: Option<&str>) {
        match v {
            Some(v) => self.env.insert(k.into(), v.into()),
            None => self.env.remove(&OsString::from(k)),
        };
    }

    fn dirs(&self) -> Dirs {
        Dirs::from_env(|k| self.env.get(&OsString::from(k)).cloned())
    }

    fn prompt(&mut self, fresh: bool) {
        let dirs = self.dirs();
        let at = plan::Prompt {
            env: &self.env,
            dirs: &dirs,
            found: config::find_all(&self.cwd),
            now: plan::now_secs(),
        };
        let plan::Prompted::Evaluated(ev) = plan::prompt(at, fresh) else {
            return;
        };
        assert!(
            !ev.message
                .as_ref()
                .is_some_and(|(m, _)| m.contains("cannot read")),
            "the walk's own state is always readable"
        );
        for (n, v) in ev.changes {
            match v {
                Some(v) => self.env.insert(n, v),
                None => self.env.remove(&n),
            };
        }
    }

    fn path_entries(&self) -> Vec<String> {
        self.get("PATH")
            .unwrap_or_default()
            .split(':')
            .filter(|e| !e.is_empty())
            .map(str::to_string)
            .collect()
    }

    fn store(&self) -> Store {
        Store {
            dir: self.dirs().trust.unwrap(),
        }
    }

    fn config(&self, which: usize) -> PathBuf {
        self.root.join(CONFIGS[which]).join(config::FILE_NAME)
    }
}

fn setup(root: &Path, goproxy: Option<&str>) -> (Sim, Model) {
    for d in DIRS {
        fs::create_dir_all(root.join(d)).unwrap();
    }
    let mut env = Env::new();
    env.insert("HOME".into(), root.join("home").into());
    env.insert("XDG_DATA_HOME".into(), root.join("xdg/data").into());
    env.insert("XDG_CONFIG_HOME".into(), root.join("xdg/config").into());
    env.insert("XDG_CACHE_HOME".into(), root.join("xdg/cache").into());
    env.insert("PATH".into(), ORIGINAL_PATH.join(":").into());
    if let Some(g) = goproxy {
        env.insert("GOPROXY".into(), g.into());
    }
    let sim = Sim {
        root: root.to_path_buf(),
        env,
        cwd: root.join("o"),
    };
    for which in 0..CONFIGS.len() {
        let p = sim.config(which);
        fs::write(&p, config_text(which, 0)).unwrap();
        sim.store().allow(&p, &fs::read(&p).unwrap()).unwrap();
    }
    (sim, Model::new(goproxy))
}

/// Runs a whole walk in-process and leaves every project at the end.
fn walk(root: &Path, ops: &[Op], goproxy: Option<&str>) -> (Sim, Model) {
    let (mut sim, mut model) = setup(root, goproxy);
    for op in ops {
        step(&mut sim, &mut model, op);
    }
    sim.cwd = root.join("o");
    model.prompt(&mut sim, false);
    (sim, model)
}

fn step(sim: &mut Sim, model: &mut Model, op: &Op) {
    match *op {
        Op::Cd(d) => sim.cwd = sim.root.join(DIRS[d]),
        Op::Prompt => model.prompt(sim, false),
        Op::UserSet(v, n) => {
            let value = format!("user-{n}");
            sim.set(VARS[v], Some(&value));
            model.user_sets(VARS[v], Some(value));
        }
        Op::UserUnset(v) => {
            sim.set(VARS[v], None);
            model.user_sets(VARS[v], None);
        }
        Op::UserPrepend(n) => {
            let entry = format!("/user/{n}-{}", model.next_entry);
            model.next_entry += 1;
            let path = sim.get("PATH").unwrap_or_default();
            sim.set("PATH", Some(&format!("{entry}:{path}")));
            model.path.insert(0, entry);
        }
        Op::UserRemove(i) => {
            if model.path.len() > 1 {
                let entry = model.path.remove(i % model.path.len());
                let kept: Vec<String> = sim
                    .path_entries()
                    .into_iter()
                    .filter(|e| *e != entry)
                    .collect();
                sim.set("PATH", Some(&kept.join(":")));
            }
        }
        Op::Edit(c, n) => fs::write(sim.config(c), config_text(c, n)).unwrap(),
        Op::Allow(c) => {
            let p = sim.config(c);
            sim.store().allow(&p, &fs::read(&p).unwrap()).unwrap();
        }
        Op::Deny(c) => sim.store().deny(&sim.config(c)).unwrap(),
        Op::NewShell(v, n) => {
            let value = format!("rc-{n}");
            sim.set(VARS[v], Some(&value));
            model.user_sets(VARS[v], Some(value));
            model.prompt(sim, true);
        }
    }
}

/// PATH after leaving is the user's entries in the user's order. One documented exception: when
/// the user removed both neighbours of an entry a project moved (`c` moves /usr/bin to the
/// front), goenvhook no longer knows where it stood among what is left, so that entry only has to
/// be back (not lost, not doubled) and every other entry keeps its order.
fn check_path(path: &[String], model: &[String], ops: &[Op]) -> Result<(), TestCaseError> {
    if !ops.iter().any(|o| matches!(o, Op::UserRemove(_))) {
        prop_assert_eq!(path, model, "PATH after leaving; walk {:?}", ops);
        return Ok(());
    }
    let without =
        |l: &[String]| -> Vec<String> { l.iter().filter(|e| *e != "/usr/bin").cloned().collect() };
    prop_assert_eq!(
        without(path),
        without(model),
        "PATH after leaving; walk {:?}",
        ops
    );
    let count = |l: &[String]| l.iter().filter(|e| *e == "/usr/bin").count();
    prop_assert_eq!(
        count(path),
        count(model),
        "/usr/bin after leaving; walk {:?}",
        ops
    );
    Ok(())
}

fn check_left(sim: &Sim, model: &Model, ops: &[Op]) -> Result<(), TestCaseError> {
    for v in VARS {
        prop_assert_eq!(
            sim.get(v),
            model.vars[v].clone(),
            "{} after leaving; walk {:?}",
            v,
            ops
        );
    }
    let path = sim.path_entries();
    check_path(&path, &model.path, ops)?;
    prop_assert!(
        sim.get(STATE_VAR).is_none(),
        "no state left outside any project: {:?}",
        sim.get(STATE_VAR)
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn leaving_every_project_restores_what_the_user_meant(ops in prop::collection::vec(op(), 1..24)) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        let (mut sim, model) = walk(&root, &ops, Some("https://original.example"));
        check_left(&sim, &model, &ops)?;
        // Idempotent: another prompt outside changes nothing.
        let before = sim.env.clone();
        sim.prompt(false);
        prop_assert_eq!(before, sim.env.clone());
    }
}

/// The slow tier: the same walks through the real shells, one script per walk, compared with
/// what the in-process walk (checked against the model above) leaves.
mod real_shells {
    use super::*;
    use common::{sh_quote, Sandbox, Step};

    fn q(sh: &str, s: &[u8]) -> String {
        String::from_utf8(sh_quote(sh, s)).unwrap()
    }

    /// The walk as shell lines, in the same order `step` runs it.
    fn render(sb: &Sandbox, ops: &[Op], sh: &str) -> Vec<u8> {
        let mut lines: Vec<String> = Vec::new();
        let mut next_entry = 0;
        let mut path_model: Vec<String> = ORIGINAL_PATH.iter().map(|s| s.to_string()).collect();
        let set = |n: &str, v: &str| {
            if sh == "fish" {
                format!("set -gx {n} {}", q(sh, v.as_bytes()))
            } else {
                format!("export {n}={}", q(sh, v.as_bytes()))
            }
        };
        for op in ops {
            match *op {
                Op::Cd(d) => lines.push(format!(
                    "cd {}",
                    q(sh, sb.path(DIRS[d]).as_os_str().as_bytes())
                )),
                Op::Prompt => lines.push("__p".into()),
                Op::UserSet(v, n) => lines.push(set(VARS[v], &format!("user-{n}"))),
                Op::UserUnset(v) => lines.push(if sh == "fish" {
                    format!("set -e {}", VARS[v])
                } else {
                    format!("unset {}", VARS[v])
                }),
                Op::UserPrepend(n) => {
                    let entry = format!("/user/{n}-{next_entry}");
                    next_entry += 1;
                    path_model.insert(0, entry.clone());
                    lines.push(if sh == "fish" {
                        format!("set -gx PATH {entry} $PATH")
                    } else {
                        format!("export PATH={entry}:\"$PATH\"")
                    });
                }
                Op::UserRemove(i) => {
                    if path_model.len() > 1 {
                        let entry = path_model.remove(i % path_model.len());
                        // The tools by absolute path: the walk may just have removed /usr/bin.
                        lines.push(if sh == "fish" {
                            format!("set -gx PATH (string match -v -- {entry} $PATH)")
                        } else {
                            format!("export PATH=$(printf %s \"$PATH\" | /usr/bin/tr : '\\n' | /usr/bin/grep -vxF -- {entry} | /usr/bin/paste -sd:)")
                        });
                    }
                }
                Op::Edit(c, n) => {
                    let p = sb.path(&format!("{}/.goenv.toml", CONFIGS[c]));
                    lines.push(format!(
                        "printf %s {} > {}",
                        q(sh, config_text(c, n).as_bytes()),
                        q(sh, p.as_os_str().as_bytes())
                    ));
                }
                Op::Allow(c) | Op::Deny(c) => {
                    let verb = if matches!(op, Op::Allow(_)) {
                        "allow"
                    } else {
                        "deny"
                    };
                    let p = sb.path(&format!("{}/.goenv.toml", CONFIGS[c]));
                    lines.push(format!(
                        "{} {verb} {} >/dev/null 2>&1",
                        q(sh, common::BIN.as_bytes()),
                        q(sh, p.as_os_str().as_bytes())
                    ));
                }
                Op::NewShell(v, n) => {
                    // What a new shell's start does: its rc sets a variable, and the snippet
                    // marks the first prompt as a fresh one.
                    lines.push(set(VARS[v], &format!("rc-{n}")));
                    lines.push(if sh == "fish" {
                        "set -g _goenvhook_fresh 1".into()
                    } else {
                        "_goenvhook_fresh=1".into()
                    });
                    lines.push("__p".into());
                }
            }
        }
        lines.push(format!("cd {}", q(sh, sb.path("o").as_os_str().as_bytes())));
        lines.push("__p".into());
        let script = lines.join("\n");
        let mut steps = vec![Step::Run(&script)];
        for v in VARS {
            steps.push(Step::Show(v));
        }
        steps.push(Step::Show("PATH"));
        sb.script(sh, &steps)
    }

    proptest! {
        // A fixed seed: the real shells run a dozen walks, the same ones every run, so CI is
        // repeatable; the in-process tier above explores new walks on every run.
        #![proptest_config(ProptestConfig {
            cases: 12,
            rng_seed: proptest::test_runner::RngSeed::Fixed(0x60e7_400c),
            ..ProptestConfig::default()
        })]

        #[test]
        fn walks_through_real_shells(ops in prop::collection::vec(op(), 1..16)) {
            let tmp = tempfile::tempdir().unwrap();
            let (_, model) = walk(&tmp.path().canonicalize().unwrap(), &ops, None);
            for sh in common::SHELLS {
                let sb = Sandbox::new();
                for (which, dir) in CONFIGS.iter().enumerate() {
                    let rel = format!("{dir}/.goenv.toml");
                    sb.write(&rel, &config_text(which, 0));
                    sb.allow(&rel);
                }
                for d in DIRS {
                    sb.mkdir(d);
                }
                let script = render(&sb, &ops, sh);
                let r = sb.run_script(sh, script, &sb.path("o"));
                for v in VARS {
                    prop_assert_eq!(
                        r.shown_str(v, 0),
                        model.vars[v].clone(),
                        "{}: {} after leaving; walk {:?}\nstderr: {}", sh, v, ops, r.stderr
                    );
                }
                let bindir = Path::new(common::BIN).parent().unwrap().display().to_string();
                let path: Vec<String> = r
                    .shown_str("PATH", 0)
                    .unwrap_or_default()
                    .split(':')
                    .filter(|e| !e.is_empty() && *e != bindir)
                    .map(str::to_string)
                    .collect();
                check_path(&path, &model.path, &ops)?;
            }
        }
    }
}
