//! Two servers for the throughput benchmark (`scripts/bench-throughput.sh`), side by side in one process:
//!
//! - the generated XeroChat router with the in-memory reference implementation, and
//! - a hand-written axum handler for `/get_user_info` that answers the same JSON for the same request.
//!
//! Prints `generated <url>` and `handwritten <url>` and serves until killed.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::Value;
use xerochat_server::reference::InMemoryXeroChat;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let generated = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let handwritten = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    // Both at the root, as a service built on either would mount them.
    let generated_app = xerochat_server::router(InMemoryXeroChat::seeded());

    // The hand-written side answers what the reference answers, fetched once through the generated side.
    let url = format!(
        "http://{}/get_user_info?api_key=1-demoadminkey&user_id=39",
        generated.local_addr()?
    );
    println!(
        "generated http://{}/get_user_info?api_key=1-demoadminkey&user_id=39",
        generated.local_addr()?
    );
    println!(
        "handwritten http://{}/get_user_info?api_key=1-demoadminkey&user_id=39",
        handwritten.local_addr()?
    );
    let served = tokio::spawn(async move { axum::serve(generated, generated_app).await });
    let answer: Value = reqwest::get(&url).await?.json().await?;
    let handwritten_app = Router::new()
        .route("/get_user_info", get(user_info))
        .with_state(Arc::new(answer));
    axum::serve(handwritten, handwritten_app).await?;
    served.await??;
    Ok(())
}

/// What a hand-written server would do: read the query, check the key, answer the user as JSON.
async fn user_info(
    State(user): State<Arc<Value>>,
    Query(query): Query<HashMap<String, String>>,
) -> Json<Value> {
    let known = query
        .get("api_key")
        .is_some_and(|key| key == "1-demoadminkey")
        && query.get("user_id").is_some_and(|id| id == "39");
    if known {
        Json(Value::clone(&user))
    } else {
        Json(serde_json::json!({ "status": "error", "message": "No Matching User Found" }))
    }
}
