//! Share links already in people's tickets and docs keep working: every link stored under
//! `tests/fixtures/share-links/` (made by an earlier build, never regenerated) opens to the same
//! scenario and the same verdict. Every later change to the link format must keep reading them.

// Test code: a failed unwrap is a failed test, which is what we want.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use serde_json::Value;
use stsplay::engine::scenario::Scenario;
use stsplay::engine::simulate;
use stsplay::share::{Route, route};
use support::{json_files, root};

#[test]
fn stored_links_open_to_the_same_scenario_and_verdict() {
    let files = json_files(&root().join("tests/fixtures/share-links"));
    assert!(files.len() >= 2, "the stored links are missing");
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let fixture: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let link = fixture["link"].as_str().unwrap();
        assert!(link.starts_with("#s=0.1.0~"), "{name}: made by 0.1.0");

        // The playground reads the fragment through `route`, as when the link is opened.
        let Route::Shared(Ok(shared)) = route(link) else {
            panic!("{name}: the link does not open as a shared scenario");
        };
        assert_eq!(shared.version, "0.1.0", "{name}");
        assert_eq!(
            shared.scenario, fixture["scenario"],
            "{name}: the scenario changed"
        );

        let verdict =
            serde_json::to_value(simulate(&Scenario::from_value(&shared.scenario).unwrap()))
                .unwrap();
        let expect = &fixture["expect"];
        assert_eq!(verdict["outcome"], expect["outcome"], "{name}");
        assert_eq!(verdict["error"]["Code"], expect["code"], "{name}");
        assert_eq!(verdict["failed_step"], expect["failed_step"], "{name}");
    }
}
