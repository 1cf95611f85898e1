//! Two [`Surface`]s compared item by item into classified changes (the rules are in the
//! [`diff`](super) module docs).

use std::collections::BTreeSet;

use super::item::{Item, Shape};
use super::surface::Surface;
use super::{Change, Class, WireChange};

/// The changes from `old` to `new`, in item path order, and the wire changes of items whose
/// Rust shape stayed the same.
pub fn compare(old: &Surface, new: &Surface) -> (Vec<Change>, Vec<WireChange>) {
    let mut changes = Vec::new();
    let mut wire = Vec::new();
    let paths: BTreeSet<&String> = old.items.keys().chain(new.items.keys()).collect();
    // Setters whose field changed: named on the field's line, by field path.
    let mut folded: Vec<(String, String)> = Vec::new();
    for path in paths {
        if let Some(field) = follows_changed(path, old, new) {
            folded.push((field.to_owned(), format!("{}()", name(path))));
            continue;
        }
        match (old.items.get(path), new.items.get(path)) {
            (Some(before), None) => {
                // A removed type's fields and variants go with it.
                if parent(path)
                    .is_some_and(|p| old.items.contains_key(p) && !new.items.contains_key(p))
                {
                    continue;
                }
                let mut what = format!("removed {} `{}`", before.shape.kind(), spell(path, before));
                if let Some(successor) = successor(path, old, new) {
                    what.push_str(&format!(
                        " (renamed? `{successor}` is new with the same members)"
                    ));
                }
                changes.push(Change {
                    path: path.clone(),
                    class: Class::Breaking,
                    what,
                });
            }
            (None, Some(after)) => {
                let Some((class, what)) = added(path, after, old, new) else {
                    continue;
                };
                changes.push(Change {
                    path: path.clone(),
                    class,
                    what,
                });
            }
            (Some(before), Some(after)) => {
                let shape_changes = shape_changes(&before.shape, &after.shape);
                // A renamed positional argument is a docs change: the wire may still differ.
                let unchanged = shape_changes.iter().all(|(class, _)| *class == Class::Docs);
                changes.extend(shape_changes.into_iter().map(|(class, what)| Change {
                    path: path.clone(),
                    class,
                    what,
                }));
                if !unchanged {
                    continue;
                }
                if before.docs != after.docs {
                    changes.push(Change {
                        path: path.clone(),
                        class: Class::Docs,
                        what: format!(
                            "documentation changed: {}",
                            excerpt(&before.docs, &after.docs)
                        ),
                    });
                }
                wire.extend(wire_changes(path, before, after));
            }
            (None, None) => {}
        }
    }
    for change in &mut changes {
        let setters: Vec<&str> = folded
            .iter()
            .filter(|(field, _)| *field == change.path)
            .map(|(_, setter)| setter.as_str())
            .collect();
        if !setters.is_empty() {
            change
                .what
                .push_str(&format!(" (with its setter `{}`)", setters.join("`, `")));
        }
    }
    (changes, wire)
}

/// For an item that follows another ([`Item::follows`]) which was added, removed or changed
/// shape: that item's path (its change is listed there).
fn follows_changed<'s>(path: &str, old: &'s Surface, new: &'s Surface) -> Option<&'s str> {
    let followed = new
        .items
        .get(path)
        .or_else(|| old.items.get(path))?
        .follows
        .as_deref()?;
    let shape = |surface: &Surface| surface.items.get(followed).map(|item| item.shape.clone());
    let changed = shape(old) != shape(new);
    // The field must be listed: a field inside an added or removed type is not.
    let listed = changes_listed(followed, old, new);
    (changed && listed).then_some(followed)
}

/// Whether a change of the item at `path` is listed (not covered by its parent's line).
fn changes_listed(path: &str, old: &Surface, new: &Surface) -> bool {
    parent(path).is_none_or(|p| old.items.contains_key(p) == new.items.contains_key(p))
}

/// Characters of unchanged text kept on each side of a docs change.
const CONTEXT: usize = 24;
/// Characters of changed text shown at most, per side.
const SHOWN: usize = 80;

/// Where two texts differ, as `“…old…” → “…new…”` with a little context, on one line.
fn excerpt(before: &str, after: &str) -> String {
    let (old, new): (Vec<char>, Vec<char>) = (before.chars().collect(), after.chars().collect());
    let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let start = prefix.saturating_sub(CONTEXT);
    let side = |text: &[char]| {
        let end = (text.len() - suffix + CONTEXT).min(text.len());
        let mut shown: String = text[start..end].iter().take(SHOWN).collect();
        shown = shown.replace('\n', " ");
        let open = if start > 0 { "…" } else { "" };
        let close = if end < text.len() || end - start > SHOWN {
            "…"
        } else {
            ""
        };
        if text.is_empty() {
            "(none)".to_owned()
        } else {
            format!("“{open}{shown}{close}”")
        }
    };
    format!("{} → {}", side(&old), side(&new))
}

/// The item owning `path` (`types::X` for `types::X::field`, `Client` for `Client::m`).
fn parent(path: &str) -> Option<&str> {
    path.rsplit_once("::")
        .map(|(parent, _)| parent)
        .filter(|parent| *parent != "types")
}

/// The item's own name (a type's method, keyed `types::X::name()`, without its `()`).
fn name(path: &str) -> &str {
    let name = path.rsplit_once("::").map_or(path, |(_, name)| name);
    name.strip_suffix("()").unwrap_or(name)
}

fn spell(path: &str, item: &Item) -> String {
    item.shape.spell(name(path))
}

/// The members (fields, variants) of the type at `path`, by name.
fn members<'s>(surface: &'s Surface, path: &str) -> Vec<(&'s str, &'s Shape)> {
    let prefix = format!("{path}::");
    surface
        .items
        .range(prefix.clone()..)
        .take_while(|(p, _)| p.starts_with(&prefix))
        .filter(|(p, _)| !p[prefix.len()..].contains("::"))
        .map(|(p, item)| (&p[prefix.len()..], &item.shape))
        .collect()
}

/// For a type removed from `old`: the one type new in `new` with the same kind and the same
/// members, which is likely the same schema under another Rust name (a schema moved to
/// `components`, or renamed). Still breaking: callers name the old one.
fn successor<'s>(path: &str, old: &Surface, new: &'s Surface) -> Option<&'s str> {
    let removed = old.items.get(path)?;
    if !matches!(removed.shape, Shape::Struct { .. } | Shape::Enum { .. }) || parent(path).is_some()
    {
        return None;
    }
    let wanted = members(old, path);
    if wanted.is_empty() {
        return None;
    }
    let candidates: Vec<&str> = new
        .items
        .iter()
        .filter(|(candidate, item)| {
            parent(candidate).is_none()
                && !old.items.contains_key(*candidate)
                && std::mem::discriminant(&item.shape) == std::mem::discriminant(&removed.shape)
                && members(new, candidate) == wanted
        })
        .map(|(candidate, _)| candidate.as_str())
        .collect();
    match candidates[..] {
        [one] => Some(one),
        [] => None,
        // Several look alike: the one that took the removed type's place in a field.
        _ => {
            let mut used = candidates
                .into_iter()
                .filter(|candidate| replaces_in_a_field(name(path), name(candidate), old, new));
            let first = used.next()?;
            used.next().is_none().then_some(first)
        }
    }
}

/// Whether some field typed with `before` in `old` is typed with `after` in `new`, the type
/// otherwise the same.
fn replaces_in_a_field(before: &str, after: &str, old: &Surface, new: &Surface) -> bool {
    old.items.iter().any(|(path, item)| {
        let (Shape::Field { ty: old_ty }, Some(Shape::Field { ty: new_ty })) =
            (&item.shape, new.items.get(path).map(|i| &i.shape))
        else {
            return false;
        };
        old_ty != new_ty && replace_word(old_ty, before, after) == *new_ty
    })
}

/// `text` with every whole identifier `word` replaced by `with`.
fn replace_word(text: &str, word: &str, with: &str) -> String {
    let mut out = String::new();
    let mut ident = String::new();
    let flush = |ident: &mut String, out: &mut String| {
        out.push_str(if ident == word { with } else { ident.as_str() });
        ident.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            ident.push(c);
        } else {
            flush(&mut ident, &mut out);
            out.push(c);
        }
    }
    flush(&mut ident, &mut out);
    out
}

/// How an item only in `new` is classified; `None` when its parent is new too (the parent's
/// line covers it).
fn added(path: &str, item: &Item, old: &Surface, new: &Surface) -> Option<(Class, String)> {
    let owner = parent(path);
    if owner.is_some_and(|p| new.items.contains_key(p) && !old.items.contains_key(p)) {
        return None;
    }
    let owner_shape = owner
        .and_then(|p| new.items.get(p))
        .map(|owner| &owner.shape);
    let shown = spell(path, item);
    Some(match (&item.shape, owner_shape) {
        (Shape::Field { .. }, Some(Shape::Struct { constructible: true, .. })) => (
            Class::Breaking,
            format!(
                "added field `{shown}` to a struct callers can build with a literal (all fields public, not #[non_exhaustive])"
            ),
        ),
        (Shape::Variant { .. }, Some(Shape::Enum { exhaustive: true, .. })) => (
            Class::Breaking,
            format!(
                "added variant `{shown}` to an exhaustive enum"
            ),
        ),
        (shape, _) => (Class::Additive, format!("added {} `{shown}`", shape.kind())),
    })
}

/// What changed between two shapes of one item (empty: the same).
fn shape_changes(before: &Shape, after: &Shape) -> Vec<(Class, String)> {
    if before == after {
        return Vec::new();
    }
    let breaking = |what: String| vec![(Class::Breaking, what)];
    match (before, after) {
        (
            Shape::Method {
                is_async: async_before,
                args: args_before,
                output: out_before,
            },
            Shape::Method {
                is_async: async_after,
                args: args_after,
                output: out_after,
            },
        ) => {
            let mut changes = Vec::new();
            if async_before != async_after {
                let now = if *async_after { "async" } else { "not async" };
                changes.push((Class::Breaking, format!("method is now {now}")));
            }
            changes.extend(argument_changes(args_before, args_after));
            if out_before != out_after {
                changes.push((
                    Class::Breaking,
                    format!("return type `{out_before}` → `{out_after}`"),
                ));
            }
            changes
        }
        (
            Shape::Struct {
                traits: before_traits,
                constructible: before_open,
            },
            Shape::Struct {
                traits: after_traits,
                constructible: after_open,
            },
        ) => {
            let mut changes = trait_changes(before_traits, after_traits);
            if before_open != after_open {
                changes.push(if *after_open {
                    (
                        Class::Additive,
                        "can now be built with a struct literal".to_owned(),
                    )
                } else {
                    (
                        Class::Breaking,
                        "can no longer be built with a struct literal".to_owned(),
                    )
                });
            }
            changes
        }
        (
            Shape::Enum {
                traits: before_traits,
                exhaustive: before_exhaustive,
            },
            Shape::Enum {
                traits: after_traits,
                exhaustive: after_exhaustive,
            },
        ) => {
            let mut changes = trait_changes(before_traits, after_traits);
            if before_exhaustive != after_exhaustive {
                changes.push(if *after_exhaustive {
                    (Class::Breaking, "is now exhaustive".to_owned())
                } else {
                    (
                        Class::Breaking,
                        "is now #[non_exhaustive]: matches need a wildcard arm".to_owned(),
                    )
                });
            }
            changes
        }
        (Shape::Field { ty: before }, Shape::Field { ty: after }) => {
            breaking(format!("type `{before}` → `{after}`"))
        }
        (Shape::Alias { target: before }, Shape::Alias { target: after }) => {
            breaking(format!("aliased type `{before}` → `{after}`"))
        }
        (Shape::Variant { payload: before }, Shape::Variant { payload: after }) => {
            let spell = |p: &Option<String>| {
                p.as_deref()
                    .map_or("no payload".to_owned(), |t| format!("`({t})`"))
            };
            breaking(format!("payload {} → {}", spell(before), spell(after)))
        }
        (before, after) => breaking(format!("{} became a {}", before.kind(), after.kind())),
    }
}

fn trait_changes(before: &[String], after: &[String]) -> Vec<(Class, String)> {
    let mut changes = Vec::new();
    for lost in before.iter().filter(|t| !after.contains(t)) {
        changes.push((Class::Breaking, format!("no longer implements `{lost}`")));
    }
    for gained in after.iter().filter(|t| !before.contains(t)) {
        changes.push((Class::Additive, format!("now implements `{gained}`")));
    }
    changes
}

fn show(args: &[(String, String)]) -> String {
    let args: Vec<String> = args
        .iter()
        .filter(|(name, _)| !name.is_empty())
        .map(|(name, ty)| format!("{name}: {ty}"))
        .collect();
    format!("({})", args.join(", "))
}

/// Argument changes, positions counted from 1 after the receiver. Rust arguments are
/// positional: a rename alone is docs, a reorder is breaking even when the types agree (calls
/// still compile, but pass each value to another parameter).
fn argument_changes(
    before: &[(String, String)],
    after: &[(String, String)],
) -> Vec<(Class, String)> {
    if before == after {
        return Vec::new();
    }
    // The receiver (unnamed) is not counted.
    let offset = usize::from(before.first().is_some_and(|(name, _)| name.is_empty()));
    let position = |index: usize| index + 1 - offset;
    let types =
        |args: &[(String, String)]| args.iter().map(|(_, ty)| ty.clone()).collect::<Vec<_>>();
    let mut names_before: Vec<&String> = before.iter().map(|(name, _)| name).collect();
    let mut names_after: Vec<&String> = after.iter().map(|(name, _)| name).collect();
    // The same names in another order (not the same names with other types).
    let reordered = names_before != names_after && {
        names_before.sort();
        names_after.sort();
        names_before == names_after
    };
    if reordered && before.len() == after.len() {
        return vec![(
            Class::Breaking,
            format!("arguments reordered {} → {}", show(before), show(after)),
        )];
    }
    if types(before) == types(after) {
        return before
            .iter()
            .zip(after)
            .enumerate()
            .filter(|(_, (b, a))| b.0 != a.0)
            .map(|(i, (b, a))| {
                (
                    Class::Docs,
                    format!(
                        "argument {} renamed `{}` → `{}` (same type; arguments are positional)",
                        position(i),
                        b.0,
                        a.0
                    ),
                )
            })
            .collect();
    }
    let one_more = |short: &[(String, String)], long: &[(String, String)]| {
        (long.len() == short.len() + 1)
            .then(|| {
                (0..long.len()).find(|&k| long[..k] == short[..k] && long[k + 1..] == short[k..])
            })
            .flatten()
    };
    if let Some(k) = one_more(before, after) {
        let (name, ty) = &after[k];
        return vec![(
            Class::Breaking,
            format!(
                "argument `{name}: {ty}` inserted at position {}",
                position(k)
            ),
        )];
    }
    if let Some(k) = one_more(after, before) {
        let (name, ty) = &before[k];
        return vec![(
            Class::Breaking,
            format!(
                "argument `{name}: {ty}` removed from position {}",
                position(k)
            ),
        )];
    }
    if before.len() == after.len() && before.iter().zip(after).all(|(b, a)| b.0 == a.0) {
        return before
            .iter()
            .zip(after)
            .enumerate()
            .filter(|(_, (b, a))| b.1 != a.1)
            .map(|(i, (b, a))| {
                (
                    Class::Breaking,
                    format!(
                        "argument {} `{}` type `{}` → `{}`",
                        position(i),
                        b.0,
                        b.1,
                        a.1
                    ),
                )
            })
            .collect();
    }
    vec![(
        Class::Breaking,
        format!("arguments {} → {}", show(before), show(after)),
    )]
}

fn wire_changes(path: &str, before: &Item, after: &Item) -> Vec<WireChange> {
    let facts: BTreeSet<&String> = before.wire.keys().chain(after.wire.keys()).collect();
    facts
        .into_iter()
        .filter_map(|fact| {
            let (old, new) = (before.wire.get(fact), after.wire.get(fact));
            (old != new).then(|| WireChange {
                path: path.to_owned(),
                fact: fact.clone(),
                old: old.cloned(),
                new: new.cloned(),
            })
        })
        .collect()
}
