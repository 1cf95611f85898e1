//! Throwaway crates outside the repository, built with a nested `cargo`.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A directory of the crate `relative` to the repository, as an absolute path for a manifest.
pub fn repo_path(relative: &str) -> String {
    workspace()
        .join(relative)
        .canonicalize()
        .unwrap_or_else(|e| panic!("{relative}: {e}"))
        .display()
        .to_string()
}

/// A crate in a temporary directory (outside the repository), removed when dropped.
pub struct Throwaway {
    dir: tempfile::TempDir,
}

impl Throwaway {
    /// An empty crate directory, with the workspace's `Cargo.lock` so that dependencies resolve
    /// to the versions already downloaded and built.
    pub fn new() -> Throwaway {
        let krate = Throwaway::unlocked();
        std::fs::copy(
            workspace().join("Cargo.lock"),
            krate.path().join("Cargo.lock"),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        krate
    }

    /// An empty crate directory without a lock file: Cargo resolves its dependencies afresh.
    pub fn unlocked() -> Throwaway {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        Throwaway { dir }
    }

    /// The crate's directory.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `text` to `path` (relative to the crate), creating directories.
    pub fn write(&self, path: &str, text: &str) -> &Self {
        let path = self.path().join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::write(path, text).unwrap_or_else(|e| panic!("{e}"));
        self
    }

    /// Runs `cargo <args>` in the crate, with a target directory shared by every throwaway
    /// crate of the test suite (dependencies are built once).
    pub fn cargo(&self, args: &[&str]) -> Output {
        cargo_in(self.path(), args)
    }

    /// The command [`cargo`](Self::cargo) runs, to adjust before running it.
    pub fn cargo_command(&self, args: &[&str]) -> Command {
        cargo_command(self.path(), args)
    }
}

/// Runs `cargo <args>` in `dir` with the throwaway target directory.
pub fn cargo_in(dir: &Path, args: &[&str]) -> Output {
    cargo_command(dir, args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run cargo: {e}"))
}

/// `cargo <args>` in `dir` with the throwaway target directory, not run yet.
pub fn cargo_command(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO"));
    command
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", workspace().join("target/throwaway"))
        .env_remove("RUSTFLAGS")
        // The jobserver descriptors named here belong to the outer cargo; a nested cargo that
        // trusts them reads unrelated pipes (seen as garbage fed to rustc's target probe).
        .env_remove("CARGO_MAKEFLAGS")
        .env_remove("MAKEFLAGS")
        .env_remove("MFLAGS");
    command
}

/// Standard output and error of a finished command, for assertion messages.
pub fn printed(output: &Output) -> String {
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Runs `specweave diff <args>` in `dir`: exit status, standard output, standard error.
pub fn run_diff(dir: &Path, args: &[impl AsRef<OsStr>]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_specweave"))
        .arg("diff")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run specweave: {e}"));
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
