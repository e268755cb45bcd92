//! Every `$ref` of a parsed document, and every schema in it, visited with its JSON pointer.
//!
//! The walk goes over the typed `openapiv3` document rather than raw JSON, so it sees exactly what the
//! generators will see (a `$ref` is whatever `openapiv3` parsed as a reference). It is used to check
//! references (here) and, with mutation, to adapt a document for progenitor (`progenitor_input`).

use openapiv3::{
    AdditionalProperties, Callback, Components, Header, Link, MediaType, OpenAPI, Operation,
    Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, RequestBody, Response, Schema,
    SchemaKind, Type,
};

use spec_support::segment;

/// What a reference must point at: the component map of its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Schema,
    Response,
    Parameter,
    Example,
    RequestBody,
    Header,
    SecurityScheme,
    Link,
    Callback,
}

impl Target {
    /// The key of this kind's map under `components`.
    pub fn key(self) -> &'static str {
        match self {
            Target::Schema => "schemas",
            Target::Response => "responses",
            Target::Parameter => "parameters",
            Target::Example => "examples",
            Target::RequestBody => "requestBodies",
            Target::Header => "headers",
            Target::SecurityScheme => "securitySchemes",
            Target::Link => "links",
            Target::Callback => "callbacks",
        }
    }

    const ALL: [Target; 9] = [
        Target::Schema,
        Target::Response,
        Target::Parameter,
        Target::Example,
        Target::RequestBody,
        Target::Header,
        Target::SecurityScheme,
        Target::Link,
        Target::Callback,
    ];

    /// The names of this kind's components, each with the reference it is (if it is one).
    fn entries(self, components: &Components) -> Vec<(&str, Option<&str>)> {
        fn of<'a, T: 'a>(
            map: impl IntoIterator<Item = (&'a String, &'a ReferenceOr<T>)>,
        ) -> Vec<(&'a str, Option<&'a str>)> {
            map.into_iter()
                .map(|(name, item)| {
                    let reference = match item {
                        ReferenceOr::Reference { reference } => Some(reference.as_str()),
                        ReferenceOr::Item(_) => None,
                    };
                    (name.as_str(), reference)
                })
                .collect()
        }
        match self {
            Target::Schema => of(&components.schemas),
            Target::Response => of(&components.responses),
            Target::Parameter => of(&components.parameters),
            Target::Example => of(&components.examples),
            Target::RequestBody => of(&components.request_bodies),
            Target::Header => of(&components.headers),
            Target::SecurityScheme => of(&components.security_schemes),
            Target::Link => of(&components.links),
            Target::Callback => of(&components.callbacks),
        }
    }
}

/// The component name a reference of kind `target` names: `#/components/<kind>/<name>` only.
///
/// Other forms (external files, pointers into `paths`, a component of another kind) are refused: progenitor
/// and typify resolve a reference by the text after its last `/` in the component map of the expected kind.
pub fn component_name(reference: &str, target: Target) -> Result<String, String> {
    let Some(local) = reference.strip_prefix('#') else {
        return Err(format!(
            "`{reference}` is an external reference: only references inside the document are supported"
        ));
    };
    let prefix = format!("/components/{}/", target.key());
    match local.strip_prefix(&prefix) {
        Some(name) if !name.is_empty() && !name.contains('/') => {
            Ok(name.replace("~1", "/").replace("~0", "~"))
        }
        _ => Err(format!(
            "`{reference}` does not name a component under `#/components/{}`: the generators resolve a \
             reference only by component name",
            target.key()
        )),
    }
}

/// A component kind references point at, and its map under `components`.
pub trait Component: Sized {
    const TARGET: Target;
    fn get<'c>(components: &'c Components, name: &str) -> Option<&'c ReferenceOr<Self>>;
}

macro_rules! component {
    ($ty:ty, $target:ident, $field:ident) => {
        impl Component for $ty {
            const TARGET: Target = Target::$target;
            fn get<'c>(components: &'c Components, name: &str) -> Option<&'c ReferenceOr<Self>> {
                components.$field.get(name)
            }
        }
    };
}

component!(Schema, Schema, schemas);
component!(Response, Response, responses);
component!(Parameter, Parameter, parameters);
component!(openapiv3::Example, Example, examples);
component!(RequestBody, RequestBody, request_bodies);
component!(Header, Header, headers);
component!(openapiv3::SecurityScheme, SecurityScheme, security_schemes);

/// `item` itself, or the component its `$ref` names (following chains), or why not.
pub fn resolve<'a, T: Component>(
    components: Option<&'a Components>,
    mut item: &'a ReferenceOr<T>,
) -> Result<&'a T, String> {
    for _ in 0..64 {
        match item {
            ReferenceOr::Item(item) => return Ok(item),
            ReferenceOr::Reference { reference } => {
                let name = component_name(reference, T::TARGET)?;
                item = components
                    .and_then(|components| T::get(components, &name))
                    .ok_or_else(|| format!("`{reference}` names no component"))?;
            }
        }
    }
    Err("a chain of $ref that does not end".to_owned())
}

/// Called for each reference and each schema (inline or component) in document order, with its pointer.
pub trait Visitor {
    fn reference(&mut self, _pointer: &str, _target: Target, _reference: &mut String) {}
    /// Called before the schema's own subschemas are visited.
    fn schema(&mut self, _pointer: &str, _schema: &mut Schema) {}
}

/// Visits the whole document: paths (with their operations, callbacks included), then components.
pub fn walk(openapi: &mut OpenAPI, visitor: &mut impl Visitor) {
    let mut walker = Walker { visitor };
    for (path, item) in openapi.paths.paths.iter_mut() {
        let pointer = format!("/paths/{}", segment(path));
        match item {
            // Path items by reference are refused by progenitor's own validation; nothing to visit.
            ReferenceOr::Reference { .. } => {}
            ReferenceOr::Item(item) => walker.path_item(&pointer, item),
        }
    }
    if let Some(components) = &mut openapi.components {
        walker.components(components);
    }
}

struct Walker<'v, V> {
    visitor: &'v mut V,
}

impl<V: Visitor> Walker<'_, V> {
    fn reference<T>(
        &mut self,
        pointer: &str,
        target: Target,
        item: &mut ReferenceOr<T>,
        mut visit: impl FnMut(&mut Self, &str, &mut T),
    ) {
        match item {
            ReferenceOr::Reference { reference } => {
                self.visitor.reference(pointer, target, reference)
            }
            ReferenceOr::Item(item) => visit(self, pointer, item),
        }
    }

    fn path_item(&mut self, pointer: &str, item: &mut PathItem) {
        for (index, parameter) in item.parameters.iter_mut().enumerate() {
            let pointer = format!("{pointer}/parameters/{index}");
            self.reference(&pointer, Target::Parameter, parameter, Self::parameter);
        }
        let operations = [
            ("get", &mut item.get),
            ("put", &mut item.put),
            ("post", &mut item.post),
            ("delete", &mut item.delete),
            ("options", &mut item.options),
            ("head", &mut item.head),
            ("patch", &mut item.patch),
            ("trace", &mut item.trace),
        ];
        for (method, operation) in operations {
            if let Some(operation) = operation {
                self.operation(&format!("{pointer}/{method}"), operation);
            }
        }
    }

    fn operation(&mut self, pointer: &str, operation: &mut Operation) {
        for (index, parameter) in operation.parameters.iter_mut().enumerate() {
            let pointer = format!("{pointer}/parameters/{index}");
            self.reference(&pointer, Target::Parameter, parameter, Self::parameter);
        }
        if let Some(body) = &mut operation.request_body {
            let pointer = format!("{pointer}/requestBody");
            self.reference(&pointer, Target::RequestBody, body, Self::request_body);
        }
        let responses = &mut operation.responses;
        if let Some(response) = &mut responses.default {
            let pointer = format!("{pointer}/responses/default");
            self.reference(&pointer, Target::Response, response, Self::response);
        }
        for (status, response) in responses.responses.iter_mut() {
            let pointer = format!("{pointer}/responses/{status}");
            self.reference(&pointer, Target::Response, response, Self::response);
        }
        for (name, callback) in operation.callbacks.iter_mut() {
            self.callback(&format!("{pointer}/callbacks/{}", segment(name)), callback);
        }
    }

    fn callback(&mut self, pointer: &str, callback: &mut Callback) {
        for (expression, item) in callback.iter_mut() {
            self.path_item(&format!("{pointer}/{}", segment(expression)), item);
        }
    }

    fn parameter(&mut self, pointer: &str, parameter: &mut Parameter) {
        let data = match parameter {
            Parameter::Query { parameter_data, .. }
            | Parameter::Header { parameter_data, .. }
            | Parameter::Path { parameter_data, .. }
            | Parameter::Cookie { parameter_data, .. } => parameter_data,
        };
        self.schema_or_content(pointer, &mut data.format);
        for (name, example) in data.examples.iter_mut() {
            let pointer = format!("{pointer}/examples/{}", segment(name));
            self.reference(&pointer, Target::Example, example, |_, _, _| {});
        }
    }

    fn schema_or_content(&mut self, pointer: &str, format: &mut ParameterSchemaOrContent) {
        match format {
            ParameterSchemaOrContent::Schema(schema) => {
                self.schema_ref(&format!("{pointer}/schema"), schema)
            }
            ParameterSchemaOrContent::Content(content) => {
                for (media, media_type) in content.iter_mut() {
                    self.media_type(&format!("{pointer}/content/{}", segment(media)), media_type);
                }
            }
        }
    }

    fn header(&mut self, pointer: &str, header: &mut Header) {
        self.schema_or_content(pointer, &mut header.format);
        for (name, example) in header.examples.iter_mut() {
            let pointer = format!("{pointer}/examples/{}", segment(name));
            self.reference(&pointer, Target::Example, example, |_, _, _| {});
        }
    }

    fn request_body(&mut self, pointer: &str, body: &mut RequestBody) {
        for (media, media_type) in body.content.iter_mut() {
            self.media_type(&format!("{pointer}/content/{}", segment(media)), media_type);
        }
    }

    fn response(&mut self, pointer: &str, response: &mut Response) {
        for (name, header) in response.headers.iter_mut() {
            let pointer = format!("{pointer}/headers/{}", segment(name));
            self.reference(&pointer, Target::Header, header, Self::header);
        }
        for (media, media_type) in response.content.iter_mut() {
            self.media_type(&format!("{pointer}/content/{}", segment(media)), media_type);
        }
        for (name, link) in response.links.iter_mut() {
            let pointer = format!("{pointer}/links/{}", segment(name));
            self.reference(&pointer, Target::Link, link, |_, _, _: &mut Link| {});
        }
    }

    fn media_type(&mut self, pointer: &str, media_type: &mut MediaType) {
        if let Some(schema) = &mut media_type.schema {
            self.schema_ref(&format!("{pointer}/schema"), schema);
        }
        for (name, example) in media_type.examples.iter_mut() {
            let pointer = format!("{pointer}/examples/{}", segment(name));
            self.reference(&pointer, Target::Example, example, |_, _, _| {});
        }
        for (property, encoding) in media_type.encoding.iter_mut() {
            for (name, header) in encoding.headers.iter_mut() {
                let pointer = format!(
                    "{pointer}/encoding/{}/headers/{}",
                    segment(property),
                    segment(name)
                );
                self.reference(&pointer, Target::Header, header, Self::header);
            }
        }
    }

    fn schema_ref(&mut self, pointer: &str, schema: &mut ReferenceOr<Schema>) {
        self.reference(pointer, Target::Schema, schema, Self::schema);
    }

    fn boxed_schema_ref(&mut self, pointer: &str, schema: &mut ReferenceOr<Box<Schema>>) {
        self.reference(
            pointer,
            Target::Schema,
            schema,
            |walker, pointer, schema| walker.schema(pointer, schema),
        );
    }

    fn schema(&mut self, pointer: &str, schema: &mut Schema) {
        self.visitor.schema(pointer, schema);
        let list = |walker: &mut Self, key: &str, list: &mut Vec<ReferenceOr<Schema>>| {
            for (index, schema) in list.iter_mut().enumerate() {
                walker.schema_ref(&format!("{pointer}/{key}/{index}"), schema);
            }
        };
        match &mut schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                for (name, property) in object.properties.iter_mut() {
                    let pointer = format!("{pointer}/properties/{}", segment(name));
                    self.boxed_schema_ref(&pointer, property);
                }
                if let Some(AdditionalProperties::Schema(extra)) = &mut object.additional_properties
                {
                    self.schema_ref(&format!("{pointer}/additionalProperties"), extra);
                }
            }
            SchemaKind::Type(Type::Array(array)) => {
                if let Some(items) = &mut array.items {
                    self.boxed_schema_ref(&format!("{pointer}/items"), items);
                }
            }
            SchemaKind::Type(_) => {}
            SchemaKind::OneOf { one_of } => list(self, "oneOf", one_of),
            SchemaKind::AllOf { all_of } => list(self, "allOf", all_of),
            SchemaKind::AnyOf { any_of } => list(self, "anyOf", any_of),
            SchemaKind::Not { not } => self.schema_ref(&format!("{pointer}/not"), not),
            SchemaKind::Any(any) => {
                for (name, property) in any.properties.iter_mut() {
                    let pointer = format!("{pointer}/properties/{}", segment(name));
                    self.boxed_schema_ref(&pointer, property);
                }
                if let Some(AdditionalProperties::Schema(extra)) = &mut any.additional_properties {
                    self.schema_ref(&format!("{pointer}/additionalProperties"), extra);
                }
                if let Some(items) = &mut any.items {
                    self.boxed_schema_ref(&format!("{pointer}/items"), items);
                }
                list(self, "oneOf", &mut any.one_of);
                list(self, "allOf", &mut any.all_of);
                list(self, "anyOf", &mut any.any_of);
                if let Some(not) = &mut any.not {
                    self.schema_ref(&format!("{pointer}/not"), not);
                }
            }
        }
    }

    fn components(&mut self, components: &mut Components) {
        let base = "/components";
        for (name, schema) in components.schemas.iter_mut() {
            self.schema_ref(&format!("{base}/schemas/{}", segment(name)), schema);
        }
        for (name, response) in components.responses.iter_mut() {
            let pointer = format!("{base}/responses/{}", segment(name));
            self.reference(&pointer, Target::Response, response, Self::response);
        }
        for (name, parameter) in components.parameters.iter_mut() {
            let pointer = format!("{base}/parameters/{}", segment(name));
            self.reference(&pointer, Target::Parameter, parameter, Self::parameter);
        }
        for (name, example) in components.examples.iter_mut() {
            let pointer = format!("{base}/examples/{}", segment(name));
            self.reference(&pointer, Target::Example, example, |_, _, _| {});
        }
        for (name, body) in components.request_bodies.iter_mut() {
            let pointer = format!("{base}/requestBodies/{}", segment(name));
            self.reference(&pointer, Target::RequestBody, body, Self::request_body);
        }
        for (name, header) in components.headers.iter_mut() {
            let pointer = format!("{base}/headers/{}", segment(name));
            self.reference(&pointer, Target::Header, header, Self::header);
        }
        for (name, scheme) in components.security_schemes.iter_mut() {
            let pointer = format!("{base}/securitySchemes/{}", segment(name));
            self.reference(&pointer, Target::SecurityScheme, scheme, |_, _, _| {});
        }
        for (name, link) in components.links.iter_mut() {
            let pointer = format!("{base}/links/{}", segment(name));
            self.reference(&pointer, Target::Link, link, |_, _, _| {});
        }
        for (name, callback) in components.callbacks.iter_mut() {
            let pointer = format!("{base}/callbacks/{}", segment(name));
            self.reference(&pointer, Target::Callback, callback, Self::callback);
        }
    }
}

/// Every reference that does not resolve, as `(pointer, reason)`: external, malformed, of the wrong kind,
/// naming a missing component, or a component that is only a chain of references back to itself.
pub fn check(openapi: &OpenAPI) -> Vec<(String, String)> {
    struct Checker<'a> {
        components: Option<&'a Components>,
        found: Vec<(String, String)>,
    }
    impl Visitor for Checker<'_> {
        fn reference(&mut self, pointer: &str, target: Target, reference: &mut String) {
            let name = match component_name(reference, target) {
                Ok(name) => name,
                Err(reason) => {
                    self.found.push((pointer.to_owned(), reason));
                    return;
                }
            };
            let exists = self.components.is_some_and(|components| {
                target
                    .entries(components)
                    .iter()
                    .any(|(entry, _)| *entry == name)
            });
            if !exists {
                self.found.push((
                    pointer.to_owned(),
                    format!("`{reference}` names no component: it does not resolve"),
                ));
            }
        }
    }

    let mut checker = Checker {
        components: openapi.components.as_ref(),
        found: Vec::new(),
    };
    walk(&mut openapi.clone(), &mut checker);
    let mut found = checker.found;
    if let Some(components) = &openapi.components {
        found.extend(cycles(components));
    }
    found
}

/// Components that are references leading back to themselves (progenitor would recurse forever).
fn cycles(components: &Components) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for target in Target::ALL {
        let entries = target.entries(components);
        for (start, reference) in &entries {
            let mut seen = vec![*start];
            let mut next = *reference;
            while let Some(reference) = next {
                let Ok(name) = component_name(reference, target) else {
                    break;
                };
                if seen.contains(&name.as_str()) {
                    found.push((
                        format!("/components/{}/{}", target.key(), segment(start)),
                        format!("is a cycle of references: {} → {name}", seen.join(" → ")),
                    ));
                    break;
                }
                match entries.iter().find(|(entry, _)| *entry == name) {
                    Some((entry, reference)) => {
                        seen.push(entry);
                        next = *reference;
                    }
                    None => break,
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(yaml: &str) -> OpenAPI {
        serde_yaml_ng::from_str(yaml).expect("test document parses")
    }

    const BROKEN: &str = r##"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a/{id}:
    parameters:
      - $ref: '#/components/parameters/Missing'
    get:
      operationId: getA
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  inner:
                    type: array
                    items: {$ref: '#/components/schemas/Nope'}
        '404': {$ref: '#/components/schemas/Thing'}
        default: {$ref: 'other.yaml#/components/responses/Error'}
components:
  schemas:
    Thing: {type: string}
    Loop: {$ref: '#/components/schemas/Pool'}
    Pool: {$ref: '#/components/schemas/Loop'}
"##;

    #[test]
    fn reports_every_broken_reference_with_its_pointer() {
        let found = check(&parse(BROKEN));
        let pointers: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/paths/~1a~1{id}/parameters/0",
                "/paths/~1a~1{id}/get/responses/default",
                "/paths/~1a~1{id}/get/responses/200/content/application~1json/schema/properties/inner/items",
                "/paths/~1a~1{id}/get/responses/404",
                "/components/schemas/Loop",
                "/components/schemas/Pool",
            ],
            "{found:#?}"
        );
        assert!(found[1].1.contains("external"), "{}", found[1].1);
        assert!(
            found[3].1.contains("#/components/responses"),
            "{}",
            found[3].1
        );
        assert!(found[4].1.contains("cycle"), "{}", found[4].1);
    }

    #[test]
    fn names_are_unescaped() {
        assert_eq!(
            component_name("#/components/schemas/a~1b~0c", Target::Schema).unwrap(),
            "a/b~c"
        );
        assert!(component_name("#/paths/~1a/get", Target::Schema).is_err());
    }
}
