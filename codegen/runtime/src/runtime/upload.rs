//! Binary request content: [`Upload`] (bytes, a file or any byte stream, sent as a whole
//! binary body or as one file part), and the multipart body generated code assembles from a
//! request struct ([`Multipart`]).
//!
//! Files and streams are never read into memory: they are handed to `reqwest` as streaming
//! bodies. A request with a streaming body cannot be sent twice, so it is not retried
//! (`Client::send` only retries requests whose body `try_clone` can copy).

use std::fmt;
use std::path::Path;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::multipart::{Form, Part};
use serde::Serialize;

use super::Error;

/// The media type of binary content nobody named.
pub(super) const OCTET_STREAM: &str = "application/octet-stream";

/// Binary content to send: an operation's whole body (`application/octet-stream`, `image/*`
/// …) or a file part of a `multipart/form-data` body.
///
/// Made from bytes (`Vec<u8>`, [`Bytes`], `&'static [u8]`, `String`: `From` or
/// [`Upload::bytes`]), from a file ([`Upload::path`], [`Upload::file`]) or from any stream
/// of byte chunks ([`Upload::stream`]); files and streams are sent as they are read, never
/// held in memory whole. [`file_name`](Upload::file_name) and
/// [`content_type`](Upload::content_type) say how the server sees it.
///
/// Only content made from bytes can be sent again: a request carrying a file or a stream is
/// not retried.
pub struct Upload {
    content: Content,
    length: Option<u64>,
    file_name: Option<String>,
    content_type: Option<String>,
}

/// Where an [`Upload`]'s bytes come from.
enum Content {
    /// In memory (cheap to clone, so the request can be retried).
    Bytes(Bytes),
    /// A file or a stream, read as the request is sent.
    Stream(reqwest::Body),
}

impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let content = match &self.content {
            Content::Bytes(bytes) => format!("{} bytes", bytes.len()),
            Content::Stream(_) => "stream".to_owned(),
        };
        f.debug_struct("Upload")
            .field("content", &content)
            .field("length", &self.length)
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

impl Upload {
    /// Content held in memory.
    pub fn bytes(bytes: impl Into<Bytes>) -> Upload {
        let bytes = bytes.into();
        Upload {
            length: u64::try_from(bytes.len()).ok(),
            content: Content::Bytes(bytes),
            file_name: None,
            content_type: None,
        }
    }

    /// The content of an open file, read as it is sent (its length is taken from the file's
    /// metadata, when it has any).
    pub async fn file(file: tokio::fs::File) -> Upload {
        let length = file.metadata().await.ok().map(|metadata| metadata.len());
        Upload {
            content: Content::Stream(reqwest::Body::from(file)),
            length,
            file_name: None,
            content_type: None,
        }
    }

    /// The file at `path`, read as it is sent; its file name is the path's last component.
    ///
    /// # Errors
    ///
    /// When the file cannot be opened.
    pub async fn path(path: impl AsRef<Path>) -> std::io::Result<Upload> {
        let path = path.as_ref();
        let file = tokio::fs::File::open(path).await?;
        let upload = Upload::file(file).await;
        Ok(match path.file_name() {
            Some(name) => upload.file_name(name.to_string_lossy()),
            None => upload,
        })
    }

    /// Any stream of byte chunks (a download being relayed, a generated file …), sent as it
    /// is polled; a chunk that is an error aborts the request.
    pub fn stream<S>(stream: S) -> Upload
    where
        S: futures::TryStream + Send + 'static,
        S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
        Bytes: From<S::Ok>,
    {
        Upload {
            content: Content::Stream(reqwest::Body::wrap_stream(stream)),
            length: None,
            file_name: None,
            content_type: None,
        }
    }

    /// The file name the server sees (the `filename` of a file part). Without one a file part
    /// is named after its field, since many servers only take a part with a file name as a
    /// file.
    pub fn file_name(mut self, file_name: impl Into<String>) -> Upload {
        self.file_name = Some(file_name.into());
        self
    }

    /// The media type sent with the content, e.g. `image/png`: it replaces the one the spec
    /// declares, and is how the caller picks one where the spec allows several (`image/*`,
    /// `*/*`). Without it the spec's is sent, or `application/octet-stream`.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Upload {
        self.content_type = Some(content_type.into());
        self
    }

    /// The content's length in bytes, when a stream knows it: sent as `Content-Length`
    /// instead of a chunked body (the stream must then be exactly that long).
    pub fn length(mut self, length: u64) -> Upload {
        self.length = Some(length);
        self
    }

    /// The body, its length when known, and the media type to send (the caller's, else
    /// `declared`).
    pub(super) fn into_body(self, declared: &str) -> (reqwest::Body, Option<u64>, String) {
        let content_type = self.content_type.unwrap_or_else(|| declared.to_owned());
        let body = match self.content {
            Content::Bytes(bytes) => reqwest::Body::from(bytes),
            Content::Stream(body) => body,
        };
        (body, self.length, content_type)
    }
}

impl From<Vec<u8>> for Upload {
    fn from(bytes: Vec<u8>) -> Upload {
        Upload::bytes(bytes)
    }
}

impl From<Bytes> for Upload {
    fn from(bytes: Bytes) -> Upload {
        Upload::bytes(bytes)
    }
}

impl From<&'static [u8]> for Upload {
    fn from(bytes: &'static [u8]) -> Upload {
        Upload::bytes(bytes)
    }
}

impl From<String> for Upload {
    fn from(text: String) -> Upload {
        Upload::bytes(text)
    }
}

impl From<&'static str> for Upload {
    fn from(text: &'static str) -> Upload {
        Upload::bytes(text)
    }
}

/// A multipart body as generated code assembles it, one part per field value (arrays as
/// repeated parts), in field order. Like [`Request`](super::request::Request) it records the
/// first problem instead of failing; the request reports it before any I/O.
pub struct Multipart {
    pub(super) form: Form,
    /// How many parts `form` holds: `reqwest` sends a form without any as an empty body,
    /// which is not a multipart body at all.
    pub(super) parts: usize,
    pub(super) error: Option<Error>,
}

impl fmt::Debug for Multipart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Multipart").finish_non_exhaustive()
    }
}

impl Default for Multipart {
    fn default() -> Self {
        Multipart::new()
    }
}

/// A part's own headers from the spec's `encoding` map: (name, fixed value) pairs.
pub type PartHeaders = &'static [(&'static str, &'static str)];

impl Multipart {
    /// An empty body.
    pub fn new() -> Multipart {
        Multipart {
            form: Form::new(),
            parts: 0,
            error: None,
        }
    }

    /// A text part: `value` as it is, with `content_type` when the spec declares one (a text
    /// field has none by default: RFC 7578 reads it as `text/plain`).
    pub fn text(
        self,
        name: &'static str,
        value: String,
        content_type: Option<&'static str>,
        headers: PartHeaders,
    ) -> Multipart {
        let part = Part::text(value);
        self.add(name, part, content_type, headers)
    }

    /// A part holding `value` as JSON, sent as `content_type` (the spec's, else
    /// `application/json`).
    pub fn json<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
        content_type: Option<&'static str>,
        headers: PartHeaders,
    ) -> Multipart {
        match serde_json::to_vec(value) {
            Ok(bytes) => {
                let content_type = content_type.unwrap_or("application/json");
                self.add(name, Part::bytes(bytes), Some(content_type), headers)
            }
            Err(e) => self.fail(Error::invalid_parameter(
                name,
                format!("cannot be encoded as JSON: {e}"),
            )),
        }
    }

    /// A part whose spec type says nothing of its shape (a union, an untyped value), sent as
    /// what its value is, as OpenAPI's default part `contentType`s say: a string, number or
    /// boolean as a text field (a string without JSON quotes), an array of those as one text
    /// field per item (the form of an array field), anything else as JSON.
    pub fn value<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
        headers: PartHeaders,
    ) -> Multipart {
        let value = match serde_json::to_value(value) {
            Ok(value) => value,
            Err(e) => {
                return self.fail(Error::invalid_parameter(
                    name,
                    format!("cannot be encoded as JSON: {e}"),
                ))
            }
        };
        let scalar_text = |value: &serde_json::Value| match value {
            serde_json::Value::String(text) => Some(text.clone()),
            serde_json::Value::Number(number) => Some(number.to_string()),
            serde_json::Value::Bool(flag) => Some(flag.to_string()),
            _ => None,
        };
        match &value {
            serde_json::Value::Array(items) => {
                let texts: Option<Vec<String>> = items.iter().map(scalar_text).collect();
                match texts {
                    Some(texts) => texts
                        .into_iter()
                        .fold(self, |parts, text| parts.text(name, text, None, headers)),
                    None => self.json(name, &value, None, headers),
                }
            }
            scalar => match scalar_text(scalar) {
                Some(text) => self.text(name, text, None, headers),
                None => self.json(name, &value, None, headers),
            },
        }
    }

    /// A file part: the upload's content, file name (else the part's name) and media type
    /// (else `content_type`, the spec's, else `application/octet-stream`).
    pub fn file(
        self,
        name: &'static str,
        upload: Upload,
        content_type: Option<&'static str>,
        headers: PartHeaders,
    ) -> Multipart {
        let file_name = upload.file_name.clone().unwrap_or_else(|| name.to_owned());
        let (body, length, content_type) = upload.into_body(content_type.unwrap_or(OCTET_STREAM));
        let part = match length {
            Some(length) => Part::stream_with_length(body, length),
            None => Part::stream(body),
        };
        self.add(
            name,
            part.file_name(file_name),
            Some(&content_type),
            headers,
        )
    }

    fn add(
        mut self,
        name: &'static str,
        part: Part,
        content_type: Option<&str>,
        headers: PartHeaders,
    ) -> Multipart {
        let part = match content_type {
            Some(content_type) => match part.mime_str(content_type) {
                Ok(part) => part,
                Err(_) => {
                    return self.fail(Error::invalid_parameter(
                        name,
                        format!("`{content_type}` is not a valid media type"),
                    ))
                }
            },
            None => part,
        };
        let part = if headers.is_empty() {
            part
        } else {
            let mut map = HeaderMap::new();
            for (header, value) in headers {
                match (
                    HeaderName::from_bytes(header.as_bytes()),
                    HeaderValue::from_str(value),
                ) {
                    (Ok(header), Ok(value)) => {
                        map.insert(header, value);
                    }
                    _ => {
                        return self.fail(Error::invalid_parameter(
                            name,
                            format!("the part header `{header}` is not a valid header"),
                        ))
                    }
                }
            }
            part.headers(map)
        };
        self.form = self.form.part(name, part);
        self.parts += 1;
        self
    }

    fn fail(mut self, error: Error) -> Multipart {
        self.error.get_or_insert(error);
        self
    }
}
