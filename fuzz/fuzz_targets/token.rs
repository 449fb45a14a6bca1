//! Token decoding: any text must give a decoded token or a `TokenDecodeError`, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stsplay::engine::token;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(decoded) = token::decode(text) {
        let _ = decoded.header_str("alg");
        let _ = decoded.claim_str("iss");
        let _ = token::audiences(&decoded.claims);
    }
});
