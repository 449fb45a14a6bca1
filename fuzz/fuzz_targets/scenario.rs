//! The whole engine: any text must give a `InputError` or, once it reads as a scenario, a
//! verdict (`simulate` is total), and the verdict must serialize.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stsplay::engine::scenario::Scenario;
use stsplay::engine::simulate;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(scenario) = Scenario::from_json(text) else {
        return;
    };
    let verdict = simulate(&scenario);
    let _ = serde_json::to_string(&verdict);
});
