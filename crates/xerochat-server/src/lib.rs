//! Server stubs generated from the spec: typed requests and responses, the [`Api`] trait, and
//! [`router`], which serves an implementation of it; and [`InMemoryXeroChat`], an in-memory reference
//! implementation of the API (module [`reference`](mod@reference)).

#[allow(missing_docs)]
#[rustfmt::skip]
mod generated;

pub use generated::*;

pub mod reference;

pub use reference::{InMemoryXeroChat, KeyError};
