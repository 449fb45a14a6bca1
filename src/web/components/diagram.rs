//! The sequence diagram (SVG), its playback controls, and the step log that carries the same
//! information as text for screen readers. Clicking a step shows its sub-checks.

use crate::engine::verdict::{Status, StepId};
use crate::present::diagram::{Arrow, Lane, title_lines};
use crate::web::state::{Run, use_playground};
use leptos::prelude::*;

/// The x position of a lane's lifeline: at least half a title box (`TITLE_BOX`) from each edge.
const fn lane_x(lane: Lane) -> usize {
    match lane {
        Lane::Workload => 100,
        Lane::IdentityProvider => 305,
        Lane::Sts => 510,
        Lane::Iam => 715,
    }
}
// Whole pixels: integers keep float formatting out of the wasm.
const WIDTH: usize = 810;
const MIDDLE: usize = WIDTH / 2;
const TITLE_BOX: usize = 186;
// Every title box inside the drawing (and `x - TITLE_BOX / 2` never below zero).
const _: () =
    assert!(lane_x(Lane::Workload) >= TITLE_BOX / 2 && lane_x(Lane::Iam) + TITLE_BOX / 2 <= WIDTH);
const ROW_H: usize = 46;
const TOP: usize = 70;

/// The diagram with its controls and log.
#[component]
pub fn SequenceDiagram() -> impl IntoView {
    let playground = use_playground();
    view! {
        <div class="diagram">
            <div class="diagram-head">
                <h2>"What STS does"</h2>
                // The keys work anywhere outside a text field (see the Keys menu).
                <div class="controls" role="toolbar" aria-label="Playback">
                    <button type="button" data-testid="restart" on:click=move |_| playground.restart() title="Replay from the start (Home)" aria-keyshortcuts="Home">"↺"<span class="btn-text">" Replay"</span></button>
                    <button type="button" data-testid="step-back" on:click=move |_| playground.step_back() title="Step back (←)" aria-keyshortcuts="ArrowLeft">"◀"<span class="btn-text">" Back"</span></button>
                    <button type="button" data-testid="play" on:click=move |_| playground.toggle_play() title="Play or pause (Space)" aria-keyshortcuts="Space">
                        {move || if playground.playing.get() { "⏸ Pause" } else { "▶ Play" }}
                    </button>
                    <button type="button" data-testid="step-forward" on:click=move |_| { playground.playing.set(false); playground.step_forward(); } title="Step forward (→)" aria-keyshortcuts="ArrowRight"><span class="btn-text">"Next "</span>"▶"</button>
                    <span class="key-hint" aria-hidden="true"><kbd>"Space"</kbd>" "<kbd>"←"</kbd><kbd>"→"</kbd>" "<kbd>"Home"</kbd></span>
                </div>
            </div>
            {move || playground.diagram.get().map(|diagram| {
                let height = TOP + ROW_H * diagram.arrows.len() + 20;
                let titles = diagram.lane_titles.clone();
                view! {
                    <svg
                        class="sequence"
                        role="img"
                        aria-label="Sequence diagram of the simulated call; the step log below has the same content as text"
                        viewBox=format!("0 0 {WIDTH} {height}")
                        tabindex="0"
                        data-testid="diagram"
                    >
                        <defs>
                            <marker id="arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                                <path d="M 0 0 L 10 5 L 0 10 z" fill="context-stroke"></path>
                            </marker>
                        </defs>
                        {Lane::ALL.iter().map(|lane| {
                            let x = lane_x(*lane);
                            let title = titles.get(lane.index()).map(String::as_str).unwrap_or_default();
                            // Two lines for a long title, so that it stays in its column when a
                            // phone scales the diagram down and the text up.
                            let text = match title_lines(title) {
                                (line, None) => view! {
                                    <text x=x y="35" text-anchor="middle">{line.to_string()}</text>
                                }.into_any(),
                                (first, Some(second)) => view! {
                                    <text x=x y="26" text-anchor="middle">
                                        {first.to_string()}
                                        <tspan x=x dy="1.15em">{second.to_string()}</tspan>
                                    </text>
                                }.into_any(),
                            };
                            view! {
                                <g class="lane">
                                    <rect x=x - TITLE_BOX / 2 y="8" width=TITLE_BOX height="44" rx="6"></rect>
                                    {text}
                                    <line x1=x y1="52" x2=x y2=height - 8></line>
                                </g>
                            }
                        }).collect_view()}
                        {diagram.arrows.into_iter().enumerate().map(|(index, arrow)| view! { <ArrowView index arrow/> }).collect_view()}
                    </svg>
                }
            })}
            <StepLog/>
        </div>
    }
}

#[component]
fn ArrowView(index: usize, arrow: Arrow) -> impl IntoView {
    let playground = use_playground();
    let y = TOP + ROW_H * index;
    let (x1, x2) = (lane_x(arrow.from), lane_x(arrow.to));
    let status = arrow.status.as_str();
    let revealed = move || index < playground.cursor.get();
    let current = move || index + 1 == playground.cursor.get();
    let step = arrow.step.map(|s| s.as_str()).unwrap_or("prelude");
    let select = move |_| {
        if arrow.step.is_some() {
            playground.selected.set(Some(index));
            playground.playing.set(false);
        }
    };
    // The error carried back on a rejection is the answer: drawn as reached, in the failure colour.
    let label = match &arrow.error_return {
        Some(code) => format!("✘ error: {code}"),
        None => format!("{} {}", arrow.status.icon(), arrow.label),
    };
    let answer = if arrow.error_return.is_some() {
        " error-return"
    } else {
        ""
    };
    let shape = if x1 == x2 {
        // A check inside one participant: a loop to the right of its lifeline, labelled on the
        // side with more room (each arrow has its own row, so that side is free).
        let label = if x1 > MIDDLE {
            view! { <text class="label" x=x1 - 8 y=y + 13 text-anchor="end">{label}</text> }
                .into_any()
        } else {
            view! { <text class="label" x=x1 + 48 y=y + 13>{label}</text> }.into_any()
        };
        view! {
            <path class="edge" d=format!("M {x1} {y} h 40 v 18 h -40") marker-end="url(#arrowhead)"></path>
            {label}
        }
        .into_any()
    } else {
        let mid = (x1 + x2) / 2;
        view! {
            <line class="edge" x1=x1 y1=y + 12 x2=x2 y2=y + 12 marker-end="url(#arrowhead)"></line>
            <text class="label" x=mid y=y + 6 text-anchor="middle">{label}</text>
        }
        .into_any()
    };
    view! {
        <g
            class=move || format!("arrow {status}{answer}{}{}", if revealed() { " revealed" } else { "" }, if current() { " current" } else { "" })
            data-step=step
            data-status=status
            data-revealed=move || revealed().to_string()
            on:click=select
        >
            <title>{match &arrow.error_return {
                Some(code) => format!("STS answers with the error {code}"),
                None => format!("{step}: {status}{}", if arrow.assumed { " (assumed)" } else { "" }),
            }}</title>
            {shape}
        </g>
    }
}

/// The text twin of the diagram: one line per revealed step. (Not a live region: the verdict line
/// announces the outcome once, instead of the whole log on every edit.)
#[component]
fn StepLog() -> impl IntoView {
    let playground = use_playground();
    let steps = move || {
        playground.run.with(|run| match run {
            Run::Verdict { verdict, .. } => verdict.steps.clone(),
            Run::Unusable(_) => Vec::new(),
        })
    };
    view! {
        <ol class="step-log" data-testid="step-log" aria-label="Steps, as text">
            {move || {
                let cursor = playground.cursor.get();
                let selected = playground.selected.get();
                steps()
                    .into_iter()
                    .enumerate()
                    // Arrow 0 is the prelude, so step i is arrow i + 1.
                    .filter(|(i, _)| i + 1 < cursor)
                    .map(|(i, step)| {
                        let open = selected == Some(i + 1);
                        let status = step.status.as_str();
                        let id = step.id;
                        view! {
                            <li class=format!("log {status}") data-step=id.as_str() data-status=status>
                                <button type="button" class="link" aria-expanded=open.to_string()
                                    on:click=move |_| playground.selected.set(if open { None } else { Some(i + 1) })>
                                    <span aria-hidden="true">{step.status.icon()}" "</span>
                                    <span class="sr-only">{format!("{status}: ")}</span>
                                    <strong>{step.title.clone()}</strong>
                                    {step.assumed.then(|| view! { <span class="assumed-badge">"assumed"</span> })}
                                </button>
                                {(step.status != Status::Skip).then(|| view! { <p class="detail">{crate::web::rich(&step.detail)}</p> })}
                                {open.then(|| view! { <Checks id step_checks=step.checks.clone()/> })}
                            </li>
                        }
                    })
                    .collect_view()
            }}
        </ol>
    }
}

#[component]
fn Checks(id: StepId, step_checks: Vec<crate::engine::verdict::Check>) -> impl IntoView {
    view! {
        <ul class="checks" data-testid=format!("checks-{}", id.as_str())>
            {step_checks.into_iter().map(|check| {
                let status = check.status.as_str();
                let check_id = check.id.clone();
                view! {
                    <li class=format!("check {status}") data-check=check_id data-status=status>
                        <span aria-hidden="true">{check.status.icon()}" "</span>
                        <code>{check.id}</code>": "{crate::web::rich(&check.detail)}
                        {check.assumed.then(|| view! { <span class="assumed-badge">"assumed"</span> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
