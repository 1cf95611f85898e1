//! Parameter serialization per the OpenAPI style table (`style`, `explode`,
//! `allowReserved`), for every parameter location.
//!
//! Values are a small tree, [`ParamValue`] (text, list, or object of
//! key/value pairs), built by generated code directly or from any
//! `Serialize` value (see `param_serde.rs`). The functions here render one
//! parameter into the query string, a path placeholder, a header value or
//! cookie pairs.
//!
//! # Percent-encoding
//!
//! Follows the style examples of OpenAPI 3.0.4 / 3.1.1 / 3.2.0, which are
//! percent-encoded as RFC 6570 and RFC 3986 require (the 3.1.0 table shows
//! `|`, `[` and `]` raw, and its `label` rows without commas; the later
//! editions corrected both):
//!
//! - names and values are encoded separately, before the style's delimiters
//!   are added, so a `,` `&` `=` `;` or `.` inside a value never reads as a
//!   delimiter: everything except the RFC 3986 unreserved characters
//!   (`A-Z a-z 0-9 - . _ ~`) is encoded, space as `%20` (not `+`);
//! - `pipeDelimited` joins with `%7C` and `deepObject` keys are written
//!   `color%5BR%5D=100`: servers that parse brackets (Rack, PHP, `qs`,
//!   Stripe) decode the query first, so they read `color[R]=100`, while raw
//!   `[`, `]` and `|` are not valid in a query (RFC 3986 §3.4) and strict
//!   servers (Tomcat's default) refuse them with a 400;
//! - `allowReserved` keeps the reserved characters that are valid in a query
//!   value (`: / ? @ ! $ ' ( ) * , ;`) and existing `%XX` triplets (RFC 6570
//!   reserved expansion); `[ ] #` and the form separators `& = +` are still
//!   encoded, as OpenAPI 3.2 requires;
//! - path values use the same unreserved-only set (a value can never add a
//!   `/`), header values are not percent-encoded (they are checked for CR,
//!   LF and non-ASCII by the request instead), cookie values are.
//!
//! # Beyond the table
//!
//! - An empty list or object is "undefined" (RFC 6570): nothing is sent.
//! - `deepObject` nests (`items%5B0%5D%5Bprice%5D=…`, Stripe's form), with
//!   list items indexed from 0; a text value is sent as `form`.
//! - `spaceDelimited` / `pipeDelimited` with `explode: true`, or with a text
//!   value, are sent as `form`.
//! - A list or object inside a list or object is refused except with
//!   `deepObject`: no other style can express it (send it as `content`).

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};

/// Everything but RFC 3986 unreserved characters is encoded.
pub(super) const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `allowReserved`: reserved characters valid inside a query value stay.
const QUERY_RESERVED: &AsciiSet = &COMPONENT
    .remove(b':')
    .remove(b'/')
    .remove(b'?')
    .remove(b'@')
    .remove(b'!')
    .remove(b'$')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b',')
    .remove(b';');

/// A parameter's `style` (OpenAPI "Style Values").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Style {
    /// `;color=blue` (path).
    Matrix,
    /// `.blue` (path).
    Label,
    /// `blue,black` (path, header; the default there).
    Simple,
    /// `color=blue` (query, cookie; the default there).
    Form,
    /// `color=blue%20black` (query).
    SpaceDelimited,
    /// `color=blue%7Cblack` (query).
    PipeDelimited,
    /// `color%5BR%5D=100` (query).
    DeepObject,
}

impl Style {
    /// The name used in OpenAPI documents.
    pub fn as_str(self) -> &'static str {
        match self {
            Style::Matrix => "matrix",
            Style::Label => "label",
            Style::Simple => "simple",
            Style::Form => "form",
            Style::SpaceDelimited => "spaceDelimited",
            Style::PipeDelimited => "pipeDelimited",
            Style::DeepObject => "deepObject",
        }
    }
}

/// A parameter value ready to be serialized in any style: the data model of
/// RFC 6570 (text, list, or ordered key/value pairs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamValue {
    /// A primitive in its text form (`blue`, `100`, `true`).
    Text(String),
    /// An array.
    List(Vec<ParamValue>),
    /// An object (or map), in field order.
    Object(Vec<(String, ParamValue)>),
}

impl ParamValue {
    /// A primitive from its text form.
    pub fn text(text: impl Into<String>) -> ParamValue {
        ParamValue::Text(text.into())
    }

    /// The text of a primitive, or why a list or object cannot go where a
    /// primitive must.
    fn flat(&self) -> Result<&str, String> {
        match self {
            ParamValue::Text(text) => Ok(text),
            _ => Err(
                "a nested list or object can only be sent with style `deepObject` \
                      (or as `content`)"
                    .to_owned(),
            ),
        }
    }
}

impl From<&str> for ParamValue {
    fn from(text: &str) -> Self {
        ParamValue::Text(text.to_owned())
    }
}

impl From<String> for ParamValue {
    fn from(text: String) -> Self {
        ParamValue::Text(text)
    }
}

/// Percent-encodes `text` onto `out`: every byte in `set` becomes `%XX`;
/// with `keep_triplets`, an existing `%XX` is copied as is (RFC 6570
/// reserved expansion).
pub(super) fn encode_into(
    out: &mut String,
    text: &str,
    set: &'static AsciiSet,
    keep_triplets: bool,
) {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let is_triplet = keep_triplets
            && bytes[i] == b'%'
            && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
        if is_triplet {
            out.extend(percent_encoding::utf8_percent_encode(&text[start..i], set));
            out.push_str(&text[i..i + 3]);
            i += 3;
            start = i;
        } else {
            i += 1;
        }
    }
    out.extend(percent_encoding::utf8_percent_encode(&text[start..], set));
}

fn encoded(text: &str, set: &'static AsciiSet, keep_triplets: bool) -> String {
    let mut out = String::with_capacity(text.len());
    encode_into(&mut out, text, set, keep_triplets);
    out
}

/// Appends parameter `name` to `query` (encoded, without `?`; pairs joined
/// with `&`). Errors with the reason when the style cannot express the value
/// or is not a query style.
pub fn append_query(
    query: &mut String,
    name: &str,
    style: Style,
    explode: bool,
    allow_reserved: bool,
    value: &ParamValue,
) -> Result<(), String> {
    let value_set = if allow_reserved {
        QUERY_RESERVED
    } else {
        COMPONENT
    };
    let enc = |text: &str| encoded(text, value_set, allow_reserved);
    let key = encoded(name, COMPONENT, false);
    let mut pairs: Vec<(String, String)> = Vec::new();
    let delimiter = match style {
        Style::Form => ",",
        Style::SpaceDelimited => "%20",
        Style::PipeDelimited => "%7C",
        Style::DeepObject => {
            deep_pairs(&key, value, &enc, &mut pairs);
            push_pairs(query, &pairs);
            return Ok(());
        }
        Style::Matrix | Style::Label | Style::Simple => {
            return Err(format!("style `{}` is not a query style", style.as_str()))
        }
    };
    let explode = explode || style != Style::Form && matches!(value, ParamValue::Text(_));
    match value {
        ParamValue::Text(text) => pairs.push((key, enc(text))),
        ParamValue::List(items) if explode => {
            for item in items {
                pairs.push((key.clone(), enc(item.flat()?)));
            }
        }
        ParamValue::Object(fields) if explode => {
            for (field, item) in fields {
                pairs.push((encoded(field, COMPONENT, false), enc(item.flat()?)));
            }
        }
        ParamValue::List(items) if !items.is_empty() => {
            pairs.push((
                key,
                joined(items.iter().map(|i| i.flat()), delimiter, &enc)?,
            ));
        }
        ParamValue::Object(fields) if !fields.is_empty() => {
            pairs.push((key, joined(flat_fields(fields), delimiter, &enc)?));
        }
        ParamValue::List(_) | ParamValue::Object(_) => {}
    }
    push_pairs(query, &pairs);
    Ok(())
}

/// `key=value` pairs of a `deepObject` parameter, nested with `%5B…%5D`.
fn deep_pairs(
    key: &str,
    value: &ParamValue,
    enc: &dyn Fn(&str) -> String,
    pairs: &mut Vec<(String, String)>,
) {
    match value {
        ParamValue::Text(text) => pairs.push((key.to_owned(), enc(text))),
        ParamValue::List(items) => {
            for (index, item) in items.iter().enumerate() {
                deep_pairs(&format!("{key}%5B{index}%5D"), item, enc, pairs);
            }
        }
        ParamValue::Object(fields) => {
            for (field, item) in fields {
                let field = encoded(field, COMPONENT, false);
                deep_pairs(&format!("{key}%5B{field}%5D"), item, enc, pairs);
            }
        }
    }
}

fn push_pairs(query: &mut String, pairs: &[(String, String)]) {
    for (key, value) in pairs {
        if !query.is_empty() {
            query.push('&');
        }
        query.push_str(key);
        query.push('=');
        query.push_str(value);
    }
}

/// An object's fields as a flat `k, v, k, v` sequence (non-exploded form).
fn flat_fields(fields: &[(String, ParamValue)]) -> impl Iterator<Item = Result<&str, String>> {
    fields
        .iter()
        .flat_map(|(field, item)| [Ok(field.as_str()), item.flat()])
}

fn joined<'a>(
    parts: impl Iterator<Item = Result<&'a str, String>>,
    delimiter: &str,
    enc: &dyn Fn(&str) -> String,
) -> Result<String, String> {
    let mut out = String::new();
    for (i, part) in parts.enumerate() {
        if i > 0 {
            out.push_str(delimiter);
        }
        out.push_str(&enc(part?));
    }
    Ok(out)
}

/// The text that replaces a path placeholder: `simple`, `label` or `matrix`
/// (of parameter `name`), every value fully percent-encoded so that it stays
/// inside its segment.
pub fn path_value(
    name: &str,
    style: Style,
    explode: bool,
    value: &ParamValue,
) -> Result<String, String> {
    let enc = |text: &str| encoded(text, COMPONENT, false);
    let name = enc(name);
    // Matrix: `;name=value`, or `;name` for an empty value (RFC 6570).
    let matrix_pair = |key: &str, text: &str| {
        if text.is_empty() {
            format!(";{key}")
        } else {
            format!(";{key}={}", enc(text))
        }
    };
    let empty = match value {
        ParamValue::Text(_) => false,
        ParamValue::List(items) => items.is_empty(),
        ParamValue::Object(fields) => fields.is_empty(),
    };
    if empty {
        return Ok(String::new());
    }
    Ok(match (style, value) {
        (Style::Simple, ParamValue::Text(text)) => enc(text),
        (Style::Label, ParamValue::Text(text)) => format!(".{}", enc(text)),
        (Style::Matrix, ParamValue::Text(text)) => matrix_pair(&name, text),
        (Style::Simple | Style::Label, ParamValue::List(items)) => {
            let (prefix, delimiter) = match (style, explode) {
                (Style::Simple, _) => ("", ","),
                (_, false) => (".", ","),
                (_, true) => (".", "."),
            };
            format!(
                "{prefix}{}",
                joined(items.iter().map(|i| i.flat()), delimiter, &enc)?
            )
        }
        (Style::Simple | Style::Label, ParamValue::Object(fields)) => {
            let prefix = if style == Style::Label { "." } else { "" };
            if explode {
                let delimiter = if style == Style::Label { "." } else { "," };
                let mut parts = Vec::with_capacity(fields.len());
                for (field, item) in fields {
                    parts.push(format!("{}={}", enc(field), enc(item.flat()?)));
                }
                format!("{prefix}{}", parts.join(delimiter))
            } else {
                format!("{prefix}{}", joined(flat_fields(fields), ",", &enc)?)
            }
        }
        (Style::Matrix, ParamValue::List(items)) if explode => {
            let mut out = String::new();
            for item in items {
                out.push_str(&matrix_pair(&name, item.flat()?));
            }
            out
        }
        (Style::Matrix, ParamValue::List(items)) => {
            format!(
                ";{name}={}",
                joined(items.iter().map(|i| i.flat()), ",", &enc)?
            )
        }
        (Style::Matrix, ParamValue::Object(fields)) if explode => {
            let mut out = String::new();
            for (field, item) in fields {
                out.push_str(&matrix_pair(&enc(field), item.flat()?));
            }
            out
        }
        (Style::Matrix, ParamValue::Object(fields)) => {
            format!(";{name}={}", joined(flat_fields(fields), ",", &enc)?)
        }
        (other, _) => return Err(format!("style `{}` is not a path style", other.as_str())),
    })
}

/// A header value in style `simple` (`blue,black`, `R,100,G,200`, exploded
/// `R=100,G=200`), not percent-encoded.
pub fn header_value(explode: bool, value: &ParamValue) -> Result<String, String> {
    let same = |text: &str| text.to_owned();
    match value {
        ParamValue::Text(text) => Ok(text.clone()),
        ParamValue::List(items) => joined(items.iter().map(|i| i.flat()), ",", &same),
        ParamValue::Object(fields) if explode => {
            let mut parts = Vec::with_capacity(fields.len());
            for (field, item) in fields {
                parts.push(format!("{field}={}", item.flat()?));
            }
            Ok(parts.join(","))
        }
        ParamValue::Object(fields) => joined(flat_fields(fields), ",", &same),
    }
}

/// The `name=value` cookie pairs of a cookie parameter in style `form`,
/// names and values percent-encoded: `color=blue,black`, or exploded
/// `color=blue`, `color=black` (sent joined by `; ` in one `Cookie`
/// header, RFC 6265, rather than the `&` a query would use).
pub fn cookie_pairs(name: &str, explode: bool, value: &ParamValue) -> Result<Vec<String>, String> {
    let enc = |text: &str| encoded(text, COMPONENT, false);
    let name = enc(name);
    Ok(match value {
        ParamValue::Text(text) => vec![format!("{name}={}", enc(text))],
        ParamValue::List(items) if explode => {
            let mut pairs = Vec::with_capacity(items.len());
            for item in items {
                pairs.push(format!("{name}={}", enc(item.flat()?)));
            }
            pairs
        }
        ParamValue::Object(fields) if explode => {
            let mut pairs = Vec::with_capacity(fields.len());
            for (field, item) in fields {
                pairs.push(format!("{}={}", enc(field), enc(item.flat()?)));
            }
            pairs
        }
        ParamValue::List(items) if items.is_empty() => Vec::new(),
        ParamValue::Object(fields) if fields.is_empty() => Vec::new(),
        ParamValue::List(items) => vec![format!(
            "{name}={}",
            joined(items.iter().map(|i| i.flat()), ",", &enc)?
        )],
        ParamValue::Object(fields) => {
            vec![format!(
                "{name}={}",
                joined(flat_fields(fields), ",", &enc)?
            )]
        }
    })
}
