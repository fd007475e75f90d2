//! The user interface. `i18n`, `media_words` and `style` are plain Rust (tested on the
//! host); the Leptos components exist only in the browser build.

#[cfg(target_arch = "wasm32")]
pub mod commands;
#[cfg(target_arch = "wasm32")]
pub mod drop_zone;
#[cfg(target_arch = "wasm32")]
pub mod file_card;
pub mod i18n;
pub mod media_words;
#[cfg(target_arch = "wasm32")]
pub mod place_panel;
pub mod style;
#[cfg(target_arch = "wasm32")]
pub mod unfinished;
#[cfg(target_arch = "wasm32")]
pub mod view;
#[cfg(target_arch = "wasm32")]
pub mod words;
