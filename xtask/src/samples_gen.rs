//! The Rust code samples of a spec (`x-codeSamples` items with `lang: Rust`), emitted as functions the
//! workspace tests run against a fresh mock, so that a sample the docs page shows keeps compiling
//! against the client crates and keeps working against the service's double.
//!
//! A sample is written for a reader: statements that use the client crate against the local mock
//! (`http://127.0.0.1:8080/…`, the mock's default address) with the fixture's values, ending in
//! `?`-style error handling. Each becomes the body of an async block returning a `Result`; the mock's
//! address in string literals is replaced by the running mock's base URL.

use anyhow::{anyhow, Result};
use proc_macro2::TokenStream;
use quote::quote;

use crate::model::Model;

/// The origin the samples address: the mock server's default `--addr`.
pub const SAMPLE_ORIGIN: &str = "http://127.0.0.1:8080";

/// `code_samples()`: one entry per Rust sample of `model`, in operation order.
pub fn module(file: &str, model: &Model) -> Result<TokenStream> {
    let mut entries = Vec::new();
    for operation in &model.operations {
        let rust = operation
            .code_samples
            .iter()
            .filter(|sample| sample.lang.eq_ignore_ascii_case("rust"));
        for (index, sample) in rust.enumerate() {
            let body = against_base(&sample.source);
            let block: syn::Block = syn::parse_str(&format!("{{{body}}}")).map_err(|error| {
                anyhow!(
                    "{file}: operation {}: Rust code sample {index} is not Rust statements: {error}",
                    operation.id
                )
            })?;
            let statements = &block.stmts;
            let id = &operation.id;
            entries.push(quote! {
                crate::CodeSample {
                    operation: #id,
                    run: |base: String| Box::pin(async move {
                        let base = base.as_str();
                        #(#statements)*
                        #[allow(unreachable_code)]
                        Ok(())
                    }),
                },
            });
        }
    }
    Ok(quote! {
        /// The spec's Rust code samples, each run against a mock whose base URL it is given.
        pub fn code_samples() -> Vec<crate::CodeSample> {
            vec![#(#entries)*]
        }
    })
}

/// `source` with every string literal that starts with the samples' origin made relative to `base`
/// (`"http://127.0.0.1:8080/bot"` becomes `&format!("{base}/bot")`).
fn against_base(source: &str) -> String {
    let literal = format!("\"{SAMPLE_ORIGIN}");
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(start) = rest.find(&literal) {
        out.push_str(&rest[..start]);
        let after = &rest[start + literal.len()..];
        let end = after.find('"').unwrap_or(after.len());
        out.push_str(&format!("&format!(\"{{base}}{}\")", &after[..end]));
        rest = after.get(end + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::against_base;

    #[test]
    fn the_mock_origin_becomes_the_running_mocks_base() {
        assert_eq!(
            against_base(r#"Client::new("http://127.0.0.1:8080/bot", "id");"#),
            r#"Client::new(&format!("{base}/bot"), "id");"#
        );
        assert_eq!(against_base(r#"f("other")"#), r#"f("other")"#);
    }
}
