//! The corpus (`xtask/corpus/*.yaml`): each spec is adapted and generated without a panic or an error,
//! the generated code parses, every expected warning appears at its pointer (and no other), and the
//! adapted document needs no further adaptation.

use quote::ToTokens;
use serde_json::Value;

use super::*;
use crate::finding::Severity;
use crate::{apis, client_gen};

fn corpus(name: &str) -> Spec {
    Spec::load(&crate::workspace_root(), &format!("xtask/corpus/{name}"))
        .unwrap_or_else(|error| panic!("{error:#}"))
}

fn spec_of(openapi: &OpenAPI) -> Spec {
    let raw = serde_json::to_value(openapi).expect("serializes");
    Spec {
        file: "adapted.yaml".to_owned(),
        raw,
        openapi: openapi.clone(),
    }
}

/// Adapts and generates `spec`: no error finding, no panic, code that parses.
fn generate(spec: &Spec) -> (Vec<Finding>, syn::File) {
    let (openapi, findings) = progenitor_input(spec);
    let errors: Vec<String> = findings
        .iter()
        .filter(|f| f.is_error())
        .map(ToString::to_string)
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let api =
        apis::parse("[[api]]\nname = \"corpus\"\nspec = \"corpus.yaml\"\nmount = \"corpus\"\n")
            .expect("a table row")
            .remove(0);
    let client = client_gen::generate_with(&client_gen::settings(&api), &spec.file, &openapi)
        .unwrap_or_else(|finding| panic!("{finding}"));
    let file = syn::parse2(client.tokens).expect("the generated client parses");

    // The adaptation is complete: its output needs none.
    let (_, again) = progenitor_input(&spec_of(&openapi));
    let again: Vec<String> = again.iter().map(ToString::to_string).collect();
    assert!(again.is_empty(), "adapting twice:\n{}", again.join("\n"));
    (findings, file)
}

/// Every finding is a warning matching one `(pointer, part of the reason)`, and every one is found.
fn assert_warnings(findings: &[Finding], expected: &[(&str, &str)]) {
    let listing = findings
        .iter()
        .map(|f| format!("  {} {}", f.pointer, f.reason))
        .collect::<Vec<_>>()
        .join("\n");
    let mut left: Vec<&Finding> = findings.iter().collect();
    for (pointer, needle) in expected {
        let found = left
            .iter()
            .position(|f| f.pointer == *pointer && f.reason.contains(needle));
        match found {
            Some(index) => {
                let finding = left.remove(index);
                assert_eq!(finding.severity, Severity::Warning, "{finding}");
            }
            None => panic!("no warning at {pointer} saying `{needle}`; found:\n{listing}"),
        }
    }
    assert!(
        left.is_empty(),
        "unexpected findings: {left:#?}\nall:\n{listing}"
    );
}

/// The signature of the client method `name`, without spaces.
fn signature(file: &syn::File, name: &str) -> String {
    for item in &file.items {
        let syn::Item::Impl(block) = item else {
            continue;
        };
        for item in &block.items {
            if let syn::ImplItem::Fn(method) = item {
                if method.sig.ident == name {
                    let text = method.sig.to_token_stream().to_string();
                    return normalized(&text);
                }
            }
        }
    }
    panic!("no client method {name}")
}

/// Without spaces, `pub` or trailing commas.
fn normalized(signature: &str) -> String {
    let text: String = signature.split_whitespace().collect();
    let text = text.strip_prefix("pub").unwrap_or(&text);
    text.replace(",)", ")").replace(",>", ">")
}

fn has_method(file: &syn::File, name: &str) -> bool {
    std::panic::catch_unwind(|| signature(file, name)).is_ok()
}

fn types(file: &syn::File) -> Vec<String> {
    let module = file
        .items
        .iter()
        .find_map(|item| match item {
            syn::Item::Mod(module) if module.ident == "types" => Some(module),
            _ => None,
        })
        .expect("a types module");
    module
        .content
        .as_ref()
        .expect("inline")
        .1
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) => Some(s.ident.to_string()),
            syn::Item::Enum(e) => Some(e.ident.to_string()),
            _ => None,
        })
        .collect()
}

#[test]
fn client_limits() {
    let (findings, file) = generate(&corpus("client-limits.yaml"));
    assert_warnings(
        &findings,
        &[
            (
                "/paths/~1notes/post/requestBody",
                "so the client sends `application/json; charset=utf-8`",
            ),
            (
                "/paths/~1notes/post/responses/default",
                "the client reads it as the error type, for statuses 4XX and 5XX",
            ),
            (
                "/paths/~1notes/post/responses/202",
                "does not decode this one as a success",
            ),
            (
                "/paths/~1notes/get/responses/400/content/application~1problem+json",
                "decoded as JSON",
            ),
            (
                "/paths/~1notes/get/responses/404",
                "has another type than the 400 response",
            ),
            (
                "/paths/~1notes/get/responses/500",
                "has another type than the 400 response",
            ),
            (
                "/paths/~1notes~1{id}~1attachment/put/requestBody/content/image~1png",
                "raw bytes with `Content-Type: application/octet-stream`",
            ),
            (
                "/paths/~1forms/post/requestBody/content/application~1x-www-form-urlencoded/encoding",
                "serializes the body with serde",
            ),
            (
                "/paths/~1imports/post/requestBody",
                "the client sends no body",
            ),
            (
                "/paths/~1vendor/post/requestBody/content/application~1vnd.notes.v2+json",
                "with `Content-Type: application/json`",
            ),
            (
                "/paths/~1vendor/post/responses/200/content/application~1json",
                "reads any JSON value",
            ),
            (
                "/paths/~1vendor/post/responses/422/content/application~1json/encoding",
                "left out",
            ),
            (
                "/paths/~1raw/post/requestBody/content/application~1octet-stream",
                "raw bytes",
            ),
            (
                "/paths/~1raw/put/requestBody/content/text~1plain",
                "plain string",
            ),
            (
                "/paths/~1live/get/x-dropshot-websocket",
                "without a 101 or `default` response",
            ),
        ],
    );
    assert_eq!(
        signature(&file, "create_note"),
        normalized("pubasyncfncreate_note<'a>(&'aself,body:&'atypes::NewNote,)->Result<ResponseValue<types::Note>,Error<types::Error>>")
    );
    assert_eq!(
        signature(&file, "list_notes"),
        normalized("pubasyncfnlist_notes<'a>(&'aself,)->Result<ResponseValue<::std::vec::Vec<types::Note>>,Error<types::Problem>>")
    );
    assert_eq!(
        signature(&file, "put_attachment"),
        normalized("pubasyncfnput_attachment<'a,B:Into<reqwest::Body>>(&'aself,id:i64,body:B,)->Result<ResponseValue<()>,Error<()>>")
    );
    assert_eq!(
        signature(&file, "import_xml"),
        normalized("pubasyncfnimport_xml<'a>(&'aself,)->Result<ResponseValue<()>,Error<()>>")
    );
    // 2XX beside a `default` of another type is fine as it is: progenitor ignores that default on success.
    assert_eq!(
        signature(&file, "ranged"),
        normalized("pubasyncfnranged<'a>(&'aself,)->Result<ResponseValue<types::Note>,Error<types::Error>>")
    );
}

#[test]
fn client_parameters() {
    let (findings, file) = generate(&corpus("client-parameters.yaml"));
    let list = "/paths/~1shops~1{shopId}~1items";
    let item = "/paths/~1shops~1{shopId}~1items~1{itemId}";
    assert_warnings(
        &findings,
        &[
            (&format!("{list}/parameters/1"), "cookie parameter `session`"),
            (&format!("{list}/get/parameters/1"), "style `deepObject`"),
            (&format!("{list}/get/parameters/2"), "style `pipeDelimited`"),
            (&format!("{list}/get/parameters/3"), "style `spaceDelimited`"),
            (&format!("{list}/get/parameters/4"), "sends it exploded"),
            (&format!("{list}/get/parameters/5"), "described with `content`"),
            (&format!("{list}/get/parameters/6"), "header parameter `Content-Type`"),
            (&format!("{list}/get/parameters/7"), "header parameter `Accept`"),
            (&format!("{list}/get/parameters/8"), "array or object"),
            (&format!("{item}/get/parameters/0"), "not marked required"),
            (&format!("{item}/get/parameters/1"), "not in the path template"),
            (&format!("{item}/get"), "the client takes it as a string"),
            (
                &format!("{item}/get/parameters/2"),
                "both a path and a query parameter",
            ),
            (
                &format!("{item}/get/parameters/4"),
                "would be the client argument `page_size`",
            ),
            (
                &format!("{item}/put/parameters/2"),
                "would be the client argument `body`",
            ),
            (
                "/paths/~1labels~1{labels}/get/parameters/0",
                "style `label`: progenitor writes only `simple` path parameters; the client leaves this \
                 operation out",
            ),
            (
                "/paths/~1matrix~1{point}/get/parameters/0",
                "array or object: the client writes only scalar values into a path; the client leaves",
            ),
        ],
    );
    assert_eq!(
        signature(&file, "list_items"),
        normalized("pubasyncfnlist_items<'a>(&'aself,shop_id:&'astr,limit:Option<::std::num::NonZeroU64>,tags:Option<&'a::std::vec::Vec<::std::string::String>>,x_request_id:Option<&'astr>,)->Result<ResponseValue<::std::vec::Vec<types::Item>>,Error<()>>")
    );
    assert_eq!(
        signature(&file, "get_item"),
        normalized("pubasyncfnget_item<'a>(&'aself,shop_id:&'astr,item_id:&'astr,page_size:Option<i64>,)->Result<ResponseValue<types::Item>,Error<()>>")
    );
    assert!(!has_method(&file, "get_labels"));
    assert!(!has_method(&file, "get_point"));
}

#[test]
fn client_names() {
    let (findings, file) = generate(&corpus("client-names.yaml"));
    assert_warnings(
        &findings,
        &[
            ("/components/schemas/Odd/properties/file", "`type: file`"),
            (
                "/components/schemas/Odd/properties/positive",
                "`exclusiveMinimum` without `minimum`",
            ),
            (
                "/components/schemas/pet_owner",
                "calls this one `PetOwner2`",
            ),
            (
                "/paths/~1pets~1all/get",
                "both become the client method `get_pets`",
            ),
            (
                "/paths/~1new/post",
                "a name progenitor's `Client` already uses",
            ),
            (
                "/paths/~1pets/post/requestBody/content/application~1json/schema/properties/kind",
                "the type `Pet`",
            ),
            (
                "/paths/~1pets~1{petId}/get/responses/200/content/application~1json/schema",
                "the client names it `GetPetResponse200`",
            ),
            (
                "/paths/~1pets~1{petId}/get/responses/404/content/application~1json/schema",
                "the client names it `GetPetResponse404`",
            ),
            (
                "/paths/~1pets/post/parameters/0/schema",
                "the client names it `CreatePetQueryResponse`",
            ),
        ],
    );
    assert_eq!(
        signature(&file, "get_pet"),
        normalized("pubasyncfnget_pet<'a>(&'aself,pet_id:i64,)->Result<ResponseValue<types::GetPetResponse200>,Error<types::GetPetResponse404>>")
    );
    assert_eq!(
        signature(&file, "create_pet"),
        normalized("pubasyncfncreate_pet<'a>(&'aself,response:Option<&'atypes::CreatePetQueryResponse>,body:&'atypes::CreatePetBody,)->Result<ResponseValue<types::CreatePetResponse>,Error<()>>")
    );
    let types = types(&file);
    for name in [
        "Pet",
        "PetOwner",
        "PetOwner2",
        "GetPetResponse",
        "GetPetResponse200",
        "GetPetResponse404",
        "CreatePetBody",
        "CreatePetBodyKind",
        "CreatePetResponse",
        "CreatePetQueryResponse",
    ] {
        assert!(types.contains(&name.to_owned()), "{name} in {types:?}");
    }
    let mut unique = types.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), types.len(), "{types:?}");
    assert!(has_method(&file, "get_pets"));
    assert!(!has_method(&file, "new_"));
}

/// The curated specs (those bound to the house style) need no adaptation at all; specs added as they
/// were published may need some.
#[test]
fn the_workspace_specs_need_no_adaptation() {
    for api in apis::load(&crate::workspace_root()).expect("apis.toml") {
        let spec = Spec::load(&crate::workspace_root(), &api.spec).expect("loads");
        if spec.openapi.extensions.get("x-house-style") != Some(&serde_json::Value::Bool(true)) {
            continue;
        }
        let (openapi, findings) = progenitor_input(&spec);
        assert!(findings.is_empty(), "{}: {findings:#?}", spec.file);
        // Path-level parameters move to operations; nothing else changes.
        let (mut left, mut right) = (spec.openapi.clone(), openapi);
        for openapi in [&mut left, &mut right] {
            for item in openapi.paths.paths.values_mut() {
                if let ReferenceOr::Item(item) = item {
                    item.parameters.clear();
                    for (_, slot) in operation_slots(item) {
                        if let Some(operation) = slot {
                            operation.parameters.clear();
                        }
                    }
                }
            }
        }
        assert!(left == right, "{}: the adapted document differs", spec.file);
    }
}

// -------------------------------------------------------------------------------------------------
// Structure: errors, whatever the adaptations

fn spec(text: &str) -> Spec {
    let raw: Value = serde_yaml_ng::from_str(text).expect("YAML");
    let openapi = serde_json::from_value(raw.clone()).expect("OpenAPI 3.0");
    Spec {
        file: "test.yaml".to_owned(),
        raw,
        openapi,
    }
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

fn errors(findings: &[Finding]) -> Vec<(String, String)> {
    findings
        .iter()
        .filter(|f| f.is_error())
        .map(|f| (f.pointer.clone(), f.reason.clone()))
        .collect()
}

#[test]
fn a_broken_reference_is_an_error_and_nothing_panics() {
    let spec = spec(&format!(
        "{HEAD}paths:
  /a:
    get:
      operationId: getA
      parameters: [{{$ref: '#/components/parameters/Nope'}}]
      requestBody: {{$ref: '#/components/requestBodies/Nope'}}
      responses:
        '200': {{$ref: '#/components/responses/Nope'}}
components:
  schemas:
    A: {{type: object, properties: {{b: {{$ref: '#/components/schemas/B'}}}}}}
"
    ));
    let (_, findings) = progenitor_input(&spec);
    let pointers: Vec<String> = errors(&findings).into_iter().map(|(p, _)| p).collect();
    assert_eq!(
        pointers,
        [
            "/paths/~1a/get/parameters/0",
            "/paths/~1a/get/requestBody",
            "/paths/~1a/get/responses/200",
            "/components/schemas/A/properties/b",
        ]
    );
    let api = &apis::parse("[[api]]\nname = \"t\"\nspec = \"t.yaml\"\nmount = \"t\"\n").unwrap()[0];
    let error = crate::codegen::generate(api, &spec, "::t_client", crate::codegen::Report::Errors)
        .err()
        .expect("codegen refuses a spec with errors");
    assert!(
        error.to_string().contains("error(s); fix the spec"),
        "{error:#}"
    );
}

#[test]
fn operation_ids_are_derived_where_missing_and_unique() {
    let spec = spec(&format!(
        "{HEAD}paths:
  /a:
    get:
      responses: {{'204': {{description: x}}}}
    put:
      operationId: same
      responses: {{'204': {{description: x}}}}
  /b:
    get:
      operationId: same
      responses: {{'204': {{description: x}}}}
"
    ));
    let (openapi, findings) = progenitor_input(&spec);
    assert_eq!(
        errors(&findings),
        [(
            "/paths/~1b/get".to_owned(),
            "operationId `same` is used by an earlier operation too".to_owned()
        )]
    );
    let ids: Vec<_> = openapi
        .operations()
        .filter_map(|(_, _, operation)| operation.operation_id.clone())
        .collect();
    assert_eq!(ids, ["get_a", "same"]);
}

#[test]
fn other_structural_errors() {
    let spec = spec(
        "openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /a/{b:
    get:
      operationId: a
      responses: {'204': {description: x}}
  /c:
    $ref: '#/paths/~1a~1{b'
",
    );
    let (openapi, findings) = progenitor_input(&spec);
    let pointers: Vec<String> = errors(&findings).into_iter().map(|(p, _)| p).collect();
    assert_eq!(pointers, ["/openapi", "/paths/~1a~1{b", "/paths/~1c"]);
    assert!(openapi.paths.paths.is_empty());
}

// -------------------------------------------------------------------------------------------------
// Combinations: many operations mixing the constructs above, none of which may make progenitor fail

/// A small deterministic generator (no dependency, same sequence on every run).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }

    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.next(items.len())].clone()
    }
}

#[test]
fn random_combinations_generate() {
    use serde_json::json;
    let statuses = [
        "101", "200", "201", "202", "204", "2XX", "302", "400", "404", "409", "4XX", "500", "5XX",
        "default",
    ];
    let bodies = [
        json!({"description": "a", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}),
        json!({"description": "b", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/B"}}}}),
        json!({"description": "inline", "content": {"application/json": {"schema": {"type": "object", "properties": {"x": {"type": "string"}}}}}}),
        json!({"description": "inline 2", "content": {"application/json; charset=utf-8": {"schema": {"type": "array", "items": {"type": "object", "properties": {"y": {"type": "integer"}}}}}}}),
        json!({"description": "string", "content": {"application/json": {"schema": {"type": "string"}}}}),
        json!({"description": "no schema", "content": {"application/json": {}}}),
        json!({"description": "problem", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/B"}}}}),
        json!({"description": "text", "content": {"text/plain": {"schema": {"type": "string"}}}}),
        json!({"description": "empty"}),
        json!({"$ref": "#/components/responses/Shared"}),
        json!({"description": "titled", "content": {"application/json": {"schema": {"title": "A", "type": "object", "properties": {"t": {"type": "string"}}}}}}),
        json!({"description": "raw", "content": {"image/png": {"schema": {"type": "string", "format": "binary"}}}}),
    ];
    let requests = [
        json!({"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}),
        json!({"application/xml": {"schema": {"$ref": "#/components/schemas/A"}}, "application/x-www-form-urlencoded": {"schema": {"$ref": "#/components/schemas/A"}}}),
        json!({"multipart/form-data": {"schema": {"type": "object", "properties": {"f": {"type": "string", "format": "binary"}}}}}),
        json!({"*/*": {"schema": {"type": "string"}}, "text/plain": {"schema": {"type": "string", "pattern": "x"}}}),
        json!({"application/vnd.a+json": {"schema": {"type": "object", "properties": {"b": {"type": "boolean"}}}}}),
        json!({"application/octet-stream": {}}),
    ];
    let parameters = [
        json!({"name": "q", "in": "query", "schema": {"type": "string"}}),
        json!({"name": "q", "in": "header", "schema": {"type": "string"}}),
        json!({"name": "deep", "in": "query", "style": "deepObject", "schema": {"type": "object", "properties": {"a": {"type": "string"}}}}),
        json!({"name": "c", "in": "cookie", "schema": {"type": "string"}}),
        json!({"name": "body", "in": "query", "schema": {"type": "object", "properties": {"z": {"type": "string"}}}}),
        json!({"name": "response", "in": "query", "schema": {"type": "object", "properties": {"w": {"type": "string"}}}}),
        json!({"name": "id", "in": "query", "schema": {"type": "integer"}}),
        json!({"name": "list", "in": "query", "explode": false, "schema": {"type": "array", "items": {"type": "string"}}}),
        json!({"name": "id", "in": "path", "style": "label", "schema": {"type": "integer"}}),
        json!({"name": "Accept", "in": "header", "schema": {"type": "string"}}),
        json!({"name": "where", "in": "query", "content": {"application/json": {"schema": {"type": "object"}}}}),
        json!({"name": "Op9Body", "in": "query", "schema": {"title": "B", "type": "object", "properties": {"u": {"type": "string"}}}}),
    ];
    let mut rng = Lcg(7);
    for round in 0..8 {
        let mut paths = serde_json::Map::new();
        for index in 0..60 {
            let mut responses = serde_json::Map::new();
            for _ in 0..1 + rng.next(5) {
                responses.insert(rng.pick(&statuses).to_owned(), rng.pick(&bodies));
            }
            let mut operation =
                json!({"operationId": format!("op{index}"), "responses": responses});
            if rng.next(2) == 0 {
                operation["requestBody"] = json!({"content": rng.pick(&requests)});
            }
            let params: Vec<Value> = (0..rng.next(4)).map(|_| rng.pick(&parameters)).collect();
            operation["parameters"] = Value::Array(params);
            let path = if rng.next(3) == 0 {
                format!("/r{index}/{{id}}")
            } else {
                format!("/r{index}")
            };
            paths.insert(path, json!({"post": operation}));
        }
        let document = json!({
            "openapi": "3.0.3",
            "info": {"title": "combinations", "version": "1"},
            "paths": paths,
            "components": {
                "schemas": {
                    "A": {"type": "object", "properties": {"a": {"type": "string"}}},
                    "B": {"type": "object", "properties": {"b": {"type": "integer"}}},
                    "Op1Response": {"type": "object", "properties": {"taken": {"type": "boolean"}}},
                },
                "responses": {
                    "Shared": {"description": "shared", "content": {"application/json": {"schema": {"type": "object", "properties": {"s": {"type": "string"}}}}}},
                },
            },
        });
        let spec = Spec {
            file: format!("combinations-{round}.yaml"),
            openapi: serde_json::from_value(document.clone()).expect("OpenAPI 3.0"),
            raw: document,
        };
        let (_, file) = generate(&spec);
        let types = types(&file);
        let mut unique = types.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), types.len(), "round {round}: {types:?}");
    }
}
