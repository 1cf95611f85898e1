//! How much work Prism's response sampler does on a schema, to tell in advance when it gives up.
//!
//! Prism answers a request whose response has no example with a body sampled from the schema
//! (`@stoplight/json-schema-sampler`, static mode). The sampler walks the schema with a budget
//! of 2500 steps (`ticks`, one per subschema visited) and, when the budget runs out, Prism
//! answers HTTP 500 `SCHEMA_TOO_COMPLEX` instead of a body. [`exceeds_budget`] replays that
//! walk: a `$ref` already being expanded on the current branch is cut (a recursive schema
//! costs one step there), an `example`, `default`, `const`, `enum` or `examples` ends a branch,
//! `oneOf`/`anyOf` take their first alternative, `allOf` takes every part, an object every
//! property (and its `additionalProperties` twice), an array its items `minItems` times (at
//! least once), and nesting deeper than 15 objects or arrays is cut.

use serde_json::Value;

use crate::spec::Spec;

/// The sampler's budget, as Prism sets it (`generateStatic`: `ticks: 2500`).
const TICKS: usize = 2500;

/// Nesting the sampler follows (`maxSampleDepth`).
const MAX_SAMPLE_DEPTH: usize = 15;

/// Whether sampling `schema` (in `spec`) runs out of Prism's budget.
pub fn exceeds_budget(spec: &Spec, schema: &Value) -> bool {
    let mut walk = Walk::new(spec);
    walk.traverse(schema, None).is_err()
}

/// Where the body Prism samples from `schema` contradicts it: a value the sampler copies from
/// the schema (`example`, else `default`, `const`, the first `enum` value, the first
/// `examples` value) that does not validate against its schema, or a recursive `$ref` (or one
/// nested deeper than the sampler goes) cut to `{}` where its object requires properties.
/// `None` when the body fits, or when sampling runs out of budget ([`exceeds_budget`]).
pub fn contradiction(spec: &Spec, schema: &Value) -> Option<String> {
    let mut walk = Walk::new(spec);
    walk.traverse(schema, None).ok()?;
    walk.stops.iter().find_map(|(value, schema)| match value {
        Some(value) => crate::check::check_decoded(spec, value, schema)
            .err()
            .map(|e| format!("the sampled value {value}: {e}")),
        None => {
            let schema = spec.resolve(schema).ok()?;
            let required = schema.get("required").and_then(Value::as_array)?;
            let object = schema.as_object().and_then(inferred_type) == Some("object");
            (object && !required.is_empty())
                .then(|| "a recursive object cut to `{}` lacks its required properties".to_owned())
        }
    })
}

/// The budget ran out.
struct Exceeded;

struct Walk<'a> {
    spec: &'a Spec,
    /// Steps left.
    ticks: usize,
    /// The `$ref`s being expanded on the current branch.
    expanding: Vec<String>,
    /// Where the sampler wrote a value it did not build: (the value, its schema); for a
    /// recursion or depth cut, `None` (the sampler writes `{}` or `[]`).
    stops: Vec<(Option<Value>, Value)>,
}

impl<'a> Walk<'a> {
    fn new(spec: &'a Spec) -> Self {
        Walk {
            spec,
            ticks: TICKS,
            expanding: Vec::new(),
            stops: Vec::new(),
        }
    }

    /// One `traverse` of the sampler; `depth` is its `context.depth` (none at the top and
    /// for the shared part of an `allOf`).
    fn traverse(&mut self, schema: &'a Value, depth: Option<usize>) -> Result<(), Exceeded> {
        self.ticks -= 1;
        if self.ticks == 0 {
            return Err(Exceeded);
        }
        if depth.is_some_and(|depth| depth > MAX_SAMPLE_DEPTH) {
            self.stops.push((None, schema.clone()));
            return Ok(());
        }
        let Some(object) = schema.as_object() else {
            return Ok(());
        };
        if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
            if self.expanding.iter().any(|r| r == reference) {
                self.stops.push((None, schema.clone()));
                return Ok(());
            }
            let Some(target) = reference
                .strip_prefix('#')
                .and_then(|pointer| self.spec.root.pointer(pointer))
            else {
                return Ok(());
            };
            self.expanding.push(reference.to_owned());
            let result = self.traverse(target, depth);
            self.expanding.pop();
            return result;
        }
        if let Some(example) = object.get("example") {
            self.stops.push((Some(example.clone()), schema.clone()));
            return Ok(());
        }
        if let Some(parts) = object.get("allOf").and_then(Value::as_array) {
            // The schema without `allOf` first (a new context), then each part.
            let mut rest = object.clone();
            rest.remove("allOf");
            self.traverse_owned(&Value::Object(rest))?;
            for part in parts {
                self.traverse(part, depth)?;
            }
            return Ok(());
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(first) = object
                .get(key)
                .and_then(Value::as_array)
                .and_then(|parts| parts.first())
            {
                return self.traverse(first, depth);
            }
        }
        let first = |key| object.get(key).and_then(Value::as_array)?.first().cloned();
        let copied = (object.get("default").cloned())
            .or_else(|| object.get("const").cloned())
            .or_else(|| first("enum"))
            .or_else(|| first("examples"));
        if let Some(value) = copied {
            self.stops.push((Some(value), schema.clone()));
            return Ok(());
        }
        if ["enum", "examples"]
            .iter()
            .any(|key| object.contains_key(*key))
        {
            return Ok(());
        }
        let nested = Some(depth.unwrap_or(1) + 1);
        match inferred_type(object) {
            Some("object") => {
                for property in object
                    .get("properties")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flat_map(|properties| properties.values())
                {
                    self.traverse(property, nested)?;
                }
                if let Some(additional) =
                    object.get("additionalProperties").filter(|a| a.is_object())
                {
                    self.traverse(additional, nested)?;
                    self.traverse(additional, nested)?;
                }
            }
            Some("array") => {
                if let Some(items) = object.get("items").or_else(|| object.get("contains")) {
                    let min_items = object.get("minItems").and_then(Value::as_u64).unwrap_or(0);
                    let max_items = object.get("maxItems").and_then(Value::as_u64);
                    let count = max_items.map_or(min_items.max(1), |max| max.min(min_items.max(1)));
                    for _ in 0..count {
                        self.traverse(items, nested)?;
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// [`Walk::traverse`] of a schema built during the walk (the rest of an `allOf`).
    fn traverse_owned(&mut self, schema: &Value) -> Result<(), Exceeded> {
        // Only its own keywords are walked; its `$ref`s point into the document.
        let spec = self.spec;
        let mut inner = Walk {
            spec,
            ticks: self.ticks,
            expanding: std::mem::take(&mut self.expanding),
            stops: std::mem::take(&mut self.stops),
        };
        let result = inner.traverse(schema, None);
        self.ticks = inner.ticks;
        self.expanding = inner.expanding;
        self.stops = inner.stops;
        result
    }
}

/// The sampler's `inferType`: `type` (the first of a list), else the type a keyword implies.
fn inferred_type(schema: &serde_json::Map<String, Value>) -> Option<&str> {
    match schema.get("type") {
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
        .find(|(keyword, _)| schema.contains_key(*keyword))
        .map(|(_, kind)| *kind)
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
    fn copied_values_and_cut_objects_that_contradict_their_schema() {
        let node = json!({"$ref": "#/components/schemas/node"});
        let schemas = |name: Value| {
            spec(json!({
                "node": {"type": "object", "required": name, "properties": {
                    "name": {"type": "string"},
                    "created": {"$ref": "#/components/schemas/timestamp"},
                    "children": {"type": "array", "items": {"$ref": "#/components/schemas/node"}}
                }},
                "timestamp": {"type": "string", "format": "date-time", "examples": ["1s"]}
            }))
        };
        // The timestamp's first example is no date-time.
        let found = super::contradiction(&schemas(json!([])), &node).unwrap();
        assert!(found.contains("\"1s\""), "{found}");
        // A child cut to `{}` lacks the required name (the copied value comes first).
        let mut fine = schemas(json!(["name"]));
        fine.root["components"]["schemas"]["timestamp"]["examples"] =
            json!(["2020-01-01T00:00:00Z"]);
        let found = super::contradiction(&fine, &node).unwrap();
        assert!(found.contains("recursive"), "{found}");
        let mut optional = fine;
        optional.root["components"]["schemas"]["node"]["required"] = json!([]);
        assert_eq!(super::contradiction(&optional, &node), None);
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
}
