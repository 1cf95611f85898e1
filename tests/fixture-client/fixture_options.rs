//! The generator a fixture spec is built with: shared by `build.rs` (which compiles each
//! fixture) and `tests/snapshots.rs` (which renders it again), so both run the same options.
//!
//! A fixture asks for options in `# Generator: <option> = <value>` comment lines: `api_shape`
//! (`literals` or `evolving`, as `specweave --api-shape` takes) and `serde_traits` (`as-used`
//! or `both`, as `specweave --serde-traits` takes) and `select` (an operation selector, as
//! `specweave --select` takes; one line each).

use std::path::Path;

/// `specweave::Generator` for `spec`, with the options its `# Generator:` lines ask for.
///
/// # Panics
///
/// When the spec cannot be read or names an unknown option or value: a fixture's mistake,
/// which must fail the build.
pub fn generator(spec: &Path) -> specweave::Generator {
    let text = std::fs::read_to_string(spec)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", spec.display()));
    let mut generator = specweave::Generator::new().spec(spec);
    for line in text.lines() {
        let Some(option) = line.strip_prefix("# Generator:") else {
            continue;
        };
        match option.split_once('=').map(|(k, v)| (k.trim(), v.trim())) {
            Some(("api_shape", value)) => {
                let shape = specweave::ApiShape::from_name(value)
                    .unwrap_or_else(|| panic!("{}: unknown api_shape `{value}`", spec.display()));
                generator = generator.api_shape(shape);
            }
            Some(("serde_traits", value)) => {
                let traits = specweave::SerdeTraits::from_name(value).unwrap_or_else(|| {
                    panic!("{}: unknown serde_traits `{value}`", spec.display())
                });
                generator = generator.serde_traits(traits);
            }
            Some(("select", selector)) => generator = generator.select(selector),
            _ => panic!("{}: unknown generator option `{option}`", spec.display()),
        }
    }
    generator
}
