//! Finding the operation for a method and path, from the spec's path templates.
//!
//! The generated routers match paths here rather than with axum's route table: templates that differ
//! only by parameter names, parameters inside a segment (`/{id}.json`), `/`, and a path also offered
//! with a trailing slash are all fine here, and nothing can make building the router panic. A path
//! that exists for other methods gets a 405 with `Allow`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use percent_encoding::percent_decode_str;

/// One path of the spec and the operations it has, by method (upper case).
#[derive(Debug)]
pub struct Route {
    pub template: &'static str,
    pub operations: &'static [(&'static str, usize)],
}

/// All the paths of an API, parsed on first use.
pub struct Routes {
    routes: &'static [Route],
    /// The service runs a path's operation whatever the method (the spec's `x-any-method`).
    any_method: bool,
    parsed: OnceLock<Parsed>,
}

/// The templates, parsed, and the paths of those without parameters.
struct Parsed {
    templates: Vec<Template>,
    /// A template without parameters (`get_user_info`, `pets/mine`: without the leading `/`) and
    /// its index. A path that is one of them, as it is written in most requests, is found by one
    /// lookup: no other template of its segments can match it with more literals.
    literal: HashMap<&'static str, usize>,
}

/// What a request reaches.
#[derive(Debug, PartialEq, Eq)]
pub enum Found {
    /// The operation (its index in the generated table) and the path parameters, decoded.
    Operation {
        index: usize,
        params: Vec<(String, String)>,
    },
    /// The path exists, not with this method; the methods it has, for `Allow`.
    MethodNotAllowed {
        allow: String,
    },
    NotFound,
}

#[derive(Debug)]
struct Template {
    segments: Vec<Segment>,
    literals: usize,
}

#[derive(Debug)]
enum Segment {
    Literal(String),
    /// `prefix{name}suffix`.
    Param {
        prefix: String,
        name: String,
        suffix: String,
    },
}

impl Routes {
    pub const fn new(routes: &'static [Route]) -> Self {
        Self {
            routes,
            any_method: false,
            parsed: OnceLock::new(),
        }
    }

    /// Routes whose operations answer every method, as some services do.
    pub const fn any_method(routes: &'static [Route]) -> Self {
        Self {
            routes,
            any_method: true,
            parsed: OnceLock::new(),
        }
    }

    /// The operation for `method` and `path` (a trailing slash is tolerated).
    pub fn find(&self, method: &str, path: &str) -> Found {
        let found = self.find_exact(method, path);
        match (&found, path.strip_suffix('/')) {
            (Found::NotFound, Some(trimmed)) if !trimmed.is_empty() => {
                self.find_exact(method, trimmed)
            }
            _ => found,
        }
    }

    fn find_exact(&self, method: &str, path: &str) -> Found {
        let parsed = self.parsed.get_or_init(|| self.parse());
        let request = path.trim_start_matches('/');
        // Escapes would be decoded before comparing: a path with none is compared as it is.
        let literal = (!request.contains('%'))
            .then(|| parsed.literal.get(request))
            .flatten();
        let best = match literal {
            Some(index) => Some((*index, Vec::new())),
            None => Self::best_match(&parsed.templates, request),
        };
        let Some((index, params)) = best else {
            return Found::NotFound;
        };
        let route = &self.routes[index];
        let method = if method == "HEAD" && !route.operations.iter().any(|(m, _)| *m == "HEAD") {
            "GET"
        } else {
            method
        };
        let operation = route.operations.iter().find(|(m, _)| *m == method);
        let operation = operation.or(route.operations.first().filter(|_| self.any_method));
        match operation {
            Some((_, operation)) => Found::Operation {
                index: *operation,
                params,
            },
            None => Found::MethodNotAllowed {
                allow: route
                    .operations
                    .iter()
                    .map(|(m, _)| *m)
                    .collect::<Vec<_>>()
                    .join(", "),
            },
        }
    }

    fn parse(&self) -> Parsed {
        let templates: Vec<Template> = self
            .routes
            .iter()
            .map(|r| Template::parse(r.template))
            .collect();
        let mut literal = HashMap::new();
        for (index, (route, template)) in self.routes.iter().zip(&templates).enumerate() {
            if template.literals == template.segments.len() {
                // The first of equal templates wins, as in `best_match`.
                literal
                    .entry(route.template.trim_start_matches('/'))
                    .or_insert(index);
            }
        }
        Parsed { templates, literal }
    }

    /// The template that matches `request` (the path without its leading `/`) with the most
    /// literal segments, and its parameters. The path's segments are decoded once (borrowed unless
    /// they hold escapes), then only templates of as many segments are tried. A segment that is
    /// not UTF-8 once decoded matches no literal and no parameter, so such a path matches nothing.
    fn best_match(templates: &[Template], request: &str) -> Option<(usize, Vec<(String, String)>)> {
        let segments = request
            .split('/')
            .map(|raw| percent_decode_str(raw).decode_utf8())
            .collect::<Result<Vec<Cow<str>>, _>>()
            .ok()?;
        let mut best: Option<(usize, Vec<(String, String)>)> = None;
        for (index, template) in templates.iter().enumerate() {
            if template.segments.len() != segments.len()
                || best
                    .as_ref()
                    .is_some_and(|(b, _)| templates[*b].literals >= template.literals)
            {
                continue;
            }
            if let Some(params) = template.matches(&segments) {
                best = Some((index, params));
            }
        }
        best
    }
}

impl Template {
    fn parse(template: &str) -> Self {
        let segments: Vec<Segment> = template
            .trim_start_matches('/')
            .split('/')
            .map(|segment| match (segment.find('{'), segment.rfind('}')) {
                (Some(open), Some(close)) if open < close => Segment::Param {
                    prefix: segment[..open].to_owned(),
                    name: segment[open + 1..close].to_owned(),
                    suffix: segment[close + 1..].to_owned(),
                },
                _ => Segment::Literal(segment.to_owned()),
            })
            .collect();
        let literals = segments
            .iter()
            .filter(|s| matches!(s, Segment::Literal(_)))
            .count();
        Self { segments, literals }
    }

    /// The parameters when the path's decoded `segments` (as many as the template's) match; nothing
    /// is allocated unless they match with parameters.
    fn matches(&self, segments: &[Cow<str>]) -> Option<Vec<(String, String)>> {
        let mut params = Vec::new();
        for (segment, decoded) in self.segments.iter().zip(segments) {
            match segment {
                Segment::Literal(literal) => {
                    if literal != decoded {
                        return None;
                    }
                }
                Segment::Param {
                    prefix,
                    name,
                    suffix,
                } => {
                    let value = decoded.strip_prefix(prefix.as_str())?;
                    let value = value.strip_suffix(suffix.as_str())?;
                    if value.is_empty() {
                        return None;
                    }
                    params.push((name.clone(), value.to_owned()));
                }
            }
        }
        Some(params)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static ROUTES: Routes = Routes::new(&[
        Route {
            template: "/",
            operations: &[("GET", 0)],
        },
        Route {
            template: "/pets",
            operations: &[("GET", 1), ("POST", 2)],
        },
        Route {
            template: "/pets/{petId}",
            operations: &[("GET", 3)],
        },
        Route {
            template: "/pets/mine",
            operations: &[("GET", 4)],
        },
        Route {
            template: "/pets/{id}/photos",
            operations: &[("PUT", 5)],
        },
        Route {
            template: "/files/{name}.json",
            operations: &[("GET", 6)],
        },
    ]);

    fn op(index: usize, params: &[(&str, &str)]) -> Found {
        Found::Operation {
            index,
            params: params
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    #[test]
    fn each_method_reaches_its_operation() {
        assert_eq!(ROUTES.find("GET", "/"), op(0, &[]));
        assert_eq!(ROUTES.find("GET", "/pets"), op(1, &[]));
        assert_eq!(ROUTES.find("POST", "/pets/"), op(2, &[]));
        assert_eq!(ROUTES.find("HEAD", "/pets"), op(1, &[]));
        assert_eq!(
            ROUTES.find("DELETE", "/pets"),
            Found::MethodNotAllowed {
                allow: "GET, POST".into()
            }
        );
    }

    #[test]
    fn templates_by_parameter_names_and_literals() {
        assert_eq!(ROUTES.find("GET", "/pets/7"), op(3, &[("petId", "7")]));
        assert_eq!(ROUTES.find("GET", "/pets/mine"), op(4, &[]));
        assert_eq!(
            ROUTES.find("PUT", "/pets/a%20b/photos"),
            op(5, &[("id", "a b")])
        );
        assert_eq!(
            ROUTES.find("GET", "/files/report.json"),
            op(6, &[("name", "report")])
        );
        assert_eq!(ROUTES.find("GET", "/files/report.xml"), Found::NotFound);
        assert_eq!(ROUTES.find("GET", "/nope"), Found::NotFound);
        assert_eq!(ROUTES.find("GET", "/pets//photos"), Found::NotFound);
    }

    #[test]
    fn escapes_are_decoded_before_comparing_and_undecodable_segments_match_nothing() {
        // A literal path written with escapes is the literal, not the parameter beside it.
        assert_eq!(ROUTES.find("GET", "/p%65ts/mi%6Ee"), op(4, &[]));
        assert_eq!(
            ROUTES.find("GET", "/pets/m%69n"),
            op(3, &[("petId", "min")])
        );
        assert_eq!(ROUTES.find("GET", "/pets/%FF"), Found::NotFound);
        assert_eq!(ROUTES.find("GET", "/%70ets"), op(1, &[]));
    }
}
