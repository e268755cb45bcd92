//! Server stubs generated from the spec: typed requests and responses, the [`Api`] trait, and
//! [`router`], which serves an implementation of it; and [`reference`](mod@reference), an in-memory implementation
//! ([`InMemoryBot`]) for tests, demos and the mock server.

#[allow(missing_docs)]
#[rustfmt::skip]
mod generated;

pub use generated::*;

pub mod reference;

pub use reference::{BotConfig, InMemoryBot};
