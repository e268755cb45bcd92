//! The route table the generated routers use: templates that differ by parameter names, parameters
//! inside a segment, and a 405 with the allowed methods for a path that exists.
//!
//! `cargo run -p chatbot-openapi-server-support --example routes`

use chatbot_openapi_server_support::{Found, Route, Routes};

static ROUTES: Routes = Routes::new(&[
    Route {
        template: "/pets",
        operations: &[("GET", 0), ("POST", 1)],
    },
    Route {
        template: "/pets/{petId}",
        operations: &[("GET", 2)],
    },
    Route {
        template: "/files/{name}.json",
        operations: &[("GET", 3)],
    },
]);

fn main() {
    for (method, path) in [
        ("GET", "/pets"),
        ("GET", "/pets/7"),
        ("GET", "/files/report.json"),
        ("DELETE", "/pets"),
        ("GET", "/nowhere"),
    ] {
        let found = match ROUTES.find(method, path) {
            Found::Operation { index, params } => format!("operation {index} with {params:?}"),
            Found::MethodNotAllowed { allow } => format!("405, Allow: {allow}"),
            Found::NotFound => "404".to_owned(),
        };
        println!("{method:6} {path:20} -> {found}");
    }
}
