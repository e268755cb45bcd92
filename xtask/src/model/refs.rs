//! Following local `$ref`s to the components they name.

use openapiv3::{Components, OpenAPI, ReferenceOr, Schema};

/// The components a `$ref` of each kind may point at.
pub trait Component: Sized {
    /// The section of `components` (`parameters`, `schemas`…).
    const SECTION: &'static str;
    fn section(components: &Components) -> &indexmap::IndexMap<String, ReferenceOr<Self>>;
}

macro_rules! component {
    ($ty:ty, $field:ident, $section:literal) => {
        impl Component for $ty {
            const SECTION: &'static str = $section;
            fn section(components: &Components) -> &indexmap::IndexMap<String, ReferenceOr<Self>> {
                &components.$field
            }
        }
    };
}

component!(openapiv3::Parameter, parameters, "parameters");
component!(openapiv3::RequestBody, request_bodies, "requestBodies");
component!(openapiv3::Response, responses, "responses");
component!(openapiv3::Header, headers, "headers");
component!(openapiv3::Example, examples, "examples");
component!(
    openapiv3::SecurityScheme,
    security_schemes,
    "securitySchemes"
);

/// `item` itself, or the component its `$ref` names (following chains), or why not.
pub fn resolve<'a, T: Component>(
    openapi: &'a OpenAPI,
    item: &'a ReferenceOr<T>,
) -> Result<&'a T, String> {
    let mut current = item;
    for _ in 0..32 {
        match current {
            ReferenceOr::Item(item) => return Ok(item),
            ReferenceOr::Reference { reference } => {
                let prefix = format!("#/components/{}/", T::SECTION);
                let name = reference.strip_prefix(&prefix).ok_or_else(|| {
                    format!(
                        "`{reference}` is not a local reference to components/{}",
                        T::SECTION
                    )
                })?;
                current = openapi
                    .components
                    .as_ref()
                    .and_then(|components| T::section(components).get(&unescape(name)))
                    .ok_or_else(|| format!("`{reference}` names no component"))?;
            }
        }
    }
    Err("a chain of $ref that does not end".to_owned())
}

/// A schema, following `$ref`s to `components/schemas`; `None` for a broken reference.
pub fn schema<'a>(openapi: &'a OpenAPI, schema: &'a ReferenceOr<Schema>) -> Option<&'a Schema> {
    let mut current = schema;
    for _ in 0..32 {
        match current {
            ReferenceOr::Item(schema) => return Some(schema),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/schemas/")?;
                current = openapi.components.as_ref()?.schemas.get(&unescape(name))?;
            }
        }
    }
    None
}

/// A boxed schema reference, as schema properties hold them.
pub fn boxed<'a>(openapi: &'a OpenAPI, schema: &'a ReferenceOr<Box<Schema>>) -> Option<&'a Schema> {
    match schema {
        ReferenceOr::Item(schema) => Some(schema),
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/schemas/")?;
            let target = openapi.components.as_ref()?.schemas.get(&unescape(name))?;
            self::schema(openapi, target)
        }
    }
}

/// A JSON-pointer segment, unescaped (RFC 6901).
fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}
