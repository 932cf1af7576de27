//! The variables that steer how the go command fetches and verifies modules, checked the way
//! cmd/go parses them: GOPROXY, GOSUMDB, the GOPRIVATE pattern family, GOVCS and GOAUTH. A value
//! go refuses, or reads differently from how it is written (an entry it skips, a pattern that can
//! never match), is refused with the fix. No I/O.

use super::url;
use sha2::{Digest, Sha256};

/// GOPROXY as `proxyList` reads it: entries split at `,` and `|`, trimmed, empty ones skipped;
/// `direct` and `off` end the list; a word with `.`, `:` or `/` but no `:/` gets `https://`.
pub fn check_proxy(v: &str) -> Result<(), String> {
    let entries: Vec<&str> = v
        .split([',', '|'])
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .collect();
    if entries.is_empty() {
        return Err(format!("GOPROXY={v:?} has no entries (go: 'GOPROXY list is not the empty string, but contains no entries'): write https://proxy.golang.org,direct"));
    }
    for (i, e) in entries.iter().enumerate() {
        if matches!(*e, "direct" | "off") {
            if i + 1 < entries.len() {
                return Err(format!("GOPROXY: go stops at {e} and never uses {}; move {e} to the end or drop what follows", entries[i + 1..].join(",")));
            }
            continue;
        }
        check_proxy_url(e)?;
    }
    Ok(())
}

fn check_proxy_url(e: &str) -> Result<(), String> {
    let shown = if e.contains(['.', ':', '/']) && !e.contains(":/") && !e.starts_with('/') {
        format!("https://{e}")
    } else {
        e.to_string()
    };
    let u = url::parse(&shown).map_err(|m| {
        format!("GOPROXY entry {e:?}: {m} (go refuses it): write the proxy's URL, such as https://proxy.example.com or file:///srv/proxy")
    })?;
    match u.scheme.as_str() {
        "http" | "https" if !u.host.is_empty() => Ok(()),
        "http" | "https" => Err(format!("GOPROXY entry {e:?} has no host")),
        "file" if u.authority && u.host.is_empty() && !u.user && !u.query && !u.fragment => Ok(()),
        "file" => Err(format!("GOPROXY entry {e:?}: go takes a file proxy only as file:///absolute/path (no host, query or fragment): write file:///{}", u.path.trim_start_matches('/'))),
        "" if e.starts_with('/') => Err(format!("GOPROXY entry {e:?}: go takes a proxy directory as a file URL: write file://{e}")),
        "" => Err(format!("GOPROXY entry {e:?} is not a URL, direct or off (go: invalid proxy URL missing scheme): write https://{e} or the proxy's full URL")),
        s => Err(format!("GOPROXY entry {e:?}: go accepts https, http and file proxy URLs only, not {s}: write the proxy's https:// URL")),
    }
}

const SUM_GOLANG_ORG: &str = "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8";

/// GOSUMDB as `dbDial` reads it: `off`, or a verifier key (or the name of one go knows) and an
/// optional URL.
pub fn check_sumdb(v: &str) -> Result<(), String> {
    if v == "off" || v == "sum.golang.google.cn" {
        return Ok(());
    }
    let fields: Vec<&str> = v.split_whitespace().collect();
    let fix =
        "write off, sum.golang.org, or name+hash+key [https://url] as the database publishes it";
    let key = match fields.as_slice() {
        [] => return Err(format!("GOSUMDB={v:?} is blank: {fix}")),
        [k] | [k, _] => *k,
        _ => {
            return Err(format!(
                "GOSUMDB={v:?} has too many fields (go: 'invalid GOSUMDB: too many fields'): {fix}"
            ))
        }
    };
    let key = if key == "sum.golang.org" {
        SUM_GOLANG_ORG
    } else {
        key
    };
    if let Some(lower) = Some(key.to_ascii_lowercase()).filter(|l| l == "off" && key != "off") {
        return Err(format!(
            "GOSUMDB={v}: only lower-case {lower} turns the checksum database off; write off"
        ));
    }
    verifier(key).map_err(|m| format!("GOSUMDB={v}: {m} (go: 'invalid GOSUMDB'); a database other than sum.golang.org needs its key: {fix}"))?;
    if let [_, u] = fields.as_slice() {
        url::parse(u).map_err(|m| format!("GOSUMDB URL {u:?}: {m} (go: invalid GOSUMDB URL): write the database's URL, such as https://sum.example.com"))?;
    }
    Ok(())
}

/// `note.NewVerifier`: `name+hash+base64key`, the hash the first four bytes of
/// SHA-256(name, newline, key), the key an Ed25519 one.
fn verifier(vkey: &str) -> Result<(), String> {
    let mut parts = vkey.splitn(3, '+');
    let (name, hash, key) = (
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
    );
    let malformed = || "malformed verifier id".to_string();
    if name.is_empty() || name.contains(char::is_whitespace) || hash.len() != 8 {
        return Err(malformed());
    }
    let hash = u32::from_str_radix(hash, 16).map_err(|_| malformed())?;
    let key = base64(key).ok_or_else(malformed)?;
    if key.len() != 33 {
        return Err(malformed());
    }
    let sum = Sha256::new()
        .chain_update(name)
        .chain_update(b"\n")
        .chain_update(&key)
        .finalize();
    if u32::from_be_bytes([sum[0], sum[1], sum[2], sum[3]]) != hash {
        return Err("verifier hash mismatch".into());
    }
    if key[0] != 1 {
        return Err("unknown verifier algorithm".into());
    }
    let https = format!("https://{name}");
    let direct = url::parse(&https).map_err(|_| malformed())?;
    if name.ends_with('/')
        || direct.user
        || direct.query
        || direct.fragment
        || direct.host.is_empty()
        || direct.path.contains('%')
    {
        return Err(format!("invalid sumdb name {name:?} (must be host[/path])"));
    }
    Ok(())
}

/// Standard base64 with padding, as `base64.StdEncoding` decodes it.
fn base64(s: &str) -> Option<Vec<u8>> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    if s.is_empty() || s.len() % 4 != 0 {
        return None;
    }
    let body = s.trim_end_matches('=');
    if s.len() - body.len() > 2 {
        return None;
    }
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in body.bytes() {
        acc = acc << 6 | ALPHABET.iter().position(|a| *a == c)? as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    (acc & ((1 << bits) - 1) == 0).then_some(out)
}

/// GOPRIVATE, GONOPROXY, GONOSUMDB and GOINSECURE: comma-separated `path.Match` patterns, each
/// matching a module path prefix. go skips empty entries; everything else must be able to match.
pub fn check_globs(name: &str, v: &str) -> Result<(), String> {
    v.split(',')
        .filter(|e| !e.is_empty())
        .try_for_each(|e| check_glob(name, e))
}

fn check_glob(name: &str, e: &str) -> Result<(), String> {
    if let Some(sep) = e.chars().find(|c| matches!(c, ';' | '|')) {
        return Err(format!("{name} entry {e:?}: go separates patterns with commas only, so {sep:?} makes one pattern that never matches: write {}", e.replace([';', '|'], ",")));
    }
    if e.contains(char::is_whitespace) {
        return Err(format!("{name} entry {e:?} contains white space; go does not trim it, so the pattern never matches: write {}", e.split_whitespace().collect::<Vec<_>>().join(",")));
    }
    if let Some((_, rest)) = e.split_once("://") {
        return Err(format!(
            "{name} entry {e:?} is a URL; {name} takes module path patterns: write {rest}"
        ));
    }
    if e.starts_with('.') {
        return Err(format!("{name} entry {e:?} starts with a dot, which no module path does, so it never matches: write *{e} (or {} for the domain itself)", e.trim_start_matches('.')));
    }
    let host = e.split('/').next().unwrap_or(e);
    if host.chars().any(|c| c.is_ascii_uppercase()) {
        return Err(format!("{name} entry {e:?}: module paths spell hosts in lower case and go matches case-sensitively, so it never matches: write {}", e.replacen(host, &host.to_ascii_lowercase(), 1)));
    }
    check_pattern(name, e)
}

/// `path.Match` syntax: brackets close, `[^x]` negates (`[!x]` is a class holding `!`), a
/// trailing backslash escapes nothing.
fn check_pattern(name: &str, e: &str) -> Result<(), String> {
    let b = e.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' if i + 1 == b.len() => return Err(format!("{name} entry {e:?} ends in a backslash, which go refuses (syntax error in pattern): remove it")),
            b'\\' => i += 1,
            b'[' => {
                if b.get(i + 1) == Some(&b'!') {
                    return Err(format!("{name} entry {e:?}: go negates a class with ^, not !, so [!…] matches '!' instead: write {}", e.replacen("[!", "[^", 1)));
                }
                let start = i + 1 + usize::from(b.get(i + 1) == Some(&b'^'));
                match e[start..].find(']') {
                    Some(c) if c > 0 => i = start + c,
                    _ => return Err(format!("{name} entry {e:?} has an unclosed or empty [ ] class; go cannot match it: close or remove it")),
                }
            }
            _ => {}
        }
        i += 1;
    }
    Ok(())
}

/// GOVCS as `parseGOVCS` reads it: comma-separated `pattern:vcs|vcs`, trimmed, each pattern once.
pub fn check_vcs(v: &str) -> Result<(), String> {
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for item in v.trim().split(',').map(str::trim) {
        if item.is_empty() {
            return Err(format!("GOVCS={v:?} has an empty entry (go: 'empty entry in GOVCS'): remove the extra comma"));
        }
        let (pattern, list) = item.split_once(':').ok_or_else(|| {
            format!("GOVCS rule {item:?} has no ':' (go: malformed entry): write pattern:git|hg")
        })?;
        let (pattern, list) = (pattern.trim(), list.trim());
        if pattern.is_empty() || list.is_empty() {
            return Err(format!(
                "GOVCS rule {item:?} has an empty pattern or VCS list: write pattern:git|hg"
            ));
        }
        if pattern.starts_with('.') {
            return Err(format!("GOVCS rule {item:?}: go refuses relative patterns: write a module path pattern, private or public"));
        }
        if let Some((_, first)) = seen.iter().find(|(p, _)| *p == pattern) {
            return Err(format!("GOVCS rule {item:?} can never apply: {first:?} already covers {pattern} (go: 'unreachable pattern in GOVCS'); merge them into one rule"));
        }
        seen.push((pattern, item));
        for x in list.split('|').map(str::trim) {
            if !matches!(x, "git" | "hg" | "svn" | "bzr" | "fossil" | "all" | "off") {
                return Err(format!(
                    "GOVCS rule {item:?}: {x:?} is not git, hg, svn, bzr, fossil, all or off: write those, joined by |"
                ));
            }
        }
    }
    Ok(())
}

/// GOAUTH as the go command runs it: `;`-separated commands, none empty; `off` alone; `git` with
/// exactly one absolute directory; anything else a program and its arguments.
pub fn check_auth(v: &str) -> Result<(), String> {
    let cmds: Vec<&str> = v.split(';').map(str::trim).collect();
    for c in &cmds {
        let words: Vec<&str> = c.split_whitespace().collect();
        match words.as_slice() {
            [] => return Err(format!("GOAUTH={v:?} has an empty command (go: 'GOAUTH encountered an empty command'): remove the extra ;")),
            ["off", ..] if cmds.len() > 1 => return Err("GOAUTH=off cannot be combined with other entries (go refuses it): write off alone".into()),
            ["git", dir] if dir.starts_with('/') || dir.starts_with("${") => {}
            ["git", dir] => return Err(format!("GOAUTH entry {c:?}: go needs the git directory as an absolute path (no ./ or ~/ inside GOAUTH): write git /absolute/{}", dir.trim_start_matches("./").trim_start_matches("~/"))),
            ["git", ..] => return Err(format!("GOAUTH entry {c:?}: git takes exactly one absolute directory: write git /path/to/repo")),
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_sumdb_key_verifies() {
        assert_eq!(verifier(SUM_GOLANG_ORG), Ok(()));
        let typo = SUM_GOLANG_ORG.replace("033de0ae", "033de0af");
        assert!(verifier(&typo).is_err());
        assert_eq!(base64("AQID"), Some(vec![1, 2, 3]));
        assert_eq!(base64("AQ=="), Some(vec![1]));
        assert_eq!(base64("A"), None);
    }
}
