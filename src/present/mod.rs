//! Renderers: turn a [`crate::engine::verdict::Verdict`] into text for people and for the AWS
//! CLI's shapes. Plain Rust with no front-end dependency, so the CLI, the golden tests and the
//! playground all render through the same functions.

pub mod aws_cli;
pub mod decode;
pub mod diagram;
pub mod export;
pub mod highlight;
pub mod sarif;
pub mod text;
pub mod token_view;
