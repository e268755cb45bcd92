//! The in-memory XeroChat on `127.0.0.1:8080/api` (or the address given as the first argument), as a
//! stand-in for the hosted service:
//!
//! ```sh
//! cargo run -p xerochat-server --example serve_xerochat
//! curl 'http://127.0.0.1:8080/api/get_user_info?api_key=1-demoadminkey&user_id=39'
//! ```

use xerochat_server::{router, InMemoryXeroChat};

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8080".to_owned());
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("XeroChat at http://{}/api", listener.local_addr()?);
    let app = axum::Router::new().nest("/api", router(InMemoryXeroChat::seeded()));
    axum::serve(listener, app).await
}
