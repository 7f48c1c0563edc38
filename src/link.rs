//! The panel's link to Microsoft 365: pairs it when it is not paired (showing each code on the
//! Pairing screen), and says who it is signed in as. Runs beside the engine on its thread.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration as StdDuration;

use tokio::sync::mpsc;

use crate::clock::Clock;
use crate::config::{AuthMode, MicrosoftConfig};
use crate::core::{Link, PairingPrompt};
use crate::identity::oauth::{AuthError, OAuthClient};
use crate::identity::pairing::{account_words, pair, PairingError, PairingOptions, Step};
use crate::identity::store::{FileTokenStore, TokenStore};
use crate::identity::{ClientSecretIdentity, DeviceCodeIdentity, Identity};

/// Everything needed to talk to one tenant as one app registration.
pub struct Microsoft {
    pub config: MicrosoftConfig,
    pub http: reqwest::Client,
    pub oauth: OAuthClient,
    pub store: Arc<dyn TokenStore>,
}

impl Microsoft {
    pub fn new(config: MicrosoftConfig, state_dir: &std::path::Path) -> Microsoft {
        let http = crate::graph::http_client();
        let oauth = OAuthClient::new(
            http.clone(),
            &config.authority_url,
            &config.tenant,
            &config.client_id,
        );
        Microsoft {
            config,
            http,
            oauth,
            store: Arc::new(FileTokenStore::new(state_dir)),
        }
    }

    /// The identity Graph calls use: `Ok(None)` when a delegated panel is not paired.
    pub fn identity(&self, clock: Arc<dyn Clock>) -> Result<Option<Arc<dyn Identity>>, AuthError> {
        match self.config.auth {
            AuthMode::DeviceCode => Ok(DeviceCodeIdentity::from_store(
                self.oauth.clone(),
                self.config.scopes.clone(),
                self.store.clone(),
                clock,
            )
            .map(|i| Arc::new(i) as Arc<dyn Identity>)),
            AuthMode::ClientSecret => {
                let path: PathBuf = self.config.client_secret_file.clone().ok_or_else(|| {
                    AuthError::Secret(
                        "auth = \"client-secret\" needs client_secret_file in [microsoft]"
                            .to_owned(),
                    )
                })?;
                ClientSecretIdentity::from_file(self.oauth.clone(), &path, clock)
                    .map(|i| Some(Arc::new(i) as Arc<dyn Identity>))
            }
        }
    }

    /// Who is signed in, as stored at pairing (delegated only).
    pub fn stored_account(&self) -> Option<String> {
        self.store
            .load()
            .and_then(|s| s.account)
            .map(|a| account_words(&a))
    }

    /// Runs device-code pairing, reporting each step.
    pub async fn pair(
        &self,
        clock: &dyn Clock,
        on_step: &mut (dyn FnMut(Step) + Send),
    ) -> Result<String, PairingError> {
        let sign_in = pair(
            &self.oauth,
            &self.config.scopes,
            &self.config.graph_url,
            &self.http,
            self.store.as_ref(),
            clock,
            &PairingOptions::default(),
            on_step,
        )
        .await?;
        Ok(sign_in
            .account
            .as_ref()
            .map(account_words)
            .unwrap_or_default())
    }
}

/// What pairing ending without a sign-in means for the Pairing screen.
fn not_paired_reason(err: &PairingError) -> String {
    match err {
        PairingError::Declined => {
            "The sign-in was declined on the phone. Tap “Get a code” to try again.".to_owned()
        }
        other => format!("Pairing stopped: {other}. Tap “Get a code” to try again."),
    }
}

enum Fresh {
    /// A tap asked to pair again.
    Repair,
    /// The sign-in stopped working for good (revoked, expired, secret refused).
    Revoked(String),
    /// The engine is gone.
    Stop,
}

/// Refreshes the access token ahead of its expiry, again and again; transient failures are
/// retried with growing pauses.
async fn keep_fresh(
    identity: &dyn Identity,
    clock: &dyn Clock,
    wake: &mut mpsc::UnboundedReceiver<()>,
) -> Fresh {
    let mut backoff = StdDuration::from_secs(5);
    loop {
        let wait = identity
            .expires_at()
            .map(|t| (t - crate::identity::REFRESH_AHEAD - clock.now()).num_seconds())
            .map_or(StdDuration::from_secs(60), |s| {
                StdDuration::from_secs(s.clamp(1, 3600) as u64)
            });
        tokio::select! {
            w = wake.recv() => return if w.is_some() { Fresh::Repair } else { Fresh::Stop },
            _ = tokio::time::sleep(wait) => {}
        }
        match identity.token().await {
            Ok(_) => backoff = StdDuration::from_secs(5),
            Err(err) if err.is_transient() => {
                tracing::warn!("cannot refresh the sign-in yet: {err}; retrying in {backoff:?}");
                tokio::select! {
                    w = wake.recv() => return if w.is_some() { Fresh::Repair } else { Fresh::Stop },
                    _ = tokio::time::sleep(backoff) => {}
                }
                backoff = (backoff * 2).min(StdDuration::from_secs(300));
            }
            Err(err) => return Fresh::Revoked(err.to_string()),
        }
    }
}

/// Keeps the link up for the panel: pairs when needed, publishes each change of [`Link`].
/// `wake` carries taps on "Get a code" (and re-pair requests).
pub async fn keep_linked(
    microsoft: Arc<Microsoft>,
    clock: Arc<dyn Clock>,
    publish: Arc<dyn Fn(Link) + Send + Sync>,
    mut wake: mpsc::UnboundedReceiver<()>,
) {
    loop {
        match microsoft.identity(clock.clone()) {
            Ok(Some(identity)) => {
                if microsoft.config.auth == AuthMode::ClientSecret {
                    match identity.token().await {
                        Ok(_) => publish(Link::SignedIn { account: None }),
                        Err(err) if err.is_transient() => {
                            tracing::warn!("cannot get an app token yet: {err}");
                            tokio::time::sleep(StdDuration::from_secs(30)).await;
                            continue;
                        }
                        Err(err) => {
                            publish(Link::CredentialsRefused {
                                message: err.to_string(),
                            });
                            if wake.recv().await.is_none() {
                                return;
                            }
                            continue;
                        }
                    }
                } else {
                    publish(Link::SignedIn {
                        account: microsoft.stored_account(),
                    });
                }
                // Keep the sign-in alive (a refresh token unused for 90 days expires) and
                // notice a revoked one, until someone asks to pair again.
                match keep_fresh(identity.as_ref(), clock.as_ref(), &mut wake).await {
                    Fresh::Repair => {
                        let _ = microsoft.store.clear();
                    }
                    Fresh::Revoked(reason) if microsoft.config.auth == AuthMode::ClientSecret => {
                        publish(Link::CredentialsRefused { message: reason });
                        if wake.recv().await.is_none() {
                            return;
                        }
                    }
                    Fresh::Revoked(reason) => {
                        // Back to the Pairing screen: the next round asks for a new code.
                        publish(Link::NotPaired {
                            reason: format!("{reason}."),
                        });
                    }
                    Fresh::Stop => return,
                }
            }
            Ok(None) => {
                let mut on_step = |step: Step| match step {
                    Step::Code(prompt) => publish(Link::Pairing(PairingPrompt {
                        user_code: prompt.user_code,
                        verification_uri: prompt.verification_uri,
                        qr_target: prompt.qr_target,
                        expires_at: prompt.expires_at,
                    })),
                    Step::Retrying(why) => tracing::warn!("pairing: {why}; still trying"),
                    Step::Renewing => tracing::info!("pairing code expired; getting a new one"),
                    Step::SignedIn => tracing::info!("signed in; reading the account"),
                };
                match microsoft.pair(clock.as_ref(), &mut on_step).await {
                    Ok(account) => {
                        tracing::info!(%account, "paired");
                        continue;
                    }
                    Err(PairingError::Auth(err)) if err.is_transient() => {
                        publish(Link::NotPaired {
                            reason: format!("{err}. Trying again in a minute."),
                        });
                        tokio::select! {
                            _ = tokio::time::sleep(StdDuration::from_secs(60)) => {}
                            w = wake.recv() => if w.is_none() { return },
                        }
                    }
                    Err(err) => {
                        publish(Link::NotPaired {
                            reason: not_paired_reason(&err),
                        });
                        if wake.recv().await.is_none() {
                            return;
                        }
                    }
                }
            }
            Err(err) => {
                publish(Link::CredentialsRefused {
                    message: err.to_string(),
                });
                if wake.recv().await.is_none() {
                    return;
                }
            }
        }
    }
}
