//! Where the binary's log lines go: a buffer that a thread of its own empties into stderr (or any
//! other sink) in batches.
//!
//! Why not `tracing-appender`'s non-blocking writer: it hands every line to its thread through a
//! channel, and under load that thread is woken, writes one line and sleeps again tens of thousands
//! of times a second, which cost the shipped server about a sixth of its CPU. Here a request's thread
//! only appends its line to a shared buffer (one short lock); the writing thread takes the whole
//! buffer every [`FLUSH_EVERY`], or as soon as [`FLUSH_AT`] bytes are waiting, and writes it with one
//! call. No line is dropped: past [`LIMIT`] bytes waiting (a sink slower than the requests), the
//! requests' threads wait for the writer, as a blocking writer would make them.

use std::io::{self, Write};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use tracing_subscriber::fmt::MakeWriter;

/// The longest a line waits before it is written, when few are logged.
pub const FLUSH_EVERY: Duration = Duration::from_millis(20);
/// Waiting bytes that wake the writing thread before [`FLUSH_EVERY`] has passed.
pub const FLUSH_AT: usize = 256 * 1024;
/// Waiting bytes past which a request's thread waits for the writer instead of appending.
pub const LIMIT: usize = 8 * 1024 * 1024;

/// The writer handed to `tracing_subscriber`: appends each formatted line to the shared buffer.
#[derive(Clone)]
pub struct BatchedWriter {
    shared: Arc<Shared>,
}

/// Flushes what is waiting and stops the writing thread when dropped (keep it until `main` ends).
#[must_use = "dropping the guard stops the writing thread"]
pub struct FlushGuard {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

struct Shared {
    pending: Mutex<Pending>,
    /// Wakes the writing thread: [`FLUSH_AT`] reached, or the guard dropped.
    wake_writer: Condvar,
    /// Wakes the threads waiting at [`LIMIT`].
    drained: Condvar,
}

#[derive(Default)]
struct Pending {
    bytes: Vec<u8>,
    closed: bool,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Pending> {
        self.pending.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A writer to `sink` and the guard of its writing thread.
pub fn batched<W: Write + Send + 'static>(sink: W) -> io::Result<(BatchedWriter, FlushGuard)> {
    let shared = Arc::new(Shared {
        pending: Mutex::new(Pending::default()),
        wake_writer: Condvar::new(),
        drained: Condvar::new(),
    });
    let writer = Arc::clone(&shared);
    let thread = std::thread::Builder::new()
        .name("log-writer".to_owned())
        .spawn(move || write_batches(&writer, sink))?;
    Ok((
        BatchedWriter {
            shared: Arc::clone(&shared),
        },
        FlushGuard {
            shared,
            thread: Some(thread),
        },
    ))
}

/// The writing thread: takes what is waiting, in one piece, and writes it, until the guard is
/// dropped and nothing is left. A sink that fails (a closed stderr) loses the lines, not the server.
fn write_batches(shared: &Shared, mut sink: impl Write) {
    let mut batch = Vec::new();
    loop {
        let closed = {
            let mut pending = shared.lock();
            if pending.bytes.len() < FLUSH_AT && !pending.closed {
                pending = shared
                    .wake_writer
                    .wait_timeout(pending, FLUSH_EVERY)
                    .unwrap_or_else(PoisonError::into_inner)
                    .0;
            }
            std::mem::swap(&mut batch, &mut pending.bytes);
            pending.closed
        };
        shared.drained.notify_all();
        if !batch.is_empty() {
            let _ = sink.write_all(&batch).and_then(|()| sink.flush());
            batch.clear();
        }
        if closed && shared.lock().bytes.is_empty() {
            return;
        }
    }
}

impl Drop for FlushGuard {
    fn drop(&mut self) {
        self.shared.lock().closed = true;
        self.shared.wake_writer.notify_one();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl io::Write for &BatchedWriter {
    fn write(&mut self, line: &[u8]) -> io::Result<usize> {
        let mut pending = self.shared.lock();
        while pending.bytes.len() >= LIMIT && !pending.closed {
            pending = self
                .shared
                .drained
                .wait(pending)
                .unwrap_or_else(PoisonError::into_inner);
        }
        let before = pending.bytes.len();
        pending.bytes.extend_from_slice(line);
        let crossed = before < FLUSH_AT && pending.bytes.len() >= FLUSH_AT;
        drop(pending);
        if crossed {
            self.shared.wake_writer.notify_one();
        }
        Ok(line.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for BatchedWriter {
    type Writer = &'a BatchedWriter;

    fn make_writer(&'a self) -> Self::Writer {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sink the test can read afterwards.
    #[derive(Clone, Default)]
    struct Collected(Arc<Mutex<Vec<u8>>>);

    impl Write for Collected {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn every_line_of_every_thread_arrives_whole_and_in_its_threads_order() {
        let sink = Collected::default();
        let (writer, guard) = batched(sink.clone()).expect("thread");
        let threads: Vec<_> = (0..4)
            .map(|thread| {
                let writer = writer.clone();
                std::thread::spawn(move || {
                    for line in 0..20_000 {
                        let text =
                            format!("thread {thread} line {line} {}\n", "x".repeat(line % 300));
                        (&writer).write_all(text.as_bytes()).expect("append");
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().expect("writer thread");
        }
        drop(guard);
        let text = String::from_utf8(sink.0.lock().unwrap().clone()).expect("utf-8");
        let mut next = [0usize; 4];
        for line in text.lines() {
            let mut words = line.split(' ');
            let thread: usize = words.nth(1).unwrap().parse().unwrap();
            let number: usize = words.nth(1).unwrap().parse().unwrap();
            assert_eq!(number, next[thread], "{line}");
            assert_eq!(words.next().unwrap_or_default().len(), number % 300);
            next[thread] += 1;
        }
        assert_eq!(next, [20_000; 4]);
    }

    #[test]
    fn a_quiet_line_is_written_without_waiting_for_more() {
        let sink = Collected::default();
        let (writer, _guard) = batched(sink.clone()).expect("thread");
        (&writer).write_all(b"alone\n").expect("append");
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while sink.0.lock().unwrap().is_empty() {
            assert!(std::time::Instant::now() < deadline, "never written");
            std::thread::sleep(FLUSH_EVERY / 4);
        }
        assert_eq!(sink.0.lock().unwrap().as_slice(), b"alone\n");
    }

    #[test]
    fn a_slow_sink_holds_the_loggers_back_instead_of_losing_lines() {
        /// Takes a while per write, so the buffer fills past the limit.
        struct Slow(Collected);
        impl Write for Slow {
            fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
                std::thread::sleep(Duration::from_millis(30));
                self.0.write(bytes)
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let sink = Collected::default();
        let (writer, guard) = batched(Slow(sink.clone())).expect("thread");
        let line = vec![b'y'; 64 * 1024];
        let lines = 3 * LIMIT / line.len();
        for _ in 0..lines {
            (&writer).write_all(&line).expect("append");
            assert!(writer.shared.lock().bytes.len() <= LIMIT + line.len());
        }
        drop(guard);
        assert_eq!(sink.0.lock().unwrap().len(), lines * line.len());
    }
}
