//! Located problems: every error and warning names the file and the JSON pointer of the node.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// Generation cannot proceed; no output is written.
    Error,
    /// Generation proceeds, with a degraded result (e.g. an untyped `serde_json::Value`).
    Warning,
}

/// One problem found in a spec, with the file and the JSON pointer of the offending node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The spec file.
    pub file: PathBuf,
    /// JSON pointer (RFC 6901, in URI fragment form) of the node, e.g.
    /// `#/paths/~1v1~1Services/post/requestBody`. `None` when the whole file is at fault.
    pub pointer: Option<String>,
    /// What is wrong, in one sentence.
    pub message: String,
}

impl Diagnostic {
    /// An error at `pointer` in `file`.
    pub fn error(file: &Path, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            file: file.to_owned(),
            pointer: Some(pointer.into()),
            message: message.into(),
        }
    }

    /// A warning at `pointer` in `file`.
    pub fn warning(file: &Path, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(file, pointer, message)
        }
    }

    /// An error about the file as a whole (unreadable, not OpenAPI, ...).
    pub fn file_error(file: &Path, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            file: file.to_owned(),
            pointer: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(pointer) = &self.pointer {
            write!(f, ": {pointer}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// A JSON pointer under construction, in URI fragment form (`#/a/b~1c`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Pointer(String);

impl Pointer {
    /// The document root, `#`.
    pub fn root() -> Self {
        Self("#".to_owned())
    }

    /// This pointer extended by one reference token, escaped per RFC 6901.
    pub fn join(&self, token: impl AsRef<str>) -> Self {
        let token = token.as_ref();
        let mut s = String::with_capacity(self.0.len() + token.len() + 1);
        s.push_str(&self.0);
        s.push('/');
        for c in token.chars() {
            match c {
                '~' => s.push_str("~0"),
                '/' => s.push_str("~1"),
                // Keep the fragment form unambiguous for characters a URI fragment forbids.
                '%' => s.push_str("%25"),
                ' ' => s.push_str("%20"),
                '#' => s.push_str("%23"),
                c => s.push(c),
            }
        }
        Self(s)
    }

    /// A pointer from text that is already escaped (e.g. a prefix of another pointer).
    pub fn from_escaped(text: &str) -> Self {
        Self(text.to_owned())
    }

    /// The pointer text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The pointer in RFC 6901 string form, as `serde_json::Value::pointer` takes it: without
    /// the leading `#`, and with the percent escapes [`Pointer::join`] adds undone.
    pub fn json_pointer(&self) -> String {
        let fragment = self.0.strip_prefix('#').unwrap_or(&self.0);
        let mut bytes = Vec::with_capacity(fragment.len());
        let mut rest = fragment.as_bytes();
        while let Some((&byte, tail)) = rest.split_first() {
            let escaped = match tail {
                [high, low, ..] if byte == b'%' => hex_value(*high)
                    .zip(hex_value(*low))
                    .map(|(high, low)| high * 16 + low),
                _ => None,
            };
            match escaped {
                Some(decoded) => {
                    bytes.push(decoded);
                    rest = &tail[2..];
                }
                None => {
                    bytes.push(byte);
                    rest = tail;
                }
            }
        }
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

/// The value of one hexadecimal digit.
fn hex_value(digit: u8) -> Option<u8> {
    char::from(digit)
        .to_digit(16)
        .and_then(|value| u8::try_from(value).ok())
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&Pointer> for String {
    fn from(pointer: &Pointer) -> Self {
        pointer.0.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_tokens() {
        let p = Pointer::root()
            .join("paths")
            .join("/v1/Services")
            .join("post")
            .join("requestBody");
        assert_eq!(p.as_str(), "#/paths/~1v1~1Services/post/requestBody");
        assert_eq!(Pointer::root().join("a~b").as_str(), "#/a~0b");
    }

    #[test]
    fn json_pointer_undoes_the_fragment_escapes_only() {
        let p = Pointer::root().join("/v1/{Sid} 100%").join("#x");
        assert_eq!(p.as_str(), "#/~1v1~1{Sid}%20100%25/%23x");
        assert_eq!(p.json_pointer(), "/~1v1~1{Sid} 100%/#x");
        assert_eq!(Pointer::root().json_pointer(), "");
    }

    #[test]
    fn display_names_file_pointer_and_problem() {
        let d = Diagnostic::error(Path::new("spec/x.yaml"), "#/paths", "no paths");
        assert_eq!(d.to_string(), "spec/x.yaml: #/paths: no paths");
    }
}
