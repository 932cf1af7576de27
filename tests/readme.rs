//! The documentation, kept from going stale: README.md, CONTRIBUTING.md and docs/*.md.
//!
//! - every relative link points at a file that exists, and every `#anchor` at a heading there;
//! - every `.goenv.toml` example (a ```toml block, a `$ cat .../.goenv.toml` in a console block,
//!   `goenvhook import`'s preview) parses with goenvhook's own parser, and every global config
//!   example with the global config's; a ```toml block that is neither names its file in a first
//!   comment line and is one of the few foreign files the docs show (starship's);
//! - every `goenvhook ...` command line in a code block is accepted by the real command line
//!   (`cli::command()`), and every `goenvhook <subcommand>` in inline code names a real subcommand
//!   and only its real `--options`;
//! - every console block is run for real (tests/readme/examples.rs: a temporary HOME with real Go
//!   releases, the hook in bash, the set-up its `<!-- example: ID -->` line names) and must print
//!   what it shows;
//! - the README has a table of contents, links every page of docs/, stays short, keeps the test
//!   command CI runs, keeps the doctor ids and the fast-path table in step with docs/, and cites
//!   no planning document.

mod common;
#[path = "readme/examples.rs"]
mod examples;

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The README is for users; everything else has a page in docs/ or CONTRIBUTING.md.
const README_MAX_LINES: usize = 400;

/// Files a ```toml block may show that are neither a `.goenv.toml` nor the global config.
const FOREIGN_TOML: [&str; 1] = ["~/.config/starship.toml"];

struct Block {
    lang: String,
    /// 1-based line of the opening fence.
    line: usize,
    text: String,
    /// What the `<!-- example: ... -->` line right before the fence says, if there is one.
    example: Option<String>,
}

struct Doc {
    /// Relative to the repository root.
    rel: String,
    path: PathBuf,
    /// The text outside code blocks (code block lines blanked, so line numbers hold).
    prose: String,
    blocks: Vec<Block>,
    anchors: BTreeSet<String>,
    headings: Vec<(usize, String)>,
}

/// GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

fn load(rel: &str) -> Doc {
    let path = Path::new(ROOT).join(rel);
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let mut prose = String::new();
    let mut blocks = Vec::new();
    let mut open: Option<(String, usize, usize, String)> = None; // lang, line, indent, text
    let mut anchors = BTreeSet::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut headings = Vec::new();
    // The last non-blank line outside code blocks, and what its `<!-- example: ... -->` says.
    let mut last_prose = "";
    let mut example: Option<String> = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some((lang, at, indent, mut body)) = open.take() {
            if trimmed == "```" {
                blocks.push(Block {
                    lang,
                    line: at,
                    text: body,
                    example: example.take(),
                });
                last_prose = "";
            } else {
                body.push_str(line.get(indent..).unwrap_or(line.trim_start()));
                body.push('\n');
                open = Some((lang, at, indent, body));
            }
            prose.push('\n');
            continue;
        }
        if let Some(lang) = trimmed.strip_prefix("```") {
            example = examples::marker(last_prose).map(str::to_string);
            open = Some((
                lang.trim().to_string(),
                i + 1,
                line.len() - trimmed.len(),
                String::new(),
            ));
            prose.push('\n');
            continue;
        }
        if line.starts_with('#') {
            let title = line.trim_start_matches('#');
            if title.starts_with(' ') {
                let base = slug(&title.replace('`', ""));
                let n = seen.entry(base.clone()).or_insert(0);
                anchors.insert(if *n == 0 {
                    base.clone()
                } else {
                    format!("{base}-{n}")
                });
                *n += 1;
                headings.push((line.len() - title.len(), title.trim().to_string()));
            }
        }
        if !trimmed.is_empty() {
            last_prose = trimmed;
        }
        prose.push_str(line);
        prose.push('\n');
    }
    assert!(open.is_none(), "{rel}: a code block is never closed");
    Doc {
        rel: rel.to_string(),
        path,
        prose,
        blocks,
        anchors,
        headings,
    }
}

fn docs() -> Vec<Doc> {
    let mut rels = vec!["README.md".to_string(), "CONTRIBUTING.md".to_string()];
    let mut pages: Vec<String> = fs::read_dir(Path::new(ROOT).join("docs"))
        .expect("docs/")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .map(|n| format!("docs/{n}"))
        .collect();
    pages.sort();
    rels.extend(pages);
    rels.iter().map(|r| load(r)).collect()
}

/// Inline code spans of the prose (a span may run over a line break), and the prose without them.
fn split_code_spans(prose: &str) -> (Vec<String>, String) {
    let mut spans = Vec::new();
    let mut rest = String::new();
    for (i, part) in prose.split('`').enumerate() {
        if i % 2 == 1 {
            spans.push(part.replace('\n', " "));
        } else {
            rest.push_str(part);
        }
    }
    (spans, rest)
}

/// `[text](target)` targets in prose outside code spans.
fn links(prose: &str) -> Vec<String> {
    let (_, text) = split_code_spans(prose);
    let mut out = Vec::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find("](") {
        let tail = &rest[at + 2..];
        let end = tail.find(')').unwrap_or(tail.len());
        out.push(tail[..end].to_string());
        rest = &tail[end..];
    }
    out
}

#[test]
fn every_relative_link_and_anchor_resolves() {
    let docs = docs();
    let by_path: BTreeMap<PathBuf, &Doc> = docs
        .iter()
        .map(|d| (d.path.canonicalize().unwrap(), d))
        .collect();
    let mut broken = Vec::new();
    for doc in &docs {
        for target in links(&doc.prose) {
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let (file, anchor) = match target.split_once('#') {
                Some((f, a)) => (f, Some(a)),
                None => (target.as_str(), None),
            };
            let linked = if file.is_empty() {
                doc.path.clone()
            } else {
                doc.path.parent().unwrap().join(file)
            };
            let Ok(linked) = linked.canonicalize() else {
                broken.push(format!("{}: {target}: no such file", doc.rel));
                continue;
            };
            if !linked.starts_with(Path::new(ROOT).canonicalize().unwrap()) {
                broken.push(format!("{}: {target}: outside the repository", doc.rel));
                continue;
            }
            if let Some(anchor) = anchor {
                match by_path.get(&linked) {
                    Some(d) if d.anchors.contains(anchor) => {}
                    Some(d) => broken.push(format!(
                        "{}: {target}: no heading with that anchor in {}",
                        doc.rel, d.rel
                    )),
                    None => broken.push(format!(
                        "{}: {target}: an anchor into a file this test does not read",
                        doc.rel
                    )),
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

enum Toml {
    Project(&'static str),
    Global,
    Foreign,
}

/// What a ```toml block is: a first comment line naming a file decides; without one it is a
/// `.goenv.toml`.
fn classify(doc: &Doc, block: &Block) -> Toml {
    let first = block.text.lines().next().unwrap_or("");
    let Some(name) = first
        .strip_prefix("# ")
        .and_then(|c| c.split_whitespace().next())
        .filter(|w| w.ends_with(".toml"))
    else {
        return Toml::Project(".goenv.toml");
    };
    if name.ends_with(".goenv.local.toml") {
        Toml::Project(".goenv.local.toml")
    } else if name.ends_with(".goenv.toml") {
        Toml::Project(".goenv.toml")
    } else if name.ends_with("goenvhook/config.toml") {
        Toml::Global
    } else {
        assert!(
            FOREIGN_TOML.contains(&name),
            "{}:{}: a ```toml block for {name}, which is neither a .goenv.toml nor the global \
             config; add it to FOREIGN_TOML in tests/readme.rs if the docs mean to show it",
            doc.rel,
            block.line
        );
        Toml::Foreign
    }
}

/// The `.goenv.toml` a console block shows with `$ cat .../.goenv.toml`, or an `import` preview
/// shows after `--- ... (new file)`.
fn configs_in_console(block: &Block) -> Vec<String> {
    let mut out = Vec::new();
    let mut lines = block.text.lines().peekable();
    while let Some(line) = lines.next() {
        let cat = line
            .strip_prefix("$ cat ")
            .is_some_and(|f| f.trim().ends_with(".goenv.toml"));
        let preview = line.starts_with("--- ") && line.ends_with("(new file)");
        if !(cat || preview) {
            continue;
        }
        let mut body = String::new();
        while let Some(l) = lines.next_if(|l| {
            if cat {
                !l.starts_with("$ ")
            } else {
                l.starts_with('+')
            }
        }) {
            let l = if preview {
                l.strip_prefix("+ ").unwrap_or(l.trim_start_matches('+'))
            } else {
                l
            };
            body.push_str(l);
            body.push('\n');
        }
        out.push(body);
    }
    out
}

#[test]
fn every_config_example_parses() {
    let mut parsed = 0;
    for doc in docs() {
        for block in &doc.blocks {
            let configs: Vec<(Toml, String)> = match block.lang.as_str() {
                "toml" => vec![(classify(&doc, block), block.text.clone())],
                "console" => configs_in_console(block)
                    .into_iter()
                    .map(|c| (Toml::Project(".goenv.toml"), c))
                    .collect(),
                _ => continue,
            };
            for (kind, text) in configs {
                let result = match kind {
                    Toml::Project(name) => {
                        goenvhook::config::parse(&Path::new("/p").join(name), text.as_bytes())
                            .map(drop)
                    }
                    Toml::Global => goenvhook::config::Global::parse(
                        Path::new("/h/.config/goenvhook/config.toml"),
                        text.as_bytes(),
                        Some(OsStr::new("/h")),
                    )
                    .map(drop),
                    Toml::Foreign => continue,
                };
                if let Err(e) = result {
                    panic!(
                        "{}:{}: this example does not parse: {e}\n{text}",
                        doc.rel, block.line
                    );
                }
                parsed += 1;
            }
        }
    }
    // The README's opening example and its annotated config, the global config, .goenv.local.toml,
    // the import preview: a parser that silently found none would prove nothing.
    assert!(parsed >= 5, "only {parsed} config examples found");
}

/// `goenvhook ...` as the shell would run it, up to the end of that command.
fn command_line(from: &str) -> &str {
    let end = from
        .find(['|', '>', ')', '"', ';', '#', '&', '`'])
        .unwrap_or(from.len());
    from[..end].trim()
}

/// Every `goenvhook <word>` in `text`, from the `goenvhook` on.
fn mentions(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = text[at..].find("goenvhook ") {
        let start = at + i;
        at = start + "goenvhook ".len();
        let before = text[..start].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '/') {
            continue;
        }
        let word = text[at..].chars().next();
        if word.is_some_and(|c| c.is_ascii_lowercase() || c == '-') {
            out.push(&text[start..]);
        }
    }
    out
}

#[test]
fn every_command_line_is_one_goenvhook_accepts() {
    let cli = goenvhook::cli::command();
    let mut bad = Vec::new();
    let mut checked = 0;
    for doc in docs() {
        checked += block_commands(&doc, &cli, &mut bad) + inline_commands(&doc, &cli, &mut bad);
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    assert!(checked > 50, "only {checked} goenvhook commands found");
}

/// Code blocks: whole command lines, through the real parser. Returns how many it checked.
fn block_commands(doc: &Doc, cli: &clap::Command, bad: &mut Vec<String>) -> usize {
    let mut checked = 0;
    for block in &doc.blocks {
        // Shell-like blocks; a block without a language is a listing (the layout).
        if !matches!(
            block.lang.as_str(),
            "console" | "sh" | "bash" | "zsh" | "fish" | "yaml" | "make"
        ) {
            continue;
        }
        for (n, line) in block.text.lines().enumerate() {
            let line = if block.lang == "console" {
                // Commands only: output lines quote goenvhook's messages.
                match line.strip_prefix("$ ") {
                    Some(cmd) => cmd,
                    None => continue,
                }
            } else {
                line
            };
            for m in mentions(line) {
                let cmd = command_line(m);
                let args =
                    shell_words::split(cmd).unwrap_or_else(|e| panic!("{}: {cmd}: {e}", doc.rel));
                checked += 1;
                if let Err(e) = cli.clone().try_get_matches_from(&args) {
                    if !matches!(
                        e.kind(),
                        clap::error::ErrorKind::DisplayHelp
                            | clap::error::ErrorKind::DisplayVersion
                    ) {
                        bad.push(format!(
                            "{}:{}: `{cmd}`: {}",
                            doc.rel,
                            block.line + 1 + n,
                            e.to_string().lines().next().unwrap_or("")
                        ));
                    }
                }
            }
        }
    }
    checked
}

/// Inline code: a synopsis (`goenvhook allow [PATH] [--parents]`) rather than a command line, so
/// the subcommand and its long options are checked. Returns how many it checked.
fn inline_commands(doc: &Doc, cli: &clap::Command, bad: &mut Vec<String>) -> usize {
    let names: BTreeSet<&str> = cli.get_subcommands().map(|c| c.get_name()).collect();
    let mut checked = 0;
    let (spans, _) = split_code_spans(&doc.prose);
    for span in &spans {
        for m in mentions(span) {
            let words: Vec<&str> = command_line(m).split_whitespace().collect();
            let sub = words[1];
            checked += 1;
            if sub.starts_with('-') {
                if !matches!(sub, "--version" | "-V" | "--help" | "-h") {
                    bad.push(format!("{}: `{span}`: no option {sub}", doc.rel));
                }
                continue;
            }
            let Some(cmd) = cli.find_subcommand(sub) else {
                bad.push(format!(
                    "{}: `{span}`: no subcommand {sub:?} (there are {names:?})",
                    doc.rel
                ));
                continue;
            };
            let longs: BTreeSet<&str> = cmd
                .get_arguments()
                .filter_map(|a| a.get_long())
                .chain(["help"])
                .collect();
            for w in words[2..].iter().take_while(|w| **w != "--") {
                let flag = w.trim_matches(|c| matches!(c, '[' | ']' | ',' | '.' | ':'));
                if let Some(long) = flag.strip_prefix("--") {
                    let long = long.split('=').next().unwrap();
                    if !long.is_empty() && !longs.contains(long) {
                        bad.push(format!(
                            "{}: `{span}`: {sub} has no option --{long}",
                            doc.rel
                        ));
                    }
                }
            }
        }
    }
    checked
}

#[test]
fn the_readme_is_a_short_page_with_contents() {
    let readme = load("README.md");
    let lines = fs::read_to_string(&readme.path).unwrap().lines().count();
    assert!(
        lines <= README_MAX_LINES,
        "README.md has {lines} lines; it is for users and stays under {README_MAX_LINES}: move \
         details to a page of docs/ (or CONTRIBUTING.md) and link it"
    );
    // Every section is in the table of contents, which comes before the first of them.
    let contents = readme
        .prose
        .split("\n## Contents\n")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("README.md has a `## Contents` section");
    let listed = links(contents);
    for (level, title) in &readme.headings {
        if *level == 2 && title != "Contents" {
            let anchor = format!("#{}", slug(&title.replace('`', "")));
            assert!(
                listed.contains(&anchor),
                "README.md's contents do not list `## {title}` ({anchor})"
            );
        }
    }
    // Every page of docs/ is linked from the README.
    let targets = links(&readme.prose);
    for doc in docs().iter().filter(|d| d.rel.starts_with("docs/")) {
        assert!(
            targets
                .iter()
                .any(|t| t.split('#').next() == Some(doc.rel.as_str())),
            "README.md does not link {}",
            doc.rel
        );
    }
    assert!(
        targets.iter().any(|t| t == "CONTRIBUTING.md"),
        "README.md does not link CONTRIBUTING.md"
    );
}

/// CI runs `.ci/run`, which runs the README's test command: the README still shows it.
#[test]
fn the_readme_shows_the_test_command_ci_runs() {
    let ci = fs::read_to_string(Path::new(ROOT).join(".ci/run")).unwrap();
    let command = ci
        .lines()
        .find_map(|l| l.strip_prefix("exec "))
        .expect(".ci/run execs the test command")
        .trim();
    let readme = load("README.md");
    assert!(
        readme
            .blocks
            .iter()
            .any(|b| b.lang == "sh" && b.text.lines().any(|l| l.trim() == command)),
        "README.md has no ```sh block with `{command}`, the command .ci/run runs"
    );
}

/// Tables the README keeps a copy of stay equal to their page in docs/, and the full tables list
/// everything the code knows.
#[test]
fn the_readmes_tables_agree_with_docs() {
    let readme = fs::read_to_string(Path::new(ROOT).join("README.md")).unwrap();
    let perf = fs::read_to_string(Path::new(ROOT).join("docs/performance.md")).unwrap();
    let table = |text: &str| -> Vec<String> {
        text.lines()
            .skip_while(|l| !l.starts_with("| shell | fast path |"))
            .take_while(|l| l.starts_with('|'))
            .map(str::to_string)
            .collect()
    };
    assert!(!table(&readme).is_empty(), "README.md: no fast-path table");
    assert_eq!(
        table(&readme),
        table(&perf),
        "the fast-path table differs between README.md and docs/performance.md"
    );

    let trouble = fs::read_to_string(Path::new(ROOT).join("docs/troubleshooting.md")).unwrap();
    for id in goenvhook::doctor::IDS {
        let row = format!("| `{id}` |");
        assert!(
            trouble.contains(&row),
            "docs/troubleshooting.md has no row for {id}"
        );
        assert!(readme.contains(&row), "README.md has no row for {id}");
    }
}

/// The docs stand on their own: no citations of specifications, issue numbers or planning notes
/// a reader does not have.
#[test]
fn no_planning_documents_are_cited() {
    let mut found = Vec::new();
    for doc in docs() {
        let text = fs::read_to_string(&doc.path).unwrap();
        for (n, line) in text.lines().enumerate() {
            let lower = line.to_lowercase();
            let issue = lower.match_indices("issue").any(|(i, _)| {
                lower[i + 5..]
                    .trim_start_matches([' ', '#'])
                    .starts_with(|c: char| c.is_ascii_digit())
            });
            if line.contains("SPEC")
                || line.contains('§')
                || issue
                || lower.contains("planning")
                || lower.contains("plan.md")
            {
                found.push(format!("{}:{}: {line}", doc.rel, n + 1));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}
