//! The generator of this crate's client, in one place: `build.rs` compiles what it generates
//! and `tests/snapshot.rs` snapshots the same, so the snapshot is what the crate compiles.

use std::path::Path;

/// `specweave::Generator` for the specs in `spec_dir` (this crate's `spec/`).
pub fn generator(spec_dir: &Path) -> specweave::Generator {
    specweave::Generator::new()
        .spec_dir(spec_dir)
        // The published Invite types have always been both `Serialize` and `Deserialize`
        // (callers store and forward them as JSON): keep that contract rather than the
        // leaner default, which gives each type only the trait its direction needs.
        .serde_traits(specweave::SerdeTraits::Both)
}
