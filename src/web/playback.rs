//! The sequence diagram's playback: how many arrows are revealed, whether it plays, and which
//! step's sub-checks are open. It reads the diagram; it never changes the document.

use crate::engine::verdict::Status;
use crate::present::diagram::Diagram;
use leptos::prelude::*;

/// Playback state, part of the playground's context.
#[derive(Clone, Copy)]
pub struct Playback {
    /// How many diagram arrows are revealed.
    pub cursor: RwSignal<usize>,
    /// Whether playback is running.
    pub playing: RwSignal<bool>,
    /// The step whose sub-checks are shown.
    pub selected: RwSignal<Option<usize>>,
    /// The diagram being played.
    diagram: Memo<Option<Diagram>>,
}

impl Playback {
    /// Playback of `diagram`, stopped at the start.
    pub fn new(diagram: Memo<Option<Diagram>>) -> Playback {
        Playback {
            cursor: RwSignal::new(0),
            playing: RwSignal::new(false),
            selected: RwSignal::new(None),
            diagram,
        }
    }

    /// Rewind playback and play again (or show everything at once with reduced motion).
    pub fn restart(&self) {
        if prefers_reduced_motion() {
            self.cursor.set(self.end());
            self.playing.set(false);
        } else {
            self.cursor.set(0);
            self.playing.set(true);
        }
    }

    /// Where playback stops: after the last arrow. (On a rejection the arrows after the failing
    /// one are not-reached steps and the error carried back, revealed together.)
    pub fn end(&self) -> usize {
        self.diagram
            .with_untracked(|diagram| diagram.as_ref().map_or(0, |d| d.arrows.len()))
    }

    /// Whether arrow `index` is a step that was never reached (drawn dimmed, skipped by playback).
    fn unreached(&self, index: usize) -> bool {
        self.diagram.with_untracked(|diagram| {
            diagram
                .as_ref()
                .and_then(|d| d.arrows.get(index))
                .is_some_and(|a| a.status == Status::Skip && a.error_return.is_none())
        })
    }

    /// Advance one arrow, passing over steps that were never reached; stop at the end.
    pub fn step_forward(&self) {
        let end = self.end();
        let mut next = self.cursor.get_untracked().saturating_add(1).min(end);
        while next < end && self.unreached(next.saturating_sub(1)) {
            next = next.saturating_add(1);
        }
        self.cursor.set(next);
        if next >= end {
            self.playing.set(false);
        }
    }

    /// Go back one arrow (passing over steps that were never reached) and pause.
    pub fn step_back(&self) {
        self.playing.set(false);
        let mut back = self.cursor.get_untracked().saturating_sub(1).max(1);
        while back > 1 && self.unreached(back.saturating_sub(1)) {
            back = back.saturating_sub(1);
        }
        self.cursor.set(back);
    }

    /// Play or pause; playing from the end starts over.
    pub fn toggle_play(&self) {
        if self.playing.get_untracked() {
            self.playing.set(false);
        } else {
            if self.cursor.get_untracked() >= self.end() {
                self.cursor.set(0);
            }
            self.playing.set(true);
        }
    }
}

/// Whether the user asked the system for reduced motion.
pub fn prefers_reduced_motion() -> bool {
    window()
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|query| query.matches())
}
