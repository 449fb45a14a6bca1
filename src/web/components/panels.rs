//! The compact panels: the IAM OIDC provider, the role, the request parameters and the clock.

use crate::engine::clock::{format_rfc3339, relative};
use crate::engine::scenario::parse_time_text;
use crate::web::state::{Run, use_playground};
use crate::workspace::{
    lines_at, role_pointer, scalar_at, set, set_integer_text, set_lines, token_issuer,
};
use leptos::prelude::*;
use serde_json::Value;

/// How a field's text is written into the document.
#[derive(Clone, Copy)]
enum Kind {
    Text,
    Integer,
    Lines,
}

/// One labelled input bound to a JSON pointer. It keeps the user's text while typing and
/// reloads when the document is replaced.
#[component]
fn Field(
    label: &'static str,
    #[prop(into)] at: Signal<String>,
    kind: Kind,
    #[prop(optional)] help: &'static str,
    /// Recognise `aws iam get-open-id-connect-provider` output pasted here.
    #[prop(optional)]
    provider_paste: bool,
) -> impl IntoView {
    let playground = use_playground();
    let id = format!("field-{}", label.to_lowercase().replace(' ', "-"));
    // Borrowed, not `get()`: the run holds the whole scenario, and every field asks.
    let error = move || {
        playground.run.with(|run| match run {
            Run::Unusable(err)
                if err.path == at.get() || err.path.starts_with(&format!("{}/", at.get())) =>
            {
                Some(err.message.clone())
            }
            _ => None,
        })
    };
    let write = move |text: String, pasted: bool| {
        if provider_paste
            && pasted
            && let Some(recognised) = crate::paste::provider_paste(&text)
        {
            playground.apply_paste(recognised);
            return;
        }
        let at = at.get_untracked();
        playground.edit(|doc| match kind {
            Kind::Text => set(doc, &at, Value::String(text)),
            Kind::Integer => set_integer_text(doc, &at, &text),
            Kind::Lines => set_lines(doc, &at, &text),
        });
    };
    let input_id = id.clone();
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            {move || {
                playground.revision.track();
                let at = at.get();
                let initial = playground.doc.with_untracked(|doc| match kind {
                    Kind::Lines => lines_at(doc, &at),
                    _ => scalar_at(doc, &at),
                });
                let id = input_id.clone();
                match kind {
                    Kind::Lines => view! {
                        <textarea id=id class="mono" rows="2" spellcheck="false" prop:value=initial
                            on:input=move |ev| write(event_target_value(&ev), super::code::pasted(&ev))></textarea>
                    }.into_any(),
                    _ => view! {
                        <input id=id class="mono" type="text" spellcheck="false" prop:value=initial
                            aria-invalid=move || error().is_some().to_string()
                            on:input=move |ev| write(event_target_value(&ev), super::code::pasted(&ev))/>
                    }.into_any(),
                }
            }}
            {(!help.is_empty()).then(|| view! { <p class="help">{help}</p> })}
            <Show when=move || error().is_some()>
                <p class="field-error" role="alert">{move || error().unwrap_or_default()}</p>
            </Show>
        </div>
    }
}

/// The IAM OIDC provider (the first one in the scenario) and the IdP's TLS facts.
#[component]
pub fn ProviderPanel() -> impl IntoView {
    let playground = use_playground();
    let tls_at = move |member: &str| {
        let issuer = playground
            .doc
            .with(token_issuer)
            .unwrap_or_else(|| "https://issuer.example.com".to_string());
        format!(
            "{}/tls/{member}",
            crate::engine::json::pointer("/idps", &issuer)
        )
    };
    let trusted = move || {
        playground
            .doc
            .with(|doc| {
                doc.pointer(&tls_at("trusted_root"))
                    .and_then(Value::as_bool)
            })
            .unwrap_or(true)
    };
    view! {
        <fieldset class="panel" data-testid="panel-provider">
            <legend>"IAM OIDC provider"</legend>
            <p class="help">"Paste "<code>"aws iam get-open-id-connect-provider"</code>" output into any field to fill them all."</p>
            <Field label="Url" at="/providers/0/Url".to_string() kind=Kind::Text provider_paste=true
                help="Must equal the token's iss exactly (https:// optional here)."/>
            <Field label="Client IDs" at="/providers/0/ClientIDList".to_string() kind=Kind::Lines provider_paste=true
                help="One per line: the audiences this provider accepts."/>
            <Field label="Thumbprints" at="/providers/0/ThumbprintList".to_string() kind=Kind::Lines provider_paste=true
                help="Only used when the TLS root is not trusted."/>
            <div class="field checkbox">
                <input
                    id="tls-trusted"
                    type="checkbox"
                    prop:checked=trusted
                    on:change=move |ev| {
                        let checked = event_target_checked(&ev);
                        let at = tls_at("trusted_root");
                        playground.edit(|doc| set(doc, &at, Value::Bool(checked)));
                    }
                />
                <label for="tls-trusted">"IdP certificate chains to a root CA that AWS trusts"</label>
            </div>
            <Show when=move || !trusted()>
                <Field label="Served thumbprint" at=Signal::derive(move || tls_at("thumbprint")) kind=Kind::Text
                    help="SHA-1 of the top intermediate certificate the IdP serves."/>
            </Show>
        </fieldset>
    }
}

/// The role the request names.
#[component]
pub fn RolePanel() -> impl IntoView {
    let playground = use_playground();
    let role = move |member: &'static str| {
        let at: Signal<String> =
            Memo::new(move |_| format!("{}/{member}", playground.doc.with(role_pointer))).into();
        at
    };
    view! {
        <fieldset class="panel" data-testid="panel-role">
            <legend>"Role"</legend>
            <Field label="Role ARN" at="/request/RoleArn".to_string() kind=Kind::Text/>
            <Field label="Role name" at=role("RoleName") kind=Kind::Text/>
            <Field label="Path" at=role("Path") kind=Kind::Text/>
            <Field label="MaxSessionDuration" at=role("MaxSessionDuration") kind=Kind::Integer
                help="Seconds, 3600 to 43200."/>
        </fieldset>
    }
}

/// The request parameters.
#[component]
pub fn RequestPanel() -> impl IntoView {
    view! {
        <fieldset class="panel" data-testid="panel-request">
            <legend>"Request"</legend>
            <Field label="RoleSessionName" at="/request/RoleSessionName".to_string() kind=Kind::Text/>
            <Field label="DurationSeconds" at="/request/DurationSeconds".to_string() kind=Kind::Integer
                help="900 to 43200; empty means 3600."/>
            <Field label="Session policy" at="/request/Policy".to_string() kind=Kind::Text
                help="Optional inline session policy (JSON text)."/>
        </fieldset>
    }
}

/// The clock: a slider across the token's lifetime and an exact input.
#[component]
pub fn ClockPanel() -> impl IntoView {
    let playground = use_playground();
    let now = move || {
        playground.doc.with(|doc| {
            doc.get("now").and_then(|v| match v {
                Value::Number(n) => n.as_i64(),
                Value::String(s) => parse_time_text(s),
                _ => None,
            })
        })
    };
    // The token's times, to span the slider and mark where STS flips.
    let times = move || {
        playground.run.with(|run| match run {
            Run::Verdict { scenario, .. } => {
                crate::engine::token::decode(&scenario.request.web_identity_token)
                    .ok()
                    .map(|t| {
                        let get = |n: &str| t.claims.get(n).and_then(Value::as_i64);
                        (get("nbf"), get("iat"), get("exp"))
                    })
            }
            Run::Unusable(_) => None,
        })
    };
    let range = move || {
        let (nbf, iat, exp) = times().unwrap_or((None, None, None));
        let start = nbf.or(iat).or(exp).or_else(now).unwrap_or(0);
        let end = exp.map(|e| e + 300).or_else(now).unwrap_or(start);
        (start.saturating_sub(600), end.saturating_add(600))
    };
    let set_now = move |epoch: i64| playground.edit(|doc| set(doc, "/now", Value::from(epoch)));
    // The token's times on the slider: name, epoch seconds and position in percent.
    let marks = move || {
        let (nbf, iat, exp) = times().unwrap_or((None, None, None));
        let (min, max) = range();
        let span = max.saturating_sub(min).max(1);
        [
            ("nbf", nbf),
            ("iat", iat),
            ("exp", exp),
            ("exp+5m", exp.map(|e| e.saturating_add(300))),
        ]
        .into_iter()
        .filter_map(|(name, at)| {
            let at = at?;
            let percent = at.saturating_sub(min).saturating_mul(100) / span;
            Some((name, at, percent.clamp(0, 100)))
        })
        .collect::<Vec<_>>()
    };
    view! {
        <fieldset class="panel clock" data-testid="panel-clock">
            <legend>"Clock (now)"</legend>
            <div class="slider">
                <input
                    type="range"
                    aria-label="Now"
                    data-testid="clock-slider"
                    list="clock-marks"
                    prop:min=move || range().0.to_string()
                    prop:max=move || range().1.to_string()
                    step="1"
                    prop:value=move || now().unwrap_or_default().to_string()
                    on:input=move |ev| {
                        if let Ok(epoch) = event_target_value(&ev).parse::<i64>() {
                            set_now(epoch);
                        }
                    }
                />
                // Where STS's answer flips: ticks on the track, and their names under it.
                <datalist id="clock-marks">
                    {move || marks().into_iter().map(|(name, at, _)| view! { <option value=at.to_string() label=name></option> }).collect_view()}
                </datalist>
                <div class="ticks" aria-hidden="true" data-testid="clock-ticks">
                    {move || marks().into_iter().map(|(name, _, percent)| view! {
                        <span class="tick" data-mark=name style=format!("left: {percent}%")>{name}</span>
                    }).collect_view()}
                </div>
            </div>
            <div class="field">
                <label for="clock-text">"Now (RFC 3339 or epoch seconds)"</label>
                {move || {
                    let text = now().map(format_rfc3339).unwrap_or_default();
                    view! {
                        <input id="clock-text" class="mono" type="text" prop:value=text
                            on:change=move |ev| {
                                if let Some(epoch) = parse_time_text(&event_target_value(&ev)) {
                                    set_now(epoch);
                                }
                            }/>
                    }
                }}
            </div>
            <ul class="marks">
                {move || {
                    let (nbf, iat, exp) = times().unwrap_or((None, None, None));
                    let now = now().unwrap_or_default();
                    let mut marks = Vec::new();
                    for (name, at) in [("nbf", nbf), ("iat", iat), ("exp", exp), ("exp + 5 min grace", exp.map(|e| e + 300))] {
                        if let Some(at) = at {
                            let side = if now < at { "future" } else { "past" };
                            let text = format!("{name}: {} ({})", format_rfc3339(at), relative(at, now));
                            let jump = move |_| set_now(at);
                            marks.push(view! {
                                <li class=side>
                                    <button type="button" class="link" on:click=jump title="Set the clock here">{text}</button>
                                </li>
                            });
                        }
                    }
                    marks
                }}
            </ul>
            <p class="help">"STS refuses with ExpiredTokenException from exp + 300 s on."</p>
        </fieldset>
    }
}
