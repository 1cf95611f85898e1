//! The one place where wire names become Rust identifiers.
//!
//! Every identifier the generator emits goes through [`type_name`], [`field_name`] or
//! [`variant_name`], and then through a [`Namespace`] that resolves collisions
//! deterministically (first claimant keeps the name, later ones get `_2`, `_3`, ...). The wire
//! name is always kept beside the Rust name by the caller, so `#[serde(rename)]` can be emitted
//! exactly when the two differ.
//!
//! Rules, in order:
//! 1. `<` and `>` become the words `before` / `after` (Twilio's `DateSent<` is "sent before").
//! 2. Non-ASCII letters and digits are transliterated (deunicode), or become `u{hex}` words,
//!    so identifiers stay ASCII and no lint about confusable or uncommon code points can fire.
//! 3. heck splits the rest into words on case changes and on any other symbol.
//! 4. A name with no words is rebuilt from the symbols (`+1` → `plus_1`, `-1` → `minus_1`);
//!    if still empty it becomes `empty` / `Empty`.
//! 5. A leading digit gets a prefix: `_` for snake case, `V` for variants, `T` for types.
//! 6. Keywords become raw identifiers (`type` → `r#type`), except the ones that cannot be raw
//!    (`self`, `Self`, `super`, `crate`), which get a trailing `_`.

use std::collections::HashSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords of every edition (strict, reserved and edition-dependent), all of which can be
/// written as raw identifiers except [`NON_RAW_KEYWORDS`].
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that `r#` cannot escape.
const NON_RAW_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Rust name of a type (struct, enum, alias): `chat.v1.service.channel.invite` →
/// `ChatV1ServiceChannelInvite`.
pub fn type_name(raw: &str) -> String {
    upper_camel(raw, "T", "Unnamed")
}

/// Rust name of an enum variant: `in-progress` → `InProgress`, `1` → `V1`, `` → `Empty`.
pub fn variant_name(raw: &str) -> String {
    upper_camel(raw, "V", "Empty")
}

/// Rust name of a field, parameter or method: `RoleSid` → `role_sid`, `type` → `r#type`.
pub fn field_name(raw: &str) -> String {
    let words = words(raw);
    let mut name = words.to_snake_case();
    if name.is_empty() {
        name = "empty".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    escape_keyword(name)
}

fn upper_camel(raw: &str, digit_prefix: &str, fallback: &str) -> String {
    let mut name = words(raw).to_upper_camel_case();
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, digit_prefix);
    }
    escape_keyword(name)
}

/// Rewrites `raw` into space-separated ASCII words that heck can recase.
fn words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 8);
    for c in raw.chars() {
        match c {
            '<' => out.push_str(" before "),
            '>' => out.push_str(" after "),
            c if c.is_ascii_alphanumeric() => out.push(c),
            c if c.is_alphanumeric() => {
                // Transliterate (`größe` → `grosse`, `名前` → `ming qian`); a code point with
                // no ASCII form becomes `u{hex}`.
                match deunicode::deunicode_char(c)
                    .filter(|t| t.chars().any(|t| t.is_ascii_alphanumeric()))
                {
                    // Inline, so accents stay inside their word; CJK syllables come with
                    // their own spaces.
                    Some(ascii) => out.extend(ascii.chars().map(|t| {
                        if t.is_ascii_alphanumeric() {
                            t
                        } else {
                            ' '
                        }
                    })),
                    None => out.push_str(&format!(" u{:x} ", u32::from(c))),
                }
            }
            _ => out.push(' '),
        }
    }
    if out.chars().any(|c| c.is_ascii_alphabetic()) || raw.chars().all(|c| c.is_alphanumeric()) {
        return out;
    }
    // No letters: spell the symbols out so `+1` and `-1` stay distinct.
    let mut spelled = String::new();
    for c in raw.chars() {
        let word = match c {
            '+' => "plus",
            '-' => "minus",
            '*' => "star",
            '@' => "at",
            '$' => "dollar",
            '#' => "hash",
            '%' => "percent",
            '&' => "and",
            '=' => "eq",
            '!' => "not",
            '.' => "dot",
            '/' => "slash",
            c if c.is_ascii_digit() => {
                spelled.push(c);
                continue;
            }
            _ => "",
        };
        spelled.push(' ');
        spelled.push_str(word);
        spelled.push(' ');
    }
    spelled
}

fn escape_keyword(name: String) -> String {
    if NON_RAW_KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// The identifier without a raw prefix, used to compare names for collisions.
pub fn bare(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// A set of names in one scope (a module's types, a struct's fields, an enum's variants, a
/// client's methods). Claims are first-come, first-served; callers claim in spec order, so the
/// outcome is deterministic.
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    taken: HashSet<String>,
}

impl Namespace {
    /// An empty namespace.
    pub fn new() -> Self {
        Self::default()
    }

    /// A namespace in which `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        let mut ns = Self::new();
        for name in reserved {
            ns.taken.insert((*name).to_owned());
        }
        ns
    }

    /// Claims `name`, or the first free `name_2`, `name_3`, ... (`Name2` for camel case).
    pub fn claim(&mut self, name: String) -> String {
        if self.taken.insert(bare(&name).to_owned()) {
            return name;
        }
        // `self_` + `_2` would read `self__2`, which is neither snake nor camel case.
        let trimmed = bare(&name).trim_end_matches('_');
        let base = if trimmed.is_empty() {
            bare(&name)
        } else {
            trimmed
        }
        .to_owned();
        let separator = if base.starts_with(|c: char| c.is_ascii_uppercase()) {
            ""
        } else {
            "_"
        };
        let mut n = 2usize;
        loop {
            let candidate = format!("{base}{separator}{n}");
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }

    /// Whether `name` is already taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(bare(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names() {
        let table = [
            ("RoleSid", "role_sid"),
            ("Identity", "identity"),
            ("page_size", "page_size"),
            ("PageSize", "page_size"),
            ("type", "r#type"),
            ("ref", "r#ref"),
            ("match", "r#match"),
            ("move", "r#move"),
            ("gen", "r#gen"),
            ("async", "r#async"),
            ("self", "self_"),
            ("Self", "self_"),
            ("super", "super_"),
            ("crate", "crate_"),
            (
                "Notifications.NewMessage.Enabled",
                "notifications_new_message_enabled",
            ),
            ("DateSent<", "date_sent_before"),
            ("DateSent>", "date_sent_after"),
            ("StartTime>", "start_time_after"),
            ("~predicted-csat", "predicted_csat"),
            ("X-Twilio-Webhook-Enabled", "x_twilio_webhook_enabled"),
            ("If-Match", "if_match"),
            ("+1", "plus_1"),
            ("-1", "minus_1"),
            ("+", "plus"),
            ("$ref", "r#ref"),
            ("@id", "id"),
            ("", "empty"),
            ("   ", "empty"),
            ("2fa", "_2fa"),
            ("123", "_123"),
            ("名前", "ming_qian"),
            ("café", "cafe"),
            ("größe", "grosse"),
        ];
        for (raw, expected) in table {
            assert_eq!(field_name(raw), expected, "field_name({raw:?})");
        }
    }

    #[test]
    fn type_names() {
        let table = [
            (
                "chat.v1.service.channel.invite",
                "ChatV1ServiceChannelInvite",
            ),
            ("CreateInviteRequest", "CreateInviteRequest"),
            (
                "chat.v1.service.channel_enum_channel_type",
                "ChatV1ServiceChannelEnumChannelType",
            ),
            ("Self", "Self_"),
            ("self", "Self_"),
            ("2fa", "T2fa"),
            ("", "Unnamed"),
            ("Option", "Option"),
            ("名前", "MingQian"),
            ("Ärger", "Arger"),
        ];
        for (raw, expected) in table {
            assert_eq!(type_name(raw), expected, "type_name({raw:?})");
        }
    }

    #[test]
    fn variant_names() {
        let table = [
            ("in-progress", "InProgress"),
            ("private", "Private"),
            ("whatsapp", "Whatsapp"),
            ("whAtsAPP", "WhAtsApp"),
            ("~predicted-csat", "PredictedCsat"),
            ("1", "V1"),
            ("", "Empty"),
            ("Self", "Self_"),
            ("+1", "Plus1"),
            ("-1", "Minus1"),
        ];
        for (raw, expected) in table {
            assert_eq!(variant_name(raw), expected, "variant_name({raw:?})");
        }
    }

    #[test]
    fn every_keyword_is_escaped() {
        for keyword in KEYWORDS {
            let name = field_name(keyword);
            assert!(
                name.starts_with("r#") || name.ends_with('_'),
                "{keyword} -> {name}"
            );
        }
    }

    #[test]
    fn collisions_get_deterministic_suffixes() {
        let mut ns = Namespace::with_reserved(&["new"]);
        assert_eq!(ns.claim("new".into()), "new_2");
        assert_eq!(ns.claim("date_sent".into()), "date_sent");
        assert_eq!(ns.claim("date_sent".into()), "date_sent_2");
        assert_eq!(ns.claim("date_sent".into()), "date_sent_3");
        assert_eq!(ns.claim("r#type".into()), "r#type");
        assert_eq!(ns.claim("type".into()), "type_2");
        let mut types = Namespace::new();
        assert_eq!(types.claim("Invite".into()), "Invite");
        assert_eq!(types.claim("Invite".into()), "Invite2");
        assert_eq!(ns.claim("self_".into()), "self_");
        assert_eq!(ns.claim("self_".into()), "self_2");
        assert_eq!(types.claim("Self_".into()), "Self_");
        assert_eq!(types.claim("Self_".into()), "Self2");
    }
}
