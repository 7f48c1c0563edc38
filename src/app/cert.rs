//! `roomsign cert new`: a key and a self-signed certificate for certificate-based app-only
//! sign-in, written where the installer says.

use std::io::Write;
use std::path::Path;

use anyhow::Context;

use crate::app::out::say;
use crate::microsoft::identity::certificate;

/// The longest validity `cert new` makes (Entra ID accepts longer; renewing is the point).
pub const MAX_DAYS: u32 = 3 * 365;

/// Writes `bytes` to `path` through a temp file (mode 0600) in the same directory; never over
/// an existing file unless `force`.
fn write_new(path: &Path, bytes: &[u8], force: bool) -> anyhow::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut file = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    file.write_all(bytes)
        .and_then(|()| file.as_file().sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    if force {
        file.persist(path)
            .map(drop)
            .with_context(|| format!("cannot write {}", path.display()))?;
    } else {
        file.persist_noclobber(path).map(drop).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                anyhow::anyhow!(
                    "{} already exists: choose another --out, or add --force to replace it",
                    path.display()
                )
            } else {
                anyhow::anyhow!("cannot write {}: {}", path.display(), e.error)
            }
        })?;
    }
    if let Ok(dir) = std::fs::File::open(dir) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// Makes the key and certificate and writes `roomsign.key` (0600), `roomsign.cer` (DER, to
/// upload in Entra ID) and `roomsign.pem` (the same certificate in PEM) in `out`.
pub fn new(
    out: &Path,
    days: u32,
    name: &str,
    force: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<()> {
    if !(1..=MAX_DAYS).contains(&days) {
        anyhow::bail!("--days must be from 1 to {MAX_DAYS}");
    }
    if name.trim().is_empty() || name.len() > 64 {
        anyhow::bail!("--name must be 1 to 64 characters");
    }
    let made = certificate::make(name, now, now + chrono::Duration::days(i64::from(days)))
        .map_err(anyhow::Error::msg)?;
    let key = out.join("roomsign.key");
    let cer = out.join("roomsign.cer");
    let pem = out.join("roomsign.pem");
    for path in [&key, &cer, &pem] {
        if !force && path.symlink_metadata().is_ok() {
            anyhow::bail!(
                "{} already exists: choose another --out, or add --force to replace it",
                path.display()
            );
        }
    }
    write_new(&key, made.key_pem.expose().as_bytes(), force)?;
    write_new(&cer, &made.der, force)?;
    write_new(&pem, made.pem.as_bytes(), force)?;
    // The certificate is public: readable by all, like any certificate.
    {
        use std::os::unix::fs::PermissionsExt;
        for path in [&cer, &pem] {
            let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644));
        }
    }
    let facts = &made.facts;
    say!(
        "Private key:  {} (mode 600; keep it on this panel)",
        key.display()
    );
    say!("Certificate:  {} (upload it in Entra ID: App registrations → your app → Certificates & secrets → Certificates → Upload certificate)", cer.display());
    say!(
        "              {} (the same certificate in PEM)",
        pem.display()
    );
    say!(
        "Thumbprint:   {} (SHA-1, as Entra ID shows it)",
        facts.thumbprint_sha1
    );
    say!("SHA-256:      {}", facts.thumbprint_sha256);
    say!(
        "Valid until:  {}",
        facts.not_after.format("%Y-%m-%d %H:%M UTC")
    );
    say!("");
    say!("In [microsoft]: auth = \"certificate\", certificate_file = \"{}\", private_key_file = \"{}\"", cer.display(), key.display());
    Ok(())
}
