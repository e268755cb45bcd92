//! Turning raw request parts into the JSON object a generated request type deserializes from.
//!
//! Each operation's fields are a table the generator writes from the spec. They are checked in the
//! table's order, so the first missing one is reported (credentials come first, as the services check
//! them first), with the spec's own message for it.

use serde_json::{Map, Number, Value};

use crate::{Input, Rejection};

/// Where a field is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Query,
    Path,
    Header,
    /// A property of an `application/x-www-form-urlencoded` body.
    Form,
}

/// What an empty value (`name=`) means, which differs between services.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmptyValues {
    /// An empty value is no value: a required field is missing, an optional one absent. PHP services
    /// test fields with `empty()`, so this is how they read `name=` (the spec's
    /// `x-empty-values-are-missing: true`).
    Missing,
    /// An empty value is the empty text: kept for a string field, malformed for a number or boolean.
    Kept,
}

/// The JSON type a field's text is converted to before schema validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    String,
    Integer,
    Number,
    Boolean,
}

/// One parameter or form property of an operation.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The name on the wire.
    pub name: &'static str,
    pub source: Source,
    pub kind: Kind,
    pub required: bool,
    /// A missing credential gets the API's missing-credential answer.
    pub credential: bool,
    /// The message for a missing value (`x-missing-message`); a generic one otherwise.
    pub missing_message: Option<&'static str>,
}

impl Field {
    /// What to answer when the field is missing: the spec's message, or a generic one.
    pub fn missing_message(&self) -> String {
        self.missing_message.map_or_else(
            || format!("The {} field is required", self.name),
            str::to_owned,
        )
    }
}

/// The fields of `input`: parameters at the top level, form properties under `body` (or the JSON body
/// there, when the operation takes one). `empty` says what an empty value means.
pub fn collect(
    input: Input,
    fields: &[Field],
    empty: EmptyValues,
) -> Result<Map<String, Value>, Rejection> {
    let mut params = Map::new();
    let mut form = Map::new();
    for field in fields {
        let raw = match field.source {
            Source::Query => last(&input.query, field.name),
            Source::Path => last(&input.path, field.name),
            Source::Form => last(&input.form, field.name),
            Source::Header => input
                .headers
                .get(field.name)
                .and_then(|value| value.to_str().ok()),
        }
        .filter(|value| !(value.is_empty() && empty == EmptyValues::Missing));
        let Some(raw) = raw else {
            if !field.required {
                continue;
            }
            let message = field.missing_message();
            return Err(if field.credential {
                Rejection::MissingCredential(message)
            } else {
                Rejection::Invalid(message)
            });
        };
        let value = convert(field, raw)?;
        let target = if field.source == Source::Form {
            &mut form
        } else {
            &mut params
        };
        target.insert(field.name.to_owned(), value);
    }
    if let Some(json) = input.json {
        params.insert("body".to_owned(), json);
    } else if fields.iter().any(|field| field.source == Source::Form) {
        params.insert("body".to_owned(), Value::Object(form));
    }
    Ok(params)
}

/// The last value of `name` (a repeated field keeps its last value, as PHP and most frameworks do).
fn last<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .rev()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

fn convert(field: &Field, raw: &str) -> Result<Value, Rejection> {
    let invalid = |expected: &str| {
        Rejection::Invalid(format!(
            "The {} field must be {expected}, not `{raw}`",
            field.name
        ))
    };
    Ok(match field.kind {
        Kind::String => Value::String(raw.to_owned()),
        Kind::Integer => raw
            .trim()
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| invalid("an integer"))?,
        Kind::Number => raw
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| invalid("a number"))?,
        Kind::Boolean => match raw {
            "true" | "1" => Value::Bool(true),
            "false" | "0" => Value::Bool(false),
            _ => return Err(invalid("true or false")),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const fn field(name: &'static str, source: Source, kind: Kind, required: bool) -> Field {
        Field {
            name,
            source,
            kind,
            required,
            credential: false,
            missing_message: None,
        }
    }

    fn input(query: &[(&str, &str)], form: &[(&str, &str)]) -> Input {
        let own = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        Input {
            query: own(query),
            form: own(form),
            ..Input::default()
        }
    }

    #[test]
    fn converts_and_nests_form_fields_under_body() {
        let fields = [
            field("page", Source::Query, Kind::Integer, false),
            field("name", Source::Form, Kind::String, true),
        ];
        let map = collect(
            input(&[("page", "2")], &[("name", "Ann")]),
            &fields,
            EmptyValues::Missing,
        )
        .unwrap();
        assert_eq!(
            Value::Object(map),
            json!({"page": 2, "body": {"name": "Ann"}})
        );
    }

    #[test]
    fn the_first_missing_field_is_reported_with_its_message() {
        let mut key = field("api_key", Source::Form, Kind::String, true);
        key.missing_message = Some("API Key is required");
        let fields = [key, field("name", Source::Form, Kind::String, true)];
        assert_eq!(
            collect(
                input(&[], &[("api_key", "")]),
                &fields,
                EmptyValues::Missing
            ),
            Err(Rejection::Invalid("API Key is required".into()))
        );
        assert_eq!(
            collect(
                input(&[], &[("api_key", "k")]),
                &fields,
                EmptyValues::Missing
            ),
            Err(Rejection::Invalid("The name field is required".into()))
        );
    }

    #[test]
    fn a_malformed_integer_is_named() {
        let fields = [field("limit", Source::Query, Kind::Integer, false)];
        let error =
            collect(input(&[("limit", "ten")], &[]), &fields, EmptyValues::Kept).unwrap_err();
        assert_eq!(
            error,
            Rejection::Invalid("The limit field must be an integer, not `ten`".into())
        );
    }

    #[test]
    fn an_empty_value_is_missing_or_kept_as_the_api_reads_it() {
        let fields = [
            field("limit", Source::Query, Kind::Integer, false),
            field("name", Source::Query, Kind::String, false),
        ];
        let empty = || input(&[("limit", ""), ("name", "")], &[]);
        assert_eq!(
            collect(empty(), &fields, EmptyValues::Missing),
            Ok(Map::new())
        );
        assert_eq!(
            collect(empty(), &fields, EmptyValues::Kept),
            Err(Rejection::Invalid(
                "The limit field must be an integer, not ``".into()
            ))
        );
        let name_only = [fields[1]];
        assert_eq!(
            collect(empty(), &name_only, EmptyValues::Kept).map(Value::Object),
            Ok(json!({"name": ""}))
        );
    }
}
