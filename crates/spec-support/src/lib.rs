//! Reading OpenAPI 3.0 documents for the workspace's tools: the linter, the server generator and the tests.

pub mod examples;
pub mod json_schema;
pub mod locate;
pub mod operation_ids;
pub mod secrets;

pub use examples::{examples, resolve, segment, Example};
pub use operation_ids::operation_ids;
