//! A [`Report`] as text, markdown or JSON.

use std::fmt::Write;

use super::{Bump, Class, Report, WireChange};

const CLASSES: [(Class, &str); 3] = [
    (Class::Breaking, "Breaking"),
    (Class::Additive, "Additive"),
    (Class::Docs, "Docs only"),
];

const WIRE_HEADING: &str =
    "Wire changes without an API change (the compiler sees nothing; callers may break at run time)";

fn verdict(bump: Bump) -> &'static str {
    match bump {
        Bump::Major => "breaking",
        Bump::Minor => "additive",
        Bump::Patch => "patch (docs or wire changes only)",
        Bump::None => "unchanged",
    }
}

fn bump_name(bump: Bump) -> &'static str {
    match bump {
        Bump::Major => "major",
        Bump::Minor => "minor",
        Bump::Patch => "patch",
        Bump::None => "none",
    }
}

/// `fact: `old` → `new``.
fn wire_line(change: &WireChange) -> String {
    let side = |value: &Option<String>| {
        value
            .as_deref()
            .map_or_else(|| "(none)".to_owned(), |v| format!("`{v}`"))
    };
    format!(
        "{}: {} → {}",
        change.fact,
        side(&change.old),
        side(&change.new)
    )
}

fn title(report: &Report) -> String {
    let (old_title, old_version) = &report.old_spec;
    let (new_title, new_version) = &report.new_spec;
    if old_title == new_title {
        format!("{old_title} {old_version} → {new_version}")
    } else {
        format!("{old_title} {old_version} → {new_title} {new_version}")
    }
}

fn next(report: &Report, current: Option<&str>) -> Option<(String, String)> {
    let current = current?;
    report
        .next_version(current)
        .map(|next| (current.to_owned(), next))
}

/// For a terminal.
pub(super) fn text(report: &Report, current: Option<&str>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "spec change: {}", title(report));
    let _ = write!(
        out,
        "verdict: {} ({}); bump: {}",
        verdict(report.bump()),
        report.summary(),
        bump_name(report.bump())
    );
    if let Some((current, next)) = next(report, current) {
        let _ = write!(out, ", next version {current} → {next}");
    }
    out.push('\n');
    for (class, heading) in CLASSES {
        let changes: Vec<_> = report.changes.iter().filter(|c| c.class == class).collect();
        if changes.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{heading} ({}):", changes.len());
        for change in changes {
            let _ = writeln!(out, "  {}: {}", change.path, change.what);
        }
    }
    if !report.wire.is_empty() {
        let _ = writeln!(out, "\n{WIRE_HEADING} ({}):", report.wire.len());
        for change in &report.wire {
            let _ = writeln!(out, "  {}: {}", change.path, wire_line(change));
        }
    }
    out
}

/// For a CHANGELOG or a pull request.
pub(super) fn markdown(report: &Report, current: Option<&str>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## Spec change: {}\n", title(report));
    let _ = write!(
        out,
        "**Verdict: {}** ({}); bump: {}",
        verdict(report.bump()),
        report.summary(),
        bump_name(report.bump())
    );
    if let Some((current, next)) = next(report, current) {
        let _ = write!(out, ", next version `{current}` → `{next}`");
    }
    out.push_str(".\n");
    for (class, heading) in CLASSES {
        let changes: Vec<_> = report.changes.iter().filter(|c| c.class == class).collect();
        if changes.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n### {heading} ({})\n", changes.len());
        for change in changes {
            let _ = writeln!(out, "- `{}`: {}", change.path, change.what);
        }
    }
    if !report.wire.is_empty() {
        let _ = writeln!(out, "\n### {WIRE_HEADING} ({})\n", report.wire.len());
        for change in &report.wire {
            let _ = writeln!(out, "- `{}`: {}", change.path, wire_line(change));
        }
    }
    out
}

/// For tools: one object, pretty-printed.
pub(super) fn json(report: &Report, current: Option<&str>) -> String {
    use serde_json::{json, Value};
    let spec = |(title, version): &(String, String)| json!({ "title": title, "version": version });
    let changes: Vec<Value> = report
        .changes
        .iter()
        .map(|c| json!({ "path": c.path, "class": c.class.as_str(), "what": c.what }))
        .collect();
    let wire: Vec<Value> = report
        .wire
        .iter()
        .map(|w| json!({ "path": w.path, "fact": w.fact, "old": w.old, "new": w.new }))
        .collect();
    let next = next(report, current);
    let value = json!({
        "old": spec(&report.old_spec),
        "new": spec(&report.new_spec),
        "breaking": report.is_breaking(),
        "bump": bump_name(report.bump()),
        "counts": {
            "breaking": report.count(Class::Breaking),
            "additive": report.count(Class::Additive),
            "docs": report.count(Class::Docs),
            "wire": report.wire.len(),
        },
        "current_version": next.as_ref().map(|(current, _)| current),
        "next_version": next.as_ref().map(|(_, next)| next),
        "changes": changes,
        "wire": wire,
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}
