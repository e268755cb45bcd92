//! The mock inside a program, as a test would use it: start it, call an API, break the next call with
//! a fault, read the journal, and stop it by dropping the handle.
//!
//! `cargo run -p chatbot-openapi-mock --example in_process`

use mock_server::{Fault, MockServer, RequestFilter};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mock = MockServer::start().await?;
    println!("mock at {} (docs {}/docs)", mock.uri(), mock.uri());
    let url = format!(
        "{}/get_user_info?api_key={}&user_id=39",
        mock.xerochat_url(),
        mock.credentials().xerochat_admin_key
    );

    let user: serde_json::Value = reqwest::get(&url).await?.json().await?;
    println!("user 39 is {}", user["user_info"]["name"]);

    mock.add_fault(
        Fault::new("xerochat", "get_user_info")
            .times(1)
            .drop_connection(),
    )?;
    match reqwest::get(&url).await {
        Ok(response) => println!("unexpected answer {}", response.status()),
        Err(error) => println!("the fault dropped the connection: {error}"),
    }

    for entry in mock.requests(&RequestFilter::default())?.requests {
        println!(
            "{} {} {:?} -> {:?} (query {:?})",
            entry.method, entry.path, entry.operation, entry.status, entry.query
        );
    }
    Ok(())
}
