//! Tokens: where each request's token comes from (`chain.rs`: the page's token or provider,
//! the teacher's sign-in, or `tokenneeded`), and the teacher's own sign-in when the page
//! gives no token: the authorization code flow with PKCE in a popup (`sign_in.rs`), falling
//! back to the implicit flow where the server offers no code flow for the client, and the
//! tokens' lifecycle (`tokens.rs`): refreshed before they expire and after a 401/403, kept
//! in memory only.

pub mod chain;
pub mod sign_in;
pub mod tokens;
