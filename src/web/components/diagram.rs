//! The sequence diagram (SVG), its playback controls, and the step log that carries the same
//! information as text for screen readers. Clicking a step shows its sub-checks.

use crate::engine::verdict::{Status, StepId};
use crate::present::diagram::{Arrow, Lane, title_lines, wrap_label};
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
/// Where the first row starts, under the lane titles.
const TOP: usize = 62;

/// How labels are set: the label font's line height and its average character width (in tenths
/// of a unit), for the desktop's 13 px and the phone's 22 px (style.css: the phone scales the
/// drawing down and its text up). Estimates on the generous side, so that a label wraps before it
/// reaches a lane it does not join.
#[derive(Clone, Copy)]
struct Type {
    line: usize,
    char_tenths: usize,
}
const DESKTOP: Type = Type {
    line: 16,
    char_tenths: 76,
};
const PHONE: Type = Type {
    line: 26,
    char_tenths: 128,
};

/// One arrow's place: its row's top, its label's lines and the row's height.
struct Row {
    top: usize,
    lines: Vec<String>,
}

/// The label of an arrow as drawn: the error carried back on a rejection is the answer.
fn label_of(arrow: &Arrow) -> String {
    match &arrow.error_return {
        Some(code) => format!("✘ error: {code}"),
        None => format!("{} {}", arrow.status.icon(), arrow.label),
    }
}

/// The room a label has: between the two lanes an arrow joins, or, for a check inside one lane,
/// between that lane and its neighbour on the side the label is drawn (see `ArrowView`).
fn room(arrow: &Arrow) -> usize {
    let (x1, x2) = (lane_x(arrow.from), lane_x(arrow.to));
    if x1 != x2 {
        return x1.abs_diff(x2).saturating_sub(16);
    }
    let neighbour = |step: isize| {
        arrow
            .from
            .index()
            .checked_add_signed(step)
            .and_then(|i| Lane::ALL.get(i))
            .map(|lane| lane_x(*lane))
    };
    if x1 > MIDDLE {
        x1.saturating_sub(neighbour(-1).unwrap_or(0))
            .saturating_sub(16)
    } else {
        neighbour(1)
            .unwrap_or(WIDTH)
            .saturating_sub(x1)
            .saturating_sub(56)
    }
}

/// Rows top to bottom, each as tall as its label needs, and the drawing's height.
fn layout(arrows: &[Arrow], kind: Type) -> (Vec<Row>, usize) {
    let mut top = TOP;
    let mut rows = Vec::with_capacity(arrows.len());
    for arrow in arrows {
        let width = (room(arrow) * 10 / kind.char_tenths).max(8);
        let lines = wrap_label(&label_of(arrow), width);
        let text = lines.len() * kind.line;
        let height = if arrow.from == arrow.to {
            text.max(22) + 18
        } else {
            text + 24
        };
        rows.push(Row { top, lines });
        top += height;
    }
    (rows, top + 12)
}

/// The diagram with its controls and log.
#[component]
pub fn SequenceDiagram() -> impl IntoView {
    let playground = use_playground();
    let compact = use_phone_width();
    view! {
        <div class="diagram">
            <div class="diagram-head">
                <h2>"What STS does"</h2>
                // The keys work anywhere outside a text field (see the Keys menu).
                <div class="controls" role="toolbar" aria-label="Playback">
                    <button type="button" data-testid="restart" on:click=move |_| playground.playback.restart() title="Replay from the start (Home)" aria-keyshortcuts="Home">"↺"<span class="btn-text">" Replay"</span></button>
                    <button type="button" data-testid="step-back" on:click=move |_| playground.playback.step_back() title="Step back (←)" aria-keyshortcuts="ArrowLeft">"◀"<span class="btn-text">" Back"</span></button>
                    <button type="button" data-testid="play" on:click=move |_| playground.playback.toggle_play() title="Play or pause (Space)" aria-keyshortcuts="Space">
                        {move || if playground.playback.playing.get() { "⏸ Pause" } else { "▶ Play" }}
                    </button>
                    <button type="button" data-testid="step-forward" on:click=move |_| { playground.playback.playing.set(false); playground.playback.step_forward(); } title="Step forward (→)" aria-keyshortcuts="ArrowRight"><span class="btn-text">"Next "</span>"▶"</button>
                    <span class="key-hint" aria-hidden="true"><kbd>"Space"</kbd>" "<kbd>"←"</kbd><kbd>"→"</kbd>" "<kbd>"Home"</kbd></span>
                </div>
            </div>
            {move || playground.diagram.get().map(|diagram| {
                let kind = if compact.get() { PHONE } else { DESKTOP };
                let (rows, height) = layout(&diagram.arrows, kind);
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
                        {diagram.arrows.into_iter().zip(rows).enumerate().map(|(index, (arrow, row))| view! { <ArrowView index arrow row line=kind.line/> }).collect_view()}
                    </svg>
                }
            })}
            <StepLog/>
        </div>
    }
}

#[component]
fn ArrowView(index: usize, arrow: Arrow, row: Row, line: usize) -> impl IntoView {
    let playground = use_playground();
    let Row { top, lines } = row;
    let (x1, x2) = (lane_x(arrow.from), lane_x(arrow.to));
    let status = arrow.status.as_str();
    let revealed = move || index < playground.playback.cursor.get();
    let current = move || index + 1 == playground.playback.cursor.get();
    let step = arrow.step.map(|s| s.as_str()).unwrap_or("prelude");
    let select = move |_| {
        if arrow.step.is_some() {
            playground.playback.selected.set(Some(index));
            playground.playback.playing.set(false);
        }
    };
    let answer = if arrow.error_return.is_some() {
        " error-return"
    } else {
        ""
    };
    let count = lines.len();
    // A label of several lines: one <text>, a <tspan> per line.
    let text = move |x: usize, anchor: &'static str, first: usize| {
        let tspans = lines
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let dy = if i == 0 { 0 } else { line };
                view! { <tspan x=x dy=dy>{text.clone()}</tspan> }
            })
            .collect_view();
        view! { <text class="label" x=x y=first text-anchor=anchor>{tspans}</text> }
    };
    let shape = if x1 == x2 {
        // A check inside one participant: a loop to the right of its lifeline, labelled on the
        // side with more room (each arrow has its own row, so that side is free).
        let y = top + 6;
        let label = if x1 > MIDDLE {
            text(x1 - 8, "end", y + line - 3).into_any()
        } else {
            text(x1 + 48, "start", y + line - 3).into_any()
        };
        view! {
            <path class="edge" d=format!("M {x1} {y} h 40 v 18 h -40") marker-end="url(#arrowhead)"></path>
            {label}
        }
        .into_any()
    } else {
        let mid = (x1 + x2) / 2;
        let y = top + count * line + 6;
        view! {
            <line class="edge" x1=x1 y1=y x2=x2 y2=y marker-end="url(#arrowhead)"></line>
            {text(mid, "middle", top + line - 3)}
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
                let cursor = playground.playback.cursor.get();
                let selected = playground.playback.selected.get();
                steps()
                    .into_iter()
                    .enumerate()
                    // Every step has its line from the start (a step not yet revealed is dimmed
                    // and its text hidden), so playback never moves what is below the log.
                    // Arrow 0 is the prelude, so step i is arrow i + 1.
                    .map(|(i, step)| {
                        let revealed = i + 1 < cursor;
                        let open = revealed && selected == Some(i + 1);
                        let status = step.status.as_str();
                        let id = step.id;
                        view! {
                            <li class=format!("log {status}{}", if revealed { "" } else { " pending" })
                                data-step=id.as_str() data-status=status data-revealed=revealed.to_string()
                                aria-hidden=(!revealed).then_some("true")>
                                <button type="button" class="link" aria-expanded=open.to_string() disabled=!revealed
                                    on:click=move |_| playground.playback.selected.set(if open { None } else { Some(i + 1) })>
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

/// Whether the window is phone-sized (style.css's breakpoint), kept up to date: the diagram sets
/// its labels for the phone's larger text.
fn use_phone_width() -> RwSignal<bool> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let query = window().match_media("(max-width: 760px)").ok().flatten();
    let phone = RwSignal::new(query.as_ref().is_some_and(|q| q.matches()));
    if let Some(query) = query {
        let watched = query.clone();
        // An event handler at the edge: the media query's change sets the signal.
        let on_change = Closure::<dyn Fn()>::new(move || phone.set(watched.matches()));
        query.set_onchange(Some(on_change.as_ref().unchecked_ref()));
        on_change.forget();
    }
    phone
}
