//! Microsoft 365: the Graph client (`client`: one HTTP client, the limits, errors in words), the
//! panel's identity (`identity`: sign-in, tokens, pairing) and the link that keeps it up (`link`).

pub mod client;
pub mod identity;
pub mod link;
