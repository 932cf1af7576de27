//! Reading a config: once, with a size cap and a regular-file guard, so a prompt never hangs on
//! a FIFO or spends time on a huge file, and the bytes trusted are the bytes parsed.

use std::path::Path;

/// No real config comes near this; a larger file is refused before it is parsed, so a prompt never
/// spends time on one.
pub const MAX_BYTES: u64 = 1 << 20;

/// Reads a config once (the bytes that are hashed for trust are the bytes that are parsed and
/// applied), refusing a file over `MAX_BYTES` without reading it all.
pub fn read(path: &Path) -> Result<Vec<u8>, String> {
    read_with_meta(path).map(|(bytes, _)| bytes)
}

/// `read`, with the file's metadata as it was opened, before a byte was read: a stamp taken
/// from it is changed by any later write, so no second `stat` is needed (the hook runs this on
/// every load).
pub fn read_with_meta(path: &Path) -> Result<(Vec<u8>, std::fs::Metadata), String> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let could_not = |e: std::io::Error| format!("could not read {}: {e}", path.display());
    // Opened without blocking and checked to be a regular file: a FIFO swapped in after the
    // directory was searched would otherwise hang the prompt on open or read.
    let f = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(nix::libc::O_NONBLOCK)
        .open(path)
        .map_err(could_not)?;
    let meta = f.metadata().map_err(could_not)?;
    if !meta.is_file() {
        return Err(format!(
            "could not read {}: it is not a regular file; remove it or replace it with a config",
            path.display()
        ));
    }
    let size = meta.len();
    let mut bytes = Vec::with_capacity(usize::try_from(size.min(MAX_BYTES)).unwrap_or(0) + 1);
    if size <= MAX_BYTES {
        f.take(MAX_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(could_not)?;
    }
    if size > MAX_BYTES || bytes.len() as u64 > MAX_BYTES {
        return Err(format!(
            "{} is over {} KiB, larger than any goenvhook config should be, so it was not read; check that it is the file you meant",
            path.display(),
            MAX_BYTES / 1024
        ));
    }
    Ok((bytes, meta))
}
