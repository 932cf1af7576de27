//! `goenvhook watch [--dir D]`, for editor plugins: one JSON line with the project's environment
//! for D now (the object of `cmd::project_view`), then one more each time it changes. inotify
//! through `notify`, no polling (src/watch.rs says what is watched); a burst of events is one
//! evaluation. Exits 0 on SIGINT, SIGTERM, SIGHUP and when stdout's reader goes away.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::os::fd::AsFd;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use anyhow::{Context, Result};
use nix::errno::Errno;
use nix::poll::{poll, PollFd, PollFlags, PollTimeout};
use nix::sys::signal::{SigSet, Signal};
use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, INotifyWatcher, RecursiveMode, Watcher};

use crate::config::Global;
use crate::go::select::{self, GoSpec};
use crate::watch::{self, Plan};

/// How long the file system must stay quiet after an event that matters before the result is
/// computed: one editor save is a burst (write, rename over the file, chmod) and gives one line.
const QUIET: Duration = Duration::from_millis(15);

enum Msg {
    Fs(notify::Result<notify::Event>),
    Quit,
}

pub fn run(dir: Option<PathBuf>) -> Result<i32> {
    let dir = match dir {
        Some(d) => d
            .canonicalize()
            .with_context(|| format!("could not resolve --dir {}", d.display()))?,
        None => super::cwd().context("could not determine the current directory")?,
    };

    // Signals are blocked in every thread (the mask is set before any thread starts, and threads
    // inherit it) and taken by one thread with sigwait, whose only job is to wake the loop.
    // SIGPIPE stays blocked too, so writing to a closed stdout fails with EPIPE (exit 0 below)
    // instead of killing the process.
    let mut quit = SigSet::empty();
    for s in [Signal::SIGINT, Signal::SIGTERM, Signal::SIGHUP] {
        quit.add(s);
    }
    let mut blocked = quit;
    blocked.add(Signal::SIGPIPE);
    blocked
        .thread_block()
        .context("could not block signals for the watch")?;

    let (tx, rx) = mpsc::channel();
    let to_quit = tx.clone();
    std::thread::spawn(move || {
        let _ = quit.wait();
        let _ = to_quit.send(Msg::Quit);
    });
    // An editor that quits closes the pipe: end now rather than at the next change.
    let to_quit = tx.clone();
    std::thread::spawn(move || {
        if wait_stdout_closed() {
            let _ = to_quit.send(Msg::Quit);
        }
    });
    let mut watcher = INotifyWatcher::new(
        move |e| {
            let _ = tx.send(Msg::Fs(e));
        },
        notify::Config::default(),
    )
    .context("could not start watching (inotify)")?;

    let o = super::outside();
    let mut registered: BTreeMap<PathBuf, Option<(u64, u64)>> = BTreeMap::new();
    let mut touched = BTreeSet::new();
    let mut go_root: Option<PathBuf> = None;
    let mut last: Option<String> = None;
    loop {
        // Watches first, then the evaluation: a change after a watch is in place is an event, a
        // change before it is in the result. A GOROOT named by path in the config is only known
        // after the evaluation; when it moved, watch it and evaluate again.
        let mut plan;
        let mut view;
        let mut tries = 0;
        loop {
            let global = Global::load(o.dirs.global_config.as_deref(), o.home.as_deref())
                .unwrap_or_default();
            plan = watch::plan(&dir, &o.env, &o.dirs, &global, go_root.as_deref());
            sync(&mut watcher, &mut registered, &plan, &touched);
            touched.clear();
            let ev;
            (view, ev) = super::project_view(&dir, &o);
            let root = ev.chain.iter().find_map(|c| match &c.go {
                Some(GoSpec::Path(p)) => Some(select::path_root(p, &c.dir, o.home.as_deref())),
                _ => None,
            });
            tries += 1;
            if root == go_root || tries == 3 {
                break;
            }
            go_root = root;
        }
        let text = serde_json::to_string(&view)?;
        if last.as_deref() != Some(text.as_str()) {
            let mut out = std::io::stdout().lock();
            let written = out
                .write_all(text.as_bytes())
                .and_then(|()| out.write_all(b"\n"))
                .and_then(|()| out.flush());
            match written {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(0),
                r => r.context("could not write to stdout")?,
            }
            last = Some(text);
        }

        // Wait for an event that matters, then until the file system has been quiet for QUIET.
        loop {
            match rx.recv() {
                Ok(Msg::Fs(e)) if matters(&plan, &e, &mut touched) => break,
                Ok(Msg::Fs(_)) => {}
                Ok(Msg::Quit) | Err(_) => return Ok(0),
            }
        }
        loop {
            match rx.recv_timeout(QUIET) {
                Ok(Msg::Fs(e)) => {
                    matters(&plan, &e, &mut touched);
                }
                Ok(Msg::Quit) | Err(RecvTimeoutError::Disconnected) => return Ok(0),
                Err(RecvTimeoutError::Timeout) => break,
            }
        }
    }
}

/// Whether an event can change the result. Watched directories it names go into `touched`: they
/// may have been removed, renamed or replaced, so they are watched afresh.
fn matters(
    plan: &Plan,
    e: &notify::Result<notify::Event>,
    touched: &mut BTreeSet<PathBuf>,
) -> bool {
    let Ok(e) = e else {
        // The watcher's own trouble: re-plan and evaluate again rather than miss a change.
        return true;
    };
    if e.need_rescan() || e.paths.is_empty() {
        return true;
    }
    // Opening a file (this process reads the configs it watches) changes nothing; a close after
    // writing is the end of a save.
    if let EventKind::Access(a) = e.kind {
        if a != AccessKind::Close(AccessMode::Write) {
            return false;
        }
    }
    let mut any = false;
    for p in &e.paths {
        if plan.dirs.contains_key(p) {
            touched.insert(p.clone());
        }
        any |= plan.matters(p);
    }
    any
}

fn identity(p: &Path) -> Option<(u64, u64)> {
    std::fs::metadata(p).ok().map(|m| (m.dev(), m.ino()))
}

/// Brings the watches in line with the plan: new directories are watched, those no longer in it
/// are not, and one that was touched or replaced (another inode at the same path) is watched
/// again. A directory that vanished before its watch was added is picked up at the next plan
/// (its parent is watched first: the map is in path order).
fn sync(
    w: &mut INotifyWatcher,
    registered: &mut BTreeMap<PathBuf, Option<(u64, u64)>>,
    plan: &Plan,
    touched: &BTreeSet<PathBuf>,
) {
    let stale: Vec<PathBuf> = registered
        .iter()
        .filter(|(p, id)| {
            !plan.dirs.contains_key(*p) || touched.contains(*p) || identity(p) != **id
        })
        .map(|(p, _)| p.clone())
        .collect();
    for p in stale {
        let _ = w.unwatch(&p);
        registered.remove(&p);
    }
    for p in plan.dirs.keys() {
        if registered.contains_key(p) {
            continue;
        }
        let id = identity(p);
        match w.watch(p, RecursiveMode::NonRecursive) {
            Ok(()) => {
                registered.insert(p.clone(), id);
            }
            Err(e) if matches!(e.kind, notify::ErrorKind::MaxFilesWatch) => super::say(
                &format!(
                    "cannot watch {}: the inotify watch limit is reached; raise fs.inotify.max_user_watches",
                    p.display()
                ),
                true,
            ),
            Err(_) => {}
        }
    }
}

/// Blocks until stdout's reader is gone (POLLERR on a pipe, POLLHUP on a terminal). Polling for
/// no events reports only those; a file or /dev/null never reports them and blocks forever.
fn wait_stdout_closed() -> bool {
    let out = std::io::stdout();
    let fd = out.as_fd();
    loop {
        let mut fds = [PollFd::new(fd, PollFlags::empty())];
        match poll(&mut fds, PollTimeout::NONE) {
            Ok(_) => {
                return fds[0].revents().is_some_and(|r| {
                    r.intersects(PollFlags::POLLERR | PollFlags::POLLHUP | PollFlags::POLLNVAL)
                })
            }
            Err(Errno::EINTR) => continue,
            Err(_) => return false,
        }
    }
}
