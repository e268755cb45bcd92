//! One operation's request contract, as the generator writes it from the spec, and the reading of a
//! request against it: credentials first (services authenticate before anything else), then the
//! parameters in the spec's order, then the body by its media type; each part checked against its
//! schema, the whole deserialized into the generated request type. [`Operation::admit`] then asks
//! the implementation to authorize the caller and checks the spec's access rules ([`crate::access`]).

use std::future::Future;

use axum::extract::Request;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::access::{Access, Rules};
use crate::input::{content_type, decode_body, media_matches, read_body, Decoded};
use crate::{collect, BodyKind, EmptyValues, Field, Input, Rejection, Schema, Security};

/// Everything needed to turn an HTTP request into an operation's typed request.
pub struct Operation {
    pub security: Security,
    /// Parameters, in the order they are checked.
    pub fields: &'static [Field],
    /// The request body, when the operation declares one.
    pub body: Option<Body>,
    /// What an empty value means to this API.
    pub empty_values: EmptyValues,
    /// The JSON Schema of the parameters and credentials, keyed as the request type's fields.
    pub schema: Schema,
    pub body_limit: usize,
    /// Who may call it and what it needs at the least (`x-admin-only`, `x-at-least-one-of`).
    pub access: Rules,
}

/// A declared request body.
pub struct Body {
    pub required: bool,
    /// The declared media types, in the spec's order.
    pub media: &'static [Media],
    /// A body of an undeclared media type reads as an empty form instead of a 415: how a PHP service
    /// that reads `$_POST` sees it (the spec's `x-empty-values-are-missing`).
    pub lenient_form: bool,
}

/// One media type of a request body.
pub struct Media {
    pub media_type: &'static str,
    pub kind: BodyKind,
    /// The properties of a form body, in the order they are checked (required ones first).
    pub fields: &'static [Field],
    /// A `static` of its own: schemas compile on first use, which a constant table cannot hold.
    pub schema: &'static Schema,
    /// The body enum's variant when the operation declares several media types.
    pub variant: Option<&'static str>,
}

impl Operation {
    /// Reads, checks and converts `request`, whose path parameters the router matched, asks
    /// `authorize` whether the caller may call the operation, then checks the operation's
    /// `x-at-least-one-of` rule: a refusal at any step says why the request cannot be taken.
    pub async fn admit<T, F, A>(
        &self,
        request: Request,
        path: Vec<(String, String)>,
        authorize: F,
    ) -> Result<T, Rejection>
    where
        T: DeserializeOwned,
        F: FnOnce(Access) -> A,
        A: Future<Output = Result<(), Rejection>>,
    {
        let object = self.read(request, path).await?;
        let access = self.access.access(&object);
        let rule = self.access.check(&object);
        let typed = convert(object)?;
        authorize(access).await?;
        rule?;
        Ok(typed)
    }

    /// [`Operation::admit`] for a server without an implementation to authorize callers (one that
    /// answers from the spec's examples): every caller whose request is well-formed is let in.
    pub async fn parse<T: DeserializeOwned>(
        &self,
        request: Request,
        path: Vec<(String, String)>,
    ) -> Result<T, Rejection> {
        self.admit(request, path, |_| async { Ok(()) }).await
    }

    /// The request as one JSON object keyed as the request type's fields, every part checked.
    async fn read(
        &self,
        request: Request,
        path: Vec<(String, String)>,
    ) -> Result<Map<String, Value>, Rejection> {
        let (parts, payload) = request.into_parts();
        let mut input = Input::from_head(parts, path);
        let mut object = Map::new();
        self.security.extract(&input, &mut object)?;
        collect(&input, self.fields, self.empty_values, &mut object)?;
        self.check_parameters(&mut object)?;
        if let Some(body) = &self.body {
            if let Some(value) = self.read_body(body, payload, &mut input).await? {
                object.insert("body".to_owned(), value);
            }
        }
        Ok(object)
    }

    /// Checks the parameters against the schema, keyed by their names on the wire. Where those are
    /// the keys the object already has (the common case) it is checked as it is, without a copy.
    fn check_parameters(&self, object: &mut Map<String, Value>) -> Result<(), Rejection> {
        let as_on_the_wire = self.fields.iter().all(|field| field.key == field.name)
            && object
                .keys()
                .all(|key| self.fields.iter().any(|field| field.key == key));
        if !as_on_the_wire {
            return self.schema.check(&by_wire_name(self.fields, object));
        }
        let whole = Value::Object(std::mem::take(object));
        let checked = self.schema.check(&whole);
        if let Value::Object(taken) = whole {
            *object = taken;
        }
        checked
    }

    async fn read_body(
        &self,
        body: &Body,
        payload: axum::body::Body,
        input: &mut Input,
    ) -> Result<Option<Value>, Rejection> {
        let actual = content_type(&input.headers);
        let bytes = read_body(&input.headers, payload, self.body_limit).await?;
        let media = match &actual {
            Some(actual) => body
                .media
                .iter()
                .find(|media| media_matches(media.media_type, actual)),
            None => None,
        };
        let lenient = body.lenient_form && body.media.iter().any(|m| m.kind == BodyKind::Form);
        let media = match media {
            Some(media) => media,
            None if lenient => {
                // The fields of a body the service cannot read are missing, and reported as such.
                let form = body.media.iter().find(|m| m.kind == BodyKind::Form);
                return match form {
                    Some(form) => Ok(Some(wrap(form, self.form(form, input)?))),
                    None => Ok(None),
                };
            }
            None if bytes.is_empty() => {
                return if body.required {
                    Err(Rejection::Invalid("a request body is required".to_owned()))
                } else {
                    Ok(None)
                };
            }
            None => {
                let declared: Vec<&str> = body.media.iter().map(|m| m.media_type).collect();
                return Err(Rejection::UnsupportedMediaType(format!(
                    "the request body must be {}, not `{}`",
                    declared.join(" or "),
                    actual.as_deref().unwrap_or("untyped")
                )));
            }
        };
        if bytes.is_empty() && media.kind != BodyKind::Form {
            return if body.required {
                Err(Rejection::Invalid("a request body is required".to_owned()))
            } else {
                Ok(None)
            };
        }
        let value = match decode_body(media.kind, &bytes)? {
            Decoded::Form(pairs) => {
                input.form = pairs;
                self.form(media, input)?
            }
            Decoded::Value(value) => {
                media.schema.check_body(&value)?;
                value
            }
            Decoded::Bytes(bytes) => Value::Array(bytes.into_iter().map(Value::from).collect()),
        };
        Ok(Some(wrap(media, value)))
    }

    /// A form body's fields, converted and checked.
    fn form(&self, media: &Media, input: &Input) -> Result<Value, Rejection> {
        let mut form = Map::new();
        collect(input, media.fields, self.empty_values, &mut form)?;
        let value = Value::Object(form);
        media.schema.check_body(&value)?;
        Ok(value)
    }
}

/// The typed request of a checked request object; a value the type cannot hold is named by its path.
///
/// A request that fits is read without tracking the path (which costs an allocation per field); only
/// one that does not is read again, tracked, for the message.
fn convert<T: DeserializeOwned>(object: Map<String, Value>) -> Result<T, Rejection> {
    let value = Value::Object(object);
    if let Ok(typed) = T::deserialize(&value) {
        return Ok(typed);
    }
    serde_path_to_error::deserialize(value).map_err(|error| {
        let path = error.path().to_string();
        Rejection::Invalid(if path == "." {
            error.into_inner().to_string()
        } else {
            format!("{path}: {}", error.into_inner())
        })
    })
}

/// The parameters keyed by their names on the wire, as the generated schema has them, so that a
/// violation names what the client sent; a name two parameters share keeps their keys.
pub fn by_wire_name(fields: &[Field], object: &Map<String, Value>) -> Value {
    let mut out = Map::new();
    for field in fields {
        let Some(value) = object.get(field.key) else {
            continue;
        };
        let shared = fields.iter().filter(|f| f.name == field.name).count() > 1;
        let name = if shared { field.key } else { field.name };
        out.insert(name.to_owned(), value.clone());
    }
    Value::Object(out)
}

/// The body value as the request type reads it: under its media type's variant when there are several.
fn wrap(media: &Media, value: Value) -> Value {
    match media.variant {
        Some(variant) => Value::Object(Map::from_iter([(variant.to_owned(), value)])),
        None => value,
    }
}
