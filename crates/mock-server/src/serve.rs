//! Serving the app: the one place where the mock meets its sockets, used by the binary and by
//! [`MockServer`](crate::MockServer) alike, so limits on connections belong here.
//!
//! Each accepted connection carries a [`Connection`] switch in its requests' extensions
//! (`ConnectInfo<Connection>`): a fault that drops the connection flips it, and from then on the
//! socket refuses every write, so hyper closes it without sending a byte of the answer, as a crashed
//! upstream or a lost network would.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::extract::connect_info::Connected;
use axum::serve::{IncomingStream, Listener};
use axum::Router;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

/// Serves `app` on `listener` until `shutdown` resolves, then lets the requests in flight finish.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let listener = Droppable(listener);
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<Connection>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

/// A listener whose connections can be dropped from inside a request.
struct Droppable(TcpListener);

impl Listener for Droppable {
    type Io = Stream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Stream, SocketAddr) {
        let (io, addr) = Listener::accept(&mut self.0).await;
        let stream = Stream {
            io,
            dropped: Arc::new(AtomicBool::new(false)),
        };
        (stream, addr)
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        self.0.local_addr()
    }
}

/// An accepted socket that fails every operation once its connection is dropped.
struct Stream {
    io: TcpStream,
    dropped: Arc<AtomicBool>,
}

impl Stream {
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
        Pin::new(&mut self.io).poll_read(cx, buf)
    }
}

impl AsyncWrite for Stream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.check()?;
        Pin::new(&mut self.io).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.check()?;
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

/// The connection a request came on, as its `ConnectInfo`: its peer, and the switch that drops it.
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

impl Connected<IncomingStream<'_, Droppable>> for Connection {
    fn connect_info(stream: IncomingStream<'_, Droppable>) -> Self {
        Self {
            peer: *stream.remote_addr(),
            dropped: Arc::clone(&stream.io().dropped),
        }
    }
}
