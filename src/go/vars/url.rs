//! URLs as the go command reads them: a port of the parts of Go's `net/url.Parse` that decide
//! whether GOPROXY and GOSUMDB entries are accepted (scheme, authority, port, escapes), so a
//! value goenvhook accepts is one go parses the same way. No I/O.

/// A URL split the way `net/url.Parse` splits it. Only what the variable checks look at.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Url<'a> {
    /// Lower-cased, as go stores it.
    pub scheme: String,
    /// Set when the scheme is followed by something other than `/` (`file:relative`).
    pub opaque: bool,
    /// `//` followed the scheme (`file:/abs` has none, `file:///abs` an empty one).
    pub authority: bool,
    pub user: bool,
    pub host: &'a str,
    pub path: &'a str,
    /// A `?`, even with nothing after it.
    pub query: bool,
    pub fragment: bool,
}

fn ishex(b: u8) -> bool {
    b.is_ascii_hexdigit()
}

/// Characters `net/url` refuses unescaped in a host name.
fn host_refuses(b: u8) -> bool {
    !(b.is_ascii_alphanumeric() || b >= 0x80 || b"-_.~!$&'()*+,;=:[]<>\"".contains(&b))
}

/// Checks `%XX` escapes (and, in a host, the characters allowed there).
fn unescape_ok(s: &str, host: bool) -> Result<(), String> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let esc = &s[i..b.len().min(i + 3)];
            if i + 2 >= b.len() || !ishex(b[i + 1]) || !ishex(b[i + 2]) {
                return Err(format!("invalid URL escape {esc:?}"));
            }
            if host && b[i + 1] < b'8' && &s[i..i + 3] != "%25" {
                return Err(format!("invalid URL escape {:?}", &s[i..i + 3]));
            }
            i += 3;
        } else {
            if host && host_refuses(b[i]) {
                return Err(format!("invalid character {:?} in host name", b[i] as char));
            }
            i += 1;
        }
    }
    Ok(())
}

/// `:digits` or nothing.
fn valid_optional_port(p: &str) -> bool {
    p.is_empty()
        || p.strip_prefix(':')
            .is_some_and(|d| d.bytes().all(|b| b.is_ascii_digit()))
}

fn parse_host(host: &str) -> Result<(), String> {
    if let Some(open) = host.rfind('[') {
        let close = host.rfind(']').ok_or("missing ']' in host")?;
        let port = &host[close + 1..];
        if !valid_optional_port(port) {
            return Err(format!("invalid port {port:?} after host"));
        }
        let addr = host.get(open + 1..close).unwrap_or("");
        return addr
            .split("%25")
            .next()
            .unwrap_or("")
            .parse::<std::net::Ipv6Addr>()
            .map(|_| ())
            .map_err(|_| format!("invalid IPv6 host {addr:?}"));
    }
    if let Some(i) = host.rfind(':') {
        if !valid_optional_port(&host[i..]) {
            return Err(format!("invalid port {:?} after host", &host[i..]));
        }
    }
    unescape_ok(host, true)
}

/// The scheme and the rest, as `getScheme` splits them.
fn scheme(raw: &str) -> Result<(&str, &str), String> {
    for (i, c) in raw.bytes().enumerate() {
        match c {
            b'a'..=b'z' | b'A'..=b'Z' => {}
            b'0'..=b'9' | b'+' | b'-' | b'.' if i > 0 => {}
            b':' if i == 0 => return Err("missing protocol scheme".into()),
            b':' => return Ok((&raw[..i], &raw[i + 1..])),
            _ => return Ok(("", raw)),
        }
    }
    Ok(("", raw))
}

/// Parses `raw` as `net/url.Parse` does, or says why go refuses it.
pub fn parse(raw: &str) -> Result<Url<'_>, String> {
    if raw.bytes().any(|b| b < 0x20 || b == 0x7f) {
        return Err("invalid control character in URL".into());
    }
    let (raw, fragment) = match raw.split_once('#') {
        Some((r, f)) => (r, Some(f)),
        None => (raw, None),
    };
    if let Some(f) = fragment {
        unescape_ok(f, false)?;
    }
    let (scheme, rest) = scheme(raw)?;
    let mut url = Url {
        scheme: scheme.to_ascii_lowercase(),
        fragment: fragment.is_some(),
        ..Url::default()
    };
    let rest = match rest.split_once('?') {
        Some((r, _)) => {
            url.query = true;
            r
        }
        None => rest,
    };
    if !rest.starts_with('/') {
        if !url.scheme.is_empty() {
            url.opaque = true;
            return Ok(url);
        }
        if rest.split('/').next().unwrap_or("").contains(':') {
            return Err("first path segment in URL cannot contain colon".into());
        }
    }
    let mut path = rest;
    if (!url.scheme.is_empty() || !rest.starts_with("///")) && rest.starts_with("//") {
        let auth = &rest[2..];
        let (auth, p) = auth
            .find('/')
            .map_or((auth, ""), |i| (&auth[..i], &auth[i..]));
        url.authority = true;
        path = p;
        url.host = match auth.rfind('@') {
            Some(i) => {
                url.user = true;
                &auth[i + 1..]
            }
            None => auth,
        };
        parse_host(url.host)?;
    }
    unescape_ok(path, false)?;
    url.path = path;
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_as_go_does() {
        let u = parse("HTTPS://user@h.example:8080/p?q#f").unwrap();
        assert_eq!(u.scheme, "https");
        assert_eq!(
            (u.user, u.host, u.path, u.query, u.fragment),
            (true, "h.example:8080", "/p", true, true)
        );
        let f = parse("file:///srv/proxy").unwrap();
        assert_eq!((f.authority, f.host, f.path), (true, "", "/srv/proxy"));
        assert!(!parse("file:/srv").unwrap().authority);
        assert!(parse("file:rel").unwrap().opaque);
        for bad in [
            "https://h:port",
            "https://h/%zz",
            "https://h%2/",
            ":x",
            "https://a b/",
            "https://[::1/",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        assert!(parse("https://[::1]:80/x").is_ok());
        assert_eq!(parse("proxy").unwrap().scheme, "");
    }
}
