//! Every operation of each spec has a method on its client's facade (`XeroChat`, `BotClient`).
//!
//! The facade methods are generated (`src/operations.rs` of each client crate) together with
//! `OPERATIONS`, the operations given a method, in the same pass; an operation the generator could not
//! give one (progenitor left it out) or a stale generated file is missing from the list, and this test
//! names it. Hand-written methods (`facade-hand-written` in `apis.toml`) are listed too, and their
//! generated layer does not compile while the method is missing.

use std::collections::BTreeSet;

use serde_json::Value;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The `operationId`s of a spec.
fn spec_operations(file: &str) -> BTreeSet<String> {
    let spec = workspace_tests::spec(file);
    let paths = spec["paths"].as_object().expect("the spec has paths");
    paths
        .values()
        .filter_map(Value::as_object)
        .flat_map(|item| {
            METHODS
                .iter()
                .filter_map(|method| item.get(*method)?["operationId"].as_str())
        })
        .map(str::to_owned)
        .collect()
}

#[track_caller]
fn assert_every_operation_has_a_method(file: &str, listed: &[&str]) {
    let in_spec = spec_operations(file);
    let with_method: BTreeSet<String> = listed.iter().map(|&id| id.to_owned()).collect();
    let missing: Vec<_> = in_spec.difference(&with_method).collect();
    assert!(
        missing.is_empty(),
        "operations of spec/{file} without a client method: {missing:?} (run `cargo xtask codegen`)"
    );
    let stale: Vec<_> = with_method.difference(&in_spec).collect();
    assert!(
        stale.is_empty(),
        "client methods for operations spec/{file} no longer has: {stale:?}"
    );
    assert_eq!(listed.len(), with_method.len(), "an operation listed twice");
}

#[test]
fn every_xerochat_operation_has_a_facade_method() {
    assert_every_operation_has_a_method("xerochat.yaml", xerochat_client::OPERATIONS);
}

#[test]
fn every_bot_open_api_operation_has_a_client_method() {
    assert_every_operation_has_a_method("bot-open-api.yaml", bot_open_api_client::OPERATIONS);
}

#[test]
#[should_panic(expected = "without a client method: [\"get_contact\"]")]
fn an_operation_without_a_method_is_named() {
    let listed: Vec<&str> = xerochat_client::OPERATIONS
        .iter()
        .copied()
        .filter(|&id| id != "get_contact")
        .collect();
    assert_every_operation_has_a_method("xerochat.yaml", &listed);
}
