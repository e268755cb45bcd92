//! The mock's limits, over real sockets: a client that sends nothing, dribbles its head, idles, stalls
//! in a body or sends too much is cut off or answered, and never holds the server; oversized bodies
//! are answered 413 whether or not the client waits for `100 Continue`; a slow answer is not idleness.
//!
//! The limits are set short here so that the tests are quick; every wait on the server is bounded
//! by a generous guard so that a server that never closes fails the test instead of hanging it.

use std::time::Duration;

use mock_server::{Limits, MockServer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Long enough that a working server always answers within it; only a hung server exceeds it.
const GUARD: Duration = Duration::from_secs(20);

async fn mock(limits: Limits) -> MockServer {
    MockServer::builder()
        .limits(limits)
        .start()
        .await
        .expect("mock")
}

fn short(header: u64, idle: u64, body: u64) -> Limits {
    Limits {
        header_read_timeout: Duration::from_millis(header),
        idle_timeout: Duration::from_millis(idle),
        body_read_timeout: Duration::from_millis(body),
        ..Limits::default()
    }
}

/// Everything the server sends until it closes the connection.
async fn read_until_closed(socket: &mut TcpStream) -> String {
    let mut received = Vec::new();
    let read = tokio::time::timeout(GUARD, async {
        let mut buffer = [0_u8; 4096];
        loop {
            match socket.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => received.extend_from_slice(&buffer[..n]),
            }
        }
    })
    .await;
    assert!(read.is_ok(), "the server kept the connection open");
    String::from_utf8_lossy(&received).into_owned()
}

#[tokio::test]
async fn a_silent_socket_is_closed_by_the_header_timeout() {
    let mock = mock(short(200, 60_000, 60_000)).await;
    let mut socket = TcpStream::connect(mock.addr()).await.unwrap();
    let received = read_until_closed(&mut socket).await;
    assert!(!received.contains("200 OK"), "{received}");
}

#[tokio::test]
async fn a_dribbled_head_is_cut_off_by_the_header_timeout() {
    let mock = mock(short(300, 60_000, 60_000)).await;
    let mut socket = TcpStream::connect(mock.addr()).await.unwrap();
    socket.write_all(b"GET /health HTTP/1.1\r\n").await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let _ = socket.write_all(b"Host: x\r\n").await;
    let received = read_until_closed(&mut socket).await;
    assert!(!received.contains("200 OK"), "{received}");
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed_after_its_answer() {
    let mock = mock(short(60_000, 300, 60_000)).await;
    let mut socket = TcpStream::connect(mock.addr()).await.unwrap();
    socket
        .write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let received = read_until_closed(&mut socket).await;
    assert!(received.starts_with("HTTP/1.1 200"), "{received}");
}

#[tokio::test]
async fn an_answer_slower_than_the_idle_timeout_still_arrives() {
    let mock = mock(short(60_000, 300, 60_000)).await;
    mock.add_fault(
        mock_server::Fault::new("bot", "login")
            .times(1)
            .delay(Duration::from_millis(1_000)),
    )
    .expect("fault");
    let mut socket = TcpStream::connect(mock.addr()).await.unwrap();
    let body = r#"{"appId":"demo-app","appSecret":"demo-secret"}"#;
    let request = format!(
        "POST /bot/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    socket.write_all(request.as_bytes()).await.unwrap();
    // The answer comes after three idle timeouts' worth of silence; then the connection idles out.
    let received = read_until_closed(&mut socket).await;
    assert!(received.starts_with("HTTP/1.1 200"), "{received}");
}

#[tokio::test]
async fn a_stalled_body_is_answered_as_unreadable() {
    let mock = mock(short(60_000, 60_000, 300)).await;
    let mut socket = TcpStream::connect(mock.addr()).await.unwrap();
    let head = "POST /bot/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"appId\":";
    socket.write_all(head.as_bytes()).await.unwrap();
    let received = read_until_closed(&mut socket).await;
    assert!(received.starts_with("HTTP/1.1 400"), "{received}");
    assert!(
        received.contains("the request body could not be read"),
        "{received}"
    );
}

#[tokio::test]
async fn an_oversized_body_awaiting_continue_is_refused_before_it_is_sent() {
    let mock = mock(Limits::default()).await;
    // An API's limit (1 MiB), and the admin API's (a fixture may be a large state).
    let admin_limit = mock_server::admin::BODY_LIMIT;
    for (request, length, says) in [
        ("POST /bot/login", 5_000_000, "Payload Too Large".to_owned()),
        (
            "PUT /__admin/fixtures/xerochat",
            admin_limit + 1,
            format!("{{\"error\":\"the body is larger than {admin_limit} bytes\"}}"),
        ),
    ] {
        let mut socket = TcpStream::connect(mock.addr()).await.unwrap();
        let head = format!("{request} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {length}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n");
        socket.write_all(head.as_bytes()).await.unwrap();
        let received = read_until_closed(&mut socket).await;
        assert!(received.starts_with("HTTP/1.1 413"), "{received}");
        assert!(!received.contains("100 Continue"), "{received}");
        assert!(received.contains(&says), "{received}");
    }
}

#[tokio::test]
async fn an_oversized_body_sent_at_once_is_read_and_refused_without_breaking_the_pipe() {
    let mock = mock(Limits::default()).await;
    let mut socket = TcpStream::connect(mock.addr()).await.unwrap();
    let body = vec![b' '; 3 << 20];
    let head = format!(
        "POST /bot/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    socket.write_all(head.as_bytes()).await.unwrap();
    // The whole body goes through: the server reads it before answering.
    let sent = tokio::time::timeout(GUARD, socket.write_all(&body)).await;
    assert!(
        matches!(sent, Ok(Ok(()))),
        "the body could not be sent: {sent:?}"
    );
    let received = read_until_closed(&mut socket).await;
    assert!(received.starts_with("HTTP/1.1 413"), "{received}");
}

#[tokio::test]
async fn connections_beyond_the_cap_wait_for_one_to_close() {
    let mock = mock(Limits {
        max_connections: 1,
        ..Limits::default()
    })
    .await;
    let holder = TcpStream::connect(mock.addr()).await.unwrap();
    // Give the server time to take the first connection, so the second is the one that waits.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let url = format!("{}/health", mock.uri());
    let waiting = tokio::spawn(async move { reqwest::get(url).await.map(|r| r.status()) });
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!waiting.is_finished(), "served beyond the cap");
    drop(holder);
    let status = tokio::time::timeout(GUARD, waiting).await;
    assert!(
        matches!(status, Ok(Ok(Ok(status))) if status == 200),
        "{status:?}"
    );
}

#[tokio::test]
async fn a_request_the_http_layer_cannot_parse_gets_a_bare_status_and_a_close() {
    let mock = mock(Limits::default()).await;
    let many_headers: String = (0..200).map(|i| format!("X-H{i}: v\r\n")).collect();
    let long_target = format!(
        "GET /health?pad={} HTTP/1.1\r\nHost: x\r\n\r\n",
        "x".repeat(70_000)
    );
    for (raw, status) in [
        ("GARBAGE\r\n\r\n".to_owned(), "400"),
        (
            "GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n".to_owned(),
            "400",
        ),
        (long_target, "414"),
        (format!("GET /health HTTP/1.1\r\n{many_headers}\r\n"), "431"),
    ] {
        let mut socket = TcpStream::connect(mock.addr()).await.unwrap();
        socket.write_all(raw.as_bytes()).await.unwrap();
        let received = read_until_closed(&mut socket).await;
        assert!(
            received.starts_with(&format!("HTTP/1.1 {status}")),
            "{received}"
        );
        assert!(received.contains("connection: close"), "{received}");
    }
    // Nothing of it reached an API.
    assert!(mock
        .requests(&Default::default())
        .expect("the journal")
        .requests
        .is_empty());
}
