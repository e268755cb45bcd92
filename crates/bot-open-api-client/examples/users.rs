//! Logs in, reads a month's usage, then walks every page of the week's WhatsApp users and the
//! transcript of the first one.
//!
//! Against the workspace's mock server:
//!
//! ```sh
//! cargo run -p chatbot-openapi-mock -- --addr 127.0.0.1:8080 &
//! cargo run -p bot-open-api-client --example users -- --base-url http://127.0.0.1:8080/bot
//! ```
//!
//! `--app-id` and `--app-secret` default to the mock's; `BOT_APP_ID` and `BOT_APP_SECRET` override
//! them too.

use std::error::Error;
use std::time::Duration;

use bot_open_api_client::{BotClient, ChannelId, TranscriptQuery, UserQuery};
use chrono::{Datelike, TimeDelta, Utc};
use futures::TryStreamExt;

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let mut base_url = None;
    let mut app_id = std::env::var("BOT_APP_ID").unwrap_or_else(|_| "demo-app".into());
    let mut app_secret = std::env::var("BOT_APP_SECRET").unwrap_or_else(|_| "demo-secret".into());
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--base-url", value) => base_url = value,
            ("--app-id", Some(value)) => app_id = value,
            ("--app-secret", Some(value)) => app_secret = value,
            (other, _) => return Err(format!("unknown argument `{other}`").into()),
        }
    }
    let base_url =
        base_url.ok_or("usage: users --base-url URL [--app-id ID --app-secret SECRET]")?;
    println!("{}", run(&base_url, &app_id, &app_secret).await?);
    Ok(())
}

/// The example itself; returns what it found, one line per step.
pub async fn run(base_url: &str, app_id: &str, app_secret: &str) -> Result<String, Box<dyn Error>> {
    let bot = BotClient::builder(base_url, app_id, app_secret)
        .timeout(Some(Duration::from_secs(10)))
        .build()?;
    // Optional: check the credentials now rather than on the first call.
    bot.login().await?;
    let mut lines = Vec::new();

    let now = Utc::now();
    let usage = bot
        .bot_usage(now.year(), now.month(), ChannelId::Whatsapp)
        .await?;
    lines.push(format!(
        "this month: {} messages from {} users",
        usage.total_messages, usage.total_users
    ));

    let query = UserQuery::new([ChannelId::Whatsapp]).between(now - TimeDelta::days(7), now)?;
    let users: Vec<_> = bot.users(query).try_collect().await?;
    lines.push(format!("{} WhatsApp users this week", users.len()));

    if let Some(phone) = users.iter().find_map(|user| user.bot_user_id.clone()) {
        let messages: Vec<_> = bot
            .transcripts(TranscriptQuery::new(phone.clone(), ChannelId::Whatsapp))
            .try_collect()
            .await?;
        let latest = messages
            .iter()
            .filter_map(|message| message.created())
            .max();
        lines.push(format!(
            "{phone}: {} messages, the latest at {}",
            messages.len(),
            latest.map_or_else(|| "-".to_owned(), |at| at.to_rfc3339())
        ));
    }
    Ok(lines.join("\n"))
}
