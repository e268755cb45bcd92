//! The in-memory Bot Open API on `127.0.0.1:8080` (or the address given as the first argument), with
//! tokens living as many seconds as the second argument says (an hour without it):
//!
//! ```sh
//! cargo run -p bot-open-api-server --example serve_bot -- 127.0.0.1:8080 60
//! curl -X POST http://127.0.0.1:8080/login -H 'content-type: application/json' \
//!      -d '{"appId":"demo-app","appSecret":"demo-secret"}'
//! ```

use std::time::Duration;

use bot_open_api_server::{router, BotConfig, InMemoryBot};

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:8080".to_owned());
    let lifetime = args.next().and_then(|seconds| seconds.parse().ok()).map_or(
        bot_open_api_server::reference::DEFAULT_TOKEN_LIFETIME,
        Duration::from_secs,
    );
    let bot = InMemoryBot::new(BotConfig {
        token_lifetime: lifetime,
        ..BotConfig::default()
    });
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("Bot Open API at http://{}", listener.local_addr()?);
    axum::serve(listener, router(bot)).await
}
