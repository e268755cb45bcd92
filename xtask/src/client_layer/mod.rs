//! The client crates' facade layer (`src/operations.rs`): one method of the hand-written facade type
//! (`facade` in `apis.toml`) per operation, so that an operation added to the spec gets a method with no
//! hand edit.
//!
//! Reading and writing are apart: [`rust_api`] reads what progenitor generated, [`envelope`] finds the
//! API's error envelope in the model, [`plan`] decides each method from both, [`emit`] writes tokens.
//! The facade type provides by hand what differs per API: `generated()` (progenitor's client), `send`
//! (awaits a call and maps its errors, and the envelope where there is one), and `credential()` where
//! the spec names an `x-credential-field`.

mod emit;
mod envelope;
mod plan;
mod rust_api;

use anyhow::{bail, Result};
use proc_macro2::TokenStream;

use crate::apis::Api;
use crate::model::Model;
use crate::spec::Spec;

/// The file the layer is written to, inside the client crate.
pub const FILE: &str = "src/operations.rs";

/// The facade layer of `api`'s client, or `None` when the API declares no facade.
pub fn generate(
    api: &Api,
    spec: &Spec,
    model: &Model,
    client: &TokenStream,
) -> Result<Option<TokenStream>> {
    let Some(facade) = &api.facade else {
        return Ok(None);
    };
    for operation in &api.facade_hand_written {
        if !model.operations.iter().any(|o| o.id == *operation) {
            bail!(
                "{}: facade-hand-written names `{operation}`, which {} does not have",
                crate::apis::TABLE,
                spec.file
            );
        }
    }
    let rust = rust_api::RustApi::read(client)?;
    let envelope = envelope::detect(&spec.openapi, &model.operations);
    let credential = model.behaviour.credential_field.as_deref();
    let mut operations = Vec::new();
    let mut plans = Vec::new();
    let responses = model
        .operations
        .iter()
        .filter_map(|operation| rust.methods.get(&crate::names::snake(&operation.id)))
        .map(|method| method.success.clone())
        .collect();
    for operation in &model.operations {
        if api.facade_hand_written.contains(&operation.id) {
            operations.push(operation.id.clone());
            continue;
        }
        // An operation progenitor left out (the adaptation warned) gets no method and is not listed.
        if let Some(plan) = plan::plan(
            &spec.openapi,
            &rust,
            operation,
            credential,
            envelope.as_deref(),
        ) {
            operations.push(operation.id.clone());
            plans.push(plan);
        }
    }
    let layer = emit::Layer {
        facade,
        operations,
        plans,
        hand_written: api.facade_hand_written.clone(),
        responses,
        envelope,
        empty_is_missing: model.behaviour.empty_values_are_missing,
    };
    Ok(Some(emit::emit(&layer, &rust)))
}
