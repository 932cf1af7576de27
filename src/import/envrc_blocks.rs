//! The structure of an `.envrc` above single commands: logical lines (a quote left open or a
//! backslash continues a line on the next), blocks (`if`, `case`, loops, functions, `{ }`),
//! which are left out whole, and the functions the file defines.

use super::envrc::{Envrc, FILE};
use super::lex::{self, LexError, Word};

pub(super) const OPENERS: &[&str] = &["if", "case", "for", "while", "until", "select", "{"];
const CLOSERS: &[&str] = &["fi", "esac", "done", "}"];

/// A line's commands, or why it does not lex.
pub(super) type Lexed = Result<Vec<Vec<Word>>, LexError>;

/// A block still open: its first line, kind (`a loop`), depth, and first line's text.
pub(super) struct Block {
    pub(super) start: usize,
    pub(super) kind: &'static str,
    pub(super) depth: i32,
    pub(super) text: String,
}

/// The first word of each command of a line, roughly (for block structure when the line does
/// not lex), and every standalone `{`.
fn rough_words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    for seg in line.split([';', '\n']) {
        let mut words = seg.split_whitespace();
        if let Some(w) = words.next() {
            out.push(w.to_string());
        }
        out.extend(words.filter(|w| *w == "{").map(str::to_string));
    }
    out
}

pub(super) fn block_kind(word: &str) -> &'static str {
    match word {
        "if" | "case" => "a conditional",
        "for" | "while" | "until" | "select" => "a loop",
        _ => "a function or { } group",
    }
}

/// Whether the text ends inside a backslash line continuation.
fn continues(text: &str) -> bool {
    text.chars().rev().take_while(|&c| c == '\\').count() % 2 == 1
}

/// Why a block is left out.
pub(super) fn not_static(kind: &str) -> String {
    format!("{kind} is not translated; goenvhook configs are static, write the settings that apply to you")
}

/// The logical line starting at `lines[*i]`: lines are joined while a quote is open or a
/// backslash continues the line; `*i` is left at the line after it.
pub(super) fn logical_line(lines: &[&str], i: &mut usize) -> (String, Lexed) {
    let mut buf = lines[*i].to_string();
    *i += 1;
    let mut lexed = lex::lex(&buf);
    while (lexed == Err(LexError::Unterminated) || continues(&buf)) && *i < lines.len() {
        buf.push('\n');
        buf.push_str(lines[*i]);
        *i += 1;
        lexed = lex::lex(&buf);
    }
    (buf, lexed)
}

/// The first word of each command of a line and every standalone `{`, from its commands if it
/// lexed (else roughly from its text).
fn first_words(lexed: &Lexed, buf: &str) -> Vec<String> {
    match lexed {
        Ok(cmds) => cmds
            .iter()
            .flat_map(|c| {
                let mut v: Vec<String> = c.first().map(|w| w.raw.clone()).into_iter().collect();
                v.extend(
                    c.iter()
                        .skip(1)
                        .filter(|w| w.raw == "{")
                        .map(|w| w.raw.clone()),
                );
                v
            })
            .collect(),
        Err(_) => rough_words(buf),
    }
}

impl Envrc<'_> {
    /// How the logical line starting at line `first` changes the block depth, and the word that
    /// opens its first block; the functions it defines are recorded.
    pub(super) fn structure(
        &mut self,
        lexed: &Lexed,
        buf: &str,
        first: usize,
    ) -> (i32, Option<String>) {
        let mut delta = 0;
        let mut opener = None;
        for w in &first_words(lexed, buf) {
            if OPENERS.contains(&w.as_str()) {
                delta += 1;
                opener.get_or_insert(w.clone());
            } else if CLOSERS.contains(&w.as_str()) {
                delta -= 1;
            }
            // `name() {` defines a function.
            if let Some(name) = w.strip_suffix("()") {
                self.funcs.insert(name.to_string(), first);
                opener.get_or_insert("{".into());
            }
        }
        // So does `function name {`.
        for c in lexed.iter().flatten() {
            if let [kw, name, ..] = c.as_slice() {
                if kw.raw == "function" {
                    let name = name.raw.trim_end_matches("()").to_string();
                    self.funcs.insert(name, first);
                    opener.get_or_insert("{".into());
                }
            }
        }
        (delta, opener)
    }

    /// A logical line (ending at line `last`) inside an open block: the block as it goes on, or
    /// none once the line closes it and it is left out whole.
    pub(super) fn inside_block(&mut self, block: Block, delta: i32, last: usize) -> Option<Block> {
        let depth = block.depth + delta;
        if depth > 0 {
            return Some(Block { depth, ..block });
        }
        self.d.skip(
            FILE,
            block.start,
            last,
            &block.text,
            &not_static(block.kind),
        );
        None
    }
}
