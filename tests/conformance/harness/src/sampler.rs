//! The body Prism writes for a response without an example, replayed: its sampler
//! (`@stoplight/json-schema-sampler`, static mode) on the schema as Prism reads it.
//!
//! Prism first turns every schema's `example` into `examples: [example]` (its OpenAPI
//! import, `@stoplight/http-spec`, for 3.0 and 3.1 documents alike; measured: a property's
//! `default` wins over its `example`), then samples: a `$ref` already being expanded on the
//! way there is cut (`{}` for an object, `[]` for an array, nothing else); an `allOf` is the
//! sample of the schema without it, each member's sample merged in (deeply, for objects); a
//! `oneOf`/`anyOf` is its first alternative's sample, whatever stands beside it; otherwise
//! the schema's `default`, `const`, first `enum` value or first `examples` value is copied as
//! it is, or a value is built from its type: an object's every property (and
//! `additionalProperties` twice), an array's items `minItems` times (at least once), a string
//! by its format, the `minimum` of a number, `true`. Nesting deeper than 15 objects or arrays
//! is cut. The walk has a budget of 2500 steps (`ticks`, one per subschema visited): when it
//! runs out, Prism answers HTTP 500 `SCHEMA_TOO_COMPLEX` instead of a body
//! ([`exceeds_budget`]).
//!
//! Where a copied value contradicts its own schema, or a cut object lacks required
//! properties, or the properties beside an alternative are left out, the body does not have
//! the schema's shape: `limits.rs` reads that with [`crate::check::check_shape`].

use serde_json::{Map, Value};

use crate::spec::Spec;

/// The sampler's budget, as Prism sets it (`generateStatic`: `ticks: 2500`).
const TICKS: usize = 2500;

/// Nesting the sampler follows (`maxSampleDepth`).
const MAX_SAMPLE_DEPTH: usize = 15;

/// What the sampler does with the properties beside a `oneOf`/`anyOf`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Beside {
    /// Leaves them out, as Prism's sampler does.
    Dropped,
    /// Samples them too, as the generated client types them (common to every alternative):
    /// the body Prism would serve without that limit.
    Kept,
}

/// Whether sampling `schema` (in `spec`) runs out of Prism's budget.
pub fn exceeds_budget(spec: &Spec, schema: &Value) -> bool {
    sample(spec, schema, Beside::Dropped).is_none()
}

/// The body Prism samples from `schema`, or `None` when sampling runs out of its budget.
pub fn sample(spec: &Spec, schema: &Value, beside: Beside) -> Option<Value> {
    let mut walk = Walk {
        spec,
        ticks: TICKS,
        expanding: Vec::new(),
        seen: Vec::new(),
        scope: 0,
        scopes: std::collections::HashMap::new(),
        beside,
    };
    let sampled = walk.traverse(View::of(schema), None).ok()?;
    Some(sampled.value.unwrap_or(Value::Null))
}

/// The budget ran out.
struct Exceeded;

/// What one `traverse` returns: the value (`None` for JavaScript's `undefined`, which leaves
/// a property out) and the type it was built as (a JSON string).
#[derive(Default)]
struct Sampled {
    value: Option<Value>,
    kind: Option<Value>,
}

/// A schema as the sampler sees it: a node of the document, or one the sampler builds from
/// one without copying it (the rest of an `allOf`, some keywords left out; an `allOf` member
/// given the type found so far when it has none).
#[derive(Clone, Copy)]
struct View<'v> {
    node: &'v Value,
    without: &'static [&'static str],
    kind: Option<&'v Value>,
    /// A new object the sampler built (`{...schema, allOf: undefined}`, `{type, ...member}`):
    /// never the same object as one it has seen.
    copied: bool,
}

impl<'v> View<'v> {
    fn of(node: &'v Value) -> Self {
        View {
            node,
            without: &[],
            kind: None,
            copied: false,
        }
    }

    /// The object's identity on the sampler's stack of seen schemas: `None` for a copy.
    fn identity(&self) -> Option<*const Value> {
        (!self.copied).then_some(self.node as *const Value)
    }

    fn get(&self, key: &str) -> Option<&'v Value> {
        if self.without.contains(&key) {
            return None;
        }
        match self.node.get(key) {
            None if key == "type" => self.kind,
            found => found,
        }
    }

    /// The sampler's `inferType`: `type` (the first of a list), else the type a keyword
    /// implies.
    fn inferred_type(&self) -> Option<&'v str> {
        match self.get("type") {
            Some(Value::String(kind)) => return Some(kind),
            Some(Value::Array(kinds)) => return kinds.first().and_then(Value::as_str),
            _ => {}
        }
        const KEYWORDS: &[(&str, &str)] = &[
            ("multipleOf", "number"),
            ("maximum", "number"),
            ("exclusiveMaximum", "number"),
            ("minimum", "number"),
            ("exclusiveMinimum", "number"),
            ("maxLength", "string"),
            ("minLength", "string"),
            ("pattern", "string"),
            ("items", "array"),
            ("maxItems", "array"),
            ("minItems", "array"),
            ("uniqueItems", "array"),
            ("additionalItems", "array"),
            ("maxProperties", "object"),
            ("minProperties", "object"),
            ("required", "object"),
            ("additionalProperties", "object"),
            ("properties", "object"),
            ("patternProperties", "object"),
            ("dependencies", "object"),
        ];
        KEYWORDS
            .iter()
            .find(|(keyword, _)| self.get(keyword).is_some())
            .map(|(_, kind)| *kind)
    }

    /// What the sampler writes where it cuts: `{}` or `[]` by the type, else nothing.
    fn cut(&self) -> Sampled {
        let value = match self.inferred_type() {
            Some("object") => Some(Value::Object(Map::new())),
            Some("array") => Some(Value::Array(Vec::new())),
            _ => None,
        };
        Sampled { value, kind: None }
    }
}

struct Walk<'a> {
    spec: &'a Spec,
    /// Steps left.
    ticks: usize,
    /// The `$ref`s being expanded (`$refCache`).
    expanding: Vec<String>,
    /// `seenSchemasStack`: every schema object `traverse` is given is pushed, and a call with
    /// a context (`depth`) pops the last entry on its way out, whichever it is. A call
    /// without one (the top, and the rest of an `allOf`) pops nothing, so after an `allOf` an
    /// enclosing schema can stay on the stack for the rest of the sample, and a later
    /// `traverse` of that same object is cut as a recursion would be (the second
    /// `additionalProperties` entry, `property2`, comes out `{}`).
    seen: Vec<Option<(*const Value, usize)>>,
    /// Which copy of the document's nodes the walk is in: Prism dereferences the document and
    /// then copies every object reached more than once (`decycle`), so each `$ref` occurrence
    /// (within its own copy) is an object of its own. A schema's identity is its node within
    /// one such copy: the same `additionalProperties` sampled twice is one object, two
    /// properties referring to one component are two.
    scope: usize,
    /// The copy each `$ref` occurrence (in a copy) leads to.
    scopes: std::collections::HashMap<(usize, *const Value), usize>,
    beside: Beside,
}

impl Walk<'_> {
    /// One `traverse` of the sampler; `depth` is its `context.depth` (none at the top and
    /// for the rest of an `allOf`).
    fn traverse(&mut self, schema: View<'_>, depth: Option<usize>) -> Result<Sampled, Exceeded> {
        self.ticks -= 1;
        if self.ticks == 0 {
            return Err(Exceeded);
        }
        // A `$ref` is no object of its own in the dereferenced document: its target, copied.
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            let Some(target) = reference
                .strip_prefix('#')
                .and_then(|pointer| self.spec.root.pointer(pointer))
            else {
                return Ok(Sampled::default());
            };
            if self.expanding.iter().any(|r| r == reference) {
                return Ok(View::of(target).cut());
            }
            self.expanding.push(reference.to_owned());
            let next = self.scopes.len() + 1;
            let copy = *self
                .scopes
                .entry((self.scope, schema.node as *const Value))
                .or_insert(next);
            let outer = std::mem::replace(&mut self.scope, copy);
            let sampled = self.traverse(View::of(target), depth);
            self.scope = outer;
            self.expanding.pop();
            return sampled;
        }
        let identity = schema.identity().map(|node| (node, self.scope));
        if identity.is_some() && self.seen.contains(&identity) {
            return Ok(schema.cut());
        }
        self.seen.push(identity);
        if depth.is_some_and(|depth| depth > MAX_SAMPLE_DEPTH) {
            self.pop(depth);
            return Ok(schema.cut());
        }
        if !schema.node.is_object() {
            self.pop(depth);
            return Ok(Sampled {
                value: Some(Value::Null),
                kind: None,
            });
        }
        if let Some(members) = schema.get("allOf").and_then(Value::as_array) {
            self.pop(depth);
            let rest = View {
                without: &["allOf"],
                copied: true,
                ..schema
            };
            return self.all_of(rest, members, depth);
        }
        for key in ["oneOf", "anyOf"] {
            let Some(first) = schema
                .get(key)
                .and_then(Value::as_array)
                .and_then(|alternatives| alternatives.first())
            else {
                continue;
            };
            self.pop(depth);
            if self.beside == Beside::Kept && schema.get("properties").is_some() {
                let rest = View {
                    without: &["oneOf", "anyOf"],
                    copied: true,
                    ..schema
                };
                return self.all_of(rest, std::slice::from_ref(first), depth);
            }
            return self.traverse(View::of(first), depth);
        }
        // `example` is `examples: [example]` by now.
        let first = |key| schema.get(key).and_then(Value::as_array)?.first();
        let copied = (schema.get("default"))
            .or_else(|| schema.get("const"))
            .or_else(|| first("enum"))
            .or_else(|| schema.get("example"))
            .or_else(|| first("examples"));
        if let Some(copied) = copied {
            self.pop(depth);
            return Ok(Sampled {
                value: Some(copied.clone()),
                kind: None,
            });
        }
        let kind = schema.inferred_type();
        let value = match kind {
            Some("object") => self.object(schema, depth)?,
            Some("array") => self.array(schema, depth)?,
            Some("string") => Value::String(string(schema)),
            Some("integer" | "number") => schema.get("minimum").cloned().unwrap_or(0.into()),
            Some("boolean") => Value::Bool(true),
            _ => Value::Null,
        };
        self.pop(depth);
        Ok(Sampled {
            value: Some(value),
            kind: kind.map(Value::from),
        })
    }

    /// `popSchemaStack`: with a context, the last entry goes, whichever it is.
    fn pop(&mut self, depth: Option<usize>) {
        if depth.is_some() {
            self.seen.pop();
        }
    }

    /// `allOfSample`: `rest` (the schema without its `allOf`) sampled, then each member (given
    /// the type found so far, unless it has its own), merged into it.
    fn all_of<'v>(
        &mut self,
        rest: View<'v>,
        members: &'v [Value],
        depth: Option<usize>,
    ) -> Result<Sampled, Exceeded> {
        let mut sampled = self.traverse(rest, None)?;
        let mut values = Vec::new();
        for member in members {
            let kind = sampled.kind.clone();
            let typed = View {
                node: member,
                without: &[],
                kind: kind.as_ref(),
                copied: true,
            };
            // A new schema to the sampler, whose own `$ref` or `type` wins.
            let part = self.traverse(typed, depth)?;
            if part.kind.is_some() {
                sampled.kind = part.kind;
            }
            values.extend(part.value.filter(|value| !value.is_null()));
        }
        sampled.value = if sampled.kind.as_ref().and_then(Value::as_str) == Some("object") {
            let mut merged = match sampled.value {
                Some(value) if !value.is_null() => value,
                _ => Value::Object(Map::new()),
            };
            for value in values.iter().filter(|v| v.is_object() || v.is_array()) {
                merge_deep(&mut merged, value);
            }
            Some(merged)
        } else {
            values.pop().or(sampled.value)
        };
        Ok(sampled)
    }

    /// `sampleObject`: every property (one left out when its sample is nothing), and two
    /// `additionalProperties` entries.
    fn object<'v>(&mut self, schema: View<'v>, depth: Option<usize>) -> Result<Value, Exceeded> {
        let nested = Some(depth.unwrap_or(1) + 1);
        let mut sampled = Map::new();
        for (name, property) in schema
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if let Some(value) = self.traverse(View::of(property), nested)?.value {
                sampled.insert(name.clone(), value);
            }
        }
        if let Some(additional) = schema.get("additionalProperties").filter(|a| a.is_object()) {
            for name in ["property1", "property2"] {
                if let Some(value) = self.traverse(View::of(additional), nested)?.value {
                    sampled.insert(name.to_owned(), value);
                }
            }
        }
        Ok(Value::Object(sampled))
    }

    /// `sampleArray`: `minItems` items (at least one, at most `maxItems`).
    fn array<'v>(&mut self, schema: View<'v>, depth: Option<usize>) -> Result<Value, Exceeded> {
        let nested = Some(depth.unwrap_or(1) + 1);
        let Some(items) = schema.get("items").or_else(|| schema.get("contains")) else {
            return Ok(Value::Array(Vec::new()));
        };
        let min_items = schema.get("minItems").and_then(Value::as_u64).unwrap_or(0);
        let max_items = schema.get("maxItems").and_then(Value::as_u64);
        let mut count = max_items.map_or(min_items.max(1), |max| max.min(min_items.max(1)));
        let tuple = items.as_array();
        if let Some(tuple) = tuple {
            count = count.max(tuple.len() as u64);
        }
        let mut sampled = Vec::new();
        for i in 0..count {
            let item = match tuple {
                // Past a tuple's schemas, `{}`: null.
                Some(tuple) => match usize::try_from(i).ok().and_then(|i| tuple.get(i)) {
                    Some(item) => item,
                    None => {
                        sampled.push(Value::Null);
                        continue;
                    }
                },
                None => items,
            };
            let value = self.traverse(View::of(item), nested)?.value;
            sampled.push(value.unwrap_or(Value::Null));
        }
        Ok(Value::Array(sampled))
    }
}

/// `sampleString` for the formats the client reads (`date-time`, `date`, `time`); any other
/// is `string`, repeated to `minLength` and cut to `maxLength` (the sampler's fixed strings for
/// `email`, `uuid`, ... are plain strings to the client).
fn string(schema: View<'_>) -> String {
    match schema.get("format").and_then(Value::as_str) {
        Some("date-time") => return "2019-08-24T14:15:22Z".to_owned(),
        Some("date") => return "2019-08-24".to_owned(),
        Some("time") => return "14:15:22Z".to_owned(),
        _ => {}
    }
    let length = |key| {
        let n = schema.get(key).and_then(Value::as_u64)?;
        usize::try_from(n).ok()
    };
    let mut text = "string".to_owned();
    if let Some(min) = length("minLength").filter(|min| *min > text.len()) {
        text = text.repeat(min / text.len() + 1)[..min].to_owned();
    }
    if let Some(max) = length("maxLength").filter(|max| *max > 0 && text.len() > *max) {
        text.truncate(max);
    }
    text
}

/// The sampler's `mergeDeep` of two values: objects (and arrays, by index) key by key, a
/// value that is not one replacing what was there.
fn merge_deep(into: &mut Value, from: &Value) {
    match (into, from) {
        (Value::Object(into), Value::Object(from)) => {
            for (key, value) in from {
                match into.get_mut(key) {
                    Some(earlier) if is_composite(earlier) && is_composite(value) => {
                        merge_deep(earlier, value);
                    }
                    _ => {
                        into.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (Value::Array(into), Value::Array(from)) => {
            for (i, value) in from.iter().enumerate() {
                match into.get_mut(i) {
                    Some(earlier) if is_composite(earlier) && is_composite(value) => {
                        merge_deep(earlier, value);
                    }
                    Some(earlier) => *earlier = value.clone(),
                    None => into.push(value.clone()),
                }
            }
        }
        (into, from) => *into = from.clone(),
    }
}

fn is_composite(value: &Value) -> bool {
    value.is_object() || value.is_array()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec(schemas: Value) -> Spec {
        Spec {
            file: "test.yaml".to_owned(),
            root: json!({"components": {"schemas": schemas}}),
        }
    }

    #[test]
    fn recursion_is_cut_but_breadth_counts() {
        // A tree: the recursive edge costs one step, whatever the depth.
        let tree = spec(json!({"node": {"type": "object", "properties": {
            "name": {"type": "string"},
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/node"}}
        }}}));
        assert!(!exceeds_budget(
            &tree,
            &json!({"$ref": "#/components/schemas/node"})
        ));
        // 60 kinds of event of 60 fields each, every one reachable: over 2500 steps.
        let mut schemas = serde_json::Map::new();
        let mut kinds = serde_json::Map::new();
        for kind in 0..60 {
            let fields: serde_json::Map<String, Value> = (0..60)
                .map(|field| (format!("f{field}"), json!({"type": "string"})))
                .collect();
            schemas.insert(
                format!("k{kind}"),
                json!({"type": "object", "properties": fields}),
            );
            kinds.insert(
                format!("k{kind}"),
                json!({"$ref": format!("#/components/schemas/k{kind}")}),
            );
        }
        schemas.insert(
            "event".to_owned(),
            json!({"type": "object", "properties": kinds}),
        );
        let events = spec(Value::Object(schemas));
        assert!(exceeds_budget(
            &events,
            &json!({"$ref": "#/components/schemas/event"})
        ));
        // An example ends the walk.
        assert!(!exceeds_budget(
            &events,
            &json!({"type": "object", "example": {}, "properties": kinds})
        ));
    }

    #[test]
    fn copied_values_come_after_compositions_and_example_last() {
        // What Prism served for these (measured): `default` before `example`, `enum` before
        // `example`, an `allOf` before the `example` beside it.
        let spec = spec(json!({"R": {"type": "object", "properties": {
            "v": {"type": "integer", "default": 3, "example": 4}
        }}}));
        let schema = json!({"type": "object", "properties": {
            "both": {"type": "integer", "default": 1, "example": 2},
            "ref": {"$ref": "#/components/schemas/R"},
            "alls": {"allOf": [{"$ref": "#/components/schemas/R"}], "example": {"v": 9}},
            "en": {"type": "string", "enum": ["e1"], "example": "ex"},
            "when": {"type": "string", "format": "date-time", "examples": ["1s"]}
        }});
        assert_eq!(
            sample(&spec, &schema, Beside::Dropped).unwrap(),
            json!({"both": 1, "ref": {"v": 3}, "alls": {"v": 3}, "en": "e1", "when": "1s"})
        );
    }

    #[test]
    fn recursion_is_cut_to_an_empty_value() {
        let spec = spec(json!({
            "node": {"type": "object", "required": ["name"], "properties": {
                "name": {"type": "string"},
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/node"}}
            }},
            "base": {"type": "object", "properties": {"id": {"type": "string"}}},
            "page": {"allOf": [{"$ref": "#/components/schemas/base"}, {"properties": {
                "item": {"allOf": [{"$ref": "#/components/schemas/base"}]}
            }}]}
        }));
        let node = json!({"$ref": "#/components/schemas/node"});
        assert_eq!(
            sample(&spec, &node, Beside::Dropped).unwrap(),
            json!({"name": "string", "children": [{}]})
        );
        // A schema used twice, not recursively, is sampled twice (as Prism did).
        let page = json!({"$ref": "#/components/schemas/page"});
        assert_eq!(
            sample(&spec, &page, Beside::Dropped).unwrap(),
            json!({"id": "string", "item": {"id": "string"}})
        );
    }

    #[test]
    fn a_schema_left_on_the_seen_stack_after_an_all_of_is_cut_when_met_again() {
        // Each expected body is what Prism's sampler (`@stoplight/json-schema-sampler`, pinned
        // by .ci/prism/package-lock.json) samples from the same `Top` once the document is
        // dereferenced and decycled as Prism does (`$RefParser().dereference`, `decycle`).
        let item = json!({"type": "object", "required": ["a"], "properties": {
            "a": {"type": "string"}, "b": {"allOf": [{"type": "string"}]}
        }});
        let plain = json!({"type": "object", "required": ["a"], "properties": {
            "a": {"type": "string"}
        }});
        let item_ref = json!({"$ref": "#/components/schemas/Item"});
        let cases = [
            (
                json!({"type": "object", "additionalProperties": item_ref}),
                &item,
                json!({"property1": {"a": "string", "b": "string"}, "property2": {}}),
            ),
            (
                json!({"type": "object", "properties": {"x": item_ref, "y": item_ref}}),
                &item,
                json!({"x": {"a": "string", "b": "string"}, "y": {"a": "string", "b": "string"}}),
            ),
            (
                json!({"type": "object", "additionalProperties": item_ref}),
                &plain,
                json!({"property1": {"a": "string"}, "property2": {"a": "string"}}),
            ),
            (
                json!({"type": "object", "additionalProperties": {
                    "type": "object", "properties": {"n": item_ref}
                }}),
                &item,
                json!({"property1": {"n": {"a": "string", "b": "string"}}, "property2": {}}),
            ),
        ];
        for (top, item, expected) in cases {
            let spec = spec(json!({"Top": top, "Item": item}));
            let top = json!({"$ref": "#/components/schemas/Top"});
            assert_eq!(sample(&spec, &top, Beside::Dropped).unwrap(), expected);
        }
    }

    #[test]
    fn properties_beside_alternatives_are_left_out_unless_kept() {
        let spec = spec(json!({}));
        let schema = json!({
            "type": "object",
            "required": ["id"],
            "properties": {"id": {"type": "string"}},
            "oneOf": [{"properties": {"a": {"type": "boolean"}}}, {"type": "string"}]
        });
        assert_eq!(
            sample(&spec, &schema, Beside::Dropped).unwrap(),
            json!({"a": true})
        );
        assert_eq!(
            sample(&spec, &schema, Beside::Kept).unwrap(),
            json!({"id": "string", "a": true})
        );
    }
}
