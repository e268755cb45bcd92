//! Every Rust code sample of every spec (`x-codeSamples`, the snippets the docs page shows) compiles
//! against the client crates (they are generated into `workspace_tests::generated`) and succeeds when
//! run against a freshly seeded mock, with only the mock's address replaced.

use std::collections::BTreeSet;

use workspace_tests::generated::{code_samples, SPECS};
use workspace_tests::spec_at;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_rust_sample_succeeds_against_the_mock() {
    let mut failures = Vec::new();
    let mut ran = 0;
    for (api, _) in SPECS {
        for sample in code_samples(api) {
            let mock = mock_server::MockServer::start().await.expect("mock");
            let base = mock.uri();
            ran += 1;
            if let Err(error) = (sample.run)(base).await {
                failures.push(format!("{api} {}: {error}", sample.operation));
            }
        }
    }
    assert!(ran > 0, "no Rust code samples");
    assert!(
        failures.is_empty(),
        "failing samples:\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_operation_has_a_rust_sample() {
    for (api, file) in SPECS {
        let spec = spec_at(file);
        let operations: BTreeSet<String> = spec["paths"]
            .as_object()
            .into_iter()
            .flat_map(|paths| paths.values())
            .filter_map(|item| item.as_object())
            .flat_map(|item| item.values())
            .filter_map(|operation| operation["operationId"].as_str())
            .map(str::to_owned)
            .collect();
        let sampled: BTreeSet<String> = code_samples(api)
            .iter()
            .map(|sample| sample.operation.to_owned())
            .collect();
        let missing: Vec<_> = operations.difference(&sampled).collect();
        assert!(
            missing.is_empty(),
            "{api}: operations without a Rust sample: {missing:?}"
        );
    }
}
