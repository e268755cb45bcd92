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
mod messages;
mod plan;
mod rust_api;

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{bail, Context, Result};
use proc_macro2::TokenStream;

use crate::apis::Api;
use crate::model::Model;
use crate::spec::Spec;

/// The file the layer is written to, inside the client crate.
pub const FILE: &str = "src/operations.rs";

/// The file the transport runtime (timeouts, retries, TLS, base URL) is copied to, in every client
/// crate with a facade: one template, so both clients behave alike without a runtime crate to publish.
pub const RUNTIME_FILE: &str = "src/runtime.rs";
/// Where the runtime's template lives, relative to the workspace root (for the generated header).
pub const RUNTIME_TEMPLATE_PATH: &str = "xtask/templates/client_runtime.rs";
/// The runtime's template.
pub const RUNTIME_TEMPLATE: &str = include_str!("../../templates/client_runtime.rs");

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
    let ids = id_types(api, spec)?;
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
        if let Some(mut plan) = plan::plan(
            &spec.openapi,
            &rust,
            operation,
            credential,
            envelope.as_deref(),
            &ids,
        ) {
            plan.documented = messages::of_operation(spec, operation, envelope.is_some());
            operations.push(operation.id.clone());
            plans.push(plan);
        }
    }
    let idempotent = model
        .operations
        .iter()
        .filter(|operation| operation.rules.idempotent)
        .map(|operation| crate::names::snake(&operation.id))
        .collect();
    let messages = envelope.as_ref().map(|_| {
        let texts: BTreeSet<String> = model
            .operations
            .iter()
            .flat_map(|operation| messages::of_operation(spec, operation, true))
            .map(|message| message.text)
            .collect();
        messages::variants(&texts)
    });
    let layer = emit::Layer {
        facade,
        operations,
        plans,
        hand_written: api.facade_hand_written.clone(),
        responses,
        envelope,
        empty_is_missing: model.behaviour.empty_values_are_missing,
        idempotent,
        messages,
    };
    Ok(Some(emit::emit(&layer, &rust)))
}

/// The Rust type of every `x-id-type` kind the spec uses: the type `apis.toml` replaces the component
/// of that name with. A kind without a replacement stops codegen (the facade would have no type).
fn id_types(api: &Api, spec: &Spec) -> Result<BTreeMap<String, syn::Type>> {
    let mut used = BTreeSet::new();
    collect_id_types(&spec.raw, &mut used);
    let mut types = BTreeMap::new();
    for kind in used {
        let Some(replacement) = api.replacements.iter().find(|r| r.schema == kind) else {
            bail!(
                "{}: `x-id-type: {kind}` names a kind that {} does not replace with a Rust type \
                 (add an `[[api.replacements]]` row for the schema `{kind}`)",
                spec.file,
                crate::apis::TABLE
            );
        };
        let path = format!("crate::{}", replacement.path);
        let ty = syn::parse_str(&path).with_context(|| format!("`{path}` is not a Rust path"))?;
        types.insert(kind, ty);
    }
    Ok(types)
}

fn collect_id_types(value: &serde_json::Value, found: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, child) in map {
                if key == crate::model::ID_TYPE {
                    if let Some(kind) = child.as_str() {
                        found.insert(kind.to_owned());
                    }
                } else if key != "examples" && key != "example" {
                    collect_id_types(child, found);
                }
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                collect_id_types(item, found);
            }
        }
        _ => {}
    }
}
