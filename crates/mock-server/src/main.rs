//! `mock-server`: serves both APIs and their documentation on one address. See the crate docs.

use std::net::SocketAddr;
use std::process::ExitCode;

use clap::Parser;
use mock_server::Credentials;
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(about = "Serves the XeroChat and Bot Open API mocks and their documentation")]
struct Cli {
    /// Address to listen on.
    #[arg(long, env = "MOCK_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// XeroChat API key of the admin user (id 1).
    #[arg(long, env = "XEROCHAT_ADMIN_KEY", default_value = mock_server::DEFAULT_XEROCHAT_ADMIN_KEY)]
    xerochat_admin_key: String,
    /// XeroChat API key of the member user (id 39).
    #[arg(long, env = "XEROCHAT_MEMBER_KEY", default_value = mock_server::DEFAULT_XEROCHAT_MEMBER_KEY)]
    xerochat_member_key: String,
    /// Bot Open API appId.
    #[arg(long, env = "BOT_APP_ID", default_value = mock_server::DEFAULT_BOT_APP_ID)]
    bot_app_id: String,
    /// Bot Open API appSecret.
    #[arg(long, env = "BOT_APP_SECRET", default_value = mock_server::DEFAULT_BOT_APP_SECRET)]
    bot_app_secret: String,
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        // Logs on stderr; stdout carries only the start-up banner, which scripts read.
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match serve(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("mock-server: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(cli: Cli) -> anyhow::Result<()> {
    let credentials = Credentials {
        xerochat_admin_key: cli.xerochat_admin_key,
        xerochat_member_key: cli.xerochat_member_key,
        bot_app_id: cli.bot_app_id,
        bot_app_secret: cli.bot_app_secret,
    };
    let listener = tokio::net::TcpListener::bind(cli.addr)
        .await
        .map_err(|error| anyhow::anyhow!("cannot listen on {}: {error}", cli.addr))?;
    let addr = listener.local_addr()?;
    let app = mock_server::app(&credentials, addr)?;
    println!("mock-server listening on http://{addr}");
    println!(
        "  XeroChat API     http://{addr}/xerochat/api/   admin key {}  member key {}",
        credentials.xerochat_admin_key, credentials.xerochat_member_key
    );
    println!(
        "  Bot Open API     http://{addr}/bot/            appId {}  appSecret {}",
        credentials.bot_app_id, credentials.bot_app_secret
    );
    println!("  documentation    http://{addr}/docs");
    println!("  specs            http://{addr}/xerochat/openapi.yaml  http://{addr}/bot/openapi.yaml (.json too)");
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    println!("mock-server stopped");
    Ok(())
}

/// Resolves on Ctrl-C (or SIGTERM), letting in-flight requests finish.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
