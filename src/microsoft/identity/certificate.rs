//! Certificate-based app-only sign-in: the app's certificate and private key read from files,
//! the client assertion (RFC 7523) signed with the key, and a new key and self-signed
//! certificate for `roomsign cert new`.
//!
//! The JWT is made by `jsonwebtoken` (RS256 with ring), the key by RustCrypto's `rsa`, the
//! certificate by `rcgen`; the certificate is read back with `x509-parser`.

use std::path::{Path, PathBuf};

use base64::Engine as _;
use chrono::{DateTime, Utc};
use rsa::pkcs1::{DecodeRsaPublicKey, EncodeRsaPrivateKey};
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding};

use super::oauth::AuthError;
use crate::secret::Secret;

/// A client assertion's lifetime (Microsoft accepts at most ten minutes).
const ASSERTION_LIFETIME_SECONDS: i64 = 5 * 60;

/// The most a certificate or key file may hold.
const CERT_FILE_BYTES: u64 = 64 * 1024;

/// The app's certificate (as uploaded in Entra ID) and its private key.
pub struct ClientCertificate {
    certificate_file: PathBuf,
    /// base64url(SHA-256 of the certificate's DER), the assertion's `x5t#S256`.
    x5t_s256: String,
    /// SHA-1 of the DER in upper-case hex, the thumbprint Entra ID shows.
    thumbprint: String,
    not_before: DateTime<Utc>,
    not_after: DateTime<Utc>,
    key: jsonwebtoken::EncodingKey,
}

impl std::fmt::Debug for ClientCertificate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientCertificate")
            .field("certificate_file", &self.certificate_file)
            .field("thumbprint", &self.thumbprint)
            .field("not_after", &self.not_after)
            .field("key", &"[redacted]")
            .finish()
    }
}

/// What a certificate file says about itself (for `doctor`, the admin screen, `cert new`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateFacts {
    pub thumbprint_sha1: String,
    pub thumbprint_sha256: String,
    pub not_before: DateTime<Utc>,
    pub not_after: DateTime<Utc>,
}

fn cert_error(path: &Path, what: impl std::fmt::Display) -> AuthError {
    AuthError::Secret(format!("the certificate file {}: {what}", path.display()))
}

/// Reads a file of at most [`CERT_FILE_BYTES`], regular files only.
fn read_small(path: &Path, what: &str) -> Result<Vec<u8>, AuthError> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let cannot = |e: &dyn std::fmt::Display| {
        AuthError::Secret(format!("cannot read the {what} {}: {e}", path.display()))
    };
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(path)
        .map_err(|e| cannot(&e))?;
    let meta = file.metadata().map_err(|e| cannot(&e))?;
    if !meta.file_type().is_file() {
        return Err(cannot(&"not a regular file"));
    }
    let mut bytes = Vec::new();
    file.take(CERT_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| cannot(&e))?;
    if bytes.len() as u64 > CERT_FILE_BYTES {
        return Err(cannot(&format!("larger than {CERT_FILE_BYTES} bytes")));
    }
    Ok(bytes)
}

/// The certificate's DER from a `.cer`/`.pem` file (DER or PEM).
fn certificate_der(path: &Path, bytes: &[u8]) -> Result<Vec<u8>, AuthError> {
    if bytes.starts_with(b"-----") || bytes.iter().take(64).all(|b| b.is_ascii()) {
        match x509_parser::pem::parse_x509_pem(bytes) {
            Ok((_, pem)) if pem.label == "CERTIFICATE" => Ok(pem.contents),
            _ => Err(cert_error(
                path,
                "holds no PEM \"CERTIFICATE\" block: use the .cer file made by `roomsign cert new` or the certificate uploaded in Entra ID",
            )),
        }
    } else {
        Ok(bytes.to_vec())
    }
}

fn utc(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(seconds.clamp(0, 7_258_118_400), 0).unwrap_or_default()
}

/// Thumbprints and validity of a certificate's DER; the RSA public key it holds.
fn facts_of(path: &Path, der: &[u8]) -> Result<(CertificateFacts, rsa::RsaPublicKey), AuthError> {
    let (_, cert) = x509_parser::parse_x509_certificate(der)
        .map_err(|e| cert_error(path, format!("not an X.509 certificate ({e})")))?;
    let public = rsa::RsaPublicKey::from_pkcs1_der(&cert.public_key().subject_public_key.data)
        .map_err(|_| {
            cert_error(
                path,
                "its key is not an RSA key: Microsoft 365 accepts client assertions signed with RSA",
            )
        })?;
    let sha1 = ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, der);
    let sha256 = ring::digest::digest(&ring::digest::SHA256, der);
    let validity = cert.validity();
    Ok((
        CertificateFacts {
            thumbprint_sha1: hex_upper(sha1.as_ref()),
            thumbprint_sha256: hex_upper(sha256.as_ref()),
            not_before: utc(validity.not_before.timestamp()),
            not_after: utc(validity.not_after.timestamp()),
        },
        public,
    ))
}

fn hex_upper(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

/// The thumbprints and validity of the certificate in `path`.
pub fn read_facts(path: &Path) -> Result<CertificateFacts, AuthError> {
    let bytes = read_small(path, "certificate file")?;
    let der = certificate_der(path, &bytes)?;
    facts_of(path, &der).map(|(facts, _)| facts)
}

/// Reads a private key file (PEM, PKCS#8 or PKCS#1): a regular file, not world-readable.
fn read_private_key(path: &Path) -> Result<rsa::RsaPrivateKey, AuthError> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .map(|m| m.permissions().mode())
        .unwrap_or(0);
    if mode & 0o004 != 0 {
        return Err(AuthError::Secret(format!(
            "the private key file {} is readable by every user of this machine: run `chmod 600 {}` (and `chown roomsign` if the service runs as roomsign)",
            path.display(),
            path.display()
        )));
    }
    let bytes = read_small(path, "private key file")?;
    let text = String::from_utf8(bytes).map_err(|_| {
        AuthError::Secret(format!(
            "the private key file {} is not PEM text",
            path.display()
        ))
    })?;
    rsa::RsaPrivateKey::from_pkcs8_pem(&text)
        .or_else(|_| {
            use rsa::pkcs1::DecodeRsaPrivateKey;
            rsa::RsaPrivateKey::from_pkcs1_pem(&text)
        })
        .map_err(|_| {
            AuthError::Secret(format!(
                "the private key file {} holds no RSA private key in PEM (\"PRIVATE KEY\" or \"RSA PRIVATE KEY\")",
                path.display()
            ))
        })
}

impl ClientCertificate {
    /// Reads the certificate and its private key; refuses a key that does not belong to the
    /// certificate.
    pub fn from_files(
        certificate_file: &Path,
        private_key_file: &Path,
    ) -> Result<ClientCertificate, AuthError> {
        let bytes = read_small(certificate_file, "certificate file")?;
        let der = certificate_der(certificate_file, &bytes)?;
        let (facts, public) = facts_of(certificate_file, &der)?;
        let key = read_private_key(private_key_file)?;
        if key.to_public_key() != public {
            return Err(AuthError::Secret(format!(
                "the private key file {} does not belong to the certificate {}: use the key made with it",
                private_key_file.display(),
                certificate_file.display()
            )));
        }
        let pkcs1 = key.to_pkcs1_der().map_err(|_| {
            AuthError::Secret(format!(
                "the private key file {} cannot be used",
                private_key_file.display()
            ))
        })?;
        let sha256 = ring::digest::digest(&ring::digest::SHA256, &der);
        Ok(ClientCertificate {
            certificate_file: certificate_file.to_owned(),
            x5t_s256: base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha256.as_ref()),
            thumbprint: facts.thumbprint_sha1,
            not_before: facts.not_before,
            not_after: facts.not_after,
            key: jsonwebtoken::EncodingKey::from_rsa_der(pkcs1.as_bytes()),
        })
    }

    pub fn not_after(&self) -> DateTime<Utc> {
        self.not_after
    }

    /// A signed client assertion for `token_url`, valid from `now` for five minutes. An expired
    /// certificate (or one not yet valid) is refused here, before anything is sent.
    pub fn assertion(
        &self,
        client_id: &str,
        token_url: &str,
        now: DateTime<Utc>,
    ) -> Result<Secret, AuthError> {
        if now >= self.not_after {
            return Err(AuthError::Secret(format!(
                "the app's certificate {} (thumbprint {}) expired on {}: make a new one with `roomsign cert new`, upload its .cer in Entra ID (App registrations → Certificates & secrets) and point certificate_file and private_key_file at it",
                self.certificate_file.display(),
                self.thumbprint,
                self.not_after.format("%Y-%m-%d")
            )));
        }
        if now < self.not_before {
            return Err(AuthError::Secret(format!(
                "the app's certificate {} is valid only from {}: check the panel's clock",
                self.certificate_file.display(),
                self.not_before.format("%Y-%m-%d %H:%M UTC")
            )));
        }
        let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
        header.x5t_s256 = Some(self.x5t_s256.clone());
        let mut jti = [0u8; 16];
        ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut jti)
            .map_err(|_| AuthError::Secret("no random numbers for the client assertion".into()))?;
        let claims = serde_json::json!({
            "aud": token_url,
            "iss": client_id,
            "sub": client_id,
            "jti": hex_upper(&jti),
            "nbf": now.timestamp(),
            "iat": now.timestamp(),
            "exp": now.timestamp() + ASSERTION_LIFETIME_SECONDS,
        });
        jsonwebtoken::encode(&header, &claims, &self.key)
            .map(Secret::new)
            .map_err(|e| AuthError::Secret(format!("cannot sign the client assertion: {e}")))
    }
}

/// A new key and certificate, as `roomsign cert new` writes them.
pub struct NewCertificate {
    /// PKCS#8 PEM.
    pub key_pem: Secret,
    /// The certificate's DER (the `.cer` to upload in Entra ID).
    pub der: Vec<u8>,
    /// The same certificate in PEM.
    pub pem: String,
    pub facts: CertificateFacts,
}

/// Makes a 2048-bit RSA key and a self-signed certificate for `common_name`, valid from
/// `not_before` to `not_after`.
pub fn make(
    common_name: &str,
    not_before: DateTime<Utc>,
    not_after: DateTime<Utc>,
) -> Result<NewCertificate, String> {
    let key = rsa::RsaPrivateKey::new(&mut rsa::rand_core::OsRng, 2048)
        .map_err(|e| format!("cannot make an RSA key: {e}"))?;
    let key_pem = key
        .to_pkcs8_pem(LineEnding::LF)
        .map_err(|e| format!("cannot write the RSA key: {e}"))?;
    let key_pair = rcgen::KeyPair::from_pem_and_sign_algo(&key_pem, &rcgen::PKCS_RSA_SHA256)
        .map_err(|e| format!("cannot use the RSA key: {e}"))?;
    let mut params = rcgen::CertificateParams::new(Vec::<String>::new())
        .map_err(|e| format!("cannot make the certificate: {e}"))?;
    let mut name = rcgen::DistinguishedName::new();
    name.push(rcgen::DnType::CommonName, common_name);
    params.distinguished_name = name;
    let time = |t: DateTime<Utc>| {
        time::OffsetDateTime::from_unix_timestamp(t.timestamp())
            .map_err(|e| format!("cannot use the date {t}: {e}"))
    };
    params.not_before = time(not_before)?;
    params.not_after = time(not_after)?;
    let cert = params
        .self_signed(&key_pair)
        .map_err(|e| format!("cannot make the certificate: {e}"))?;
    let der = cert.der().to_vec();
    let (facts, _) = facts_of(Path::new("(new)"), &der).map_err(|e| e.to_string())?;
    Ok(NewCertificate {
        key_pem: Secret::new(key_pem.as_str()),
        der,
        pem: cert.pem(),
        facts,
    })
}
