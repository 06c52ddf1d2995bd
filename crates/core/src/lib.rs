//! The desk's domain, synchronous and pure where it can be: Thai text (`thai`), the curated
//! knowledge base and its answers (`knowledge`), routing to an agency (`routing`), procurement
//! timelines (`timeline`), the case life cycle (`cases`) and spending rules (`spending`).
//! This crate cannot see chat, HTTP or SQL: its manifest has no such dependency.
#![forbid(unsafe_code)]

pub mod cases;
pub mod conversation;
pub mod knowledge;
pub mod lang;
pub mod routing;
pub mod sheet;
pub mod spending;
pub mod thai;
pub mod timeline;

pub use lang::Lang;
