//! The name of every operation: its `operationId`, or, for one the spec leaves without (many published
//! specs do), a name built from its method and path, which every tool of the workspace uses alike.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

/// The methods of a path item, in the order OpenAPI lists them.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Every operation's name by `(path, method)`: its `operationId` when it has one; otherwise
/// `<method>_<path words>` (`GET /pets/{petId}` is `get_pets_petId`, `GET /` is `get_root`), numbered
/// (`_2`, `_3`…) when another operation already has that name.
pub fn operation_ids(spec: &Value) -> BTreeMap<(String, String), String> {
    let paths = spec.get("paths").and_then(Value::as_object);
    let operations: Vec<(&str, &str, Option<&str>)> = paths
        .into_iter()
        .flatten()
        .flat_map(|(path, item)| {
            METHODS.iter().filter_map(move |method| {
                let operation = item.get(*method)?;
                let id = operation.get("operationId").and_then(Value::as_str);
                Some((path.as_str(), *method, id))
            })
        })
        .collect();
    let mut taken: BTreeSet<String> = operations
        .iter()
        .filter_map(|(_, _, id)| id.map(str::to_owned))
        .collect();
    let mut ids = BTreeMap::new();
    for (path, method, id) in operations {
        let id = match id {
            Some(id) => id.to_owned(),
            None => {
                let base = derived(method, path);
                let mut candidate = base.clone();
                let mut number = 1;
                while taken.contains(&candidate) {
                    number += 1;
                    candidate = format!("{base}_{number}");
                }
                taken.insert(candidate.clone());
                candidate
            }
        };
        ids.insert((path.to_owned(), method.to_owned()), id);
    }
    ids
}

/// `<method>_<path words>`: the path's segments, template braces and other punctuation dropped.
fn derived(method: &str, path: &str) -> String {
    let words: Vec<String> = path
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_owned)
        .collect();
    if words.is_empty() {
        format!("{method}_root")
    } else {
        format!("{method}_{}", words.join("_"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn operations_without_an_id_are_named_after_method_and_path() {
        let spec = json!({"paths": {
            "/": {"get": {}},
            "/pets/{petId}": {"get": {}, "delete": {"operationId": "removePet"}},
            "/pets/{petId}.json": {"get": {}},
            "/pets/petId": {"get": {"operationId": "get_pets_petId"}}
        }});
        let ids = operation_ids(&spec);
        let id = |path: &str, method: &str| ids[&(path.to_owned(), method.to_owned())].clone();
        assert_eq!(id("/", "get"), "get_root");
        assert_eq!(id("/pets/{petId}", "delete"), "removePet");
        // `get_pets_petId` is declared by another operation: numbered.
        assert_eq!(id("/pets/{petId}", "get"), "get_pets_petId_2");
        assert_eq!(id("/pets/{petId}.json", "get"), "get_pets_petId_json");
        assert_eq!(id("/pets/petId", "get"), "get_pets_petId");
    }
}
