//! The specs as served documents, and the documentation pages built on them.
//!
//! Each spec is served with this server's own address as its first `servers` entry, so the docs'
//! "Try it out" calls this server whatever address it was started on. Swagger UI's files are compiled
//! into the binary (`vendored`): the pages work offline.

use std::net::SocketAddr;

use anyhow::Result;
use axum::http::header;
use axum::response::Html;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};
use utoipa_swagger_ui::{Config, SwaggerUi};

/// One API as documented here.
struct Documented {
    /// URL segment: `/docs/<slug>` (the API's mount, or `admin`).
    slug: &'static str,
    /// Where its spec is served: `<spec_base>/openapi.{json,yaml}` (`/<mount>`, `/__admin`).
    spec_base: String,
    title: String,
    /// Where the API is served on this server.
    mount: &'static str,
    spec: Value,
}

/// The specs of every API, ready to serve.
pub struct ApiDocs {
    apis: Vec<Documented>,
}

impl ApiDocs {
    /// Parses the embedded specs (of the generated table, [`crate::APIS`], and the admin API's) and
    /// points their first server at `public`.
    pub fn load(public: SocketAddr) -> Result<Self> {
        let mut apis: Vec<Documented> = crate::APIS
            .iter()
            .map(|api| {
                let mut spec = api.spec_value()?;
                let title = spec
                    .pointer("/info/title")
                    .and_then(Value::as_str)
                    .unwrap_or(api.name)
                    .to_owned();
                let here = json!({ "url": format!("http://{public}{}", api.path), "description": "This mock server" });
                match spec.get_mut("servers").and_then(Value::as_array_mut) {
                    Some(servers) => {
                        servers.retain(|server| server.get("url") != here.get("url"));
                        servers.insert(0, here);
                    }
                    None => {
                        if let Some(document) = spec.as_object_mut() {
                            document.insert("servers".to_owned(), json!([here]));
                        }
                    }
                }
                Ok(Documented {
                    slug: api.mount,
                    spec_base: format!("/{}", api.mount),
                    title,
                    mount: api.path,
                    spec,
                })
            })
            .collect::<Result<_>>()?;
        apis.push(admin(public)?);
        Ok(Self { apis })
    }

    /// `/docs`, `/docs/<api>`, and `/<api>/openapi.{json,yaml}` (each spec converted to the other
    /// format as needed).
    pub fn router(&self) -> Router {
        let index = get(Html(self.index_page()));
        let mut router = Router::new()
            .route("/docs", index.clone())
            .route("/docs/", index);
        for api in &self.apis {
            let yaml = serde_yaml_ng::to_string(&api.spec).unwrap_or_default();
            router = router.route(
                &format!("{}/openapi.yaml", api.spec_base),
                get(move || async move { ([(header::CONTENT_TYPE, "application/yaml")], yaml) }),
            );
            let json = api.spec.clone();
            router = router.route(
                &format!("{}/openapi.json", api.spec_base),
                get(move || async move { axum::Json(json) }),
            );
            // The page reads its own copy, with the code samples shown in each operation's text:
            // Swagger UI does not render `x-codeSamples` itself.
            let page_url = format!("/docs/{}/openapi.json", api.slug);
            // Deep links (`/docs/<api>/#/<tag>/<operationId>`) open an operation, its samples shown.
            let config = Config::new([page_url.clone()])
                .validator_url("none")
                .try_it_out_enabled(true)
                .display_operation_id(true)
                .deep_linking(true);
            let swagger = SwaggerUi::new(format!("/docs/{}", api.slug))
                .external_url_unchecked(page_url, with_samples_shown(api.spec.clone()))
                .config(config);
            router = router.merge(swagger);
        }
        router
    }

    /// The index: one link per API, with where it is served.
    fn index_page(&self) -> String {
        let items: String = self
            .apis
            .iter()
            .map(|api| {
                format!(
                    r#"<li><a href="/docs/{slug}/">{title}</a> — served at <code>{mount}</code>; spec <a href="{base}/openapi.yaml">YAML</a> · <a href="{base}/openapi.json">JSON</a></li>"#,
                    slug = api.slug,
                    base = api.spec_base,
                    title = escape(&api.title),
                    mount = api.mount,
                )
            })
            .collect();
        format!(
            r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>API documentation</title>
<style>body{{font-family:sans-serif;max-width:48rem;margin:3rem auto;line-height:1.6}}code{{background:#eee;padding:0 .2em}}</style>
</head><body><h1>API documentation</h1><ul>{items}</ul></body></html>"#
        )
    }
}

/// The admin API (`admin.yaml`), documented like the others; its server is this one's root.
fn admin(public: SocketAddr) -> Result<Documented> {
    let mut spec: Value = serde_yaml_ng::from_str(crate::admin::SPEC)?;
    let title = spec
        .pointer("/info/title")
        .and_then(Value::as_str)
        .unwrap_or("Admin API")
        .to_owned();
    if let Some(document) = spec.as_object_mut() {
        let here =
            json!([{ "url": format!("http://{public}"), "description": "This mock server" }]);
        document.insert("servers".to_owned(), here);
    }
    Ok(Documented {
        slug: "admin",
        spec_base: "/__admin".to_owned(),
        title,
        mount: "/__admin",
        spec,
    })
}

/// `spec` with each operation's `x-codeSamples` appended to its description as Markdown code blocks,
/// one per sample under its label, so that the documentation page shows them.
fn with_samples_shown(mut spec: Value) -> Value {
    let Some(paths) = spec.get_mut("paths").and_then(Value::as_object_mut) else {
        return spec;
    };
    let operations = paths
        .values_mut()
        .filter_map(Value::as_object_mut)
        .flat_map(|item| item.values_mut())
        .filter_map(Value::as_object_mut);
    for operation in operations {
        let Some(samples) = operation.get("x-codeSamples").and_then(Value::as_array) else {
            continue;
        };
        let mut text = String::from("\n\n#### Code samples\n");
        for sample in samples {
            let (Some(lang), Some(source)) = (
                sample.get("lang").and_then(Value::as_str),
                sample.get("source").and_then(Value::as_str),
            ) else {
                continue;
            };
            let label = sample.get("label").and_then(Value::as_str).unwrap_or(lang);
            let fence = if source.contains("```") {
                "~~~~"
            } else {
                "```"
            };
            text.push_str(&format!(
                "\n**{label}**\n\n{fence}{}\n{source}\n{fence}\n",
                lang.to_ascii_lowercase()
            ));
        }
        let description = operation
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        operation.insert("description".to_owned(), Value::String(description + &text));
    }
    spec
}

/// Minimal HTML escaping for text from the specs.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_samples_are_shown_in_the_operations_text() {
        let spec = json!({"paths": {"/a": {"get": {
            "description": "Gets a.",
            "x-codeSamples": [
                {"lang": "Shell", "label": "curl", "source": "curl http://x/a"},
                {"lang": "Rust", "source": "let a = client.a().await?;"}
            ]
        }, "post": {"description": "Posts a."}}}});
        let shown = with_samples_shown(spec);
        let text = shown
            .pointer("/paths/~1a/get/description")
            .and_then(Value::as_str)
            .unwrap();
        assert!(text.starts_with("Gets a.\n\n#### Code samples\n"), "{text}");
        assert!(
            text.contains("**curl**\n\n```shell\ncurl http://x/a\n```"),
            "{text}"
        );
        assert!(
            text.contains("**Rust**\n\n```rust\nlet a = client.a().await?;\n```"),
            "{text}"
        );
        assert_eq!(
            shown.pointer("/paths/~1a/post/description"),
            Some(&json!("Posts a."))
        );
    }
}
