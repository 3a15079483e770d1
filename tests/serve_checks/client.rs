//! A small HTTP/1.1 client over a TCP stream, so that every header (a foreign Host, a
//! missing Origin) is sent exactly as written, and a reader of server-sent events.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use serde_json::Value;

/// An answer: status, headers (names in lower case) and body.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// The value of header `name`, if sent.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }

    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|err| {
            panic!("not JSON ({err}), status {}: {}", self.status, self.text())
        })
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The `error.code` of an error answer.
    pub fn code(&self) -> String {
        self.json()["error"]["code"].as_str().unwrap_or_default().to_owned()
    }
}

/// Sends one request with exactly `headers` (plus Content-Length and Connection: close)
/// and reads the whole answer.
pub fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Response {
    let stream = TcpStream::connect(addr).expect("the server accepts connections");
    stream.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    exchange(stream, method, path, headers, body)
}

/// As [`send`], over a connection made already (from another address, or over TLS).
pub fn exchange(
    mut stream: impl Read + Write,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Response {
    let mut head = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if !body.is_empty() || matches!(method, "POST" | "PUT" | "PATCH") {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    // A server may answer (413) before reading all of a large body: that is fine.
    let _ = stream.write_all(body);
    let mut reader = BufReader::new(stream);
    let (status, headers) = read_head(&mut reader);
    let chunked = headers.iter().any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"));
    let mut body = Vec::new();
    let read = if chunked {
        Chunked::new(&mut reader).read_to_end(&mut body)
    } else {
        reader.read_to_end(&mut body)
    };
    // A TLS peer may close without its closing message once the answer is whole.
    if let Err(err) = read {
        assert_eq!(err.kind(), std::io::ErrorKind::UnexpectedEof, "{err}");
    }
    Response { status, headers, body }
}

/// The status line and headers.
fn read_head(reader: &mut impl BufRead) -> (u16, Vec<(String, String)>) {
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    let status = line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        panic!("no status line: {line:?}");
    });
    let mut headers = Vec::new();
    loop {
        line.clear();
        reader.read_line(&mut line).unwrap();
        let trimmed = line.trim_end();
        if trimmed.is_empty() {
            break;
        }
        if let Some((name, value)) = trimmed.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    (status, headers)
}

/// A chunked body, decoded.
struct Chunked<R> {
    inner: R,
    left: usize,
    done: bool,
}

impl<R: BufRead> Chunked<R> {
    fn new(inner: R) -> Self {
        Self { inner, left: 0, done: false }
    }
}

impl<R: BufRead> Read for Chunked<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.done {
            return Ok(0);
        }
        if self.left == 0 {
            let mut line = String::new();
            // The CRLF ending the previous chunk, then the size line.
            while line.trim().is_empty() {
                line.clear();
                if self.inner.read_line(&mut line)? == 0 {
                    self.done = true;
                    return Ok(0);
                }
            }
            let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or("0"), 16)
                .map_err(|err| std::io::Error::new(std::io::ErrorKind::InvalidData, err))?;
            if size == 0 {
                self.done = true;
                return Ok(0);
            }
            self.left = size;
        }
        let want = buf.len().min(self.left);
        let read = self.inner.read(&mut buf[..want])?;
        self.left -= read;
        Ok(read)
    }
}

/// An open event stream, read on a thread of its own; closed when dropped, as a tab
/// closes it.
pub struct Events {
    events: Receiver<Event>,
    connection: TcpStream,
}

impl Drop for Events {
    fn drop(&mut self) {
        let _ = self.connection.shutdown(std::net::Shutdown::Both);
    }
}

/// One server-sent event.
#[derive(Debug, Clone)]
pub struct Event {
    pub name: String,
    pub data: Value,
}

impl Events {
    /// Opens the stream at `path`, with the server's own Host.
    pub fn open(addr: SocketAddr, path: &str) -> Self {
        let mut stream = TcpStream::connect(addr).unwrap();
        let request = format!(
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nAccept: text/event-stream\r\n\r\n",
            addr.port()
        );
        stream.write_all(request.as_bytes()).unwrap();
        let connection = stream.try_clone().unwrap();
        let mut reader = BufReader::new(stream);
        let (status, headers) = read_head(&mut reader);
        assert_eq!(status, 200, "event stream refused");
        assert!(
            headers.iter().any(|(k, v)| k == "content-type" && v.starts_with("text/event-stream")),
            "{headers:?}"
        );
        let (sender, events) = channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(Chunked::new(reader));
            let (mut name, mut data) = (String::new(), String::new());
            let mut line = String::new();
            loop {
                line.clear();
                if !matches!(lines.read_line(&mut line), Ok(n) if n > 0) {
                    return;
                }
                let line = line.trim_end_matches(['\r', '\n']);
                if line.is_empty() {
                    if !name.is_empty() {
                        let parsed = serde_json::from_str(&data).unwrap_or(Value::Null);
                        let event = Event { name: std::mem::take(&mut name), data: parsed };
                        if sender.send(event).is_err() {
                            return;
                        }
                    }
                    data.clear();
                } else if let Some(value) = line.strip_prefix("event:") {
                    name = value.trim().to_owned();
                } else if let Some(value) = line.strip_prefix("data:") {
                    data.push_str(value.trim_start());
                }
            }
        });
        Self { events, connection }
    }

    /// The next event within `patience`, if any.
    pub fn next(&mut self, patience: Duration) -> Option<Event> {
        self.events.recv_timeout(patience).ok()
    }

    /// Waits for the first event named `name` that `accept` takes, skipping others.
    pub fn wait_for(
        &mut self,
        name: &str,
        patience: Duration,
        accept: impl Fn(&Value) -> bool,
    ) -> Event {
        let start = Instant::now();
        while let Some(left) = patience.checked_sub(start.elapsed()) {
            match self.next(left) {
                Some(event) if event.name == name && accept(&event.data) => return event,
                Some(_) => {}
                None => break,
            }
        }
        panic!("no `{name}` event within {patience:?}");
    }
}
