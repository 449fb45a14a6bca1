//! The playground's components, one visual region each. None of them decides anything: they
//! render the document, the verdict and view models from `present`, and send edits to the state.

mod app;
mod cases;
mod diagram;
mod editors;
mod exports;
mod github;
mod panels;
mod token;
mod verdict;
mod who_can;

pub use app::App;

use leptos::prelude::*;

/// Render an explanation, showing `backticked` parts as code (the engine's details quote user
/// values and names that way). Always text: never parsed as HTML.
pub fn rich(text: &str) -> impl IntoView + use<> {
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            let part = part.to_string();
            if i % 2 == 1 {
                view! { <code>{part}</code> }.into_any()
            } else {
                part.into_any()
            }
        })
        .collect_view()
}
