//! `mock-server`: serves every API of the workspace, their documentation and the admin API on one
//! address. See the crate docs.

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use mock_server::{log_format, log_writer, Config, Credentials, Limits};
use tracing_subscriber::EnvFilter;

/// Many small allocations per request: mimalloc serves them faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    version,
    about = "Serves the mocks of every API of the workspace, their documentation and an admin API",
    after_help = "Logs go to stderr (filter with RUST_LOG, e.g. RUST_LOG=debug); stdout carries only the start-up banner."
)]
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
    #[arg(long, env = "BOT_APP_SECRET", default_value = mock_server::DEFAULT_BOT_APP_SECRET, hide_env_values = true)]
    bot_app_secret: String,
    /// Lifetime of the Bot Open API's tokens: a number with a unit (`ms`, `s`, `m`, `h`; seconds
    /// without one).
    #[arg(long, env = "MOCK_TOKEN_LIFETIME", default_value = "1h", value_parser = parse_duration)]
    token_lifetime: Duration,
    /// Start an API from a fixture instead of its seed: `API=FILE` (the API's mount or name; the
    /// file JSON, or YAML by its extension). Repeatable; separate several in the variable with `,`.
    #[arg(long = "fixture", env = "MOCK_FIXTURES", value_name = "API=FILE", value_delimiter = ',', value_parser = parse_fixture)]
    fixtures: Vec<(String, PathBuf)>,
    /// How many requests the journal keeps (the oldest are dropped first).
    #[arg(long, env = "MOCK_JOURNAL_CAPACITY", default_value_t = mock_server::journal::DEFAULT_CAPACITY)]
    journal_capacity: usize,
    /// A request's head must arrive whole within this time, or the connection is closed.
    #[arg(long, env = "MOCK_HEADER_READ_TIMEOUT", default_value = "10s", value_parser = parse_duration)]
    header_read_timeout: Duration,
    /// A connection silent this long between requests is closed (a slow answer, such as a delay
    /// fault, is not silence).
    #[arg(long, env = "MOCK_IDLE_TIMEOUT", default_value = "60s", value_parser = parse_duration)]
    idle_timeout: Duration,
    /// A request body must arrive whole within this time.
    #[arg(long, env = "MOCK_BODY_READ_TIMEOUT", default_value = "30s", value_parser = parse_duration)]
    body_read_timeout: Duration,
    /// Connections served at once; more wait until one closes.
    #[arg(long, env = "MOCK_MAX_CONNECTIONS", default_value_t = 1024)]
    max_connections: usize,
    /// Log format on stderr.
    #[arg(long, env = "MOCK_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    log_format: LogFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum LogFormat {
    /// One human-readable line per event; coloured only when stderr is a terminal.
    Text,
    /// One JSON object per event.
    Json,
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let _logs = match init_logging(cli.serve.log_format) {
        Ok(guard) => guard,
        Err(error) => {
            eprintln!("mock-server: cannot start the thread that writes the logs: {error}");
            return ExitCode::FAILURE;
        }
    };
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

/// Logs on stderr; stdout carries only the start-up banner, which scripts read. Colour only where
/// a person reads it (a terminal, and no `NO_COLOR`).
///
/// Lines are formatted on the request's thread and written in batches by a thread of their own
/// ([`mock_server::log_writer`]), so a request never waits on a write to the terminal or file and
/// none is dropped. The returned guard writes what is waiting when `main` ends.
fn init_logging(format: LogFormat) -> std::io::Result<log_writer::FlushGuard> {
    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let (writer, guard) = log_writer::batched(std::io::stderr())?;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer);
    match format {
        LogFormat::Text => builder
            .with_ansi(colour)
            .event_format(log_format::LineFormat { ansi: colour })
            .init(),
        LogFormat::Json => builder.json().with_ansi(false).init(),
    }
    Ok(guard)
}

async fn serve(cli: ServeArgs) -> anyhow::Result<()> {
    let credentials = Credentials {
        xerochat_admin_key: cli.xerochat_admin_key,
        xerochat_member_key: cli.xerochat_member_key,
        bot_app_id: cli.bot_app_id,
        bot_app_secret: cli.bot_app_secret,
    };
    let mut fixtures = Vec::new();
    for (api, file) in cli.fixtures {
        fixtures.push((api, read_fixture(&file)?));
    }
    let config = Config {
        credentials,
        token_lifetime: cli.token_lifetime,
        fixtures,
        journal_capacity: cli.journal_capacity,
        limits: Limits {
            header_read_timeout: cli.header_read_timeout,
            idle_timeout: cli.idle_timeout,
            body_read_timeout: cli.body_read_timeout,
            max_connections: cli.max_connections,
        },
    };
    let listener = tokio::net::TcpListener::bind(cli.addr)
        .await
        .map_err(|error| anyhow::anyhow!("cannot listen on {}: {error}", cli.addr))?;
    let addr = listener.local_addr()?;
    let (app, _control) = mock_server::build(&config, addr)?;
    let shutdown = shutdown_signal()?;
    say(&banner(addr, &config.credentials));
    mock_server::serve(listener, app, config.limits, shutdown).await?;
    say("mock-server stopped\n");
    Ok(())
}

/// What the server says on start: where everything is. Credentials are shown only when they are
/// the documented defaults; credentials of one's own stay out of the terminal and the logs.
fn banner(addr: SocketAddr, credentials: &Credentials) -> String {
    let mut banner = format!("mock-server listening on http://{addr}\n");
    for api in mock_server::APIS {
        banner.push_str(&format!(
            "  {:<16} http://{addr}{}/   spec http://{addr}/{}/openapi.yaml (.json too)\n",
            api.name, api.path, api.mount
        ));
    }
    banner.push_str(&format!(
        "  documentation    http://{addr}/docs\n  admin API        http://{addr}/__admin/ (health http://{addr}/health)\n"
    ));
    if credentials.are_defaults() {
        banner.push_str(&format!(
            "  credentials      XeroChat admin key {}  member key {}; Bot Open API appId {}  appSecret {}\n",
            credentials.xerochat_admin_key,
            credentials.xerochat_member_key,
            credentials.bot_app_id,
            credentials.bot_app_secret,
        ));
    } else {
        banner.push_str("  credentials      as given by flags or environment (not shown)\n");
    }
    banner
}

/// A fixture file: JSON, or YAML when its name ends in `.yaml` or `.yml`.
fn read_fixture(file: &PathBuf) -> anyhow::Result<serde_json::Value> {
    let text = std::fs::read_to_string(file)
        .with_context(|| format!("reading the fixture {}", file.display()))?;
    let yaml = file
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("yaml") || ext.eq_ignore_ascii_case("yml"));
    let value = if yaml {
        serde_yaml_ng::from_str(&text).map_err(anyhow::Error::from)
    } else {
        serde_json::from_str(&text).map_err(anyhow::Error::from)
    };
    value.with_context(|| format!("the fixture {} does not parse", file.display()))
}

/// `API=FILE`.
fn parse_fixture(text: &str) -> Result<(String, PathBuf), String> {
    let (api, file) = text
        .split_once('=')
        .ok_or_else(|| format!("`{text}` is not API=FILE"))?;
    if api.is_empty() || file.is_empty() {
        return Err(format!("`{text}` is not API=FILE"));
    }
    Ok((api.to_owned(), PathBuf::from(file)))
}

/// `90`, `90s`, `1500ms`, `15m`, `2h`.
fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a duration such as 90s, 15m or 1h"))?;
    let seconds = |factor: u64| Duration::from_secs(number.saturating_mul(factor));
    match unit.trim() {
        "" | "s" => Ok(seconds(1)),
        "ms" => Ok(Duration::from_millis(number)),
        "m" => Ok(seconds(60)),
        "h" => Ok(seconds(3600)),
        other => Err(format!(
            "unknown unit `{other}` in `{text}` (ms, s, m or h)"
        )),
    }
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
fn shutdown_signal() -> anyhow::Result<impl std::future::Future<Output = ()> + Send + 'static> {
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
fn shutdown_signal() -> anyhow::Result<impl std::future::Future<Output = ()> + Send + 'static> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
        tracing::info!("shutting down");
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_with_or_without_a_unit() {
        assert_eq!(parse_duration("90"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("1500ms"), Ok(Duration::from_millis(1500)));
        assert_eq!(parse_duration("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(parse_duration("2h"), Ok(Duration::from_secs(7200)));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("5d").is_err());
    }

    #[test]
    fn fixtures_read_as_api_equals_file() {
        assert_eq!(
            parse_fixture("bot=state.json"),
            Ok(("bot".to_owned(), PathBuf::from("state.json")))
        );
        assert!(parse_fixture("state.json").is_err());
        assert!(parse_fixture("=x").is_err());
    }

    #[test]
    fn the_banner_hides_credentials_of_ones_own() {
        let addr: SocketAddr = "127.0.0.1:1".parse().unwrap();
        let own = Credentials {
            bot_app_secret: "s3cret-of-mine".to_owned(),
            ..Credentials::default()
        };
        assert!(!banner(addr, &own).contains("s3cret-of-mine"));
        assert!(banner(addr, &Credentials::default()).contains(mock_server::DEFAULT_BOT_APP_SECRET));
    }
}
