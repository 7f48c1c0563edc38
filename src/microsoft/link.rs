//! The panel's link to Microsoft 365: pairs it when it is not paired (showing each code on the
//! Pairing screen), and says who it is signed in as. Runs beside the engine on its thread and
//! sends every change it sees ([`LinkUpdate`]) to the engine, which writes the snapshot.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration as StdDuration;

use tokio::sync::mpsc;

use crate::clock::Clock;
use crate::config::{AuthMode, MicrosoftConfig};
use crate::core::words::LinkTrouble;
use crate::core::{Link, PairingPrompt, Room};
use crate::microsoft::identity::oauth::{AuthError, OAuthClient};
use crate::microsoft::identity::pairing::{
    account_words, pair, PairingError, PairingOptions, Step,
};
use crate::microsoft::identity::store::{FileTokenStore, TokenStore};
use crate::microsoft::identity::{ClientSecretIdentity, DeviceCodeIdentity, Health, Identity};

/// What the screen asks of the link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkCommand {
    /// Forget the sign-in and pair (again).
    Pair,
    /// Forget the sign-in and wait for a tap on "Get a code".
    Unpair,
    /// Show the Room picker again.
    ChangeRoom,
    /// The room picked on the Room picker.
    ChooseRoom(crate::core::rooms::RoomChoice),
}

/// A change the link sees, for the engine to fold into the snapshot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkUpdate {
    /// The link is now this.
    Link(Link),
    /// The room is now this (its name read, or another room chosen).
    Room(Room),
}

/// The link's end of the engine's queue of link updates.
pub type LinkUpdates = mpsc::UnboundedSender<LinkUpdate>;

/// Sends one update to the engine (gone at exit: nothing to tell).
fn publish(updates: &LinkUpdates, update: LinkUpdate) {
    let _ = updates.send(update);
}

/// File in the state directory holding the room picked on the panel.
pub const ROOM_FILE: &str = crate::persist::ROOM.name;

#[derive(serde::Serialize, serde::Deserialize)]
struct StoredRoom {
    email: String,
    name: String,
}

/// The room picked on the panel earlier, if any.
pub fn stored_room(state_dir: &std::path::Path) -> Option<Room> {
    let stored: StoredRoom = crate::persist::load(state_dir, crate::persist::ROOM, |_| true)?;
    Some(Room {
        name: stored.name,
        mailbox: Some(stored.email),
    })
}

/// Everything needed to talk to one tenant as one app registration.
pub struct Microsoft {
    pub config: MicrosoftConfig,
    pub http: reqwest::Client,
    pub oauth: OAuthClient,
    pub store: Arc<dyn TokenStore>,
    pub state_dir: PathBuf,
    /// The room's mailbox from the configuration (then the Room picker never shows).
    pub configured_room: Option<String>,
    /// Whether `[room] name` is set (else the room's display name is read from Graph).
    pub configured_name: bool,
    /// The one identity of this panel, shared by the link and the calendar: two holders of a
    /// rotating refresh token would make each other's stale.
    session: std::sync::Mutex<Option<Arc<dyn Identity>>>,
    /// Woken by the calendar when a Graph call finds the sign-in refused, so the link checks
    /// it at once rather than at its next look (at most 30 s later).
    pub sign_in_refused: tokio::sync::Notify,
}

impl Microsoft {
    pub fn new(
        config: MicrosoftConfig,
        state_dir: &std::path::Path,
        configured_room: Option<String>,
    ) -> Microsoft {
        let http = crate::microsoft::client::http_client();
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
            state_dir: state_dir.to_owned(),
            configured_room,
            configured_name: false,
            session: std::sync::Mutex::new(None),
            sign_in_refused: tokio::sync::Notify::new(),
        }
    }

    /// The room's mailbox: from the configuration, else as picked on the panel.
    pub fn room_mailbox(&self) -> Option<String> {
        self.configured_room
            .clone()
            .or_else(|| stored_room(&self.state_dir).and_then(|r| r.mailbox))
    }

    /// A Graph client acting as this panel, or `None` while it is not paired.
    pub fn graph(
        &self,
        clock: Arc<dyn Clock>,
    ) -> Result<Option<crate::microsoft::client::Graph>, AuthError> {
        Ok(self.identity(clock)?.map(|identity| {
            crate::microsoft::client::Graph::new(
                self.http.clone(),
                &self.config.graph_url,
                identity,
            )
        }))
    }

    /// Forgets the identity in use (after a sign-out, a revocation or a refused secret); the
    /// next [`Microsoft::identity`] reads the store again.
    pub fn forget_identity(&self) {
        *self.session.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// Signs the panel out: the stored sign-in and the identity in use.
    pub fn sign_out(&self) {
        let _ = self.store.clear();
        self.forget_identity();
    }

    /// Whether the panel still needs a room picked on screen.
    pub fn needs_room(&self) -> bool {
        self.configured_room.is_none() && stored_room(&self.state_dir).is_none()
    }

    fn store_room(&self, room: &crate::core::rooms::RoomChoice) -> std::io::Result<()> {
        let stored = StoredRoom {
            email: room.email.clone(),
            name: room.name.clone(),
        };
        crate::persist::save(&self.state_dir, crate::persist::ROOM, &stored)
    }

    /// The identity Graph calls use: `Ok(None)` when a delegated panel is not paired. The same
    /// one every time until [`Microsoft::forget_identity`].
    pub fn identity(&self, clock: Arc<dyn Clock>) -> Result<Option<Arc<dyn Identity>>, AuthError> {
        let mut session = self.session.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(identity) = session.as_ref() {
            return Ok(Some(identity.clone()));
        }
        let identity = self.new_identity(clock)?;
        session.clone_from(&identity);
        Ok(identity)
    }

    fn new_identity(&self, clock: Arc<dyn Clock>) -> Result<Option<Arc<dyn Identity>>, AuthError> {
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
            AuthMode::Certificate => {
                let (Some(certificate), Some(key)) = (
                    self.config.certificate_file.clone(),
                    self.config.private_key_file.clone(),
                ) else {
                    return Err(AuthError::Secret(
                        "auth = \"certificate\" needs certificate_file and private_key_file in [microsoft]"
                            .to_owned(),
                    ));
                };
                ClientSecretIdentity::from_certificate(
                    self.oauth.clone(),
                    &certificate,
                    &key,
                    clock,
                )
                .map(|i| Some(Arc::new(i) as Arc<dyn Identity>))
            }
        }
    }

    /// The link as things stand, asking Microsoft nothing: for `status` and `doctor`, before
    /// and after their read (a refusal met by the read is in the identity's health).
    pub fn current_link(&self, clock: Arc<dyn Clock>) -> Link {
        match self.identity(clock) {
            Ok(Some(identity)) => {
                let app_only = self.config.auth.is_app_only();
                let account = if app_only {
                    None
                } else {
                    self.stored_account()
                };
                link_for(&identity.health(), account, app_only)
            }
            Ok(None) => Link::NotPaired {
                reason: None,
                refusal: None,
            },
            Err(err) => Link::CredentialsRefused {
                message: err.to_string(),
            },
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
        let who =
            crate::microsoft::client::who_am_i(self.http.clone(), self.config.graph_url.clone());
        let sign_in = pair(
            &self.oauth,
            &self.config.scopes,
            &who,
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
fn not_paired_reason(err: &PairingError) -> LinkTrouble {
    match err {
        PairingError::Declined => LinkTrouble::PairingDeclined,
        other => LinkTrouble::PairingStopped(other.to_string()),
    }
}

/// Signs out and says so on the Pairing screen; pairing waits for a tap.
fn unpair(microsoft: &Microsoft, updates: &LinkUpdates) {
    microsoft.sign_out();
    tracing::info!("unpaired on the admin screen");
    publish(
        updates,
        LinkUpdate::Link(Link::NotPaired {
            reason: Some(LinkTrouble::Unpaired),
            refusal: None,
        }),
    );
}

enum Fresh {
    /// A tap asked to pair again.
    Repair,
    /// A tap asked to unpair.
    Unpair,
    /// A tap asked for the Room picker.
    ChangeRoom,
    /// The sign-in stopped working for good (revoked, expired, secret refused), and why when
    /// Microsoft's numbers say.
    Revoked(String, Option<crate::core::Refusal>),
    /// The engine is gone.
    Stop,
}

fn fresh_for(command: Option<LinkCommand>) -> Option<Fresh> {
    match command {
        None => Some(Fresh::Stop),
        Some(LinkCommand::Pair) => Some(Fresh::Repair),
        Some(LinkCommand::Unpair) => Some(Fresh::Unpair),
        Some(LinkCommand::ChangeRoom) => Some(Fresh::ChangeRoom),
        Some(LinkCommand::ChooseRoom(_)) => None, // not on the picker: ignore
    }
}

/// What the link shows for an identity in this health: signed in, revoked, or why the sign-in
/// is refused (network trouble is not shown here: the calendar's offline notice says it).
pub fn link_for(health: &Health, account: Option<String>, app_only: bool) -> Link {
    let signed_in = Link::SignedIn {
        account,
        unsaved: health.unsaved,
    };
    let Some((err, retry_at)) = &health.failure else {
        return signed_in;
    };
    match err {
        AuthError::InvalidGrant(..) => Link::NotPaired {
            reason: Some(LinkTrouble::SignInEnded(err.to_string())),
            refusal: err.ended_because(),
        },
        AuthError::InvalidClient(_) | AuthError::Secret(_) if app_only => {
            Link::CredentialsRefused {
                message: err.to_string(),
            }
        }
        _ => match err.refusal() {
            Some((refusal, detail)) => Link::SignInRefused {
                refusal,
                detail,
                retry_at: *retry_at,
            },
            None => signed_in,
        },
    }
}

/// The longest the link sleeps before it looks at the identity again (a look asks Microsoft
/// nothing unless the token is due and no failure holds the requests back).
const LOOK_AGAIN: StdDuration = StdDuration::from_secs(30);

/// Refreshes the access token ahead of its expiry, again and again, and shows the identity's
/// health. Every refusal but a revoked sign-in (or, app-only, a refused secret) is waited out
/// at the identity's pace (its gate) with the reason on screen; the sign-in is kept.
async fn keep_fresh(
    identity: &dyn Identity,
    clock: &dyn Clock,
    commands: &mut mpsc::UnboundedReceiver<LinkCommand>,
    refused: &tokio::sync::Notify,
    app_only: bool,
    show: &dyn Fn(Link),
    account: Option<String>,
) -> Fresh {
    let mut shown = link_for(&identity.health(), account.clone(), app_only);
    show(shown.clone());
    loop {
        let health = identity.health();
        let now = clock.now();
        let until = match &health.failure {
            Some((_, retry_at)) => Some(*retry_at),
            None => identity
                .expires_at()
                .map(|t| t - crate::microsoft::identity::REFRESH_AHEAD),
        };
        let wait = until
            .map(|t| (t - now).num_seconds())
            .map_or(LOOK_AGAIN, |s| {
                StdDuration::from_secs(s.clamp(1, 3600) as u64)
            })
            .min(LOOK_AGAIN);
        tokio::select! {
            c = commands.recv() => match fresh_for(c) {
                Some(fresh) => return fresh,
                None => continue,
            },
            _ = tokio::time::sleep(wait) => {}
            _ = refused.notified() => {}
        }
        match identity.token().await {
            Ok(_) => {}
            Err(err @ AuthError::InvalidGrant(..)) => {
                return Fresh::Revoked(err.to_string(), err.ended_because())
            }
            Err(err @ (AuthError::InvalidClient(_) | AuthError::Secret(_))) if app_only => {
                return Fresh::Revoked(err.to_string(), None)
            }
            // Remembered by the identity (no request goes before its time) and shown below.
            Err(_) => {}
        }
        let now_shown = link_for(&identity.health(), account.clone(), app_only);
        if now_shown != shown {
            if let Link::SignInRefused {
                refusal, detail, ..
            } = &now_shown
            {
                tracing::warn!(code = refusal.code(), "sign-in refused: {detail}");
            }
            shown = now_shown;
            show(shown.clone());
        }
    }
}

/// Waits for the next command; `None` when the engine is gone.
async fn next_command(commands: &mut mpsc::UnboundedReceiver<LinkCommand>) -> Option<LinkCommand> {
    commands.recv().await
}

/// Lists the rooms and waits for one to be picked; false when the engine is gone.
async fn pick_room(
    microsoft: &Microsoft,
    identity: Arc<dyn Identity>,
    updates: &LinkUpdates,
    commands: &mut mpsc::UnboundedReceiver<LinkCommand>,
) -> bool {
    let graph = crate::microsoft::client::Graph::new(
        microsoft.http.clone(),
        &microsoft.config.graph_url,
        identity,
    );
    loop {
        match crate::microsoft::client::rooms(&graph).await {
            Ok(rooms) if !rooms.is_empty() => {
                publish(updates, LinkUpdate::Link(Link::ChooseRoom { rooms }));
                loop {
                    match next_command(commands).await {
                        None => return false,
                        Some(LinkCommand::ChooseRoom(room)) => {
                            if let Err(e) = microsoft.store_room(&room) {
                                tracing::error!("cannot store the chosen room: {e}");
                            }
                            tracing::info!(room = %room.email, "room chosen at the panel");
                            publish(
                                updates,
                                LinkUpdate::Room(Room {
                                    name: room.name,
                                    mailbox: Some(room.email),
                                }),
                            );
                            return true;
                        }
                        Some(LinkCommand::Pair) => {
                            microsoft.sign_out();
                            return true;
                        }
                        Some(LinkCommand::Unpair) => {
                            unpair(microsoft, updates);
                            return next_command(commands).await.is_some();
                        }
                        Some(LinkCommand::ChangeRoom) => {}
                    }
                }
            }
            Ok(_) => publish(
                updates,
                LinkUpdate::Link(Link::CredentialsRefused {
                    message: LinkTrouble::NoRooms.words(crate::core::Language::English),
                }),
            ),
            Err(err) => {
                tracing::warn!("cannot list the rooms: {err}");
                publish(
                    updates,
                    LinkUpdate::Link(Link::NotPaired {
                        reason: Some(LinkTrouble::CannotListRooms(err.to_string())),
                        refusal: None,
                    }),
                );
            }
        }
        tokio::select! {
            c = next_command(commands) => if c.is_none() { return false },
            _ = tokio::time::sleep(StdDuration::from_secs(60)) => {}
        }
    }
}

/// Keeps the link up for the panel: pairs when needed, lets a room be picked when none is
/// configured, keeps the sign-in fresh, and sends each change to the engine (`updates`).
/// `commands` carries taps.
pub async fn keep_linked(
    microsoft: Arc<Microsoft>,
    clock: Arc<dyn Clock>,
    updates: LinkUpdates,
    mut commands: mpsc::UnboundedReceiver<LinkCommand>,
) {
    let link = |l: Link| publish(&updates, LinkUpdate::Link(l));
    // Why the panel is pairing again; shown with the new code.
    let mut repair_note: Option<LinkTrouble> = None;
    loop {
        match microsoft.identity(clock.clone()) {
            Ok(Some(identity)) => {
                if microsoft.config.auth.is_app_only() {
                    // A refused secret needs someone to fix it; anything else is waited out
                    // below at the identity's pace, with the reason shown.
                    if let Err(err @ (AuthError::InvalidClient(_) | AuthError::Secret(_))) =
                        identity.token().await
                    {
                        microsoft.forget_identity();
                        link(Link::CredentialsRefused {
                            message: err.to_string(),
                        });
                        if next_command(&mut commands).await.is_none() {
                            return;
                        }
                        continue;
                    }
                }
                if microsoft.needs_room() {
                    if !pick_room(&microsoft, identity.clone(), &updates, &mut commands).await {
                        return;
                    }
                    continue;
                }
                if let (Some(mailbox), false) =
                    (&microsoft.configured_room, microsoft.configured_name)
                {
                    let graph = crate::microsoft::client::Graph::new(
                        microsoft.http.clone(),
                        &microsoft.config.graph_url,
                        identity.clone(),
                    );
                    match crate::microsoft::client::room_name(&graph, mailbox).await {
                        Ok(name) => publish(
                            &updates,
                            LinkUpdate::Room(Room {
                                name,
                                mailbox: Some(mailbox.clone()),
                            }),
                        ),
                        Err(err) => tracing::warn!("cannot read the room's name: {err}"),
                    }
                }
                let account = match microsoft.config.auth {
                    AuthMode::DeviceCode => microsoft.stored_account(),
                    AuthMode::ClientSecret | AuthMode::Certificate => None,
                };
                // Keep the sign-in alive (a refresh token unused for 90 days expires) and
                // notice a revoked one, until someone asks for something else.
                match keep_fresh(
                    identity.as_ref(),
                    clock.as_ref(),
                    &mut commands,
                    &microsoft.sign_in_refused,
                    microsoft.config.auth.is_app_only(),
                    &link,
                    account,
                )
                .await
                {
                    Fresh::Repair => microsoft.sign_out(),
                    Fresh::Unpair => {
                        unpair(&microsoft, &updates);
                        if next_command(&mut commands).await.is_none() {
                            return;
                        }
                    }
                    Fresh::ChangeRoom => {
                        let _ = crate::persist::remove(&microsoft.state_dir, crate::persist::ROOM);
                    }
                    Fresh::Revoked(reason, _) if microsoft.config.auth.is_app_only() => {
                        microsoft.forget_identity();
                        link(Link::CredentialsRefused { message: reason });
                        if next_command(&mut commands).await.is_none() {
                            return;
                        }
                    }
                    Fresh::Revoked(reason, refusal) => {
                        microsoft.forget_identity();
                        // Back to the Pairing screen: the next round asks for a new code.
                        let ended = LinkTrouble::SignInEnded(reason);
                        // Shown with the new code at the door: the plain sentence when the
                        // number says why (the detail is in the log, `status` and `doctor`).
                        repair_note = Some(match refusal {
                            Some(r) => {
                                tracing::warn!(
                                    code = r.code(),
                                    "sign-in ended: {}",
                                    ended.words(crate::core::Language::English)
                                );
                                LinkTrouble::Refused(r)
                            }
                            None => ended.clone(),
                        });
                        link(Link::NotPaired {
                            reason: Some(ended),
                            refusal,
                        });
                    }
                    Fresh::Stop => return,
                }
            }
            Ok(None) => {
                let note = repair_note.clone();
                let mut on_step = |step: Step| match step {
                    Step::Code(prompt) => link(Link::Pairing(PairingPrompt {
                        user_code: prompt.user_code,
                        verification_uri: prompt.verification_uri,
                        qr_target: prompt.qr_target,
                        expires_at: prompt.expires_at,
                        note: note.clone(),
                    })),
                    Step::Retrying(why) => tracing::warn!("pairing: {why}; still trying"),
                    Step::Renewing => tracing::info!("pairing code expired; getting a new one"),
                    Step::SignedIn => tracing::info!("signed in; reading the account"),
                };
                match microsoft.pair(clock.as_ref(), &mut on_step).await {
                    Ok(account) => {
                        tracing::info!(%account, "paired");
                        repair_note = None;
                    }
                    Err(PairingError::Auth(err)) if err.is_transient() => {
                        link(Link::NotPaired {
                            reason: Some(LinkTrouble::PairingRetrying(err.to_string())),
                            refusal: None,
                        });
                        tokio::select! {
                            _ = tokio::time::sleep(StdDuration::from_secs(60)) => {}
                            c = next_command(&mut commands) => if c.is_none() { return },
                        }
                    }
                    Err(err) => {
                        // A tenant that blocks the device code flow answers the code request
                        // or the poll with its number: said on the Pairing screen, once; the
                        // next try waits for a tap.
                        let refusal = match &err {
                            PairingError::Auth(e) => e.ended_because(),
                            _ => None,
                        };
                        if let Some(r) = refusal {
                            tracing::warn!(code = r.code(), "pairing refused: {err}");
                        }
                        link(Link::NotPaired {
                            reason: Some(not_paired_reason(&err)),
                            refusal,
                        });
                        if next_command(&mut commands).await.is_none() {
                            return;
                        }
                    }
                }
            }
            Err(err) => {
                link(Link::CredentialsRefused {
                    message: err.to_string(),
                });
                if next_command(&mut commands).await.is_none() {
                    return;
                }
            }
        }
    }
}
