//! What each facade method takes, sends and returns, decided from the model and progenitor's signatures
//! (no tokens are emitted here).
//!
//! - Path parameters are positional arguments, in progenitor's (template) order.
//! - The other inputs the caller chooses ("fields": query and header parameters, and the properties of a
//!   form body) follow in spec order: positionally when all are required, else as one `<Op>Input`
//!   struct (a call with several optional values reads better with names).
//! - The credential field (`x-credential-field`) is never an argument: the facade fills it in.
//! - A JSON body is the last argument, as progenitor takes it.
//! - The success body is unwrapped where the spec makes it a wrapper: the error envelope's sibling in
//!   the `oneOf`, then the single informative property of an object (one that is not a single-value
//!   `enum`, i.e. not `status: success`), or `()` when it has none, or the inner value of an array body.
//! - A parameter, form property or returned property marked `x-id-type: Kind` is taken and returned as
//!   the Rust type `apis.toml` replaces the component `Kind` with (an id newtype), converted to and
//!   from progenitor's integer with `get()` and `From`.

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, Schema, SchemaKind, Type as OaType};
use syn::Type;

use super::envelope;
use super::rust_api::{self, Method, RustApi, TypeShape};
use crate::model::{refs_boxed, refs_schema, Location, MediaKind, Operation};
use crate::names;

/// One facade method.
pub struct Plan {
    pub operation_id: String,
    /// progenitor's method name, which the facade method takes too.
    pub method: String,
    pub http: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    /// Path parameters: name, the facade's type, and whether it is an id newtype (`x-id-type`).
    pub path_args: Vec<(String, Type, bool)>,
    pub fields: Fields,
    /// progenitor's form type, when the body is a form the facade builds.
    pub form: Option<Form>,
    /// The JSON body argument, passed on as it is.
    pub json_body: Option<(String, Type)>,
    /// progenitor's arguments, in its order.
    pub call: Vec<Arg>,
    /// `x-at-least-one-of` with a message: the fields (Rust names) and the message.
    pub at_least_one_of: Option<(Vec<String>, String)>,
    /// What the method returns of the success body.
    pub returns: Returns,
    /// The service's messages the spec documents for this operation (filled in by the caller).
    pub documented: Vec<super::messages::Message>,
}

pub enum Fields {
    None,
    Positional(Vec<FieldArg>),
    Input { name: String, fields: Vec<FieldArg> },
}

impl Fields {
    pub fn list(&self) -> &[FieldArg] {
        match self {
            Self::None => &[],
            Self::Positional(fields) | Self::Input { fields, .. } => fields,
        }
    }
}

/// A value the caller chooses.
pub struct FieldArg {
    pub ident: String,
    pub description: Option<String>,
    /// The type as a positional argument.
    pub param: Type,
    /// The type as an input struct's field (owned).
    pub owned: Type,
    /// Where it goes.
    pub sink: Sink,
    /// The value is an id newtype (`x-id-type`): progenitor gets its `get()`.
    pub id: bool,
}

pub enum Sink {
    /// A parameter of progenitor's method, of this type.
    Param(Type),
    /// A field of the form, of this (owned) type.
    Form(Type),
}

pub struct Form {
    pub ty: Type,
    /// The form's credential field, if it has it.
    pub credential: Option<String>,
}

/// One argument of progenitor's method.
pub enum Arg {
    Credential,
    Path(String),
    Field(String),
    Form,
    JsonBody(String),
}

pub enum Returns {
    Whole(Type),
    Unit,
    /// One property of the success body; `id`: returned as this id newtype (`x-id-type`).
    Field {
        ident: String,
        ty: Type,
        id: Option<Box<Type>>,
    },
    Inner(Type),
}

/// The plan of `operation`, or `None` when progenitor left it out of the client.
pub fn plan(
    openapi: &OpenAPI,
    api: &RustApi,
    operation: &Operation,
    credential: Option<&str>,
    envelope: Option<&str>,
    ids: &BTreeMap<String, Type>,
) -> Option<Plan> {
    let method_name = names::snake(&operation.id);
    let method = api.methods.get(&method_name)?;
    let credential_ident = credential.map(names::snake);
    let form_body = form_body(openapi, api, operation, method);

    let mut path_args = Vec::new();
    let mut fields: Vec<(usize, FieldArg)> = Vec::new();
    let mut json_body = None;
    let mut call = Vec::new();
    for (ident, ty) in &method.params {
        let spec = operation
            .parameters
            .iter()
            .position(|p| names::snake(&p.name) == *ident);
        let location = spec.map(|index| operation.parameters[index].location);
        let id = spec
            .and_then(|index| operation.parameters[index].id_type.as_ref())
            .and_then(|kind| ids.get(kind));
        if ident == "body" && location.is_none() {
            if form_body.is_some() {
                call.push(Arg::Form);
            } else {
                json_body = Some((ident.clone(), ty.clone()));
                call.push(Arg::JsonBody(ident.clone()));
            }
        } else if location == Some(Location::Path) {
            path_args.push((
                ident.clone(),
                id.cloned().unwrap_or_else(|| ty.clone()),
                id.is_some(),
            ));
            call.push(Arg::Path(ident.clone()));
        } else if Some(ident) == credential_ident.as_ref() {
            call.push(Arg::Credential);
        } else {
            let description = spec.and_then(|i| operation.parameters[i].description.clone());
            fields.push((
                spec.unwrap_or(usize::MAX),
                FieldArg {
                    ident: ident.clone(),
                    description,
                    param: id.map_or_else(|| ty.clone(), |id| with_id(ty, id)),
                    owned: id.map_or_else(|| owned(ty), |id| with_id(ty, id)),
                    sink: Sink::Param(ty.clone()),
                    id: id.is_some(),
                },
            ));
            call.push(Arg::Field(ident.clone()));
        }
    }
    let mut form = None;
    if let Some((ty, properties)) = form_body {
        let offset = operation.parameters.len();
        let mut form_credential = None;
        for (index, field) in properties.into_iter().enumerate() {
            if Some(field.json.as_str()) == credential {
                form_credential = Some(field.ident.clone());
                continue;
            }
            let id = field.id_type.as_ref().and_then(|kind| ids.get(kind));
            fields.push((
                offset + index,
                FieldArg {
                    param: id.map_or_else(|| borrowed(&field.ty), |id| with_id(&field.ty, id)),
                    owned: id.map_or_else(|| field.ty.clone(), |id| with_id(&field.ty, id)),
                    sink: Sink::Form(field.ty),
                    ident: field.ident,
                    description: field.description,
                    id: id.is_some(),
                },
            ));
        }
        form = Some(Form {
            ty,
            credential: form_credential,
        });
    }
    fields.sort_by_key(|(index, _)| *index);
    let fields: Vec<FieldArg> = fields.into_iter().map(|(_, field)| field).collect();
    let fields = if fields.is_empty() {
        Fields::None
    } else if fields.iter().all(|field| !is_option(&field.owned)) {
        Fields::Positional(fields)
    } else {
        Fields::Input {
            name: format!("{}Input", names::pascal(&operation.id)),
            fields,
        }
    };
    let at_least_one_of = operation.rules.at_least_one_of.as_ref().and_then(|rule| {
        let message = rule.message.clone()?;
        let idents = rule
            .fields
            .iter()
            .map(|name| {
                let wanted = names::snake(name);
                fields
                    .list()
                    .iter()
                    .find(|field| field.ident == wanted)
                    .map(|field| field.ident.clone())
            })
            .collect::<Option<Vec<_>>>()?;
        Some((idents, message))
    });
    Some(Plan {
        operation_id: operation.id.clone(),
        method: method_name,
        http: format!("{} {}", operation.method.upper(), operation.path),
        summary: operation.summary.clone(),
        description: operation.description.clone(),
        path_args,
        fields,
        form,
        json_body,
        call,
        at_least_one_of,
        returns: returns(openapi, api, operation, method, envelope, ids),
        documented: Vec::new(),
    })
}

/// A property of a form body: its JSON name, progenitor's field and the spec's description.
struct FormProperty {
    json: String,
    ident: String,
    ty: Type,
    description: Option<String>,
    /// `x-id-type`.
    id_type: Option<String>,
}

/// progenitor's form type and its fields in spec order (JSON name, field, description), when the
/// operation's body is a form of a known struct.
fn form_body(
    openapi: &OpenAPI,
    api: &RustApi,
    operation: &Operation,
    method: &Method,
) -> Option<(Type, Vec<FormProperty>)> {
    let media = operation.body.as_ref()?.media.first()?;
    if media.kind != MediaKind::Form {
        return None;
    }
    let (_, body_ty) = method.params.iter().find(|(name, _)| name == "body")?;
    let Type::Reference(reference) = body_ty else {
        return None;
    };
    let ty = (*reference.elem).clone();
    let Some(TypeShape::Struct(struct_fields)) = api.shape(&ty) else {
        return None;
    };
    let schema = refs_schema(openapi, media.schema.as_ref()?)?;
    let SchemaKind::Type(OaType::Object(object)) = &schema.schema_kind else {
        return None;
    };
    let mut ordered = Vec::new();
    for (json, property) in &object.properties {
        let field = struct_fields.iter().find(|f| f.json == *json)?;
        let schema = refs_boxed(openapi, property);
        let description = schema.and_then(|p| p.schema_data.description.clone());
        ordered.push(FormProperty {
            json: json.clone(),
            ident: field.ident.clone(),
            ty: field.ty.clone(),
            description,
            id_type: schema.and_then(id_type),
        });
    }
    // Every field of the struct must be accounted for, or the form cannot be built.
    (ordered.len() == struct_fields.len()).then_some((ty, ordered))
}

fn returns(
    openapi: &OpenAPI,
    api: &RustApi,
    operation: &Operation,
    method: &Method,
    envelope: Option<&str>,
    ids: &BTreeMap<String, Type>,
) -> Returns {
    let whole = Returns::Whole(payload_type(api, &method.success, envelope));
    let Some(mut schema) = envelope::success_schema(operation) else {
        return whole;
    };
    let Returns::Whole(payload) = &whole else {
        return whole;
    };
    if let Some(envelope) = envelope {
        if let Some(member) = envelope::payload(openapi, schema, envelope) {
            schema = member;
        }
    }
    match api.shape(payload) {
        Some(TypeShape::Newtype(inner)) => Returns::Inner(inner.clone()),
        Some(TypeShape::Struct(struct_fields)) => {
            let Some(SchemaKind::Type(OaType::Object(object))) =
                refs_schema(openapi, schema).map(|s| &s.schema_kind)
            else {
                return whole;
            };
            let informative: Vec<(&String, Option<&Schema>)> = object
                .properties
                .iter()
                .map(|(name, property)| (name, refs_boxed(openapi, property)))
                .filter(|(_, property)| !property.is_some_and(is_constant))
                .collect();
            match informative.as_slice() {
                [] if struct_fields.len() == object.properties.len() => Returns::Unit,
                [(only, property)] => match struct_fields.iter().find(|f| f.json == **only) {
                    Some(field) if !is_option(&field.ty) => Returns::Field {
                        ident: field.ident.clone(),
                        ty: field.ty.clone(),
                        id: property
                            .and_then(id_type)
                            .and_then(|kind| ids.get(&kind))
                            .map(|id| Box::new(id.clone())),
                    },
                    _ => whole,
                },
                _ => whole,
            }
        }
        _ => whole,
    }
}

/// The success type once the envelope is taken out: the other variant of the response enum.
pub fn payload_type(api: &RustApi, response: &Type, envelope: Option<&str>) -> Type {
    envelope_variants(api, response, envelope).map_or_else(|| response.clone(), |(_, (_, ty))| ty)
}

/// The response enum's error variant and success variant (name, type), when it is an envelope enum.
pub fn envelope_variants(
    api: &RustApi,
    response: &Type,
    envelope: Option<&str>,
) -> Option<(String, (String, Type))> {
    let envelope = names::pascal(envelope?);
    let Some(TypeShape::Enum(variants)) = api.shape(response) else {
        return None;
    };
    let [first, second] = variants.as_slice() else {
        return None;
    };
    let is_envelope = |ty: &Type| rust_api::types_name(ty).as_deref() == Some(envelope.as_str());
    match (is_envelope(&first.1), is_envelope(&second.1)) {
        (true, false) => Some((first.0.clone(), second.clone())),
        (false, true) => Some((second.0.clone(), first.clone())),
        _ => None,
    }
}

/// The `x-id-type` of a schema.
fn id_type(schema: &Schema) -> Option<String> {
    schema
        .schema_data
        .extensions
        .get(crate::model::ID_TYPE)
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned)
}

/// progenitor's integer type `ty` (`i64` or `Option<i64>`) with the id newtype `id` in its place.
fn with_id(ty: &Type, id: &Type) -> Type {
    if is_option(ty) {
        syn::parse_quote!(::std::option::Option<#id>)
    } else {
        id.clone()
    }
}

/// A schema with one allowed value (`status: {enum: [success]}`) tells the caller nothing.
fn is_constant(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(OaType::String(s)) => s.enumeration.len() == 1,
        SchemaKind::Type(OaType::Integer(i)) => i.enumeration.len() == 1,
        SchemaKind::Type(OaType::Number(n)) => n.enumeration.len() == 1,
        SchemaKind::Type(OaType::Boolean(b)) => b.enumeration.len() == 1,
        _ => false,
    }
}

pub fn is_option(ty: &Type) -> bool {
    last_ident(ty).as_deref() == Some("Option")
}

fn last_ident(ty: &Type) -> Option<String> {
    let Type::Path(path) = ty else { return None };
    Some(path.path.segments.last()?.ident.to_string())
}

/// The owned type of a progenitor parameter (`&'a str` → `String`, `Option<&'a T>` → `Option<T>`).
fn owned(ty: &Type) -> Type {
    match ty {
        Type::Reference(reference) => owned_inner(&reference.elem),
        Type::Path(_) if is_option(ty) => match rust_api::generic_arg(ty, 0) {
            Some(inner @ Type::Reference(_)) => {
                let inner = owned(&inner);
                syn::parse_quote!(::std::option::Option<#inner>)
            }
            _ => ty.clone(),
        },
        _ => ty.clone(),
    }
}

fn owned_inner(ty: &Type) -> Type {
    match ty {
        Type::Path(path) if path.path.is_ident("str") => {
            syn::parse_quote!(::std::string::String)
        }
        other => other.clone(),
    }
}

/// The positional parameter for an owned form field: text is borrowed (`&'a str`), the rest owned.
fn borrowed(ty: &Type) -> Type {
    if last_ident(ty).as_deref() == Some("String") {
        syn::parse_quote!(&'a str)
    } else {
        ty.clone()
    }
}

/// Whether a field type has a `Default` that means "not given" or zero (for deriving `Default`).
pub fn has_default(ty: &Type) -> bool {
    matches!(
        last_ident(ty).as_deref(),
        Some(
            "Option"
                | "String"
                | "Vec"
                | "bool"
                | "i8"
                | "i16"
                | "i32"
                | "i64"
                | "u8"
                | "u16"
                | "u32"
                | "u64"
                | "f32"
                | "f64"
        )
    )
}
