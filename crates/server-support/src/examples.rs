//! Answering an operation from its spec's examples, as a mock does.
//!
//! The generator writes, per operation, its documented responses with their named examples (or one it
//! built from the schema when the spec gives none). A client picks one the way Prism's users do:
//! `Prefer: code=404`, `Prefer: example=not-found`, or both; without a preference the first documented
//! success answers, with its first example.

use axum::http::{header, HeaderMap};
use axum::response::Response;

use crate::{respond, Rejection, Rejections};

/// A documented status: a number, a range (`4XX`, stored as its first digit) or `default`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Code(u16),
    Range(u16),
    Default,
}

/// How an example body is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExampleKind {
    /// The example is JSON text, sent as it is.
    Json,
    /// The example is a JSON string whose content is sent as text.
    Text,
}

/// One documented response of an operation and its examples.
#[derive(Debug, Clone, Copy)]
pub struct ExampleResponse {
    pub status: Status,
    /// The media type examples are sent as; `None` for a response without a body.
    pub content_type: Option<&'static str>,
    pub kind: ExampleKind,
    /// `(name, body)`, in the spec's order.
    pub examples: &'static [(&'static str, &'static str)],
}

impl Status {
    fn covers(self, code: u16) -> bool {
        match self {
            Self::Code(own) => own == code,
            Self::Range(digit) => code / 100 == digit,
            Self::Default => true,
        }
    }

    /// The status sent when this response is chosen without a `code=` preference.
    fn natural(self) -> u16 {
        match self {
            Self::Code(code) => code,
            Self::Range(digit) => digit * 100,
            Self::Default => 200,
        }
    }

    /// `1XX`: an answer only a protocol switch (a WebSocket upgrade) can give, which a mock does not.
    fn is_informational(self) -> bool {
        match self {
            Self::Code(code) => code < 200,
            Self::Range(digit) => digit == 1,
            Self::Default => false,
        }
    }

    fn is_success(self) -> bool {
        match self {
            Self::Code(code) => (200..300).contains(&code),
            Self::Range(digit) => digit == 2,
            Self::Default => false,
        }
    }
}

/// What the client asked for in `Prefer`.
#[derive(Debug, Default, PartialEq, Eq)]
struct Preference {
    code: Option<u16>,
    example: Option<String>,
}

fn preference(headers: &HeaderMap) -> Result<Preference, Rejection> {
    let mut found = Preference::default();
    for value in headers.get_all("prefer") {
        let text = value.to_str().unwrap_or_default();
        for token in text.split([',', ';']) {
            let Some((key, value)) = token.split_once('=') else {
                continue;
            };
            let value = value.trim().trim_matches('"');
            match key.trim().to_ascii_lowercase().as_str() {
                "code" => {
                    found.code = Some(value.parse().map_err(|_| {
                        Rejection::Invalid(format!("Prefer: code={value} is not a status code"))
                    })?)
                }
                "example" => found.example = Some(value.to_owned()),
                _ => {}
            }
        }
    }
    Ok(found)
}

/// The response chosen for a request with `headers` among `responses`.
pub fn answer(responses: &[ExampleResponse], headers: &HeaderMap) -> Result<Response, Rejection> {
    let preference = preference(headers)?;
    let (response, status) = match preference.code {
        Some(code) => {
            let response = responses
                .iter()
                .find(|r| r.status == Status::Code(code))
                .or_else(|| responses.iter().find(|r| r.status.covers(code)))
                .ok_or_else(|| {
                    Rejection::Invalid(format!(
                        "Prefer: code={code}: no such response is documented"
                    ))
                })?;
            (response, code)
        }
        None => {
            let chosen = match &preference.example {
                Some(name) => responses
                    .iter()
                    .find(|r| r.examples.iter().any(|(n, _)| n == name)),
                None => None,
            };
            let response = chosen
                .or_else(|| responses.iter().find(|r| r.status.is_success()))
                .or_else(|| responses.iter().find(|r| !r.status.is_informational()))
                .or_else(|| responses.first())
                .ok_or_else(|| Rejection::NotImplemented("no response is documented".to_owned()))?;
            (response, response.status.natural())
        }
    };
    body(response, status, preference.example.as_deref())
}

/// The header naming why the example router refused a request it answered with a documented response.
pub const REJECTION_HEADER: &str = "x-mock-rejection";

/// How the example router answers a request it cannot take, for an API that declares no answers of
/// its own (`x-rejections`): as Prism does, with the operation's documented response for the status
/// `rejections` would send (the code, else its range, else `default`) and its first example, so the
/// answer stays within the spec; the reason goes in the `x-mock-rejection` header. Without such a
/// response (or an example of its body), `rejections`' own answer.
pub fn reject(
    responses: &[ExampleResponse],
    rejections: &Rejections,
    rejection: Rejection,
) -> Response {
    let status = rejections.status(&rejection);
    let documented = responses
        .iter()
        .find(|r| r.status == Status::Code(status))
        .or_else(|| {
            responses
                .iter()
                .find(|r| matches!(r.status, Status::Range(_)) && r.status.covers(status))
        })
        .or_else(|| responses.iter().find(|r| r.status == Status::Default))
        .filter(|r| r.content_type.is_none() || !r.examples.is_empty());
    let Some(documented) = documented else {
        return rejections.respond(rejection);
    };
    tracing::debug!(?rejection, "request rejected");
    let Ok(mut response) = body(documented, status, None) else {
        return rejections.respond(rejection);
    };
    let reason: String = rejection
        .message()
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '?'
            }
        })
        .take(500)
        .collect();
    if let Ok(value) = reason.parse() {
        response.headers_mut().insert(REJECTION_HEADER, value);
    }
    response
}

/// `response` sent with `status`, with its example `name` or its first one.
fn body(
    response: &ExampleResponse,
    status: u16,
    name: Option<&str>,
) -> Result<Response, Rejection> {
    let body = match name {
        Some(name) => Some(
            response
                .examples
                .iter()
                .find(|(n, _)| *n == name)
                .ok_or_else(|| {
                    Rejection::Invalid(format!(
                        "Prefer: example={name}: the {status} response has no such example"
                    ))
                })?
                .1,
        ),
        None => response.examples.first().map(|(_, body)| *body),
    };
    Ok(match (response.content_type, body) {
        (Some(content_type), Some(body)) => match response.kind {
            ExampleKind::Json => respond::bytes(status, content_type, body.as_bytes().to_vec()),
            ExampleKind::Text => {
                let text = serde_json::from_str::<String>(body).unwrap_or_else(|_| body.to_owned());
                respond::text(status, content_type, text)
            }
        },
        (Some(content_type), None) => {
            let mut response = respond::empty(status);
            if let Ok(value) = content_type.parse() {
                response.headers_mut().insert(header::CONTENT_TYPE, value);
            }
            response
        }
        (None, _) => respond::empty(status),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const RESPONSES: &[ExampleResponse] = &[
        ExampleResponse {
            status: Status::Code(404),
            content_type: Some("application/json"),
            kind: ExampleKind::Json,
            examples: &[("missing", r#"{"message":"no pet"}"#)],
        },
        ExampleResponse {
            status: Status::Code(200),
            content_type: Some("application/json"),
            kind: ExampleKind::Json,
            examples: &[("one", r#"[{"id":1}]"#), ("two", r#"[{"id":1},{"id":2}]"#)],
        },
        ExampleResponse {
            status: Status::Range(5),
            content_type: None,
            kind: ExampleKind::Json,
            examples: &[],
        },
    ];

    fn prefer(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if !value.is_empty() {
            headers.insert("prefer", value.parse().unwrap());
        }
        headers
    }

    async fn run(value: &str) -> Result<(u16, String), Rejection> {
        let response = answer(RESPONSES, &prefer(value))?;
        let status = response.status().as_u16();
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .unwrap();
        Ok((status, String::from_utf8(bytes.to_vec()).unwrap()))
    }

    #[tokio::test]
    async fn the_first_success_and_its_first_example_by_default() {
        assert_eq!(run("").await, Ok((200, r#"[{"id":1}]"#.into())));
    }

    #[tokio::test]
    async fn prefer_picks_code_and_example() {
        assert_eq!(
            run("example=two").await.unwrap().1,
            r#"[{"id":1},{"id":2}]"#
        );
        assert_eq!(
            run("code=404").await.unwrap(),
            (404, r#"{"message":"no pet"}"#.into())
        );
        assert_eq!(run("example=missing").await.unwrap().0, 404);
        assert_eq!(run("code=503").await.unwrap(), (503, String::new()));
        assert!(matches!(run("code=418").await, Err(Rejection::Invalid(_))));
        assert!(matches!(
            run("code=200, example=nope").await,
            Err(Rejection::Invalid(_))
        ));
    }
}
