//! Telling the service's error envelope from success, per operation.
//!
//! The service answers errors with HTTP 200, so each operation's generated response type is an
//! untagged enum of the error envelope and the success body. [`Envelope`] splits one into a `Result`;
//! its impls are generated with the facade methods (`operations.rs`), one per response type.

/// A response that is either the service's error envelope or the operation's success body.
pub trait Envelope {
    /// The success body; decoded again on its own when the answer fits neither variant, to name the
    /// offending field.
    type Success: serde::de::DeserializeOwned;
    /// The error envelope.
    type Error;
    /// `Ok` with the success body, `Err` with the envelope.
    fn into_result(self) -> Result<Self::Success, Self::Error>;
}
