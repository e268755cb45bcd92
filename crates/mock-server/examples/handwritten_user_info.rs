//! The yardstick of the throughput benchmark (`scripts/bench-throughput.sh`): a hand-written axum
//! server answering `GET /xerochat/api/get_user_info` with the same JSON the shipped mock answers, for
//! the same request, as a team would write it by hand.
//!
//! Usage: `handwritten_user_info ADDR ANSWER_URL` — fetches the answer once from `ANSWER_URL` (the
//! running mock), then serves it on `ADDR` until killed.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::Value;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(addr), Some(answer_url)) = (args.next(), args.next()) else {
        anyhow::bail!("usage: handwritten_user_info ADDR ANSWER_URL");
    };
    let answer: Value = reqwest::get(&answer_url).await?.json().await?;
    let app = Router::new()
        .route("/xerochat/api/get_user_info", get(user_info))
        .with_state(Arc::new(answer));
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("handwritten http://{}", listener.local_addr()?);
    axum::serve(listener, app).await?;
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
