//! The binary's text log line: `2026-01-02T03:04:05.678901Z  INFO target: message key=value …`, the
//! layout of `tracing_subscriber`'s default format, written with less work.
//!
//! Why not the default format: it formats the whole timestamp, wraps every part in a style object
//! even without colour, and debug-formats every field, on every line; with one line per request that
//! was a few percent of the server's throughput. Here the timestamp's date and time of day are
//! formatted once per second per thread, the level and target are copied, and fields go through a
//! visitor that writes numbers and strings directly (strings quoted, as the default format does).

use std::cell::RefCell;
use std::fmt::{self, Write};
use std::time::{SystemTime, UNIX_EPOCH};

use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields, FormattedFields};
use tracing_subscriber::registry::LookupSpan;

/// The text format, with or without ANSI colour.
#[derive(Debug, Clone, Copy)]
pub struct LineFormat {
    pub ansi: bool,
}

const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

impl<S, N> FormatEvent<S, N> for LineFormat
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        ctx: &FmtContext<'_, S, N>,
        mut writer: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        let metadata = event.metadata();
        if self.ansi {
            writer.write_str(DIM)?;
        }
        write_timestamp(&mut writer, SystemTime::now())?;
        if self.ansi {
            writer.write_str(RESET)?;
            writer.write_char(' ')?;
            writer.write_str(colour(metadata.level()))?;
            writer.write_str(padded(metadata.level()))?;
            writer.write_str(RESET)?;
            writer.write_char(' ')?;
        } else {
            writer.write_char(' ')?;
            writer.write_str(padded(metadata.level()))?;
            writer.write_char(' ')?;
        }
        if let Some(scope) = ctx.event_scope() {
            for span in scope.from_root() {
                writer.write_str(span.name())?;
                let extensions = span.extensions();
                if let Some(fields) = extensions.get::<FormattedFields<N>>() {
                    if !fields.is_empty() {
                        write!(writer, "{{{fields}}}")?;
                    }
                }
                writer.write_char(':')?;
            }
            writer.write_char(' ')?;
        }
        if self.ansi {
            writer.write_str(DIM)?;
        }
        writer.write_str(metadata.target())?;
        writer.write_char(':')?;
        if self.ansi {
            writer.write_str(RESET)?;
        }
        writer.write_char(' ')?;
        let mut fields = Fields {
            writer: &mut writer,
            first: true,
            result: Ok(()),
        };
        event.record(&mut fields);
        fields.result?;
        writer.write_char('\n')
    }
}

/// The level as the default format pads it, to five characters.
fn padded(level: &Level) -> &'static str {
    match *level {
        Level::TRACE => "TRACE",
        Level::DEBUG => "DEBUG",
        Level::INFO => " INFO",
        Level::WARN => " WARN",
        Level::ERROR => "ERROR",
    }
}

fn colour(level: &Level) -> &'static str {
    match *level {
        Level::TRACE => "\x1b[35m",
        Level::DEBUG => "\x1b[34m",
        Level::INFO => "\x1b[32m",
        Level::WARN => "\x1b[33m",
        Level::ERROR => "\x1b[31m",
    }
}

/// `YYYY-MM-DDTHH:MM:SS.ffffffZ` in UTC; the part up to the second is formatted once per second.
fn write_timestamp(writer: &mut impl Write, now: SystemTime) -> fmt::Result {
    thread_local! {
        /// The second last formatted on this thread, and its text up to the `.`.
        static SECOND: RefCell<(u64, String)> = const { RefCell::new((u64::MAX, String::new())) };
    }
    let since = now.duration_since(UNIX_EPOCH).unwrap_or_default();
    let second = since.as_secs();
    SECOND.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.0 != second {
            let time = chrono::DateTime::<chrono::Utc>::from(now);
            cache.1.clear();
            write!(cache.1, "{}", time.format("%Y-%m-%dT%H:%M:%S"))?;
            cache.0 = second;
        }
        writer.write_str(&cache.1)?;
        writer.write_char('.')?;
        writer.write_str(digits(&mut [0; 20], u64::from(since.subsec_micros()), 6))?;
        writer.write_char('Z')
    })
}

/// Writes an event's fields: the message first as it is, then `name=value`, space-separated.
struct Fields<'a, 'w> {
    writer: &'a mut Writer<'w>,
    first: bool,
    result: fmt::Result,
}

impl Fields<'_, '_> {
    /// Starts a field: the separator, and `name=` unless it is the message.
    fn start(&mut self, field: &Field) -> fmt::Result {
        if !std::mem::take(&mut self.first) {
            self.writer.write_char(' ')?;
        }
        if field.name() != "message" {
            self.writer.write_str(field.name())?;
            self.writer.write_char('=')?;
        }
        Ok(())
    }

    fn field(&mut self, field: &Field, value: impl FnOnce(&mut Writer<'_>) -> fmt::Result) {
        if self.result.is_ok() {
            self.result = self.start(field).and_then(|()| value(self.writer));
        }
    }
}

impl Visit for Fields<'_, '_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        let message = field.name() == "message";
        self.field(field, |writer| {
            // Quoted as `{:?}` quotes it; text that needs no escape is copied as it is.
            let plain = value
                .bytes()
                .all(|byte| (b' '..=b'~').contains(&byte) && byte != b'"' && byte != b'\\');
            match (message, plain) {
                (true, _) => writer.write_str(value),
                (false, true) => {
                    writer.write_char('"')?;
                    writer.write_str(value)?;
                    writer.write_char('"')
                }
                (false, false) => write!(writer, "{value:?}"),
            }
        });
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        self.field(field, |writer| {
            writer.write_str(digits(&mut [0; 20], value, 1))
        });
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        self.field(field, |writer| {
            if value < 0 {
                writer.write_char('-')?;
            }
            writer.write_str(digits(&mut [0; 20], value.unsigned_abs(), 1))
        });
    }

    fn record_bool(&mut self, field: &Field, value: bool) {
        self.field(field, |writer| {
            writer.write_str(if value { "true" } else { "false" })
        });
    }

    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        self.field(field, |writer| write!(writer, "{value}"));
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.field(field, |writer| write!(writer, "{value:?}"));
    }
}

/// `value` in decimal, at least `width` digits (zero-padded), written into the end of `buffer`.
fn digits(buffer: &mut [u8; 20], mut value: u64, width: usize) -> &str {
    let mut start = buffer.len();
    while value > 0 || buffer.len() - start < width.max(1) {
        start -= 1;
        buffer[start] = b'0' + (value % 10) as u8;
        value /= 10;
    }
    // Only ASCII digits were written.
    std::str::from_utf8(&buffer[start..]).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use std::io;
    use std::sync::{Arc, Mutex};

    use tracing_subscriber::fmt::MakeWriter;

    use super::*;

    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl io::Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl<'a> MakeWriter<'a> for Captured {
        type Writer = Captured;
        fn make_writer(&'a self) -> Self::Writer {
            self.clone()
        }
    }

    fn lines(ansi: bool, log: impl FnOnce()) -> String {
        let captured = Captured::default();
        let subscriber = tracing_subscriber::fmt()
            .event_format(LineFormat { ansi })
            .with_writer(captured.clone())
            .finish();
        tracing::subscriber::with_default(subscriber, log);
        let bytes = captured.0.lock().unwrap().clone();
        String::from_utf8(bytes).expect("utf-8")
    }

    #[test]
    fn a_request_line_reads_as_the_default_format_would_write_it() {
        let text = lines(false, || {
            let method = axum::http::Method::GET;
            tracing::info!(%method, path = "/x/y", status = 200u16, micros = 42u64, "request");
        });
        let (time, rest) = text.split_once(' ').expect("a timestamp");
        assert!(
            chrono::DateTime::parse_from_rfc3339(time).is_ok() && time.len() == 27,
            "{time}"
        );
        assert_eq!(
            rest,
            " INFO mock_server::log_format::tests: request method=GET path=\"/x/y\" status=200 micros=42\n"
        );
    }

    #[test]
    fn spans_levels_and_colour() {
        let text = lines(true, || {
            let span = tracing::info_span!("proxy", api = "bot");
            let _entered = span.enter();
            tracing::warn!(error = "gone", "upstream");
        });
        assert!(text.starts_with(DIM), "{text:?}");
        assert!(
            text.contains("\x1b[33m WARN\x1b[0m proxy{") && text.contains("\"bot\"}: "),
            "{text:?}"
        );
        assert!(text.ends_with("upstream error=\"gone\"\n"), "{text:?}");
    }

    #[test]
    fn fields_of_every_kind() {
        let text = lines(false, || {
            tracing::warn!(
                quoted = "a \"b\"\n",
                plain = "p",
                negative = -12i64,
                zero = 0u64,
                flag = true,
                debug = ?Some(1),
                "the message"
            );
        });
        let (_, rest) = text.split_once(" WARN ").expect("a level");
        assert_eq!(
            rest,
            "mock_server::log_format::tests: the message quoted=\"a \\\"b\\\"\\n\" plain=\"p\" negative=-12 zero=0 flag=true debug=Some(1)\n"
        );
        assert_eq!(digits(&mut [0; 20], u64::MAX, 1), u64::MAX.to_string());
        assert_eq!(digits(&mut [0; 20], 42, 6), "000042");
    }

    #[test]
    fn the_second_is_reformatted_when_it_changes() {
        let mut text = String::new();
        let start = UNIX_EPOCH + std::time::Duration::from_micros(1_700_000_000_999_999);
        write_timestamp(&mut text, start).unwrap();
        write_timestamp(&mut text, start + std::time::Duration::from_micros(1)).unwrap();
        assert_eq!(
            text,
            "2023-11-14T22:13:20.999999Z2023-11-14T22:13:21.000000Z"
        );
    }
}
