//! `clinic` — the procurement mobile-clinic help desk.
//!
//! The core (`thai`, `knowledge`, `routing`, `timeline`) is synchronous and knows nothing of chat or SQL;
//! adapters at the edge translate. See README.md, "Design".
#![forbid(unsafe_code)]

pub mod bot;
pub mod cases;
pub mod desk;
pub mod knowledge;
pub mod oversight;
pub mod routing;
pub mod sheet;
pub mod spending;
pub mod store;
pub mod thai;
pub mod timeline;
pub mod web;
