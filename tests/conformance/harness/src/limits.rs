//! `KNOWN_PRISM_LIMITS`: what Prism cannot serve or check, as rules over any spec's
//! operations rather than lists of operation ids. An operation a rule matches is expected to
//! fail against Prism (its wire behaviour is covered by the fixture-client wiremock tests
//! instead); when it passes, the run fails, so a rule that no longer holds is noticed.
//!
//! A rule is added here when the generator learns something Prism cannot mock; the rule
//! reads the model, so it matches exactly the operations the client handles that way. Next,
//! with event-stream responses: "text/event-stream responses: Prism cannot stream events"
//! (it answers with one serialized example and closes the connection).

use std::collections::BTreeSet;

use serde_json::Value;
use specweave::model::{BodyEncoding, MediaType, Operation, ResponseBody};

use crate::check::{check, SEVERAL_ONE_OF_ALTERNATIVES};
use crate::raw::RawOperation;
use crate::sampler::Beside;
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
        rule: "oneOf body whose alternatives nothing tells apart",
        reason: "the body holds a `oneOf` (at any depth) of which every value the harness \
                 builds fits several alternatives: it tried each alternative with its \
                 required and then every property, and nothing told them apart (alternatives \
                 of one type without a keyword that differs, such as two plain strings; open \
                 objects that require nothing, or only the same tag), so a validating server \
                 refuses it as not matching exactly one (a defect of the spec; OpenSearch's \
                 judgment requests); the client sends the alternative it is given, as \
                 fixture-client tests/types.rs covers for unions",
        matches: one_of_body_without_distinction,
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
                 for an object or untyped schema (not for none: then the body is empty) under \
                 a media type that is not JSON (an event stream, binary, text) it cannot \
                 write one (`Cannot find serializer`, \
                 `NO_COMPLEX_OBJECT_TEXT`, HTTP 500); event streams, bytes and text are \
                 covered by the fixture-client wire tests (event_streams, binary_responses)",
        matches: non_json_response_prism_cannot_write,
    },
    Limit {
        rule: "multipart body with an object-typed part",
        reason: "Prism reads every `multipart/form-data` part as a string and validates that \
                 string against the part's schema, so a part the spec types `object` (sent \
                 as JSON, as the spec's default `contentType` for objects says) is always \
                 refused (`must be object`), unless the body's schema reaches a reference \
                 cycle (Prism's multipart validation resolves no `$ref`, and with a cycle \
                 left in it checks nothing); multipart encoding is covered by the \
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
        reason: "Prism serves the success response's first example (the media type's \
                 `example`, else its schema's `example` or first `examples` value, else the \
                 first of its named `examples`), and that example does not have the shape \
                 the client decodes (a defect of the spec: a required property missing, \
                 `null` where the schema is not nullable, another JSON type, a `date` that is \
                 a date-time, a date-time that is not one), so a client decoding by the schema \
                 refuses it; decoding such bodies, and the error naming the field, is covered \
                 by fixture-client tests/spec_defects.rs and tests/served_bodies.rs",
        matches: served_example_contradicts_schema,
    },
    Limit {
        rule: "2xx body generated from properties beside a oneOf/anyOf",
        reason: "without an example, Prism generates the success body from the schema, and \
                 where a schema has `properties` and `required` beside a `oneOf`/`anyOf` it \
                 generates only the alternative, leaving the required properties out, so no \
                 client decoding by the schema reads the body (Prism reports its own response \
                 as invalid); decoding such schemas is covered by fixture-client \
                 tests/common_properties.rs",
        matches: served_body_without_common_properties,
    },
    Limit {
        rule: "2xx body Prism samples that contradicts its schema",
        reason: "with no example to serve, Prism samples the success body from the schema \
                 (src/sampler.rs), copying a subschema's `default` (else `const`, first `enum` \
                 value, `example`, first `examples` value) as it is, and writing `{}` for a \
                 recursive `$ref`; a copied value that contradicts its own subschema \
                 (`default: \"8\"` on an integer, `examples: [1s]` on a `date-time`, a nested \
                 array for a number) or a cut object that requires properties makes a body \
                 no client decoding by the schema reads (Prism itself reports it as \
                 invalid); covered by fixture-client tests/spec_defects.rs, \
                 tests/served_bodies.rs and tests/recursive_responses.rs",
        matches: sampled_body_contradicts_schema,
    },
    Limit {
        rule: "request body requires a property its additionalProperties: false forbids",
        reason: "the body schema, or a schema inside it the body must also satisfy (an \
                 `allOf` member, a property's), lists a `required` property that is not among \
                 its `properties` while its `additionalProperties` is `false`, so no body is \
                 valid (a defect of the spec; Prism refuses every one); the client sends the \
                 properties the schema declares, covered by fixture-client \
                 tests/spec_defects.rs",
        matches: body_requires_forbidden_property,
    },
    Limit {
        rule: "request body allOf of types that exclude each other",
        reason: "the body schema, or a schema inside it the body must also satisfy, is an \
                 `allOf` of members whose types no value has at once (`string` and \
                 `integer`), so no body is valid (a defect of the spec, which the generator \
                 reports, typing it as the first typed member; Prism refuses every body); \
                 the client sends the value it is given, as its wire tests cover for that type",
        matches: body_all_of_excludes_itself,
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
    // OpenAPI 3.1 lets an operation leave `responses` out: it then declares none.
    raw.op
        .get("responses")
        .and_then(Value::as_object)
        .is_none_or(|responses| {
            !responses
                .keys()
                .any(|code| code.starts_with('2') || code == "default")
        })
}

/// A body the harness sends (required fields, or every field) fits more than one
/// alternative of the body schema's `oneOf`, which has a `discriminator`.
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
    // Either pass: the required properties may single one out while every property does not
    // (Ory's login methods: `method` and `identifier` fit several).
    [Fill::Required, Fill::All].into_iter().any(|fill| {
        let Ok(value) = crate::emit::body_value(raw, &body.encoding, fill) else {
            return false;
        };
        alternatives
            .iter()
            .filter(|alternative| check(raw.spec, &value, alternative).is_ok())
            .count()
            > 1
    })
}

/// A body the harness sends (required fields, or every field) fits several alternatives of
/// a `oneOf` within the body schema, by the harness's own validator: synthesis looks for a
/// value that fits exactly one, so one that does not means none was found.
fn one_of_body_without_distinction(op: &Operation, raw: &RawOperation<'_>) -> bool {
    let Some((body, schema)) = body_schema(op, raw) else {
        return false;
    };
    [Fill::Required, Fill::All].into_iter().any(|fill| {
        crate::emit::body_value(raw, &body.encoding, fill).is_ok_and(|value| {
            check(raw.spec, &value, schema)
                .is_err_and(|error| error.contains(SEVERAL_ONE_OF_ALTERNATIVES))
        })
    })
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
        // Without a schema Prism writes an empty body, which text and bytes read.
        let Some(schema) = media.get("schema") else {
            return false;
        };
        let string_schema = raw
            .spec
            .resolve(schema)
            .is_ok_and(|schema| schema.get("type").and_then(Value::as_str) == Some("string"));
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
    if reaches_a_cycle(raw, schema, &mut Vec::new(), &mut BTreeSet::new()) {
        return false;
    }
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
/// Whether `schema` reaches, through local `$ref`s, a schema that refers back to one on the
/// way (`path`: the references being followed; `done`: those known to reach no cycle).
fn reaches_a_cycle(
    raw: &RawOperation<'_>,
    schema: &Value,
    path: &mut Vec<String>,
    done: &mut BTreeSet<String>,
) -> bool {
    match schema {
        Value::Object(map) => {
            if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
                if path.iter().any(|on_path| on_path == reference) {
                    return true;
                }
                if done.contains(reference) {
                    return false;
                }
                let Some(target) = reference
                    .strip_prefix('#')
                    .and_then(|pointer| raw.spec.root.pointer(pointer))
                else {
                    return false;
                };
                path.push(reference.to_owned());
                let found = reaches_a_cycle(raw, target, path, done);
                path.pop();
                if !found {
                    done.insert(reference.to_owned());
                }
                return found;
            }
            // Data keywords hold values, not schemas; a `properties` map's keys are names (a
            // property may be called `example`), so its values are all schemas.
            map.iter().any(|(key, value)| match key.as_str() {
                "example" | "examples" | "default" | "enum" | "const" => false,
                "properties" | "patternProperties" => value.as_object().is_some_and(|schemas| {
                    schemas
                        .values()
                        .any(|schema| reaches_a_cycle(raw, schema, path, done))
                }),
                _ => reaches_a_cycle(raw, value, path, done),
            })
        }
        Value::Array(items) => items
            .iter()
            .any(|item| reaches_a_cycle(raw, item, path, done)),
        _ => false,
    }
}

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

/// Prism's success example for `op` does not have its schema's shape.
fn served_example_contradicts_schema(_: &Operation, raw: &RawOperation<'_>) -> bool {
    let Some(media) = crate::served::served_media(raw) else {
        return false;
    };
    let (Some(example), Some(schema)) = (
        crate::served::served_example(raw, media),
        media.get("schema"),
    ) else {
        return false;
    };
    crate::check::check_shape(raw.spec, example, schema).is_err()
}

/// The body Prism samples for `op` (it has no example to serve) does not have its schema's
/// shape, and would have it with the properties beside a `oneOf`/`anyOf` sampled too.
fn served_body_without_common_properties(_: &Operation, raw: &RawOperation<'_>) -> bool {
    crate::served::sampled_body_contradiction(raw, Beside::Dropped).is_some()
        && crate::served::sampled_body_contradiction(raw, Beside::Kept).is_none()
}

/// The body Prism samples for `op` (it has no example to serve) does not have its schema's
/// shape.
fn sampled_body_contradicts_schema(_: &Operation, raw: &RawOperation<'_>) -> bool {
    crate::served::sampled_body_contradiction(raw, Beside::Dropped).is_some()
}

/// The request body schema (its `allOf` merged), or a schema the body must also satisfy (an
/// `allOf` member, a property's schema: required ones at any depth, others as deep as the
/// all-fields pass fills), requires a property that it does not declare and that its
/// `additionalProperties: false` forbids.
fn body_requires_forbidden_property(op: &Operation, raw: &RawOperation<'_>) -> bool {
    let Some((_, schema)) = body_schema(op, raw) else {
        return false;
    };
    let merged = match crate::all_of::merged(raw.spec, schema) {
        Ok(Some(merged)) => merged,
        _ => schema.clone(),
    };
    forbids_what_it_requires(&merged)
        || impossible_within(raw, schema, 0, &forbids_what_it_requires)
}

fn body_all_of_excludes_itself(op: &Operation, raw: &RawOperation<'_>) -> bool {
    let Some((_, schema)) = body_schema(op, raw) else {
        return false;
    };
    let excludes_itself = |schema: &Value| {
        let mut kinds: Vec<&str> = Vec::new();
        for member in schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let kind = raw.spec.resolve(member).ok().and_then(|member| {
                match member.get("type").and_then(Value::as_str)? {
                    "integer" => Some("number"),
                    kind => Some(kind),
                }
            });
            if let Some(kind) = kind.filter(|kind| !kinds.contains(kind)) {
                kinds.push(kind);
            }
        }
        kinds.len() > 1
    };
    impossible_within(raw, schema, 0, &excludes_itself)
}

fn forbids_what_it_requires(schema: &Value) -> bool {
    if schema.get("additionalProperties") != Some(&Value::Bool(false)) {
        return false;
    }
    let declared = schema.get("properties").and_then(Value::as_object);
    crate::spec::required_names(schema)
        .into_iter()
        .any(|name| !declared.is_some_and(|properties| properties.contains_key(name)))
}

/// Whether `impossible` holds for `schema` or a schema within it a body must also satisfy
/// (`allOf` members, required properties, and optional ones near the top, which the harness
/// fills, array items).
fn impossible_within(
    raw: &RawOperation<'_>,
    schema: &Value,
    depth: usize,
    impossible: &dyn Fn(&Value) -> bool,
) -> bool {
    let Ok(schema) = raw.spec.resolve(schema) else {
        return false;
    };
    if depth > crate::values::MAX_DEPTH {
        return false;
    }
    if impossible(schema) {
        return true;
    }
    let members = schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten();
    let required: Vec<&str> = crate::spec::required_names(schema);
    let properties = schema
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter(|(name, _)| {
            required.contains(&name.as_str()) || depth < crate::values::FILL_ALL_DEPTH
        })
        .map(|(_, property)| property);
    members
        .chain(properties)
        .chain(schema.get("items"))
        .any(|inner| impossible_within(raw, inner, depth + 1, impossible))
}
