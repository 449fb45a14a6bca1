//! The GitHub Actions claim builder as a form: describe a workflow run, and the playground signs
//! the claims GitHub would issue for it with its own key. `crate::github_claims` decides every
//! claim; this component only collects the builder's input and shows its errors.

use super::use_tools;
use crate::github_claims::{WorkflowRun, input_from_claims};
use leptos::prelude::*;
use serde_json::{Map, Value, json};

/// The run the form starts from when the current token is not a GitHub Actions token.
fn example_input() -> Map<String, Value> {
    match json!({
        "owner": "octo-org", "owner_id": "65", "repository": "octo-repo", "repository_id": "74",
        "event": "push", "ref": "refs/heads/main", "sub_format": "legacy",
        "runner_environment": "github-hosted", "audience": "sts.amazonaws.com",
    }) {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// One text input of the form, bound to a member of the builder's input.
#[derive(Clone, Copy)]
struct TextInput {
    member: &'static str,
    label: &'static str,
    placeholder: &'static str,
}

const TEXT_INPUTS: [TextInput; 7] = [
    TextInput {
        member: "owner",
        label: "Owner",
        placeholder: "octo-org",
    },
    TextInput {
        member: "owner_id",
        label: "Owner id",
        placeholder: "65",
    },
    TextInput {
        member: "repository",
        label: "Repository",
        placeholder: "octo-repo",
    },
    TextInput {
        member: "repository_id",
        label: "Repository id",
        placeholder: "74",
    },
    TextInput {
        member: "ref",
        label: "Ref",
        placeholder: "refs/heads/main, refs/tags/v1, refs/pull/7/merge",
    },
    TextInput {
        member: "environment",
        label: "Environment",
        placeholder: "none",
    },
    TextInput {
        member: "job_workflow_ref",
        label: "Reusable workflow (job_workflow_ref)",
        placeholder: "none: the repository's own workflow",
    },
];

const EVENTS: [&str; 8] = [
    "push",
    "pull_request",
    "pull_request_target",
    "workflow_dispatch",
    "release",
    "schedule",
    "merge_group",
    "workflow_call",
];

/// The builder's input as the form edits it: text members, with empty text meaning "absent".
fn set_member(form: RwSignal<Map<String, Value>>, member: &'static str, text: String) {
    form.update(|input| {
        let text = text.trim().to_string();
        if text.is_empty() {
            input.remove(member);
        } else {
            input.insert(member.to_string(), Value::String(text));
        }
    });
}

/// A new event, keeping the ref plausible: a pull request runs on `refs/pull/N/merge` (the
/// builder's default), other events on a branch or tag.
fn set_event(form: RwSignal<Map<String, Value>>, event: String) {
    let pull_request = event == "pull_request";
    set_member(form, "event", event);
    form.update(|input| {
        let on_pull_ref = input
            .get("ref")
            .and_then(Value::as_str)
            .is_some_and(|r| r.starts_with("refs/pull/"));
        if pull_request && !on_pull_ref {
            input.remove("ref");
        } else if !pull_request && on_pull_ref {
            input.insert("ref".into(), "refs/heads/main".into());
            input.remove("pull_request_number");
        }
    });
}

fn member_text(form: RwSignal<Map<String, Value>>, member: &str) -> String {
    form.with(|input| match input.get(member) {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(", "),
        Some(other) => other.to_string(),
        None => String::new(),
    })
}

/// "Build a GitHub Actions token": a collapsible form under the decoded token. `open` is its
/// panel's open state.
#[component]
pub fn GithubClaimsForm(open: ReadSignal<bool>) -> impl IntoView {
    let tools = use_tools();
    // Start from the current token when it is GitHub's, so a user can change one thing.
    let input_from_token = move || {
        let token = tools
            .doc
            .with_untracked(|doc| crate::workspace::token_text(doc).to_string());
        crate::engine::token::decode(&token)
            .ok()
            .and_then(|decoded| input_from_claims(&decoded.claims))
            .unwrap_or_else(example_input)
    };
    // The tool is mounted when its panel first opens: start from the token right away.
    let form = RwSignal::new(input_from_token());
    let problem = RwSignal::new(None::<String>);
    // Whether the user has changed the form since it was last filled from the token. Reopening
    // the panel refills it only when not: the `toggle` event arrives after the click that opened
    // it, possibly after the user's first change.
    let touched = RwSignal::new(false);
    let from_current_token = move || {
        form.set(input_from_token());
        problem.set(None);
        touched.set(false);
    };

    let build = move |_| {
        // GitHub issues the token just before the job calls STS: issued at the scenario's clock.
        let Some(now) = untrack(|| tools.now()) else {
            problem.set(Some(
                "Fix the scenario first: the builder needs its clock (now).".to_string(),
            ));
            return;
        };
        let input = Value::Object(form.get_untracked());
        match WorkflowRun::from_value(&input, "", now).and_then(|run| run.claims()) {
            Ok(claims) => {
                problem.set(None);
                let sub = claims
                    .get("sub")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string();
                tools.sign_claims(
                    &claims,
                    &format!("Built the token GitHub would issue (sub `{sub}`), signed ES256 with the playground's key; the issuer's JWKS now includes its public key"),
                );
            }
            Err(err) => {
                let at = err.path.trim_start_matches('/').replace('/', ".");
                problem.set(Some(if at.is_empty() {
                    err.message
                } else {
                    format!("{at}: {}", err.message)
                }));
            }
        }
    };

    // Pin this run as a test case ("Test cases" below the verdict).
    let add_case = move |_| {
        let Some(now) = untrack(|| tools.now()) else {
            problem.set(Some(
                "Fix the scenario first: the case needs its clock (now).".to_string(),
            ));
            return;
        };
        let input = form.get_untracked();
        let text = |m: &str| {
            input
                .get(m)
                .and_then(Value::as_str)
                .unwrap_or("?")
                .to_string()
        };
        let number = tools.cases.with_untracked(Vec::len) + 1;
        let mut case = Map::new();
        case.insert(
            "name".into(),
            format!(
                "case {number}: {}/{} {}",
                text("owner"),
                text("repository"),
                text("event")
            )
            .into(),
        );
        case.insert("github".into(), Value::Object(input));
        let pinned = crate::signing::SigningKey::generate_p256()
            .map_err(|e| e.to_string())
            .and_then(|key| {
                tools
                    .doc
                    .with_untracked(|doc| crate::suite::compose::pin_case(doc, case, now, &key))
                    .map_err(|e| match e.path.strip_prefix("/cases/0/github/") {
                        Some(member) => format!("{}: {}", member.replace('/', "."), e.message),
                        None => e.to_string(),
                    })
            });
        match pinned {
            Ok(case) => {
                problem.set(None);
                tools.edit_cases(|c| c.push(case));
                tools.notice(&format!(
                    "Added test case {number}: see \"Test cases\" below the verdict."
                ));
            }
            Err(err) => problem.set(Some(err)),
        }
    };

    // Refill the form from the token when the panel is opened again, unless the user has
    // changed it. (The first run is the mount itself, already filled above.)
    Effect::new(move |first_run: Option<()>| {
        if open.get() && first_run.is_some() && !touched.get_untracked() {
            from_current_token();
        }
    });

    view! {
            <p class="help">"Describe a workflow run; the playground signs the claims GitHub would issue for it. Repositories created since 15 July 2026 get the immutable "<code>"sub"</code>" (repo:owner@id/name@id:…)."</p>
            <div class="builder-grid" on:change=move |_| touched.set(true)>
                {TEXT_INPUTS.into_iter().map(|input| {
                    let id = format!("gh-{}", input.member);
                    view! {
                        <div class="field">
                            <label for=id.clone()>{input.label}</label>
                            <input id=id type="text" spellcheck="false" placeholder=input.placeholder
                                data-member=input.member
                                prop:value=move || member_text(form, input.member)
                                on:change=move |ev| set_member(form, input.member, event_target_value(&ev))/>
                        </div>
                    }
                }).collect_view()}
                <div class="field">
                    <label for="gh-event">"Event"</label>
                    <select id="gh-event" data-member="event"
                        on:change=move |ev| set_event(form, event_target_value(&ev))>
                        {EVENTS.into_iter().map(|event| view! {
                            <option value=event selected=move || member_text(form, "event") == event>{event}</option>
                        }).collect_view()}
                    </select>
                </div>
                <MemberSelect form=form id="gh-runner" label="Runner" member="runner_environment"
                    options=&[("github-hosted", "github-hosted"), ("self-hosted", "self-hosted")]/>
                <MemberSelect form=form id="gh-sub-format" label="sub format" member="sub_format"
                    options=&[("legacy", "legacy: repo:owner/name:…"), ("immutable", "immutable: repo:owner@id/name@id:…")]/>
                <div class="field">
                    <label for="gh-template">"Custom sub template (include_claim_keys)"</label>
                    <input id="gh-template" type="text" spellcheck="false" placeholder="GitHub's default, or e.g. repo, context, job_workflow_ref"
                        data-member="include_claim_keys"
                        prop:value=move || member_text(form, "include_claim_keys")
                        on:change=move |ev| {
                            let keys: Vec<Value> = event_target_value(&ev)
                                .split(',')
                                .map(str::trim)
                                .filter(|k| !k.is_empty())
                                .map(|k| Value::String(k.to_string()))
                                .collect();
                            form.update(|input| {
                                if keys.is_empty() {
                                    input.remove("include_claim_keys");
                                } else {
                                    input.insert("include_claim_keys".into(), Value::Array(keys));
                                }
                            });
                        }/>
                </div>
                <div class="field">
                    <label for="gh-audience">"Audience (aud)"</label>
                    <input id="gh-audience" type="text" spellcheck="false" placeholder="sts.amazonaws.com"
                        data-member="audience"
                        prop:value=move || member_text(form, "audience")
                        on:change=move |ev| set_member(form, "audience", event_target_value(&ev))/>
                </div>
            </div>
            <div class="builder-actions">
                <button type="button" data-testid="github-build" prop:disabled=move || tools.signing.get()
                    on:click=build>
                    "Build and sign the token"
                </button>
                <button type="button" data-testid="github-add-case" on:click=add_case>"Add as a test case"</button>
                <button type="button" on:click=move |_| from_current_token()>"Start from the current token"</button>
            </div>
            <Show when=move || problem.with(Option::is_some)>
                <p class="json-error" role="alert" data-testid="github-builder-error">
                    {move || problem.get().unwrap_or_default()}
                </p>
            </Show>
    }
}

/// A select bound to one member of the builder's input; the first option is shown when the
/// member is absent or holds another value.
#[component]
fn MemberSelect(
    form: RwSignal<Map<String, Value>>,
    id: &'static str,
    label: &'static str,
    member: &'static str,
    options: &'static [(&'static str, &'static str)],
) -> impl IntoView {
    let chosen = move || {
        let text = member_text(form, member);
        options
            .iter()
            .map(|(value, _)| *value)
            .find(|value| *value == text)
            .or_else(|| options.first().map(|(value, _)| *value))
            .unwrap_or_default()
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id data-member=member
                on:change=move |ev| set_member(form, member, event_target_value(&ev))>
                {options.iter().map(|(value, text)| view! {
                    <option value=*value selected=move || chosen() == *value>{*text}</option>
                }).collect_view()}
            </select>
        </div>
    }
}
