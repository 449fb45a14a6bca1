//! Trust-policy test suites: one setup (the scenario format), many cases, each with an expected
//! verdict. The engine decides every case; this module only builds one scenario per case, compares
//! the verdict with the expectation, and renders the results.
//!
//! Like the engine, nothing here reads files or the clock: `$ref` expansion takes a loader, and
//! the clock and the throwaway signing key come from the caller (the CLI's `stsplay test`).
//!
//! - [`refs`]: `{"$ref": "../policies/deploy.json"}` expansion, with cycle detection.
//! - [`file`]: the test-file format, read into [`file::TestFile`].
//! - [`expect`]: the `expect` block and its comparison with a verdict.
//! - [`run`]: one scenario per case, signed tokens for `claims` and `github` cases, `simulate`.
//! - [`report`]: the readable summary and JUnit XML.

pub mod compose;
pub mod expect;
pub mod file;
pub mod refs;
pub mod report;
pub mod run;

/// The marker member that makes a JSON file a test file, and the format version it holds.
pub const FORMAT_MEMBER: &str = "stsplay_test";
/// The only format version so far.
pub const FORMAT_VERSION: i64 = 1;
/// Directories are searched for files whose names end with this.
pub const FILE_SUFFIX: &str = ".stsplay-test.json";
