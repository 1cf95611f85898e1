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
    let mut walk = Walk {
        spec,
        ticks: TICKS,
        expanding: Vec::new(),
    };
    walk.traverse(schema, None).is_err()
}

/// The budget ran out.
struct Exceeded;

struct Walk<'a> {
    spec: &'a Spec,
    /// Steps left.
    ticks: usize,
    /// The `$ref`s being expanded on the current branch.
    expanding: Vec<String>,
}

impl<'a> Walk<'a> {
    /// One `traverse` of the sampler; `depth` is its `context.depth` (none at the top and
    /// for the shared part of an `allOf`).
    fn traverse(&mut self, schema: &'a Value, depth: Option<usize>) -> Result<(), Exceeded> {
        self.ticks -= 1;
        if self.ticks == 0 {
            return Err(Exceeded);
        }
        if depth.is_some_and(|depth| depth > MAX_SAMPLE_DEPTH) {
            return Ok(());
        }
        let Some(object) = schema.as_object() else {
            return Ok(());
        };
        if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
            if self.expanding.iter().any(|r| r == reference) {
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
        if object.contains_key("example") {
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
        if ["default", "const", "enum", "examples"]
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
        };
        let result = inner.traverse(schema, None);
        self.ticks = inner.ticks;
        self.expanding = inner.expanding;
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
