//! `KNOWN_PRISM_LIMITS`: what Prism cannot serve or check, as rules over any spec's
//! operations rather than lists of operation ids. An operation a rule matches is expected to
//! fail against Prism (its wire behaviour is covered by the fixture-client wiremock tests
//! instead); when it passes, the run fails, so a rule that no longer holds is noticed.
//!
//! A rule is added here when the generator learns something Prism cannot mock; the rule
//! reads the model, so it matches exactly the operations the client handles that way. Next,
//! with event-stream responses: "text/event-stream responses: Prism cannot stream events"
//! (it answers with one serialized example and closes the connection).

use serde_json::Value;
use specweave::model::{BodyEncoding, MediaType, Operation, ResponseBody};

use crate::check::check;
use crate::raw::RawOperation;
use crate::values::Fill;

/// One rule: which operations, and why Prism cannot check them.
pub struct Limit {
    /// Short name of the case, as the run prints it.
    pub rule: &'static str,
    /// Why Prism cannot check it, and what covers it instead.
    pub reason: &'static str,
    /// Whether the rule matches an operation.
    matches: fn(&Operation, &RawOperation<'_>) -> bool,
}

/// Every rule, first match wins.
pub const KNOWN_PRISM_LIMITS: &[Limit] = &[
    Limit {
        rule: "no 2xx response",
        reason: "the spec declares no success response (nor `default`, nor only redirects, \
                 which the client returns as a `Redirect`), so Prism answers with a status it \
                 declares, never a 2xx; the client's handling of other statuses is covered by \
                 the fixture-client wire tests",
        matches: declares_no_success,
    },
    Limit {
        rule: "discriminated oneOf body valid for several alternatives",
        reason: "Prism validates `oneOf` as plain JSON Schema, ignoring the `discriminator`, so \
                 a body that the tag assigns to one alternative but that fits others too is \
                 refused as matching several; the encoding of discriminated unions is covered \
                 by fixture-client tests/types.rs (discriminator_selects_the_alternative)",
        matches: discriminated_body_fits_several,
    },
    Limit {
        rule: "discriminator value outside the tag property's enum",
        reason: "the spec maps a discriminator value to an alternative whose tag property's \
                 `enum` does not hold that value, so no body satisfies both the mapping and \
                 the alternative (a defect of the spec, which Prism reports); the encoding of \
                 discriminated unions is covered by fixture-client tests/types.rs",
        matches: discriminator_outside_enum,
    },
    Limit {
        rule: "non-JSON response without a string schema or an example",
        reason: "with no example to serve, Prism generates a JSON value from the schema, and \
                 for an object or untyped schema under a media type that is not JSON (an \
                 event stream, binary, text) it cannot write one (`Cannot find serializer`, \
                 `NO_COMPLEX_OBJECT_TEXT`, HTTP 500); event streams, bytes and text are \
                 covered by the fixture-client wire tests (event_streams, binary_responses)",
        matches: non_json_response_prism_cannot_write,
    },
    Limit {
        rule: "multipart body with an object-typed part",
        reason: "Prism reads every `multipart/form-data` part as a string and validates that \
                 string against the part's schema, so a part the spec types `object` (sent \
                 as JSON, as the spec's default `contentType` for objects says) is always \
                 refused (`must be object`); multipart encoding is covered by the \
                 fixture-client wire tests (request_media)",
        matches: multipart_object_part,
    },
    Limit {
        rule: "response schema too large for Prism's sampler",
        reason: "with no example to serve, Prism samples a body from the schema within a budget \
                 of 2500 subschemas, and a large schema (recursive ones such as an event \
                 history whose events reach back to every event type) runs out of it: HTTP 500 \
                 `SCHEMA_TOO_COMPLEX` instead of a body; decoding deep recursive responses is \
                 covered by fixture-client tests/recursive_responses.rs",
        matches: response_too_large_to_sample,
    },
    Limit {
        rule: "2xx example that contradicts its schema",
        reason: "Prism serves the first example of the success response (the media type's \
                 `example`, else its schema's first `examples` value, else the first of its \
                 `examples`), and that example does not have the shape the client decodes \
                 (a defect of the spec: a required property missing, another JSON type, `null` \
                 where the schema is not nullable, a date-time that is not one), so a client \
                 decoding by the schema refuses it; that the client decodes such an \
                 operation's schema-valid body, and refuses an invalid one with a decode \
                 error, is covered by fixture-client tests/served_bodies.rs",
        matches: served_example_contradicts_schema,
    },
    Limit {
        rule: "2xx body Prism samples that contradicts its schema",
        reason: "with no example to serve, Prism samples the success body from the schema, \
                 copying a subschema's `example` (else `default`, `const`, first `enum` or \
                 `examples` value) as it is, and writing `{}` for a recursive `$ref`; a copied \
                 value that contradicts its own subschema (`examples: [1s]` on a `date-time`) \
                 or a cut object that requires properties makes a body no client decoding by \
                 the schema reads (Prism itself reports it as invalid); covered by \
                 fixture-client tests/served_bodies.rs and tests/recursive_responses.rs",
        matches: sampled_body_contradicts_schema,
    },
];

/// The rule that matches `op`, if any.
pub fn applies(op: &Operation, raw: &RawOperation<'_>) -> Option<&'static Limit> {
    KNOWN_PRISM_LIMITS
        .iter()
        .find(|limit| (limit.matches)(op, raw))
}

fn declares_no_success(op: &Operation, raw: &RawOperation<'_>) -> bool {
    if matches!(op.response, ResponseBody::Redirect) {
        return false;
    }
    let Some(responses) = raw.op.get("responses").and_then(Value::as_object) else {
        return false;
    };
    !responses
        .keys()
        .any(|code| code.starts_with('2') || code == "default")
}

/// The body the harness sends (required fields) fits more than one alternative of the
/// body schema's `oneOf`, which has a `discriminator`.
fn discriminated_body_fits_several(op: &Operation, raw: &RawOperation<'_>) -> bool {
    let Some((body, schema)) = body_schema(op, raw) else {
        return false;
    };
    let (Some(alternatives), Some(_)) = (
        schema.get("oneOf").and_then(Value::as_array),
        schema.get("discriminator"),
    ) else {
        return false;
    };
    let Ok(value) = crate::emit::body_value(raw, &body.encoding, Fill::Required) else {
        return false;
    };
    alternatives
        .iter()
        .filter(|alternative| check(raw.spec, &value, alternative).is_ok())
        .count()
        > 1
}

/// The body schema is a discriminated `oneOf`/`anyOf` whose `mapping` sends some value to an
/// alternative whose tag property has an `enum` without that value.
fn discriminator_outside_enum(op: &Operation, raw: &RawOperation<'_>) -> bool {
    let Some((_, schema)) = body_schema(op, raw) else {
        return false;
    };
    let Some(discriminator) = schema.get("discriminator") else {
        return false;
    };
    let (Some(tag), Some(mapping)) = (
        discriminator.get("propertyName").and_then(Value::as_str),
        discriminator.get("mapping").and_then(Value::as_object),
    ) else {
        return false;
    };
    mapping.iter().any(|(value, target)| {
        let Some(alternative) = target
            .as_str()
            .and_then(|target| target.strip_prefix('#'))
            .and_then(|pointer| raw.spec.root.pointer(pointer))
            .and_then(|alternative| raw.spec.resolve(alternative).ok())
        else {
            return false;
        };
        let allowed = alternative
            .get("properties")
            .and_then(|properties| properties.get(tag))
            .and_then(|property| raw.spec.resolve(property).ok())
            .and_then(|property| property.get("enum"))
            .and_then(Value::as_array);
        allowed.is_some_and(|allowed| !allowed.iter().any(|v| v.as_str() == Some(value)))
    })
}

/// The request body the model sends and its schema in the spec (`$ref`s followed).
fn body_schema<'a>(
    op: &'a Operation,
    raw: &RawOperation<'a>,
) -> Option<(&'a specweave::model::Body, &'a Value)> {
    let body = op.body.as_ref()?;
    let media = crate::emit::body_media(raw, &body.encoding).ok()?;
    let schema = raw.spec.resolve(media.get("schema")?).ok()?;
    Some((body, schema))
}

/// A 2xx response media type the client asks for (`Accept`) is neither JSON nor XML and has
/// no example, and its schema is not `type: string`.
fn non_json_response_prism_cannot_write(op: &Operation, raw: &RawOperation<'_>) -> bool {
    let Some(accept) = &op.accept else {
        return false;
    };
    let accepted: Vec<MediaType> = accept.split(',').map(MediaType::parse).collect();
    let Some(responses) = raw.op.get("responses").and_then(Value::as_object) else {
        return false;
    };
    let unwritable = |(media_type, media): (&String, &Value)| {
        let parsed = MediaType::parse(media_type);
        let string_schema = media
            .get("schema")
            .and_then(|schema| raw.spec.resolve(schema).ok())
            .is_some_and(|schema| schema.get("type").and_then(Value::as_str) == Some("string"));
        let xml = matches!(&parsed, MediaType::Other(essence) if essence.ends_with("xml"));
        accepted.contains(&parsed)
            && !parsed.is_json()
            && !xml
            && media.get("example").is_none()
            && media.get("examples").is_none()
            && !string_schema
    };
    responses
        .iter()
        .filter(|(status, _)| status.starts_with('2'))
        .filter_map(|(_, response)| raw.spec.resolve(response).ok())
        .filter_map(|response| response.get("content").and_then(Value::as_object))
        .any(|content| content.iter().any(unwritable))
}

/// The request body is `multipart/form-data` and one of its properties (after merging
/// `allOf`) is an object schema.
fn multipart_object_part(op: &Operation, raw: &RawOperation<'_>) -> bool {
    let Some(body) = &op.body else {
        return false;
    };
    if !matches!(&body.encoding, BodyEncoding::Multipart(_)) {
        return false;
    }
    let Some((_, schema)) = body_schema(op, raw) else {
        return false;
    };
    let merged = match crate::all_of::merged(raw.spec, schema) {
        Ok(Some(merged)) => merged,
        _ => schema.clone(),
    };
    merged
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter_map(|(_, property)| raw.spec.resolve(property).ok())
        .any(|property| {
            property.get("type").and_then(Value::as_str) == Some("object")
                || (property.get("type").is_none() && property.get("properties").is_some())
        })
}

/// A 2xx JSON response without an example whose schema Prism's sampler cannot walk within its
/// budget ([`crate::sampler`]).
fn response_too_large_to_sample(_: &Operation, raw: &RawOperation<'_>) -> bool {
    let Some(responses) = raw.op.get("responses").and_then(Value::as_object) else {
        return false;
    };
    responses
        .iter()
        .filter(|(status, _)| status.starts_with('2'))
        .filter_map(|(_, response)| raw.spec.resolve(response).ok())
        .filter_map(|response| response.get("content").and_then(Value::as_object))
        .flatten()
        .any(|(media_type, media)| {
            MediaType::parse(media_type).is_json()
                && media.get("example").is_none()
                && media.get("examples").is_none()
                && media
                    .get("schema")
                    .is_some_and(|schema| crate::sampler::exceeds_budget(raw.spec, schema))
        })
}

/// The JSON media of the success response Prism answers with: the lowest 2xx status, its
/// first JSON media type.
fn served_media<'a>(raw: &RawOperation<'a>) -> Option<&'a Value> {
    let responses = raw.op.get("responses").and_then(Value::as_object)?;
    let mut success: Vec<(&String, &Value)> = responses
        .iter()
        .filter(|(status, _)| status.starts_with('2'))
        .collect();
    success.sort_by_key(|(status, _)| status.as_str());
    let (_, response) = success.first()?;
    let content = raw
        .spec
        .resolve(response)
        .ok()?
        .get("content")?
        .as_object()?;
    content
        .iter()
        .find(|(media_type, _)| MediaType::parse(media_type).is_json())
        .map(|(_, media)| media)
}

/// The example Prism serves for `media`, if it has one: the media type's `example`, else its
/// schema's first `examples` value, else the first of its named `examples`.
fn served_example<'a>(raw: &RawOperation<'a>, media: &'a Value) -> Option<&'a Value> {
    if let Some(example) = media.get("example") {
        return Some(example);
    }
    let schema_examples = media
        .get("schema")
        .and_then(|schema| raw.spec.resolve(schema).ok())
        .and_then(|schema| schema.get("examples"))
        .and_then(Value::as_array)
        .and_then(|examples| examples.first());
    schema_examples.or_else(|| {
        let (_, first) = media.get("examples")?.as_object()?.iter().next()?;
        raw.spec.resolve(first).ok()?.get("value")
    })
}

/// The example Prism serves for `op` contradicts its schema as the client decodes it
/// ([`crate::check::check_decoded`]). An example holding `$ref`s (to example files Prism
/// reads in) is not judged.
fn served_example_contradicts_schema(_: &Operation, raw: &RawOperation<'_>) -> bool {
    let Some(media) = served_media(raw) else {
        return false;
    };
    match (served_example(raw, media), media.get("schema")) {
        (Some(example), Some(schema)) => {
            !holds_ref(example) && crate::check::check_decoded(raw.spec, example, schema).is_err()
        }
        _ => false,
    }
}

fn holds_ref(value: &Value) -> bool {
    match value {
        Value::Object(object) => object.contains_key("$ref") || object.values().any(holds_ref),
        Value::Array(items) => items.iter().any(holds_ref),
        _ => false,
    }
}

fn sampled_body_contradicts_schema(_: &Operation, raw: &RawOperation<'_>) -> bool {
    let Some(media) = served_media(raw) else {
        return false;
    };
    if served_example(raw, media).is_some() {
        return false;
    }
    media
        .get("schema")
        .is_some_and(|schema| crate::sampler::contradiction(raw.spec, schema).is_some())
}
