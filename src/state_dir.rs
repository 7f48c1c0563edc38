//! Where Roomsign keeps what it learns (schedule cache, tokens): `--state-dir`, else systemd's
//! `$STATE_DIRECTORY`, else the user's data directory. The files in it are read and written only
//! through [`crate::persist`].

use std::path::{Path, PathBuf};

/// Environment variable systemd sets from `StateDirectory=`.
pub const STATE_ENV: &str = "STATE_DIRECTORY";

/// The state directory to use. `$STATE_DIRECTORY` may list several paths separated by ':'; the
/// first is ours.
pub fn resolve(flag: Option<&Path>, env: Option<&str>, user_data: Option<&Path>) -> PathBuf {
    if let Some(path) = flag {
        return path.to_owned();
    }
    if let Some(first) = env.and_then(|v| v.split(':').find(|p| !p.is_empty())) {
        return PathBuf::from(first);
    }
    user_data
        .map(Path::to_owned)
        .unwrap_or_else(|| PathBuf::from("/var/lib/roomsign"))
}

/// The user's config and data directories, per the platform's conventions.
pub fn user_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "roomsign")
}
