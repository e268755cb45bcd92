//! `mock-server`: serves every API of the workspace and their documentation on one address. See the
//! crate docs.

use std::net::SocketAddr;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use mock_server::Credentials;
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(about = "Serves the mocks of every API of the workspace and their documentation")]
struct Cli {
    /// Without a command: serve the mocks.
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    serve: ServeArgs,
}

#[derive(Subcommand)]
enum Command {
    /// Forward each API to its real service and report where the service and its spec disagree.
    Proxy(mock_server::proxy::ProxyArgs),
}

#[derive(clap::Args)]
struct ServeArgs {
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
    let done = match cli.command {
        Some(Command::Proxy(args)) => match shutdown_signal() {
            Ok(shutdown) => mock_server::proxy::run(args, shutdown).await,
            Err(error) => Err(error),
        },
        None => serve(cli.serve).await,
    };
    match done {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("mock-server: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(cli: ServeArgs) -> anyhow::Result<()> {
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
    let shutdown = shutdown_signal()?;
    let mut banner = format!("mock-server listening on http://{addr}\n");
    for api in mock_server::APIS {
        banner.push_str(&format!(
            "  {:<16} http://{addr}{}/   spec http://{addr}/{}/openapi.yaml (.json too)\n",
            api.name, api.path, api.mount
        ));
    }
    banner.push_str(&format!(
        "  documentation    http://{addr}/docs\n\
         \x20 credentials      XeroChat admin key {}  member key {}; Bot Open API appId {}  appSecret {}\n",
        credentials.xerochat_admin_key,
        credentials.xerochat_member_key,
        credentials.bot_app_id,
        credentials.bot_app_secret,
    ));
    say(&banner);
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await?;
    say("mock-server stopped\n");
    Ok(())
}

/// Writes to stdout, ignoring a closed stdout: whoever started the server may stop reading after the
/// banner's first line, and that must not stop the server.
fn say(text: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
}

/// A future that resolves on Ctrl-C or SIGTERM, letting in-flight requests finish. The handlers are
/// installed here, before the banner says the server is up, so a signal sent right after is not lost.
#[cfg(unix)]
fn shutdown_signal() -> anyhow::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {},
            _ = terminate.recv() => {},
        }
        tracing::info!("shutting down");
    })
}

/// A future that resolves on Ctrl-C, letting in-flight requests finish.
#[cfg(not(unix))]
fn shutdown_signal() -> anyhow::Result<impl std::future::Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
        tracing::info!("shutting down");
    })
}
