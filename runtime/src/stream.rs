//! [`ByteStream`]: the body of a `@streaming` blob, which is never held in
//! memory whole.
//!
//! As input it is what the caller hands over: bytes, a file (read in chunks
//! as the request is sent, and again for a retry) or an async reader (read
//! once, so a request that carries one is never retried). As output it is
//! the response body, read by the caller chunk by chunk as it arrives.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, ready};

use bytes::{Bytes, BytesMut};
use futures_core::Stream;
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::{Body, Frame};
use tokio::io::{AsyncRead, AsyncReadExt};

/// A body for the transport, or being read by the caller.
pub(crate) type BoxBody = UnsyncBoxBody<Bytes, io::Error>;

/// How much of a file or reader is read at a time.
const CHUNK: usize = 64 * 1024;

/// A stream of bytes: a `@streaming` blob's body, sent or received without
/// being held in memory whole.
///
/// Build one from bytes (`From<Vec<u8>>`, `From<Bytes>`, `From<&'static
/// [u8]>`, `From<String>`), a file ([`from_path`](Self::from_path)) or an
/// async reader ([`from_reader`](Self::from_reader)). Read one with
/// [`collect`](Self::collect), or chunk by chunk as a [`Stream`] (with
/// `sdk_runtime::paginate::StreamExt::next`).
///
/// Clones share the source: bytes and files can be read by every clone; a
/// reader or a response body is read once, by whichever clone reads first,
/// and the others fail to read it.
pub struct ByteStream {
    source: Source,
    /// The body being read, once reading has started.
    reading: Mutex<Option<BoxBody>>,
}

#[derive(Clone)]
enum Source {
    /// In memory.
    Bytes(Bytes),
    /// A file, opened afresh for each read.
    File { path: Arc<PathBuf>, length: u64 },
    /// A body that can be read once: a caller's reader or a response body.
    Once { body: Arc<Mutex<Option<BoxBody>>>, length: Option<u64> },
}

impl ByteStream {
    /// A stream of `bytes`.
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        Self::with_source(Source::Bytes(bytes.into()))
    }

    /// The contents of the file at `path`, read in chunks while the request
    /// is sent (and again if it is retried). Its length is taken now.
    pub fn from_path(path: impl AsRef<Path>) -> io::Result<Self> {
        let path = path.as_ref();
        let metadata = std::fs::metadata(path)?;
        if !metadata.is_file() {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("{} is not a file", path.display())));
        }
        Ok(Self::with_source(Source::File { path: Arc::new(path.to_owned()), length: metadata.len() }))
    }

    /// What `reader` gives until it ends, read in chunks while the request is
    /// sent. `length`, when known, is sent as `Content-Length` (operations
    /// whose input `@requiresLength` need it); else the body is chunked. A
    /// request carrying a reader is sent once, never retried.
    pub fn from_reader(reader: impl AsyncRead + Send + 'static, length: Option<u64>) -> Self {
        Self::once(reader_body(reader), length)
    }

    /// A body that can be read once (a response's), of `length` bytes if known.
    pub(crate) fn once(body: BoxBody, length: Option<u64>) -> Self {
        Self::with_source(Source::Once { body: Arc::new(Mutex::new(Some(body))), length })
    }

    fn with_source(source: Source) -> Self {
        Self { source, reading: Mutex::new(None) }
    }

    /// The length in bytes, when it is known before reading.
    pub fn length(&self) -> Option<u64> {
        match &self.source {
            Source::Bytes(bytes) => Some(bytes.len() as u64),
            Source::File { length, .. } => Some(*length),
            Source::Once { length, .. } => *length,
        }
    }

    /// Whether it can be read again (bytes and files), so a request that
    /// carries it can be retried.
    pub fn is_replayable(&self) -> bool {
        !matches!(self.source, Source::Once { .. })
    }

    /// The bytes, when the stream is in memory.
    pub fn as_bytes(&self) -> Option<&Bytes> {
        match &self.source {
            Source::Bytes(bytes) => Some(bytes),
            _ => None,
        }
    }

    /// Reads the whole stream into memory.
    pub async fn collect(self) -> io::Result<Bytes> {
        if let Source::Bytes(bytes) = &self.source {
            return Ok(bytes.clone());
        }
        Ok(BodyExt::collect(self.open()?).await?.to_bytes())
    }

    /// Writes the whole stream to the file at `path` (created or
    /// truncated), chunk by chunk; returns how many bytes were written.
    pub async fn write_to_file(self, path: impl AsRef<Path>) -> io::Result<u64> {
        use tokio::io::AsyncWriteExt;
        let mut file = tokio::fs::File::create(path).await?;
        let mut body = self.open()?;
        let mut written = 0;
        while let Some(frame) = body.frame().await {
            if let Ok(data) = frame?.into_data() {
                file.write_all(&data).await?;
                written += data.len() as u64;
            }
        }
        file.flush().await?;
        Ok(written)
    }

    /// A body to send or read: the bytes, the file opened afresh, or the
    /// one-shot body (an error if it was read already).
    pub(crate) fn open(&self) -> io::Result<BoxBody> {
        self.source.open()
    }
}

impl Source {
    fn open(&self) -> io::Result<BoxBody> {
        match self {
            Source::Bytes(bytes) => Ok(BodyExt::boxed_unsync(Full::new(bytes.clone()).map_err(|never| match never {}))),
            Source::File { path, .. } => {
                Ok(reader_body(tokio::fs::File::from_std(std::fs::File::open(path.as_path())?)))
            }
            Source::Once { body, .. } => body.lock().unwrap_or_else(PoisonError::into_inner).take().ok_or_else(|| {
                io::Error::other("the stream was read already: a reader or response body can be read only once")
            }),
        }
    }
}

/// What `reader` gives until it ends, as a body of chunks of at most [`CHUNK`] bytes.
fn reader_body(reader: impl AsyncRead + Send + 'static) -> BoxBody {
    let chunks = futures_util::stream::unfold(Box::pin(reader), |mut reader| async move {
        let mut buffer = BytesMut::with_capacity(CHUNK);
        match reader.read_buf(&mut buffer).await {
            Ok(0) => None,
            Ok(_) => Some((Ok(Frame::data(buffer.freeze())), reader)),
            Err(e) => Some((Err(e), reader)),
        }
    });
    BodyExt::boxed_unsync(StreamBody::new(chunks))
}

impl Default for ByteStream {
    /// An empty stream.
    fn default() -> Self {
        Self::new(Bytes::new())
    }
}

impl Clone for ByteStream {
    /// A stream of the same source, not yet read.
    fn clone(&self) -> Self {
        Self::with_source(self.source.clone())
    }
}

impl PartialEq for ByteStream {
    /// The same bytes in memory, the same file, or the same one-shot body.
    fn eq(&self, other: &Self) -> bool {
        match (&self.source, &other.source) {
            (Source::Bytes(a), Source::Bytes(b)) => a == b,
            (Source::File { path: a, .. }, Source::File { path: b, .. }) => a == b,
            (Source::Once { body: a, .. }, Source::Once { body: b, .. }) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl fmt::Debug for ByteStream {
    /// The kind and length, never the contents (which may be sensitive).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match &self.source {
            Source::Bytes(_) => "bytes",
            Source::File { .. } => "file",
            Source::Once { .. } => "stream",
        };
        f.debug_struct("ByteStream").field("kind", &kind).field("length", &self.length()).finish()
    }
}

impl From<Bytes> for ByteStream {
    fn from(bytes: Bytes) -> Self {
        Self::new(bytes)
    }
}

impl From<Vec<u8>> for ByteStream {
    fn from(bytes: Vec<u8>) -> Self {
        Self::new(bytes)
    }
}

impl From<&'static [u8]> for ByteStream {
    fn from(bytes: &'static [u8]) -> Self {
        Self::new(bytes)
    }
}

impl From<String> for ByteStream {
    fn from(text: String) -> Self {
        Self::new(text)
    }
}

impl From<&'static str> for ByteStream {
    fn from(text: &'static str) -> Self {
        Self::new(text)
    }
}

impl Stream for ByteStream {
    type Item = io::Result<Bytes>;

    /// The next chunk as it arrives (empty chunks skipped, trailers ignored).
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        let reading = this.reading.get_mut().unwrap_or_else(PoisonError::into_inner);
        let body = match reading {
            Some(body) => body,
            None => match this.source.open() {
                Ok(body) => reading.insert(body),
                Err(e) => return Poll::Ready(Some(Err(e))),
            },
        };
        loop {
            match ready!(Pin::new(&mut *body).poll_frame(cx)) {
                Some(Ok(frame)) => match frame.into_data() {
                    Ok(data) if !data.is_empty() => return Poll::Ready(Some(Ok(data))),
                    _ => continue,
                },
                Some(Err(e)) => return Poll::Ready(Some(Err(e))),
                None => return Poll::Ready(None),
            }
        }
    }
}

impl crate::shape::Zero for ByteStream {
    fn zero() -> Self {
        Self::default()
    }
}

#[cfg(test)]
mod tests {
    use futures_util::StreamExt;

    use super::*;

    #[tokio::test]
    async fn a_file_is_read_in_chunks_and_again_for_each_clone() {
        let file = tempfile::NamedTempFile::new().unwrap();
        let content: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(file.path(), &content).unwrap();
        let stream = ByteStream::from_path(file.path()).unwrap();
        assert_eq!((stream.length(), stream.is_replayable()), (Some(200_000), true));
        let mut chunks = stream.clone();
        let mut sizes = Vec::new();
        while let Some(chunk) = chunks.next().await {
            sizes.push(chunk.unwrap().len());
        }
        assert!(sizes.len() > 1 && sizes.iter().all(|&n| n <= CHUNK), "{sizes:?}");
        assert_eq!(sizes.iter().sum::<usize>(), 200_000);
        assert_eq!(stream.collect().await.unwrap(), content);
        assert!(ByteStream::from_path(std::env::temp_dir()).is_err(), "a directory is not a file");
    }

    #[tokio::test]
    async fn a_reader_is_read_once() {
        let stream = ByteStream::from_reader(&b"hello"[..], Some(5));
        assert_eq!((stream.length(), stream.is_replayable()), (Some(5), false));
        let other = stream.clone();
        assert_eq!(&stream.collect().await.unwrap()[..], b"hello");
        let error = other.collect().await.unwrap_err();
        assert!(error.to_string().contains("read already"), "{error}");
    }

    #[test]
    fn debug_never_shows_the_contents() {
        let text = format!("{:?}", ByteStream::from("secret"));
        assert_eq!(text, r#"ByteStream { kind: "bytes", length: Some(6) }"#);
    }
}
