//! `mock-server proxy`: its flags, and running it until Ctrl-C, then printing the summary.

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;

use super::{Proxy, ProxyConfig, REPORT_PATH};

/// Forward every API to its real service and report where the service and the spec disagree.
#[derive(Debug, clap::Args)]
pub struct ProxyArgs {
    /// `API=URL`: forward the API (its name or mount: `xerochat`, `bot`) to the service at URL, which
    /// stands for the spec's first server URL (`xerochat=https://cytechbot.com/api`). Repeatable;
    /// separate several in the variable with `,`.
    #[arg(long = "upstream", env = "MOCK_PROXY_UPSTREAMS", value_name = "API=URL", required = true, value_delimiter = ',', value_parser = upstream)]
    pub upstreams: Vec<(String, String)>,
    /// Address to listen on.
    #[arg(long, env = "MOCK_PROXY_ADDR", default_value = "127.0.0.1:8081")]
    pub addr: SocketAddr,
    /// The report: one JSON line per finding (created, or truncated).
    #[arg(long, env = "MOCK_PROXY_REPORT", default_value = "drift.jsonl")]
    pub report: PathBuf,
    /// Write each exchange (credentials blanked) as a JSON file into this directory, for
    /// `cargo xtask examples import`.
    #[arg(long, env = "MOCK_PROXY_RECORD", value_name = "DIR")]
    pub record: Option<PathBuf>,
}

fn upstream(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, url)) if !name.is_empty() && !url.is_empty() => {
            Ok((name.to_owned(), url.to_owned()))
        }
        _ => Err("expected API=URL, e.g. xerochat=https://cytechbot.com/api".to_owned()),
    }
}

/// Runs the proxy until `shutdown` resolves; then prints the summary per operation on stdout.
pub async fn run(
    args: ProxyArgs,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let proxy = Proxy::new(&ProxyConfig {
        upstreams: args.upstreams,
        report: args.report.clone(),
        record: args.record.clone(),
    })?;
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .with_context(|| format!("cannot listen on {}", args.addr))?;
    let addr = listener.local_addr()?;
    let mut banner = format!("mock-server proxy listening on http://{addr}\n");
    for (name, path, base) in proxy.routes() {
        banner.push_str(&format!("  {name:<16} http://{addr}{path}/  ->  {base}/\n"));
    }
    banner.push_str(&format!(
        "  report           {} (summary at http://{addr}{REPORT_PATH})\n",
        args.report.display()
    ));
    if let Some(dir) = &args.record {
        banner.push_str(&format!("  recordings       {}\n", dir.display()));
    }
    say(&banner);
    axum::serve(listener, proxy.router())
        .with_graceful_shutdown(shutdown)
        .await?;
    proxy.settle().await;
    say(&proxy.summary_text());
    Ok(())
}

/// Writes to stdout, ignoring a closed stdout (whoever started the proxy may stop reading).
fn say(text: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
}
