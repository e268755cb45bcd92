//! Every example in every spec of `apis.toml`, read through the type generated for its schema.
//!
//! One test case per example, found at run time: adding an example to a spec adds a case here with no
//! code change. Each case checks that the example deserializes, that it serializes back to the same
//! JSON, and snapshots its typed form (`tests/snapshots/`), so a change in the generated types shows up
//! as a reviewed snapshot diff. A snapshot not taken yet is written as `.snap.new` for review (`cargo
//! insta review`) without failing, except on CI (`CI` set), where a missing snapshot fails.

use libtest_mimic::{Arguments, Failed, Trial};
use serde_json::Value;
use spec_support::Example;
use workspace_tests::generated::{roundtrip, SPECS};

fn main() {
    let mut trials = Vec::new();
    for (api, file) in SPECS {
        let spec = workspace_tests::spec_at(file);
        for example in spec_support::examples(&spec) {
            let name = format!("{api}::{}", example.id);
            trials.push(Trial::test(name, move || check(api, &example)));
        }
    }
    libtest_mimic::run(&Arguments::from_args(), trials).exit();
}

fn check(api: &str, example: &Example) -> Result<(), Failed> {
    let Some(schema) = example.schema_name() else {
        return check_inline(example);
    };
    let typed = roundtrip(api, schema, example.value.clone())
        .ok_or_else(|| format!("no generated type for schema `{schema}`"))?
        .map_err(|error| {
            format!(
                "{} does not deserialize as {schema}: {error}",
                example.pointer
            )
        })?;
    if !same_json(&typed.json, &example.value) {
        return Err(format!(
            "{} does not serialize back unchanged:\n  spec:  {}\n  again: {}",
            example.pointer, example.value, typed.json
        )
        .into());
    }
    let snapshot = format!("{api}__{}", example.id);
    let directory = workspace_tests::root().join("tests/snapshots");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(&directory);
    settings.set_prepend_module_to_snapshot(false);
    settings.set_info(&example.pointer);
    let assert =
        || settings.bind(|| insta::assert_snapshot!(snapshot.clone(), typed.typed.clone()));
    // A snapshot never taken (an example just added, an API just added) is written for review as
    // `.snap.new` and passes here; on CI, where nothing is written, a missing snapshot fails.
    let first = !directory.join(format!("{snapshot}.snap")).exists();
    if first && std::env::var_os("CI").is_none() {
        if std::panic::catch_unwind(std::panic::AssertUnwindSafe(assert)).is_err() {
            println!("new snapshot to review: tests/snapshots/{snapshot}.snap.new");
        }
        return Ok(());
    }
    assert();
    Ok(())
}

/// Parameter examples with an inline scalar schema: the value must at least have the schema's type.
fn check_inline(example: &Example) -> Result<(), Failed> {
    let expected = example
        .schema
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("any");
    let fits = match expected {
        "integer" => example.value.is_i64() || example.value.is_u64(),
        "number" => example.value.is_number(),
        "string" => example.value.is_string(),
        "boolean" => example.value.is_boolean(),
        _ => true,
    };
    if fits {
        Ok(())
    } else {
        Err(format!("{}: {} is not a {expected}", example.pointer, example.value).into())
    }
}

/// Semantic JSON equality: `1` and `1.0` are the same number, and an absent property is the same as
/// `null` or an empty object or array there (generated types leave out empty optional values).
fn same_json(left: &Value, right: &Value) -> bool {
    match (left, right) {
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_json(x, y))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.keys()
                .chain(b.keys())
                .all(|key| match (a.get(key), b.get(key)) {
                    (Some(x), Some(y)) => same_json(x, y),
                    (Some(only), None) | (None, Some(only)) => is_empty(only),
                    (None, None) => true,
                })
        }
        _ => left == right,
    }
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Object(map) => map.is_empty(),
        Value::Array(items) => items.is_empty(),
        _ => false,
    }
}
