//! The playground's components, one visual region each. None of them decides anything: they
//! render the document, the verdict and view models from `present`, and send edits to the state.

mod app;
mod code;
mod diagram;
mod editors;
mod header;
mod layout;
mod panels;
mod tool_slot;
mod verdict;

pub use app::App;
