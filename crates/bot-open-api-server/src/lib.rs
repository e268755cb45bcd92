//! Server stubs generated from the spec: typed requests and responses, the [`Api`] trait, and
//! [`router`], which serves an implementation of it.

#[allow(missing_docs)]
#[rustfmt::skip]
mod generated;

pub use generated::*;
