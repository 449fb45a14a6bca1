//! "Export": the scenario as a Mermaid diagram, Terraform, CloudFormation or AWS CLI commands,
//! with a copy button. `crate::present::export` writes every format; this only shows it.

use super::use_tools;
use crate::present::export::{Format, render};
use crate::web::state::Run;
use leptos::prelude::*;

/// What a format is for, on its tab.
fn label(format: Format) -> &'static str {
    match format {
        Format::Mermaid => "Mermaid diagram",
        Format::Terraform => "Terraform",
        Format::CloudFormation => "CloudFormation",
        Format::AwsCli => "AWS CLI",
    }
}

/// The panel.
#[component]
pub fn Exports(open: ReadSignal<bool>) -> impl IntoView {
    let tools = use_tools();
    let format = RwSignal::new(Format::Terraform);
    // Rendered only while the panel is open.
    let text = Memo::new(move |_| {
        if !open.get() {
            return None;
        }
        let format = format.get();
        tools.run.with(|run| match run {
            Run::Verdict { scenario, verdict } => {
                Some(render(format, scenario, verdict).map_err(|e| e.in_scenario()))
            }
            Run::Unusable(err) => Some(Err(format!(
                "Fix the scenario first: {}",
                err.in_scenario()
            ))),
        })
    });
    let copy = move |_| {
        if let Some(Ok(text)) = text.get_untracked() {
            let _ = window().navigator().clipboard().write_text(&text);
            tools.notice(&format!(
                "Copied the {} export.",
                label(format.get_untracked())
            ));
        }
    };
    view! {
            <p class="help">"The provider and role with the trust policy exactly as evaluated, the call itself, or the trace as a Mermaid sequence diagram. The same text as "<code>"stsplay export --format …"</code>"."</p>
            <div class="export-tabs" role="tablist">
                {Format::ALL.into_iter().map(|f| view! {
                    <button type="button" role="tab" data-format=f.name()
                        aria-selected=move || (format.get() == f).to_string()
                        on:click=move |_| format.set(f)>{label(f)}</button>
                }).collect_view()}
                <button type="button" data-testid="export-copy" on:click=copy
                    prop:disabled=move || !matches!(text.get(), Some(Ok(_)))>"Copy"</button>
            </div>
            {move || match text.get() {
                Some(Ok(text)) => view! {
                    <textarea class="mono export-text" readonly rows="16" spellcheck="false"
                        aria-label="Export" data-testid="export-text" prop:value=text></textarea>
                }.into_any(),
                Some(Err(problem)) => view! {
                    <p class="json-error" role="alert" data-testid="export-error">{problem}</p>
                }.into_any(),
                None => ().into_any(),
            }}
    }
}
