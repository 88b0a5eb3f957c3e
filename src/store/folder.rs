//! The folder of a persistent store, beside RocksDB: who holds it (RocksDB's lock file,
//! asked without taking it, and its lock error as a sentence) and the files a killed bulk
//! load left in it.

use std::path::Path;
#[cfg(all(feature = "persistent", target_os = "linux", target_env = "gnu"))]
use std::fs::File;

#[cfg(feature = "persistent")]
use oxigraph::store::StorageError;

/// The error of opening the store in `dir`: RocksDB's lock message ("While lock file:
/// …/LOCK: Resource temporarily unavailable") as a sentence saying what to do.
#[cfg(feature = "persistent")]
pub(super) fn held_elsewhere(dir: &Path, error: StorageError) -> anyhow::Error {
    let text = error.to_string();
    if text.contains("lock file") || text.contains("/LOCK") {
        anyhow::anyhow!(
            "another nkkg process has the store {} open (a `nkkg serve`, `review` or `ingest` on it); \
             stop it and run this again, or do the work through that process (the review page or \
             POST /update of `nkkg serve`)",
            dir.display()
        )
    } else {
        anyhow::Error::new(error).context(format!("cannot open the store in {}", dir.display()))
    }
}

/// Removes what a killed bulk load left in a store's folder and returns how many files
/// went. Oxigraph's bulk loader (`oxigraph::store::BulkLoader`, RocksDB storage) writes
/// each sorted table it builds as `bulk-<random u128 in decimal>.sst` directly in the
/// store's folder, and deletes it once RocksDB has ingested it or the load failed; a
/// process killed in between leaves it behind for good. RocksDB's own tables are named
/// `<number>.sst`, so only regular files named exactly `bulk-<digits>.sst` are removed.
/// Call it only with the store open read-write: RocksDB's lock then guarantees that no
/// other process is loading into the folder. A file that cannot be removed is reported
/// as a warning and does not stop the store from opening.
pub fn remove_stale_bulk_files(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let is_bulk = name
            .to_str()
            .and_then(|n| n.strip_prefix("bulk-"))
            .and_then(|n| n.strip_suffix(".sst"))
            .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()));
        if !is_bulk || !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        match std::fs::remove_file(entry.path()) {
            Ok(()) => removed += 1,
            Err(e) => tracing::warn!("cannot remove the stale bulk-load file {}: {e}", entry.path().display()),
        }
    }
    removed
}

/// Whether another process holds the POSIX lock RocksDB takes on `LOCK` while a store is
/// open read-write (`fcntl(F_GETLK)` asks without taking it). A lock file that cannot be
/// read counts as held, so that the caller falls back to the read-write open.
#[cfg(all(feature = "persistent", target_os = "linux", target_env = "gnu"))]
pub(super) fn locked_by_another_process(lock: &Path) -> bool {
    use std::os::fd::AsRawFd;
    let Ok(file) = File::open(lock) else { return true };
    // SAFETY: `flock` is plain data, zeroed then filled; the descriptor stays open for the call.
    let mut probe: libc::flock = unsafe { std::mem::zeroed() };
    probe.l_type = libc::F_WRLCK as libc::c_short;
    probe.l_whence = libc::SEEK_SET as libc::c_short;
    let asked = unsafe { libc::fcntl(file.as_raw_fd(), libc::F_GETLK, &mut probe) };
    asked != 0 || probe.l_type != libc::F_UNLCK as libc::c_short
}

/// Where `libc` is not linked, every lock counts as held: stores are opened read-write.
#[cfg(all(feature = "persistent", not(all(target_os = "linux", target_env = "gnu"))))]
pub(super) fn locked_by_another_process(_lock: &Path) -> bool {
    true
}
