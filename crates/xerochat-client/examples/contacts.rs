//! Creates a contact group and a contact, reads the contact back, and shows a documented refusal.
//!
//! Against the workspace's mock server:
//!
//! ```sh
//! cargo run -p chatbot-openapi-mock -- --addr 127.0.0.1:8080 &
//! cargo run -p xerochat-client --example contacts -- --base-url http://127.0.0.1:8080/xerochat/api
//! ```
//!
//! `--api-key` defaults to the mock's member key; the `XEROCHAT_API_KEY` variable overrides it too.

use std::error::Error;
use std::time::Duration;

use xerochat_client::{ContactId, NewContact, RetryPolicy, ServiceMessage, XeroChat};

/// The mock server's seeded member key.
const MOCK_MEMBER_KEY: &str = "39-demomemberkey";

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let mut base_url = None;
    let mut api_key = std::env::var("XEROCHAT_API_KEY").ok();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--base-url" => base_url = args.next(),
            "--api-key" => api_key = args.next(),
            other => return Err(format!("unknown argument `{other}`").into()),
        }
    }
    let base_url = base_url.ok_or("usage: contacts --base-url URL [--api-key KEY]")?;
    let summary = run(&base_url, api_key.as_deref().unwrap_or(MOCK_MEMBER_KEY)).await?;
    println!("{summary}");
    Ok(())
}

/// The example itself; returns what it found, one line per step.
pub async fn run(base_url: &str, api_key: &str) -> Result<String, Box<dyn Error>> {
    let xerochat = XeroChat::builder(base_url, api_key)
        .timeout(Some(Duration::from_secs(10)))
        .retry_policy(RetryPolicy::default().max_attempts(4))
        .build()?;
    let mut lines = Vec::new();

    let group = xerochat
        .create_contact_group("Newsletter (example)")
        .await?;
    lines.push(format!("created contact group {group}"));

    // The id `create_contact_group` returned is passed on as it is: no parsing, no mix-ups.
    let contact = xerochat
        .create_contact(&NewContact {
            email: Some("ana.example@example.com".into()),
            first_name: Some("Ana".into()),
            ..NewContact::in_group(group)
        })
        .await?;
    let row = xerochat.get_contact(contact).await?;
    lines.push(format!(
        "contact {} is {} <{}>",
        row.id,
        row.first_name,
        row.email.as_deref().unwrap_or("-")
    ));

    // A documented refusal is a variant to match, not a string to compare.
    match xerochat.get_contact(ContactId::new(999_999)).await {
        Err(error) if error.service_message() == Some(&ServiceMessage::ContactIdDoesNotExist) => {
            lines.push("contact 999999 does not exist, as expected".to_owned());
        }
        Err(error) => return Err(error.into()),
        Ok(_) => return Err("contact 999999 should not exist".into()),
    }
    Ok(lines.join("\n"))
}
