//! What Prism serves for an operation: the lowest 2xx response's JSON media type, and its
//! example, or without one the body its sampler writes from the schema ([`crate::sampler`]).
//! `limits.rs` reads spec defects off them with [`crate::check::check_shape`].

use serde_json::Value;
use specweave::model::MediaType;

use crate::raw::RawOperation;
use crate::sampler::Beside;

/// The JSON media type object of the lowest 2xx response (`$ref`s followed, the `content`
/// map's too), which Prism answers with.
pub fn served_media<'a>(raw: &RawOperation<'a>) -> Option<&'a Value> {
    let spec = raw.spec;
    let responses = raw.op.get("responses")?.as_object()?;
    let (_, response) = responses
        .iter()
        .filter(|(status, _)| status.starts_with('2'))
        .min_by(|(a, _), (b, _)| a.cmp(b))?;
    let content = spec
        .resolve(spec.resolve(response).ok()?.get("content")?)
        .ok()?;
    let (_, media) = content
        .as_object()?
        .iter()
        .find(|(media_type, _)| MediaType::parse(media_type).is_json())?;
    spec.resolve(media).ok()
}

/// The example Prism serves from `media`: its `example`, else the schema's own (`example`,
/// else the first of `examples`: Prism's import makes that the media type's default
/// example), else the first of its named `examples`.
pub fn served_example<'a>(raw: &RawOperation<'a>, media: &'a Value) -> Option<&'a Value> {
    if let Some(example) = media.get("example") {
        return Some(example);
    }
    let schema = media
        .get("schema")
        .and_then(|schema| raw.spec.resolve(schema).ok());
    let schema_example = schema.and_then(|schema| {
        schema.get("example").or_else(|| {
            let examples = schema.get("examples")?.as_array()?;
            examples.first()
        })
    });
    schema_example.or_else(|| {
        let (_, first) = media.get("examples")?.as_object()?.iter().next()?;
        raw.spec.resolve(first).ok()?.get("value")
    })
}

/// For an operation whose success response has no example, the body Prism samples from its
/// schema (properties beside a `oneOf`/`anyOf` left out or, to tell that limit apart, kept)
/// where it does not have the schema's shape, with the violation.
pub fn sampled_body_contradiction(raw: &RawOperation<'_>, beside: Beside) -> Option<String> {
    let media = served_media(raw)?;
    if served_example(raw, media).is_some() {
        return None;
    }
    let schema = media.get("schema")?;
    let body = crate::sampler::sample(raw.spec, schema, beside)?;
    let error = crate::check::check_shape(raw.spec, &body, schema).err()?;
    Some(format!("the sampled body {body}: {error}"))
}
