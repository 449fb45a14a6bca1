//! JWKS reading: any JSON value (and the same bytes as JWKS text) must give keys or a
//! `JwksError`, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use stsplay::engine::jwk;

const PATH: &str = "/idps/https:~1~1token.actions.githubusercontent.com/jwks";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The JWKS as JSON text (a scenario may hold it as a string).
    let _ = jwk::read_jwks(&Value::String(text.to_string()), PATH);
    // The JWKS as a JSON value.
    let Ok(value) = serde_json::from_str::<Value>(text) else {
        return;
    };
    let Ok(keys) = jwk::read_jwks(&value, PATH) else {
        return;
    };
    for key in keys.iter().filter_map(|entry| entry.key.as_ref().ok()) {
        let _ = key.describe();
        for alg in ["RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "none"] {
            let _ = key.fits(alg);
        }
    }
});
