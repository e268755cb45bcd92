//! Schemas behind `$ref`s, for the model's questions about them (kinds, shapes, defaults); other
//! components resolve through [`crate::refs::resolve`].

use openapiv3::{OpenAPI, ReferenceOr, Schema};

/// A schema, following `$ref`s to `components/schemas`; `None` for a broken reference.
pub fn schema<'a>(openapi: &'a OpenAPI, schema: &'a ReferenceOr<Schema>) -> Option<&'a Schema> {
    crate::refs::resolve(openapi.components.as_ref(), schema).ok()
}

/// A boxed schema reference, as schema properties hold them.
pub fn boxed<'a>(openapi: &'a OpenAPI, schema: &'a ReferenceOr<Box<Schema>>) -> Option<&'a Schema> {
    match schema {
        ReferenceOr::Item(schema) => Some(schema),
        ReferenceOr::Reference { reference } => {
            let name = crate::refs::component_name(reference, crate::refs::Target::Schema).ok()?;
            let target = openapi.components.as_ref()?.schemas.get(&name)?;
            self::schema(openapi, target)
        }
    }
}
