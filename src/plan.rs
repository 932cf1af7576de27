//! The per-prompt pipeline: (working directory, environment, previous state) → the changes to make,
//! the new state and at most one message. Calls config, trust, env and state; prints nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::{OsStr, OsString};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use crate::config::Global;
use crate::config::{self, Config, Ctx};
use crate::env::STATE_VAR;
use crate::env::{self, Layered, Vars};
use crate::go::gomod;
use crate::go::sdk::Sdk;
use crate::go::select::GoSpec;
use crate::go::select::{self, Choice};
use crate::go::versionfile;
use crate::shell::Change;
use crate::state::{self, State, VarRecord, Watched};
use crate::trust::{Dirs, Store, Verdict};

/// Everything one evaluation reads besides the file system.
struct Inputs<'a> {
    env: &'a dyn Vars,
    /// The decoded state; None when there is none or it could not be read.
    state: Option<&'a State>,
    /// All configs from the working directory up, nearest first (`config::find_all`).
    found: Vec<PathBuf>,
    dirs: &'a Dirs,
    now: i64,
    /// Keep what the user changed by hand when the files are the same (`keep_hand_changes`).
    keep_hand_changes: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// This config is not approved (nearest first in the chain).
    NotAllowed(PathBuf),
    /// A config, the global config or the trust store could not be used.
    Error(String),
}

pub struct Evaluation {
    /// Changes against the current environment, the state variable included, sorted by name.
    pub changes: Vec<Change>,
    pub problem: Option<Problem>,
    /// One line for the user (without the "goenvhook: " prefix), and whether it is an error.
    pub message: Option<(String, bool)>,
    /// Configs applied, nearest first.
    pub chain: Vec<Config>,
    pub global: Global,
    /// The state the shell holds once `changes` are applied (None: no state variable).
    pub live: Option<State>,
}

/// What a prompt came to.
pub enum Prompted {
    /// Nothing could have changed; the state the shell holds (None: none).
    Same(Option<State>),
    Evaluated(Evaluation),
}

/// What one prompt reads besides the files it looks at.
pub struct Prompt<'a> {
    /// The environment: the state variable is read from it, values expand against it.
    pub env: &'a dyn Vars,
    pub dirs: &'a Dirs,
    /// Every config from the working directory up, nearest first (`config::find_all`).
    pub found: Vec<PathBuf>,
    pub now: i64,
}

/// One prompt, whole, as the hook and the tests run it: the state variable decoded, the no-op
/// test (skipped when `fresh`: a new shell's first prompt), then `full`.
pub fn prompt(p: Prompt, fresh: bool) -> Prompted {
    match read_state(p.env) {
        Ok(s) if !fresh && unchanged(s.as_ref(), &p.found, p.dirs) => Prompted::Same(s),
        // A new shell's first prompt applies the project over what the rc files set; a later
        // one keeps what the user changed by hand while the files stay the same.
        state => Prompted::Evaluated(evaluate_prompt(p, state, !fresh)),
    }
}

/// The state in `env`: None when there is none, Err(why) when it cannot be read.
pub fn read_state(env: &dyn Vars) -> Result<Option<State>, String> {
    env.var_str(STATE_VAR)
        .as_deref()
        .map(State::decode)
        .transpose()
}

/// The evaluation of a prompt whatever the stamps say (`exec` and doctor run this), with the
/// line to show: one for a state that cannot be read, and none when the user asked for quiet
/// and it is not an error.
pub fn full(p: Prompt, state: Result<Option<State>, String>) -> Evaluation {
    evaluate_prompt(p, state, false)
}

fn evaluate_prompt(
    p: Prompt,
    state: Result<Option<State>, String>,
    keep_hand_changes: bool,
) -> Evaluation {
    let (state, garbled) = match state {
        Ok(s) => (s, None),
        Err(why) => (None, Some(why)),
    };
    let mut ev = evaluate(&Inputs {
        env: p.env,
        state: state.as_ref(),
        found: p.found,
        dirs: p.dirs,
        now: p.now,
        keep_hand_changes,
    });
    if let Some(why) = garbled {
        ev.message = Some((format!("ignored a {STATE_VAR} it cannot read ({why}); variables a project set before stay as they are"), true));
    }
    let quiet = ev.global.quiet
        || p.env
            .var_str("GOENVHOOK_QUIET")
            .is_some_and(|v| !v.is_empty() && v != OsStr::new("0"));
    if quiet && ev.message.as_ref().is_some_and(|(_, error)| !error) {
        ev.message = None;
    }
    ev
}

/// The no-op test, run on every prompt before anything is parsed: the same configs are in view and
/// none of the watched files changed (stamps, not contents), and no stamp is in the racy window.
pub fn unchanged(state: Option<&State>, found: &[PathBuf], dirs: &Dirs) -> bool {
    let Some(s) = state else {
        return found.is_empty();
    };
    s.found == found
        && !s.is_racy()
        && s.files.iter().all(|w| state::stamp(&w.path) == w.stamp)
        && dirs.trust.as_deref().and_then(state::stamp) == s.trust
        && dirs.global_config.as_deref().and_then(state::stamp) == s.global
}

/// Undoes the previous state on `env`. A variable the user changed since goenvhook set it keeps
/// the user's value; its name is returned in the second list.
pub fn revert<'a>(env: &'a dyn Vars, state: Option<&State>) -> (Layered<'a>, Vec<OsString>) {
    let mut base = Layered::new(env);
    let mut kept = Vec::new();
    let Some(s) = state else { return (base, kept) };
    for v in &s.vars {
        let current = env.var(&v.name);
        let ours = match v.applied {
            Some(h) => current.map(|c| env::hash_os(&c)) == Some(h),
            None => current.is_none(),
        };
        if ours {
            base.set(v.name.clone(), v.prev.clone());
        } else {
            kept.push(v.name.clone());
        }
    }
    if !s.path.is_empty() {
        let path = env.var_str("PATH").unwrap_or_default();
        let cur = env::split_list(&path);
        let back = env::revert_list(&cur, &s.path);
        let value = (!(back.is_empty() && s.path.was_unset)).then(|| env::join_list(&back));
        base.set("PATH".into(), value);
    }
    (base, kept)
}

/// Reads and parses the chain that starts at `found[0]`: the nearest config, then, while a config
/// says `inherit = true` (or is a `.goenv.local.toml` with a `.goenv.toml` beside it), the next
/// one up. Stops at the first config that is not allowed.
fn load_chain(
    found: &[PathBuf],
    store: Option<&Store>,
    global: &Global,
    watched: &mut Vec<Watched>,
) -> Result<Vec<Config>, Option<Problem>> {
    config::walk_chain(found, |path, read| {
        // Stamped as opened, before reading: a write after this read always changes the stamp.
        let (bytes, meta) = read.map_err(|m| Some(Problem::Error(m)))?;
        watched.push(Watched {
            path: path.to_path_buf(),
            stamp: Some(state::stamp_of(&meta)),
            hash: env::hash64(&bytes),
        });
        let Some(store) = store else {
            return Err(Some(Problem::Error(
                "neither HOME nor XDG_DATA_HOME is set, so there is no trust store; set HOME"
                    .into(),
            )));
        };
        match store.verdict(path, &bytes, global) {
            Ok(Verdict::Denied) => return Err(None),
            Ok(Verdict::NotAllowed) => return Err(Some(Problem::NotAllowed(path.to_path_buf()))),
            Ok(Verdict::Allowed) => {}
            Err(e) => {
                return Err(Some(Problem::Error(format!(
                    "could not read the trust store {}: {e}; fix its permissions",
                    store.dir.display()
                ))))
            }
        }
        let cfg = config::parse(path, &bytes).map_err(|e| Some(Problem::Error(e.to_string())))?;
        Ok(Some(cfg))
    })
}

/// The result of applying a chain on top of the outside environment.
#[derive(Default)]
struct Applied {
    /// The values the project sets or unsets (PATH included), on top of the outside environment.
    over: Vec<(OsString, Option<OsString>)>,
    records: Vec<VarRecord>,
    edit: env::ListEdit,
    toolchain: Toolchain,
    /// PATH outside the project, as read for the edit (None: not read). When nothing was
    /// reverted it is also the live PATH, which then need not be copied from the environment
    /// again (a long PATH is tens of KB).
    base_path: Option<Option<OsString>>,
}

/// What `go = ...` of the nearest config that has one selects, as the load applies it.
#[derive(Default)]
struct Toolchain {
    /// GOROOT, and GOTOOLCHAIN when the wanted release must be fetched.
    vars: Vec<(OsString, OsString)>,
    /// The SDK's bin directory, put first on PATH so go, gofmt and `go env GOROOT` agree.
    bin: Option<OsString>,
    /// For the message: `go1.22.10`, or `go1.21.13 (GOTOOLCHAIN=go1.22.0)`.
    shown: Option<String>,
    /// Something the user should know about the selection (a release that is not installed).
    note: Option<String>,
    /// The release `go version` reports inside the project, for the state (prompt segments).
    go: Option<String>,
}

/// Resolves `go = ...` of the nearest config that has one. The go.work/go.mod or version file
/// it reads is added to `watched`, so an edit re-selects.
fn select_toolchain(
    base: &dyn Vars,
    chain: &[Config],
    global: &Global,
    watched: &mut Vec<Watched>,
) -> Result<Toolchain, String> {
    let Some((cfg, spec)) = chain.iter().find_map(|c| c.go.as_ref().map(|g| (c, g))) else {
        return Ok(Toolchain::default());
    };
    let files: Vec<PathBuf> = match spec {
        GoSpec::GoMod => gomod::gomod_files(&cfg.dir).into(),
        // go = ".go-version": an edit of that file re-selects, like a go.mod edit.
        GoSpec::File(name) => vec![versionfile::resolve(&cfg.dir, name)],
        _ => Vec::new(),
    };
    for p in files {
        let stamp = state::stamp(&p);
        let hash = fs::read(&p).map_or(0, |b| env::hash64(&b));
        watched.push(Watched {
            path: p,
            stamp,
            hash,
        });
    }
    // A spec that picks among installed SDKs: every directory discovery lists is watched too,
    // so an SDK installed (or removed) while the shell sits in the project re-selects.
    if !matches!(spec, GoSpec::Path(_) | GoSpec::System) {
        for d in crate::go::sdk::discovery_paths(base, &global.sdk_dirs).dirs {
            let stamp = state::stamp(&d);
            watched.push(Watched {
                path: d,
                stamp,
                hash: 0,
            });
        }
    }
    let home = base.var_str("HOME");
    let choice = select::select(spec, &cfg.dir, home.as_deref(), base, &global.sdk_dirs)
        .map_err(|m| format!("{}: {m}", cfg.path.display()))?;
    let using = |sdk: &Sdk| Toolchain {
        vars: vec![("GOROOT".into(), sdk.root.clone().into_os_string())],
        bin: Some(sdk.root.join("bin").into_os_string()),
        shown: Some(sdk.name.clone()),
        note: None,
        go: Some(sdk.name.clone()),
    };
    Ok(match choice {
        Choice::Keep => Toolchain::default(),
        Choice::Use(sdk) => using(&sdk),
        Choice::Missing {
            wanted,
            fallback,
            nearest,
        } => missing(spec, wanted, fallback.map(|sdk| using(&sdk)), nearest),
    })
}

/// A release that is not installed: the fallback SDK (when there is one) with GOTOOLCHAIN set to
/// the release it downloads, and the note that says so.
fn missing(
    spec: &GoSpec,
    wanted: String,
    fallback: Option<Toolchain>,
    nearest: Option<String>,
) -> Toolchain {
    let install = format!("go install golang.org/dl/{wanted}@latest && {wanted} download");
    let near = select::nearest_note(nearest.as_deref());
    // `go = "1.21"` names no patch: go fetches the minor's first release, without the later
    // fixes.
    let first = match spec {
        GoSpec::Version(v)
            if crate::go::version::Version::parse(v).is_some_and(|p| p.kind.is_empty())
                && v.trim_start_matches("go").matches('.').count() == 1 =>
        {
            format!(
                " ({wanted} is the first {v} release; name a later patch release to get its fixes)"
            )
        }
        _ => String::new(),
    };
    match fallback {
        Some(mut t) => {
            let fetcher = t.shown.take().unwrap_or_default();
            t.vars.push(("GOTOOLCHAIN".into(), wanted.clone().into()));
            t.note = Some(format!("{wanted} is not installed{near}, so {fetcher} downloads it on first use (GOTOOLCHAIN={wanted}){first}; to install it: {install}"));
            t.shown = Some(format!("{fetcher} (GOTOOLCHAIN={wanted})"));
            // The go command switches to `wanted`, so that is what `go version` says.
            t.go = Some(wanted);
            t
        }
        None => Toolchain {
            note: Some(format!("{wanted} is not installed{near} and no Go 1.21+ is installed to fetch it; install it: {install}")),
            ..Toolchain::default()
        },
    }
}

/// The go that will run in the project, for the checks only it can answer (its experiments,
/// GODEBUG keys, the variables it reads): the release GOTOOLCHAIN fetches, the selected SDK, or
/// the go first on PATH, found when a check first asks.
fn release_of<'a>(base: &'a dyn Vars, t: &Toolchain) -> Box<dyn crate::go::vars::Release + 'a> {
    use crate::go::release::{Lazy, Release};
    let var = |name: &str| t.vars.iter().find(|(n, _)| n == name).map(|(_, v)| v);
    if let (Some(_), Some(go)) = (var("GOTOOLCHAIN"), &t.go) {
        return Box::new(Release::named(go));
    }
    if let Some(root) = var("GOROOT") {
        return Box::new(Release::at(Path::new(root)));
    }
    Box::new(Lazy::new(move || -> Box<dyn crate::go::vars::Release> {
        match base
            .var(OsStr::new("PATH"))
            .and_then(|p| Release::on_path(&p))
        {
            Some(r) => Box::new(r),
            None => Box::new(crate::go::vars::Unknown),
        }
    }))
}

/// The go that will run for `chain`, which every load checks values against; `allow` asks the
/// same before it records anything.
pub fn release_for<'a>(
    base: &'a dyn Vars,
    chain: &[Config],
    global: &Global,
) -> Box<dyn crate::go::vars::Release + 'a> {
    let t = select_toolchain(base, chain, global, &mut Vec::new()).unwrap_or_default();
    release_of(base, &t)
}

/// Applies the chain (ancestor first, nearest last) on top of `base`. Values expand against
/// `base`, the environment outside the project.
/// An `[env]` entry's value as the project sets it (None: unset), checked once expanded: the
/// kernel's limit on one variable, and Go's grammar for Go's variables.
fn env_value(
    ctx: &Ctx,
    cfg: &Config,
    e: &config::EnvEntry,
    limits: &env::ExecLimits,
    release: &dyn crate::go::vars::Release,
) -> Result<Option<OsString>, String> {
    let at = |m: String| format!("{}:{}:{}: {m}", cfg.path.display(), e.line, e.col);
    let value = ctx.value(e).map_err(at)?;
    if let Some(v) = &value {
        if let Some(m) = limits.check_var(OsStr::new(&e.name), v.len()) {
            return Err(at(m));
        }
        if let Some(v) = v.to_str() {
            crate::go::vars::check_with(&e.name, v, release).map_err(at)?;
            crate::go::files::check(&e.name, v).map_err(at)?;
        }
    }
    Ok(value)
}

fn apply_chain(
    base: &dyn Vars,
    chain: &[Config],
    global: &Global,
    watched: &mut Vec<Watched>,
) -> Result<Applied, String> {
    let mut toolchain = select_toolchain(base, chain, global, watched)?;
    let limits = env::ExecLimits::current();
    let release = release_of(base, &toolchain);
    let mut target = Layered::new(base);
    let mut names: Vec<OsString> = Vec::new();
    for (n, v) in std::mem::take(&mut toolchain.vars) {
        target.set(n.clone(), Some(v));
        names.push(n);
    }
    let (mut prepend, mut append) = (Vec::new(), Vec::new());
    for cfg in chain.iter().rev() {
        let ctx = Ctx {
            outside: base,
            dir: &cfg.dir,
        };
        for e in &cfg.env {
            let name = OsString::from(&e.name);
            target.set(name.clone(), env_value(&ctx, cfg, e, &limits, &*release)?);
            if !names.contains(&name) {
                names.push(name);
            }
        }
        // The nearest config's entries end up in front. An entry that is not one absolute
        // directory once expanded refuses the whole project: nothing of it is applied.
        let entry = |s: &String| {
            ctx.path_entry(s)
                .map_err(|m| format!("{}: {m}", cfg.path.display()))
        };
        let mut p = cfg
            .prepend
            .iter()
            .map(entry)
            .collect::<Result<Vec<_>, _>>()?;
        p.append(&mut prepend);
        prepend = p;
        for s in &cfg.append {
            append.push(entry(s)?);
        }
    }
    // The selected SDK's bin goes first, so go, gofmt and `go env GOROOT` agree.
    if let Some(bin) = toolchain.bin.take() {
        prepend.insert(0, bin);
    }
    let records = names
        .into_iter()
        .map(|n| VarRecord {
            prev: base.var(&n),
            applied: target.var(&n).map(|v| env::hash_os(&v)),
            name: n,
        })
        .collect();
    let mut edit = env::ListEdit::default();
    let mut read_path = None;
    if !prepend.is_empty() || !append.is_empty() {
        let base_path = base.var_str("PATH");
        let (path, e) =
            env::apply_value(base_path.as_deref().unwrap_or_default(), &prepend, &append);
        edit = e;
        edit.was_unset = base_path.is_none();
        read_path = Some(base_path);
        if let Some(m) = limits.check_var(OsStr::new("PATH"), path.len()) {
            let nearest = chain.first().map(|c| c.path.display().to_string());
            return Err(format!("{}: {m}", nearest.unwrap_or_default()));
        }
        target.set("PATH".into(), Some(path));
    }
    Ok(Applied {
        over: target.over.into_iter().collect(),
        records,
        edit,
        toolchain,
        base_path: read_path,
    })
}

/// One evaluation, in its steps: revert what the state applied, load and apply the chain in
/// view, diff against the live environment (refusing a result the shell could not start
/// programs with), record the new state, and write the one line for the user.
fn evaluate(inp: &Inputs) -> Evaluation {
    let (base, kept) = revert(inp.env, inp.state);
    let home = base.var_str("HOME");
    let mut load = load(inp, &base, home.as_deref());
    keep_hand_changes(inp, &kept, &mut load);
    let diff = diff_within_limits(inp, &base, &mut load);
    let env_changed = !diff.changes.is_empty();
    let Loaded {
        problem,
        chain,
        global,
        watched,
        applied,
    } = load;
    let project = chain.first().map(|c| c.dir.as_os_str().to_os_string());
    let notice_text = problem.as_ref().map(|p| describe(p, inp.env));
    let notice = notice_text
        .as_deref()
        .map_or(0, |t| notice_key(t, &watched));
    let Applied {
        records,
        edit,
        toolchain,
        ..
    } = applied;
    let new_state = State {
        notice,
        project: project.clone(),
        go: toolchain
            .go
            .as_ref()
            .filter(|_| project.is_some())
            .map(OsString::from),
        files: watched,
        vars: records,
        path: edit,
        ..stamped(inp)
    };
    let Diff {
        mut changes,
        was_set,
        ..
    } = diff;
    let emitted = record(inp, &new_state, env_changed, &mut changes);
    let old_notice = inp.state.map_or(0, |s| s.notice);
    let fresh_notice = notice != 0 && notice != old_notice;
    let mut line = notice_text.filter(|_| fresh_notice).unwrap_or_default();
    // A variable the project no longer sets is not "kept": it is simply the user's again.
    let kept: Vec<OsString> = kept
        .into_iter()
        .filter(|k| !target_sets(&new_state, k))
        .collect();
    let old_project = inp.state.and_then(|s| s.project.as_deref());
    if env_changed || project.as_deref() != old_project || !kept.is_empty() {
        let what = Summary {
            old_project,
            project: project.as_deref(),
            home: home.as_deref(),
            toolchain: &toolchain,
            changes: &changes,
            was_set: &was_set,
            kept: &kept,
        };
        if !line.is_empty() {
            line.push_str("; ");
        }
        what.write(&mut line);
    }
    let is_error = matches!(problem, Some(Problem::Error(_))) && notice != old_notice;
    Evaluation {
        changes,
        problem,
        message: (!line.is_empty()).then_some((line, is_error)),
        chain,
        global,
        live: match emitted {
            true => Some(new_state).filter(|s| !s.is_empty()),
            false => inp.state.cloned(),
        },
    }
}

/// The key of a problem's notice, kept in the state so that the notice is shown once, not on
/// every prompt, and again once any file it depends on changes. Never 0 (0 is "no notice").
fn notice_key(text: &str, watched: &[Watched]) -> u64 {
    let hashes: Vec<u8> = watched.iter().flat_map(|w| w.hash.to_le_bytes()).collect();
    env::hash64(&[text.as_bytes(), &hashes].concat()).max(1)
}

/// A variable the user changed by hand keeps the user's value when the project is only evaluated
/// again (the same files with the same content, and not a new shell's first prompt: the racy
/// window right after a write makes every prompt evaluate), as it does on the prompts the no-op
/// test skips: the shell keeps the value, and leaving keeps it too, as it would have after a full
/// evaluation. A hand change is a value that differs from what goenvhook applied (`kept`), or one
/// kept this way before: its record holds the user's value, not the one the files give. An
/// edited config applies its values anew.
fn keep_hand_changes(inp: &Inputs, kept: &[OsString], load: &mut Loaded) {
    let Some(old) = inp.state.filter(|_| inp.keep_hand_changes) else {
        return;
    };
    // Files by content; directories (SDK discovery, hash 0) by stamp: an SDK installed since
    // selects anew.
    let same = old.files.len() == load.watched.len()
        && old.files.iter().zip(&load.watched).all(|(x, y)| {
            x.path == y.path && x.hash == y.hash && (x.hash != 0 || x.stamp == y.stamp)
        });
    if load.problem.is_some() || !same {
        return;
    }
    for was in &old.vars {
        let name = &was.name;
        let Some(pos) = load.applied.over.iter().position(|(n, _)| n == name) else {
            continue;
        };
        let files_give = load.applied.over[pos].1.as_ref().map(|v| env::hash_os(v));
        if !kept.contains(name) && was.applied == files_give {
            continue;
        }
        // The record's `prev` is already the user's value (revert keeps it); what the project
        // applies becomes that value too, so nothing changes now and leaving restores it.
        let Some(r) = load.applied.records.iter_mut().find(|r| &r.name == name) else {
            continue;
        };
        r.applied = inp.env.var(name).map(|v| env::hash_os(&v));
        load.applied.over.remove(pos);
    }
}

/// What the load step found: the chain applied (or the problem that stopped it), the global
/// config, and every file whose content the result depends on.
struct Loaded {
    problem: Option<Problem>,
    chain: Vec<Config>,
    global: Global,
    watched: Vec<Watched>,
    applied: Applied,
}

/// Loads the global config and the chain in view and applies it on top of `base`. Any problem
/// leaves nothing applied.
fn load(inp: &Inputs, base: &dyn Vars, home: Option<&OsStr>) -> Loaded {
    let mut out = Loaded {
        problem: None,
        chain: Vec::new(),
        global: Global::default(),
        watched: Vec::new(),
        applied: Applied::default(),
    };
    if inp.found.is_empty() {
        return out;
    }
    match Global::load(inp.dirs.global_config.as_deref(), home) {
        Ok(g) => out.global = g,
        Err(e) => {
            out.problem = Some(Problem::Error(e.to_string()));
            return out;
        }
    }
    let store = inp.dirs.trust.clone().map(|dir| Store { dir });
    match load_chain(&inp.found, store.as_ref(), &out.global, &mut out.watched) {
        Ok(c) => match apply_chain(base, &c, &out.global, &mut out.watched) {
            Ok(a) => {
                out.applied = a;
                out.chain = c;
            }
            Err(m) => out.problem = Some(Problem::Error(m)),
        },
        Err(p) => out.problem = p,
    }
    out
}

/// The changes against the live environment. A result the shell could not start programs with
/// is refused whole: the previous project is still reverted, nothing of this one is applied.
/// Each value was already checked against the one-variable limit.
fn diff_within_limits(inp: &Inputs, base: &Layered, load: &mut Loaded) -> Diff {
    let over = std::mem::take(&mut load.applied.over);
    let base_path = load.applied.base_path.take();
    let diff = Diff::of(inp, base, &load.applied, over, base_path);
    if diff.delta_bytes <= 0 {
        return diff;
    }
    let Some(m) = env::ExecLimits::current().check_update(diff.delta_bytes, diff.delta_count)
    else {
        return diff;
    };
    let at = load.chain.first().map(|c| c.path.display().to_string());
    load.problem = Some(Problem::Error(format!("{}: {m}", at.unwrap_or_default())));
    load.applied = Applied::default();
    load.chain.clear();
    Diff::of(inp, base, &load.applied, Vec::new(), None)
}

/// A state with the time, the configs in view, and the trust store's and global config's
/// stamps (taken only when a config is in view: otherwise neither is read).
fn stamped(inp: &Inputs) -> State {
    let wanted = !inp.found.is_empty();
    let stamp = |path: Option<&Path>| path.filter(|_| wanted).and_then(state::stamp);
    State {
        t: inp.now,
        found: inp.found.clone(),
        trust: stamp(inp.dirs.trust.as_deref()),
        global: stamp(inp.dirs.global_config.as_deref()),
        ..State::default()
    }
}

/// Adds the state variable to `changes` when it must be written (or unset): the environment
/// changed, the state differs apart from its time, or it leaves the racy window. Returns
/// whether the new state is the one the shell holds after (else it keeps the one it has).
fn record(inp: &Inputs, new_state: &State, env_changed: bool, changes: &mut Vec<Change>) -> bool {
    let value = (!new_state.is_empty()).then(|| new_state.encode());
    let emit = match (inp.state, &value) {
        (Some(old), Some(_)) => {
            env_changed || !old.same_as(new_state) || (old.is_racy() && !new_state.is_racy())
        }
        (None, None) => inp.env.var_str(STATE_VAR).is_some(),
        _ => true,
    };
    if emit && inp.env.var_str(STATE_VAR) != value {
        changes.push((STATE_VAR.into(), value));
        changes.sort();
    }
    emit
}

/// The part of the prompt's line that says what changed: `loaded ~/p go1.22.10 +GOPROXY ~PATH`.
struct Summary<'a> {
    old_project: Option<&'a OsStr>,
    project: Option<&'a OsStr>,
    home: Option<&'a OsStr>,
    toolchain: &'a Toolchain,
    changes: &'a [Change],
    was_set: &'a BTreeSet<OsString>,
    /// Variables the user changed in this shell, left as the user set them.
    kept: &'a [OsString],
}

impl Summary<'_> {
    fn write(&self, line: &mut String) {
        let home = self.home;
        let what = match (self.old_project, self.project) {
            (None, Some(p)) => format!("loaded {}", show_dir(p, home)),
            (Some(o), None) => format!("unloaded {}", show_dir(o, home)),
            (Some(o), Some(p)) if o != p => {
                format!("loaded {} (left {})", show_dir(p, home), show_dir(o, home))
            }
            _ => format!(
                "reloaded {}",
                self.project.map(|p| show_dir(p, home)).unwrap_or_default()
            ),
        };
        line.push_str(&what);
        if let Some(t) = &self.toolchain.shown {
            line.push(' ');
            line.push_str(t);
        }
        for (n, v) in self.changes.iter().filter(|(n, _)| n != STATE_VAR) {
            let sign = match (self.was_set.contains(n), v) {
                (false, Some(_)) => '+',
                (_, None) => '-',
                _ => '~',
            };
            let _ = write!(line, " {sign}{}", n.to_string_lossy());
        }
        if !self.kept.is_empty() {
            let names: Vec<String> = self
                .kept
                .iter()
                .map(|k| k.to_string_lossy().into_owned())
                .collect();
            let _ = write!(line, " (kept {}: changed in this shell)", names.join(" "));
        }
        if let Some(n) = &self.toolchain.note {
            let _ = write!(line, "; {n}");
        }
    }
}

/// The changes a result makes to the live environment.
struct Diff {
    /// Every name the old state or the new chain touches whose live value differs, sorted.
    changes: Vec<Change>,
    /// Which of the changed names had a value before (for the message's + and ~).
    was_set: BTreeSet<OsString>,
    /// How much the environment grows: bytes of `NAME=value\0` strings, and strings.
    delta_bytes: isize,
    delta_count: isize,
}

impl Diff {
    fn of(
        inp: &Inputs,
        base: &Layered,
        applied: &Applied,
        over: Vec<(OsString, Option<OsString>)>,
        base_path: Option<Option<OsString>>,
    ) -> Diff {
        let mut names: BTreeSet<OsString> =
            applied.records.iter().map(|r| r.name.clone()).collect();
        if let Some(s) = inp.state {
            names.extend(s.vars.iter().map(|v| v.name.clone()));
            if !s.path.is_empty() {
                names.insert("PATH".into());
            }
        }
        if !applied.edit.is_empty() {
            names.insert("PATH".into());
        }
        // The wanted value: the project's (moved out, not copied: a long PATH is tens of KB),
        // else the outside environment's (a revert).
        let mut over: BTreeMap<OsString, Option<OsString>> = over.into_iter().collect();
        let reverted_path = inp.state.is_some_and(|s| !s.path.is_empty());
        let mut live_path = base_path.filter(|_| !reverted_path);
        let mut wanted = |n: &OsStr| match over.remove(n) {
            Some(v) => v,
            None => base.var(n),
        };
        // Each name's live value is read once (a PATH can be tens of KB).
        let mut was_set = BTreeSet::new();
        let (mut delta_bytes, mut delta_count) = (0isize, 0isize);
        let size = |n: &OsStr, v: &Option<OsString>| {
            v.as_ref()
                .map_or((0, 0), |v| ((n.len() + v.len() + 2) as isize, 1))
        };
        let changes = names
            .iter()
            .filter_map(|n| {
                let want = wanted(n);
                let now = match live_path.take() {
                    Some(v) if n == "PATH" => v,
                    other => {
                        live_path = other;
                        inp.env.var(n)
                    }
                };
                if now.is_some() {
                    was_set.insert(n.clone());
                }
                let ((wb, wc), (nb, nc)) = (size(n, &want), size(n, &now));
                delta_bytes += wb - nb;
                delta_count += wc - nc;
                (now != want).then(|| (n.clone(), want))
            })
            .collect();
        Diff {
            changes,
            was_set,
            delta_bytes,
            delta_count,
        }
    }
}

fn target_sets(state: &State, name: &OsStr) -> bool {
    state.vars.iter().any(|v| v.name == name)
}

fn describe(p: &Problem, env: &dyn Vars) -> String {
    match p {
        Problem::NotAllowed(path) => {
            let home = env.var_str("HOME");
            format!(
                "{} is not allowed; review it, then run 'goenvhook allow' to load it",
                show_dir(path.as_os_str(), home.as_deref())
            )
        }
        Problem::Error(m) => m.clone(),
    }
}

/// A path for people, with HOME shown as `~` and control characters made visible
/// (`text::visible`): a newline in a directory name cannot fake a line, an escape cannot reach
/// the terminal.
pub fn show_dir(p: &OsStr, home: Option<&OsStr>) -> String {
    let shown = tilde_dir(p, home);
    match crate::text::visible(&shown) {
        std::borrow::Cow::Borrowed(_) => shown,
        std::borrow::Cow::Owned(v) => v,
    }
}

/// A path with HOME shown as `~` and nothing else changed, for JSON (serde_json escapes control
/// characters itself, and a program reading it gets the real name). Text for a person uses
/// `show_dir`.
pub fn tilde_dir(p: &OsStr, home: Option<&OsStr>) -> String {
    let p = Path::new(p);
    match home
        .filter(|h| h.len() > 1)
        .and_then(|h| p.strip_prefix(h).ok())
    {
        Some(rest) if rest.as_os_str().is_empty() => "~".to_string(),
        Some(rest) => format!("~/{}", rest.display()),
        None => p.display().to_string(),
    }
}

/// Seconds since the epoch, for state stamps.
pub fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
