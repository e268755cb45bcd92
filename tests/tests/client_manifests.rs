//! What the client crates' manifests promise downstream users, checked against `cargo metadata`:
//! a `rust-version` no lower than any of their dependencies' own, no feature forced on consumers
//! (no `serde_json/preserve_order`, no aws-lc through reqwest's `rustls`), and license files in the
//! package.

use std::process::Command;

use serde_json::Value;

const CLIENTS: [&str; 2] = ["xerochat-client", "bot-open-api-client"];

fn metadata() -> Value {
    let output = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--all-features",
            // Resolving every feature needs manifests a build never downloads; cargo fetches them
            // (a fresh machine has none), so this is not `--offline`.
            "--locked",
        ])
        .current_dir(workspace_tests::root())
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("cargo metadata prints JSON")
}

/// `1.88` or `1.88.0` as (major, minor, patch).
fn version(text: &str) -> (u64, u64, u64) {
    let mut parts = text.split('.').map(|part| part.parse::<u64>().unwrap_or(0));
    (
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    )
}

fn package<'a>(metadata: &'a Value, id: &str) -> &'a Value {
    metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|package| package["id"] == id)
        .expect("every resolved id is a package")
}

/// The ids of `name` and of everything it needs to build (normal and build dependencies).
fn closure(metadata: &Value, name: &str) -> Vec<String> {
    let nodes = metadata["resolve"]["nodes"].as_array().unwrap();
    let root = metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|package| package["name"] == name)
        .expect("the client is a workspace package")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut seen = vec![root.clone()];
    let mut queue = vec![root];
    while let Some(id) = queue.pop() {
        let node = nodes.iter().find(|node| node["id"] == id.as_str()).unwrap();
        for dep in node["deps"].as_array().unwrap() {
            let kinds = dep["dep_kinds"].as_array().unwrap();
            if kinds.iter().all(|kind| kind["kind"] == "dev") {
                continue;
            }
            let dep_id = dep["pkg"].as_str().unwrap().to_owned();
            if !seen.contains(&dep_id) {
                seen.push(dep_id.clone());
                queue.push(dep_id);
            }
        }
    }
    seen
}

#[test]
fn the_rust_version_is_no_lower_than_any_dependency_needs() {
    let metadata = metadata();
    for client in CLIENTS {
        let ids = closure(&metadata, client);
        let own = package(&metadata, &ids[0])["rust_version"]
            .as_str()
            .unwrap_or_else(|| panic!("{client} declares a rust-version"));
        let needed: Vec<(String, &str)> = ids[1..]
            .iter()
            .map(|id| package(&metadata, id))
            .filter_map(|dep| {
                let wants = dep["rust_version"].as_str()?;
                (version(wants) > version(own))
                    .then(|| (dep["name"].as_str().unwrap().to_owned(), wants))
            })
            .collect();
        assert!(
            needed.is_empty(),
            "{client} declares rust-version {own}, but these dependencies need more: {needed:?}"
        );
        assert!(ids.len() > 10, "the closure was walked");
    }
}

#[test]
fn no_feature_is_forced_on_consumers() {
    let metadata = metadata();
    for client in CLIENTS {
        let ids = closure(&metadata, client);
        let manifest = package(&metadata, &ids[0]);
        for dependency in manifest["dependencies"].as_array().unwrap() {
            let features: Vec<&str> = dependency["features"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(Value::as_str)
                .collect();
            match dependency["name"].as_str().unwrap() {
                "serde_json" => assert!(
                    !features.contains(&"preserve_order"),
                    "{client}: serde_json/preserve_order changes every consumer's key order"
                ),
                "reqwest" => {
                    assert_eq!(dependency["uses_default_features"], false, "{client}");
                    assert!(
                        !features.iter().any(|f| f.contains("tls")),
                        "{client}: TLS is the client's feature choice, not forced: {features:?}"
                    );
                }
                _ => {}
            }
        }
        let default_tls = manifest["features"]["rustls"].as_array().unwrap();
        assert!(
            default_tls
                .iter()
                .any(|f| f == "reqwest/rustls-no-provider"),
            "{client}: rustls without aws-lc: {default_tls:?}"
        );
        // The workspace's resolve unifies the tests' features; `cargo tree -p` resolves the client
        // alone, with its default features, as a consumer gets it.
        let tree = Command::new(env!("CARGO"))
            .args([
                "tree",
                "-p",
                client,
                "-e",
                "normal,build",
                "--prefix",
                "none",
            ])
            .args(["--offline", "-f", "{p}"])
            .current_dir(workspace_tests::root())
            .output()
            .expect("cargo tree runs");
        assert!(
            tree.status.success(),
            "{}",
            String::from_utf8_lossy(&tree.stderr)
        );
        let tree = String::from_utf8_lossy(&tree.stdout);
        assert!(tree.lines().any(|line| line.starts_with("ring ")), "{tree}");
        assert!(
            !tree.lines().any(|line| line.starts_with("aws-lc")),
            "{client} pulls aws-lc by default:\n{tree}"
        );
    }
}

#[test]
fn the_packages_carry_their_licenses() {
    for client in CLIENTS {
        let dir = workspace_tests::root().join("crates").join(client);
        for file in ["LICENSE-MIT", "LICENSE-APACHE"] {
            let text = std::fs::read_to_string(dir.join(file))
                .unwrap_or_else(|error| panic!("{client}/{file}: {error}"));
            assert!(text.len() > 500, "{client}/{file} is the license text");
        }
    }
}
