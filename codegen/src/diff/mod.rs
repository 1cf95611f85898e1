//! The spec-change report: what changed in the generated Rust API between two versions of a
//! spec, whether it breaks callers, and the version bump it needs.
//!
//! Both specs are lowered to the typed [`model`](crate::model) the code is generated from;
//! [`Surface::of`] reads each model's public API (every item a caller can name, with the
//! shape the compiler checks, its docs and its wire facts), and the two surfaces are compared
//! item by item, matched by item path (`Client::create_invite`,
//! `types::CreateInviteRequest::role_sid`): what callers write is the Rust name, so a type
//! renamed in Rust is removed and added, whatever schema it came from.
//!
//! # Rules
//!
//! The classes follow the Rust rules of the Cargo book's "SemVer Compatibility" chapter,
//! applied to the shape the generator emits by default (see `generated/` and
//! `generated/fixtures/*.snap`; the evolving shape is below):
//!
//! - **Breaking** (callers may stop compiling, or silently send values where they did not):
//!   - any item removed (a method, a type, a field, a variant); a type renamed is one removed
//!     and one added;
//!   - a method's argument inserted, removed, retyped, or the arguments reordered (also when
//!     the types agree: calls still compile but pass each value to another parameter); its
//!     return type changed; `async` gained or lost;
//!   - a field's type changed (`Option<String>` → `String` when a property becomes required);
//!   - **a field added to any generated struct**: every generated struct (request bodies,
//!     params, responses, response headers, multipart parts) has only public fields and no
//!     `#[non_exhaustive]`, so callers can build it with a literal or destructure it with a
//!     pattern naming every field, and both stop compiling. `..Default::default()` literals
//!     keep compiling, but the rule is about what callers *may* write (the Cargo book's
//!     "adding a public field when no private field exists", cargo-semver-checks'
//!     `constructible_struct_adds_field`). Response structs are no exception: they derive
//!     `Default` and are constructible, e.g. in callers' tests;
//!   - **a variant added to any generated enum**: string enums, unions and by-status results
//!     are all exhaustive (the string enums' catch-all variant keeps *decoding* from failing,
//!     not callers' `match`es from missing an arm);
//!   - a derived trait lost (a struct loses `Default` when a field without a default is
//!     added: `..Default::default()` stops compiling), an alias retargeted, a variant's
//!     payload retyped, an item changing kind.
//! - **Additive**: a new method (including a twin such as `_stream`, `_with_headers`,
//!   `_bytes_stream`), a new type, a trait gained.
//! - **Docs**: only the documentation of an item changed, or a positional argument renamed
//!   with its type unchanged.
//! - **Wire changes** (listed apart; the Rust shape is the same, so the compiler sees
//!   nothing, but callers may break at run time): a wire name or enum value, a request's
//!   method or path, the server, the security requirement, the `Accept` header, a body's
//!   media type or a form field's encoding, a field's presence (`Option` left out vs sent as
//!   `null`) or date-time format, how a parameter is sent, a union's tag, a string's
//!   `pattern` (documented in the field's rustdoc, not enforced, so it is taken out of the
//!   docs comparison). Bounds such as `maximum` are not in the model, so they are not seen
//!   unless a description restates them (then they are a docs change).
//!
//! # The evolving shape
//!
//! Under [`ApiShape::Evolving`] ([`compare_shaped`], `specweave diff --api-shape evolving`)
//! every generated struct and enum is `#[non_exhaustive]`, so the surface marks structs not
//! constructible and enums not exhaustive, and lists each struct's `new` and setters as
//! methods keyed `types::X::new()` and `types::X::<setter>()` (apart from the field
//! `types::X::<field>`). Then: a field added is additive (and so is its setter); a variant
//! added is additive; a required field added, removed, retyped or reordered changes `new`'s
//! arguments, which is breaking; a field removed or retyped is breaking as before. A setter
//! changes with its field: that change is named once, on the field's line.
//!
//! An item inside an added or removed type is not listed again. The docs of an item whose
//! shape changed are not compared (the shape change is the news).
//!
//! # Verdict
//!
//! The largest class decides the bump: breaking → major, additive → minor, docs or wire →
//! patch. Before 1.0, Cargo treats the minor as the major: breaking bumps the minor and
//! everything else the patch (and for `0.0.z` every change bumps the patch).
//!
//! # Against the accepted API
//!
//! Either side may be an [`ApiRecord`] instead of a spec: the API a crate's snapshot test
//! recorded and a maintainer accepted with the code snapshot. [`against_accepted`] and
//! [`report_against_accepted`] compare a fresh client with it (the build script's warning,
//! the snapshot test's report); [`compare`] reads a record file in place of a spec.

mod builders;
mod compare;
mod item;
mod record;
mod render;
mod surface;

use std::path::Path;

pub use item::{type_name, Item, Shape};
pub(crate) use record::build_warning;
pub use record::{against_accepted, report_against_accepted, Accepted, ApiRecord, RECORD_FORMAT};
pub use surface::Surface;

use crate::model::{Api, ApiShape};

/// How a change affects callers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// Callers may stop compiling (or, for reordered arguments, silently misbehave).
    Breaking,
    /// New items callers may use; existing code keeps compiling.
    Additive,
    /// Only documentation changed.
    Docs,
}

impl Class {
    /// `breaking`, `additive`, `docs`.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Breaking => "breaking",
            Class::Additive => "additive",
            Class::Docs => "docs",
        }
    }
}

/// One change of the Rust API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The item (`Client::create_invite`, `types::CreateInviteRequest::role_sid`).
    pub path: String,
    /// Its class.
    pub class: Class,
    /// What changed, in words.
    pub what: String,
}

/// A wire fact that changed on an item whose Rust shape stayed the same.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WireChange {
    /// The item.
    pub path: String,
    /// Which fact (`wire name`, `request`, `request body` …).
    pub fact: String,
    /// Before; `None` when the fact was not stated.
    pub old: Option<String>,
    /// After; `None` when the fact is no longer stated.
    pub new: Option<String>,
}

/// The version bump a report calls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    /// Nothing changed.
    None,
    /// Docs or wire changes only.
    Patch,
    /// Additive changes.
    Minor,
    /// Breaking changes.
    Major,
}

/// The spec-change report between two versions of a client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// `info.title` and `info.version` of the old spec.
    pub old_spec: (String, String),
    /// `info.title` and `info.version` of the new spec.
    pub new_spec: (String, String),
    /// Changes of the Rust API, by item path.
    pub changes: Vec<Change>,
    /// Wire changes without a Rust API change, by item path.
    pub wire: Vec<WireChange>,
}

impl Report {
    /// How many changes are of `class`.
    pub fn count(&self, class: Class) -> usize {
        self.changes.iter().filter(|c| c.class == class).count()
    }

    /// Whether any change breaks callers.
    pub fn is_breaking(&self) -> bool {
        self.count(Class::Breaking) > 0
    }

    /// The bump the changes call for (see the module docs).
    pub fn bump(&self) -> Bump {
        if self.is_breaking() {
            Bump::Major
        } else if self.count(Class::Additive) > 0 {
            Bump::Minor
        } else if self.changes.is_empty() && self.wire.is_empty() {
            Bump::None
        } else {
            Bump::Patch
        }
    }

    /// The version to release after `current` (`major.minor.patch`, pre-release and build
    /// metadata dropped); `None` when `current` is not such a version.
    pub fn next_version(&self, current: &str) -> Option<String> {
        next_version(current, self.bump())
    }

    /// One line: `3 breaking, 12 additive, 40 docs, 2 wire`.
    pub fn summary(&self) -> String {
        format!(
            "{} breaking, {} additive, {} docs, {} wire",
            self.count(Class::Breaking),
            self.count(Class::Additive),
            self.count(Class::Docs),
            self.wire.len()
        )
    }
}

/// `current` bumped by `bump`, with Cargo's pre-1.0 reading (the first non-zero part is the
/// major one).
pub fn next_version(current: &str, bump: Bump) -> Option<String> {
    let core = current.split(['-', '+']).next().unwrap_or_default();
    let parts: Vec<u64> = core
        .split('.')
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    let [major, minor, patch] = parts[..] else {
        return None;
    };
    let (major, minor, patch) = match (bump, major, minor) {
        (Bump::None, ..) => (major, minor, patch),
        (_, 0, 0) => (0, 0, patch + 1),
        (Bump::Major, 0, _) => (0, minor + 1, 0),
        (Bump::Minor | Bump::Patch, 0, _) => (0, minor, patch + 1),
        (Bump::Major, ..) => (major + 1, 0, 0),
        (Bump::Minor, ..) => (major, minor + 1, 0),
        (Bump::Patch, ..) => (major, minor, patch + 1),
    };
    Some(format!("{major}.{minor}.{patch}"))
}

/// The report between two lowered clients.
pub fn compare_apis(old: &Api, new: &Api) -> Report {
    compare_surfaces(&record_of(old), &record_of(new))
}

/// The report between two recorded clients.
pub fn compare_surfaces(old: &ApiRecord, new: &ApiRecord) -> Report {
    let (changes, wire) = compare::compare(&old.surface, &new.surface);
    Report {
        old_spec: (old.title.clone(), old.version.clone()),
        new_spec: (new.title.clone(), new.version.clone()),
        changes,
        wire,
    }
}

fn record_of(api: &Api) -> ApiRecord {
    ApiRecord::new(&api.title, &api.version, Surface::of(api))
}

/// The report between the clients of `old` and `new`, each a spec file, a spec directory
/// (every `.yaml`, `.yml` and `.json` file in it, as
/// [`Generator::spec_dir`](crate::Generator::spec_dir) reads it) or a recorded API (an
/// [`ApiRecord`] file such as `generated/<name>_api.snap`, see
/// [`ApiRecord::is_record_file`]), in the default [`ApiShape`] ([`compare_shaped`] takes
/// one).
pub fn compare(old: &Path, new: &Path) -> Result<Report, crate::Error> {
    compare_shaped(old, new, ApiShape::default())
}

/// [`compare`] for clients generated in `shape` (as
/// [`Generator::api_shape`](crate::Generator::api_shape) sets it): the shape decides which
/// changes break callers. A recorded API carries the shape it was generated in.
pub fn compare_shaped(old: &Path, new: &Path, shape: ApiShape) -> Result<Report, crate::Error> {
    compare_generated(old, new, &crate::Generator::new().api_shape(shape))
}

/// [`compare`] for clients generated with the options of `generator` (its
/// [`api_shape`](crate::Generator::api_shape) and
/// [`serde_traits`](crate::Generator::serde_traits); its specs are ignored): use the
/// generator of the crate's `build.rs`, so that the report compares what callers get.
pub fn compare_generated(
    old: &Path,
    new: &Path,
    generator: &crate::Generator,
) -> Result<Report, crate::Error> {
    let old = side(old, generator)?;
    let new = side(new, generator)?;
    Ok(compare_surfaces(&old, &new))
}

fn side(path: &Path, generator: &crate::Generator) -> Result<ApiRecord, crate::Error> {
    if ApiRecord::is_record_file(path) {
        return ApiRecord::read(path);
    }
    let generator = generator.clone().without_specs();
    let generator = if path.is_dir() {
        generator.spec_dir(path)
    } else {
        generator.spec(path)
    };
    generator.model().map(|(api, _warnings)| record_of(&api))
}

/// Output formats of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text for a terminal.
    Text,
    /// Markdown, for a CHANGELOG or a pull request.
    Markdown,
    /// JSON, for tools.
    Json,
}

impl Report {
    /// The report in `format`; `current` is the crate's version, for the suggested next one.
    pub fn render(&self, format: Format, current: Option<&str>) -> String {
        match format {
            Format::Text => render::text(self, current),
            Format::Markdown => render::markdown(self, current),
            Format::Json => render::json(self, current),
        }
    }
}
