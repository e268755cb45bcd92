//! A request's target and headers as the journal keeps them: copied into one buffer of their own.
//!
//! Why not a clone of the `Uri` and the `HeaderMap`: those clones share the bytes of the
//! connection's read buffer, so a journal of a thousand entries holds a thousand such buffers and
//! hyper has to allocate a new one for the next request; a `HeaderMap` also costs several
//! allocations to clone and to drop. One copy into one allocation is cheaper on every request.

use axum::http::{HeaderMap, Uri};

/// `path?query`, then one `name:value\n` per header value, in one buffer. Header names hold neither
/// `:` nor a line break, and values no line break (HTTP forbids them, and `http` refuses them).
pub struct Head {
    bytes: Box<[u8]>,
    /// Where the path ends: the query follows its `?`, and the headers follow the target.
    path_end: usize,
    target_end: usize,
}

impl Head {
    pub fn new(uri: &Uri, headers: &HeaderMap) -> Self {
        let target = uri.path_and_query().map_or("/", |target| target.as_str());
        let size = target.len()
            + headers
                .iter()
                .map(|(name, value)| name.as_str().len() + value.len() + 2)
                .sum::<usize>();
        let mut bytes = Vec::with_capacity(size);
        bytes.extend_from_slice(target.as_bytes());
        for (name, value) in headers {
            bytes.extend_from_slice(name.as_str().as_bytes());
            bytes.push(b':');
            bytes.extend_from_slice(value.as_bytes());
            bytes.push(b'\n');
        }
        Self {
            bytes: bytes.into_boxed_slice(),
            path_end: uri.path().len().min(target.len()),
            target_end: target.len(),
        }
    }

    fn target(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.target_end]).unwrap_or("/")
    }

    /// The path, as sent.
    pub fn path(&self) -> &str {
        self.target().get(..self.path_end).unwrap_or("/")
    }

    /// The query string, without its `?`.
    pub fn query(&self) -> Option<&str> {
        self.target().get(self.path_end..)?.strip_prefix('?')
    }

    /// Each header value with its name (lower case), in the order they came.
    pub fn headers(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.bytes[self.target_end..]
            .split(|byte| *byte == b'\n')
            .filter_map(|line| {
                let colon = line.iter().position(|byte| *byte == b':')?;
                let name = std::str::from_utf8(&line[..colon]).ok()?;
                Some((name, &line[colon + 1..]))
            })
    }

    /// The first value of the header `name` (lower case).
    pub fn header(&self, name: &str) -> Option<&[u8]> {
        self.headers()
            .find(|(found, _)| *found == name)
            .map(|(_, value)| value)
    }
}

#[cfg(test)]
mod tests {
    use axum::http::header;

    use super::*;

    #[test]
    fn target_and_headers_read_back_as_they_came() {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, "example.test".parse().unwrap());
        headers.append("x-many", "one".parse().unwrap());
        headers.append("x-many", "two: with a colon".parse().unwrap());
        headers.insert(
            "x-raw",
            axum::http::HeaderValue::from_bytes(b"caf\xe9").unwrap(),
        );
        let head = Head::new(&Uri::from_static("/a/b?x=1&y=%20"), &headers);
        assert_eq!(head.path(), "/a/b");
        assert_eq!(head.query(), Some("x=1&y=%20"));
        let all: Vec<_> = head.headers().collect();
        assert_eq!(
            all,
            [
                ("host", &b"example.test"[..]),
                ("x-many", b"one"),
                ("x-many", b"two: with a colon"),
                ("x-raw", b"caf\xe9"),
            ]
        );
        assert_eq!(head.header("x-many"), Some(&b"one"[..]));
        assert_eq!(head.header("x-none"), None);

        let bare = Head::new(&Uri::from_static("/only"), &HeaderMap::new());
        assert_eq!((bare.path(), bare.query()), ("/only", None));
        assert_eq!(bare.headers().count(), 0);
        let empty_query = Head::new(&Uri::from_static("/q?"), &HeaderMap::new());
        assert_eq!(empty_query.query(), Some(""));
    }
}
