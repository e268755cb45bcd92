//! Serving the app: the one place where the mock meets its sockets, used by the binary and by
//! [`MockServer`](crate::MockServer) alike, and where the limits that keep a misbehaving client from
//! holding the server hostage live ([`Limits`]).
//!
//! Each accepted connection has a [`Connection`] switch, handed to the app with each of its
//! requests: a fault that drops the connection flips it, and from then on the socket refuses every
//! write, so hyper closes it without sending a byte of the answer, as a crashed upstream or a lost
//! network would.

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{ready, Context, Poll};
use std::time::Duration;

use axum::body::Body;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::time::{Instant, Sleep};
use tower_http::timeout::TimeoutBody;

use crate::App;

/// How long and how many: what a client may hold of the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// A request's head must arrive whole within this time (a client that sends nothing, or
    /// dribbles its headers, is cut off).
    pub header_read_timeout: Duration,
    /// A connection silent this long between requests is closed. A request being answered does not
    /// count as silence (a delay fault may take longer); its body has the body-read timeout.
    pub idle_timeout: Duration,
    /// A request body must arrive whole within this time.
    pub body_read_timeout: Duration,
    /// Connections served at once; more wait in the listen backlog until one closes.
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            header_read_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
            body_read_timeout: Duration::from_secs(30),
            max_connections: 1024,
        }
    }
}

/// Serves `app` on `listener` within `limits` until `shutdown` resolves, then lets the requests in
/// flight finish.
pub async fn serve(
    listener: TcpListener,
    app: App,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    let builder = Arc::new(builder);
    let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = Arc::clone(&permits).acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (socket, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors, a connection reset before accept: keep serving.
                    tracing::debug!(%error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = socket.set_nodelay(true);
        let dropped = Arc::new(AtomicBool::new(false));
        let answering = Arc::new(AtomicUsize::new(0));
        let connection = Connection {
            peer,
            dropped: Arc::clone(&dropped),
        };
        // A socket that never sends a byte is cut off by the header timeout: the version detection
        // that comes before hyper's own header timer would otherwise wait for it forever.
        let first_byte = limits.header_read_timeout.min(limits.idle_timeout);
        let stream = Stream::new(
            socket,
            dropped,
            Arc::clone(&answering),
            first_byte,
            limits.idle_timeout,
        );
        let app = app.clone();
        let body_timeout = limits.body_read_timeout;
        // Each request is answered with its connection (for a fault that drops it), and its body
        // must arrive within the body-read timeout.
        let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
            let (app, connection) = (app.clone(), connection.clone());
            let request = request.map(|body| Body::new(TimeoutBody::new(body_timeout, body)));
            let answering = Answering::start(&answering);
            async move {
                let response = app.answer(request, Some(&connection)).await;
                drop(answering);
                Ok::<_, Infallible>(response)
            }
        });
        let builder = Arc::clone(&builder);
        let watched = graceful.watch(
            builder
                .serve_connection_with_upgrades(TokioIo::new(stream), service)
                .into_owned(),
        );
        tokio::spawn(async move {
            if let Err(error) = watched.await {
                tracing::debug!(%peer, error = %error, "connection ended with an error");
            }
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// An accepted socket that fails every operation once its connection is dropped, and fails a read
/// that has waited `idle` since the socket last carried a byte while no request was being answered.
struct Stream {
    io: TcpStream,
    dropped: Arc<AtomicBool>,
    /// How many of its requests are being answered: a slow answer (a delay fault, say) is not idleness.
    answering: Arc<AtomicUsize>,
    idle: Duration,
    /// When the socket last carried a byte; `None` before the first.
    last: Option<Instant>,
    /// When a waiting read is checked for idleness. Armed at most once per wait, not on every
    /// byte: when it fires after recent traffic it is moved to `last + idle`.
    deadline: Pin<Box<Sleep>>,
}

impl Stream {
    /// `first` is how long the socket may stay silent before its first byte, `idle` after it.
    fn new(
        io: TcpStream,
        dropped: Arc<AtomicBool>,
        answering: Arc<AtomicUsize>,
        first: Duration,
        idle: Duration,
    ) -> Self {
        Self {
            io,
            dropped,
            answering,
            idle,
            last: None,
            deadline: Box::pin(tokio::time::sleep(first)),
        }
    }

    /// The socket carried a byte: the idle clock starts again.
    fn active(&mut self) {
        self.last = Some(Instant::now());
    }

    /// Ready once the socket has been silent too long: `first` before its first byte, `idle` since
    /// its last one, not counting the time a request is being answered.
    fn poll_idle(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        loop {
            ready!(self.deadline.as_mut().poll(cx));
            let now = Instant::now();
            if self.answering.load(Ordering::Acquire) > 0 {
                self.last = Some(now);
            }
            match self.last.map(|last| last + self.idle) {
                Some(due) if due > now => self.deadline.as_mut().reset(due),
                _ => return Poll::Ready(()),
            }
        }
    }

    fn check(&self) -> io::Result<()> {
        if self.dropped.load(Ordering::Acquire) {
            Err(io::Error::new(
                io::ErrorKind::ConnectionAborted,
                "dropped by a fault",
            ))
        } else {
            Ok(())
        }
    }
}

impl AsyncRead for Stream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        self.check()?;
        let before = buf.filled().len();
        match Pin::new(&mut self.io).poll_read(cx, buf) {
            Poll::Ready(result) => {
                if buf.filled().len() > before {
                    self.active();
                }
                Poll::Ready(result)
            }
            Poll::Pending => {
                ready!(self.poll_idle(cx));
                Poll::Ready(Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    "the connection was idle too long",
                )))
            }
        }
    }
}

impl AsyncWrite for Stream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.check()?;
        let written = ready!(Pin::new(&mut self.io).poll_write(cx, buf))?;
        self.active();
        Poll::Ready(Ok(written))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.check()?;
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

/// A request being answered on a connection, counted while it lives.
struct Answering(Arc<AtomicUsize>);

impl Answering {
    fn start(count: &Arc<AtomicUsize>) -> Self {
        count.fetch_add(1, Ordering::AcqRel);
        Self(Arc::clone(count))
    }
}

impl Drop for Answering {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// The connection a request came on: its peer, and the switch that drops it.
#[derive(Clone, Debug)]
pub struct Connection {
    /// The client's address.
    pub peer: SocketAddr,
    dropped: Arc<AtomicBool>,
}

impl Connection {
    /// Drops the connection: nothing more is written to it (the answer in progress included), and
    /// the server closes it.
    pub fn drop_connection(&self) {
        self.dropped.store(true, Ordering::Release);
    }
}
