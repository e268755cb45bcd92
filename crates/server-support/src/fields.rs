//! Turning raw request parts into the JSON object a generated request type deserializes from.
//!
//! Each operation's parameters are a table the generator writes from the spec. They are read in the
//! table's order, so the first missing one is reported (with the spec's own message for it), decoded
//! according to their `style` and `explode`, and converted from text to the JSON kind their schema
//! declares, so that schema validation and deserialization see typed values.

use serde_json::{Map, Number, Value};

use crate::{Input, Rejection};

/// Where a field is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Query,
    Path,
    Header,
    Cookie,
    /// A property of an `application/x-www-form-urlencoded` body.
    Form,
}

/// How a value is serialized on the wire (OpenAPI's `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Form,
    Simple,
    Label,
    Matrix,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
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

/// The JSON type a piece of text is converted to before schema validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    String,
    Integer,
    Number,
    Boolean,
    /// The schema does not say one type (`oneOf`, no `type`): a number or boolean when the text reads
    /// as one, text otherwise; the schema check decides.
    Any,
}

/// The shape of a parameter's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Scalar(Kind),
    Array(Kind),
    /// An object with these properties (name, kind); other names are kept as text.
    Object(&'static [(&'static str, Kind)]),
    /// A parameter declared with `content: application/json`: the text is JSON.
    Json,
}

/// One parameter or form property of an operation.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The key in the request object: the generated field's name.
    pub key: &'static str,
    /// The name on the wire.
    pub name: &'static str,
    pub source: Source,
    pub style: Style,
    pub explode: bool,
    pub shape: Shape,
    pub required: bool,
    /// The schema's `default`, as JSON text, used when the value is absent.
    pub default: Option<&'static str>,
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

/// Reads `fields` from `input` into `out` (keyed by [`Field::key`]). `empty` says what an empty value
/// means.
pub fn collect(
    input: &Input,
    fields: &[Field],
    empty: EmptyValues,
    out: &mut Map<String, Value>,
) -> Result<(), Rejection> {
    for field in fields {
        match read(input, field, empty)? {
            Some(value) => {
                out.insert(field.key.to_owned(), value);
            }
            None => {
                if let Some(default) = field.default {
                    if let Ok(value) = serde_json::from_str(default) {
                        out.insert(field.key.to_owned(), value);
                        continue;
                    }
                }
                if field.required {
                    return Err(Rejection::Invalid(field.missing_message()));
                }
            }
        }
    }
    Ok(())
}

/// The pairs a field's source offers (headers have no pairs: they are read by name).
fn pairs(input: &Input, source: Source) -> &[(String, String)] {
    match source {
        Source::Query => &input.query,
        Source::Path => &input.path,
        Source::Cookie => &input.cookies,
        Source::Form => &input.form,
        Source::Header => &[],
    }
}

fn read(input: &Input, field: &Field, empty: EmptyValues) -> Result<Option<Value>, Rejection> {
    let keep = |value: &&str| !(value.is_empty() && empty == EmptyValues::Missing);
    let pairs = pairs(input, field.source);
    let single = |name: &str| -> Option<&str> {
        match field.source {
            Source::Header => input
                .headers
                .get_all(name)
                .iter()
                .filter_map(|value| value.to_str().ok())
                .next_back(),
            _ => last(pairs, name),
        }
    };
    match (field.shape, field.style) {
        (Shape::Object(properties), Style::DeepObject) => {
            let prefix = format!("{}[", field.name);
            let mut object = Map::new();
            for (key, value) in pairs {
                let Some(property) = key.strip_prefix(&prefix).and_then(|k| k.strip_suffix(']'))
                else {
                    continue;
                };
                if keep(&value.as_str()) {
                    let kind = property_kind(properties, property);
                    object.insert(property.to_owned(), convert(field, kind, value)?);
                }
            }
            Ok((!object.is_empty()).then_some(Value::Object(object)))
        }
        (Shape::Object(properties), Style::Form) if field.explode => {
            // Each property is a parameter of its own (`?role=admin&name=Ann`).
            let mut object = Map::new();
            for (name, kind) in properties {
                if let Some(value) = last(pairs, name).filter(keep) {
                    object.insert((*name).to_owned(), convert(field, *kind, value)?);
                }
            }
            Ok((!object.is_empty()).then_some(Value::Object(object)))
        }
        (Shape::Array(kind), Style::Form) if field.explode && field.source != Source::Header => {
            let items: Vec<&str> = pairs
                .iter()
                .filter(|(key, _)| key == field.name)
                .map(|(_, value)| value.as_str())
                .filter(keep)
                .collect();
            if items.is_empty() {
                return Ok(None);
            }
            Ok(Some(Value::Array(
                items
                    .into_iter()
                    .map(|item| convert(field, kind, item))
                    .collect::<Result<_, _>>()?,
            )))
        }
        _ => {
            let Some(raw) = single(field.name).filter(keep) else {
                return Ok(None);
            };
            decode(field, raw).map(Some)
        }
    }
}

/// Decodes one wire value of `field` by its style.
fn decode(field: &Field, raw: &str) -> Result<Value, Rejection> {
    let (text, separator) = match field.style {
        Style::Label => {
            let text = raw.strip_prefix('.').unwrap_or(raw);
            (text.to_owned(), if field.explode { '.' } else { ',' })
        }
        Style::Matrix => {
            // `;name=a,b` or, exploded, `;name=a;name=b` / `;role=admin;name=Ann`.
            let body = raw.strip_prefix(';').unwrap_or(raw);
            let prefix = format!("{}=", field.name);
            if matches!(field.shape, Shape::Object(_)) && field.explode {
                (body.replace(';', ","), ',')
            } else {
                let values: Vec<&str> = body
                    .split(';')
                    .map(|part| part.strip_prefix(&prefix).unwrap_or(part))
                    .collect();
                (values.join(","), ',')
            }
        }
        Style::SpaceDelimited => (raw.to_owned(), ' '),
        Style::PipeDelimited => (raw.to_owned(), '|'),
        _ => (raw.to_owned(), ','),
    };
    match field.shape {
        Shape::Scalar(kind) => convert(field, kind, &text),
        Shape::Json => serde_json::from_str(&text).map_err(|error| {
            Rejection::Invalid(format!(
                "The {} field is not valid JSON: {error}",
                field.name
            ))
        }),
        Shape::Array(kind) => Ok(Value::Array(
            text.split(separator)
                .filter(|item| !item.is_empty())
                .map(|item| convert(field, kind, item))
                .collect::<Result<_, _>>()?,
        )),
        Shape::Object(properties) => {
            let mut object = Map::new();
            if field.explode {
                // `role=admin,name=Ann`
                for part in text.split(separator).filter(|part| !part.is_empty()) {
                    let (key, value) = part.split_once('=').unwrap_or((part, ""));
                    let kind = property_kind(properties, key);
                    object.insert(key.to_owned(), convert(field, kind, value)?);
                }
            } else {
                // `role,admin,name,Ann`
                let parts: Vec<&str> = text.split(separator).collect();
                for pair in parts.chunks(2) {
                    let [key, value] = pair else {
                        return Err(Rejection::Invalid(format!(
                            "The {} field must be name,value pairs, not `{raw}`",
                            field.name
                        )));
                    };
                    let kind = property_kind(properties, key);
                    object.insert((*key).to_owned(), convert(field, kind, value)?);
                }
            }
            Ok(Value::Object(object))
        }
    }
}

fn property_kind(properties: &[(&str, Kind)], name: &str) -> Kind {
    properties
        .iter()
        .find(|(property, _)| *property == name)
        .map_or(Kind::Any, |(_, kind)| *kind)
}

/// The last value of `name` (a repeated field keeps its last value, as PHP and most frameworks do).
fn last<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .rev()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

fn convert(field: &Field, kind: Kind, raw: &str) -> Result<Value, Rejection> {
    let invalid = |expected: &str| {
        Rejection::Invalid(format!(
            "The {} field must be {expected}, not `{raw}`",
            field.name
        ))
    };
    Ok(match kind {
        Kind::String => Value::String(raw.to_owned()),
        Kind::Integer => raw
            .trim()
            .parse::<i64>()
            .map(Value::from)
            .or_else(|_| raw.trim().parse::<u64>().map(Value::from))
            .map_err(|_| invalid("an integer"))?,
        Kind::Number => number(raw).ok_or_else(|| invalid("a number"))?,
        Kind::Boolean => match raw {
            "true" | "1" => Value::Bool(true),
            "false" | "0" => Value::Bool(false),
            _ => return Err(invalid("true or false")),
        },
        Kind::Any => match raw {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => number(raw).unwrap_or_else(|| Value::String(raw.to_owned())),
        },
    })
}

fn number(raw: &str) -> Option<Value> {
    let raw = raw.trim();
    if let Ok(integer) = raw.parse::<i64>() {
        return Some(Value::from(integer));
    }
    raw.parse::<f64>()
        .ok()
        .filter(|value| value.is_finite())
        .and_then(Number::from_f64)
        .map(Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    impl Field {
        /// A plain scalar, with the style its source defaults to.
        const fn scalar(key: &'static str, source: Source, kind: Kind, required: bool) -> Self {
            let style = match source {
                Source::Path | Source::Header => Style::Simple,
                _ => Style::Form,
            };
            Self {
                key,
                name: key,
                source,
                style,
                explode: matches!(style, Style::Form),
                shape: Shape::Scalar(kind),
                required,
                default: None,
                missing_message: None,
            }
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

    fn run(input: &Input, fields: &[Field], empty: EmptyValues) -> Result<Value, Rejection> {
        let mut out = Map::new();
        collect(input, fields, empty, &mut out)?;
        Ok(Value::Object(out))
    }

    #[test]
    fn converts_scalars() {
        let fields = [
            Field::scalar("page", Source::Query, Kind::Integer, false),
            Field::scalar("name", Source::Form, Kind::String, true),
        ];
        let got = run(
            &input(&[("page", "2")], &[("name", "Ann")]),
            &fields,
            EmptyValues::Missing,
        );
        assert_eq!(got, Ok(json!({"page": 2, "name": "Ann"})));
    }

    #[test]
    fn the_first_missing_field_is_reported_with_its_message() {
        let mut key = Field::scalar("api_key", Source::Form, Kind::String, true);
        key.missing_message = Some("API Key is required");
        let fields = [key, Field::scalar("name", Source::Form, Kind::String, true)];
        assert_eq!(
            run(
                &input(&[], &[("api_key", "")]),
                &fields,
                EmptyValues::Missing
            ),
            Err(Rejection::Invalid("API Key is required".into()))
        );
        assert_eq!(
            run(
                &input(&[], &[("api_key", "k")]),
                &fields,
                EmptyValues::Missing
            ),
            Err(Rejection::Invalid("The name field is required".into()))
        );
    }

    #[test]
    fn a_malformed_integer_is_named() {
        let fields = [Field::scalar("limit", Source::Query, Kind::Integer, false)];
        let error = run(&input(&[("limit", "ten")], &[]), &fields, EmptyValues::Kept).unwrap_err();
        assert_eq!(
            error,
            Rejection::Invalid("The limit field must be an integer, not `ten`".into())
        );
    }

    #[test]
    fn an_empty_value_is_missing_or_kept_as_the_api_reads_it() {
        let fields = [
            Field::scalar("limit", Source::Query, Kind::Integer, false),
            Field::scalar("name", Source::Query, Kind::String, false),
        ];
        let empty = input(&[("limit", ""), ("name", "")], &[]);
        assert_eq!(run(&empty, &fields, EmptyValues::Missing), Ok(json!({})));
        assert_eq!(
            run(&empty, &fields, EmptyValues::Kept),
            Err(Rejection::Invalid(
                "The limit field must be an integer, not ``".into()
            ))
        );
        assert_eq!(
            run(&empty, &fields[1..], EmptyValues::Kept),
            Ok(json!({"name": ""}))
        );
    }

    #[test]
    fn a_default_fills_an_absent_value() {
        let mut limit = Field::scalar("limit", Source::Query, Kind::Integer, false);
        limit.default = Some("20");
        assert_eq!(
            run(&input(&[], &[]), &[limit], EmptyValues::Kept),
            Ok(json!({"limit": 20}))
        );
    }

    /// A field, the query it reads, and the value it must give.
    type Case = (Field, Vec<(&'static str, &'static str)>, Value);

    const PROPS: &[(&str, Kind)] = &[("role", Kind::String), ("age", Kind::Integer)];

    fn field(style: Style, explode: bool, shape: Shape, source: Source) -> Field {
        Field {
            style,
            explode,
            shape,
            ..Field::scalar("id", source, Kind::String, true)
        }
    }

    #[test]
    fn query_arrays_and_objects_in_every_style() {
        let ints = Shape::Array(Kind::Integer);
        let cases: Vec<Case> = vec![
            (
                field(Style::Form, true, ints, Source::Query),
                vec![("id", "3"), ("id", "4")],
                json!([3, 4]),
            ),
            (
                field(Style::Form, false, ints, Source::Query),
                vec![("id", "3,4,5")],
                json!([3, 4, 5]),
            ),
            (
                field(Style::SpaceDelimited, false, ints, Source::Query),
                vec![("id", "3 4")],
                json!([3, 4]),
            ),
            (
                field(Style::PipeDelimited, false, ints, Source::Query),
                vec![("id", "3|4")],
                json!([3, 4]),
            ),
            (
                field(Style::Form, true, Shape::Object(PROPS), Source::Query),
                vec![("role", "admin"), ("age", "7")],
                json!({"role": "admin", "age": 7}),
            ),
            (
                field(Style::Form, false, Shape::Object(PROPS), Source::Query),
                vec![("id", "role,admin,age,7")],
                json!({"role": "admin", "age": 7}),
            ),
            (
                field(Style::DeepObject, true, Shape::Object(PROPS), Source::Query),
                vec![("id[role]", "admin"), ("id[age]", "7")],
                json!({"role": "admin", "age": 7}),
            ),
        ];
        for (field, query, expected) in cases {
            let got = run(&input(&query, &[]), &[field], EmptyValues::Kept);
            assert_eq!(got, Ok(json!({ "id": expected })), "{field:?}");
        }
    }

    #[test]
    fn path_styles() {
        let ints = Shape::Array(Kind::Integer);
        let cases: Vec<(Field, &str, Value)> = vec![
            (
                field(Style::Simple, false, ints, Source::Path),
                "3,4,5",
                json!([3, 4, 5]),
            ),
            (
                field(Style::Label, false, ints, Source::Path),
                ".3,4",
                json!([3, 4]),
            ),
            (
                field(Style::Label, true, ints, Source::Path),
                ".3.4",
                json!([3, 4]),
            ),
            (
                field(Style::Matrix, false, ints, Source::Path),
                ";id=3,4",
                json!([3, 4]),
            ),
            (
                field(Style::Matrix, true, ints, Source::Path),
                ";id=3;id=4",
                json!([3, 4]),
            ),
            (
                field(Style::Simple, true, Shape::Object(PROPS), Source::Path),
                "role=admin,age=7",
                json!({"role": "admin", "age": 7}),
            ),
            (
                field(Style::Matrix, true, Shape::Object(PROPS), Source::Path),
                ";role=admin;age=7",
                json!({"role": "admin", "age": 7}),
            ),
            (
                field(
                    Style::Matrix,
                    false,
                    Shape::Scalar(Kind::Integer),
                    Source::Path,
                ),
                ";id=5",
                json!(5),
            ),
        ];
        for (field, raw, expected) in cases {
            let input = Input {
                path: vec![("id".into(), raw.into())],
                ..Input::default()
            };
            let got = run(&input, &[field], EmptyValues::Kept);
            assert_eq!(got, Ok(json!({ "id": expected })), "{field:?} {raw}");
        }
    }

    #[test]
    fn headers_and_cookies() {
        let mut input = Input {
            cookies: vec![("session".into(), "a,b".into())],
            ..Input::default()
        };
        input.headers.insert("x-ids", "1,2".parse().unwrap());
        let fields = [
            Field {
                name: "X-Ids",
                ..field(
                    Style::Simple,
                    false,
                    Shape::Array(Kind::Integer),
                    Source::Header,
                )
            },
            Field {
                key: "session",
                name: "session",
                ..field(
                    Style::Form,
                    false,
                    Shape::Array(Kind::String),
                    Source::Cookie,
                )
            },
        ];
        // Header names are matched whatever their case.
        let mut fields = fields;
        fields[0].name = "x-ids";
        assert_eq!(
            run(&input, &fields, EmptyValues::Kept),
            Ok(json!({"id": [1, 2], "session": ["a", "b"]}))
        );
    }
}
