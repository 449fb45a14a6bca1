//! Test support: the fixed test keys, token minting, and the fixture runner.
//!
//! The keys under `tests/fixtures/keys/` were generated once with `openssl genpkey` for these
//! tests and are published on purpose. They are never real keys. RSA PKCS#1 v1.5 and RFC 6979
//! ECDSA signatures are deterministic, so a minted token is byte-stable.

// Test code: a failed unwrap is a failed test, which is what we want.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value, json};
use std::path::{Path, PathBuf};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A private test key.
pub enum TestKey {
    Rsa(rsa::RsaPrivateKey),
    P256(p256::ecdsa::SigningKey),
    P384(p384::ecdsa::SigningKey),
    P521(p521::ecdsa::SigningKey),
}

/// Load `tests/fixtures/keys/<name>.pem`.
pub fn key(name: &str) -> TestKey {
    use p256::pkcs8::DecodePrivateKey;
    let path = root()
        .join("tests/fixtures/keys")
        .join(format!("{name}.pem"));
    let pem = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if name.starts_with("rsa") {
        TestKey::Rsa(rsa::RsaPrivateKey::from_pkcs8_pem(&pem).unwrap())
    } else if name.ends_with("p256") {
        TestKey::P256(p256::ecdsa::SigningKey::from_pkcs8_pem(&pem).unwrap())
    } else if name.ends_with("p384") {
        TestKey::P384(p384::ecdsa::SigningKey::from_pkcs8_pem(&pem).unwrap())
    } else {
        let secret = p521::SecretKey::from_pkcs8_pem(&pem).unwrap();
        TestKey::P521(p521::ecdsa::SigningKey::from_bytes(&secret.to_bytes()).unwrap())
    }
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

impl TestKey {
    /// The algorithm this key signs with by default.
    pub fn default_alg(&self) -> &'static str {
        match self {
            TestKey::Rsa(_) => "RS256",
            TestKey::P256(_) => "ES256",
            TestKey::P384(_) => "ES384",
            TestKey::P521(_) => "ES512",
        }
    }

    /// Sign `message` with `alg`; an algorithm the key cannot do panics (a test bug).
    pub fn sign(&self, alg: &str, message: &[u8]) -> Vec<u8> {
        use p256::ecdsa::signature::{SignatureEncoding, Signer};
        use sha2::{Sha256, Sha384, Sha512};
        match (self, alg) {
            (TestKey::Rsa(k), "RS256") => rsa::pkcs1v15::SigningKey::<Sha256>::new(k.clone())
                .sign(message)
                .to_vec(),
            (TestKey::Rsa(k), "RS384") => rsa::pkcs1v15::SigningKey::<Sha384>::new(k.clone())
                .sign(message)
                .to_vec(),
            (TestKey::Rsa(k), "RS512") => rsa::pkcs1v15::SigningKey::<Sha512>::new(k.clone())
                .sign(message)
                .to_vec(),
            (TestKey::P256(k), "ES256") => {
                let s: p256::ecdsa::Signature = k.sign(message);
                s.to_bytes().to_vec()
            }
            (TestKey::P384(k), "ES384") => {
                let s: p384::ecdsa::Signature = k.sign(message);
                s.to_bytes().to_vec()
            }
            (TestKey::P521(k), "ES512") => {
                // p521 0.13 only signs with a random nonce; derive it from the key and message so
                // fixtures stay byte-stable (test code only: never do this with a real key).
                use p521::ecdsa::signature::RandomizedSigner;
                let mut rng = HashRng::new(&[&k.to_bytes()[..], message].concat());
                let s: p521::ecdsa::Signature = k.sign_with_rng(&mut rng, message);
                s.to_bytes().to_vec()
            }
            (_, alg) => panic!("this test key cannot sign {alg}"),
        }
    }

    /// The public JWK, with `kid`.
    pub fn jwk(&self, kid: &str) -> Value {
        use rsa::traits::PublicKeyParts;
        match self {
            TestKey::Rsa(k) => json!({"kty": "RSA", "kid": kid, "use": "sig",
                "n": b64(&k.n().to_bytes_be()), "e": b64(&k.e().to_bytes_be())}),
            TestKey::P256(k) => ec_jwk(
                kid,
                "P-256",
                "ES256",
                k.verifying_key().to_encoded_point(false).as_bytes(),
            ),
            TestKey::P384(k) => ec_jwk(
                kid,
                "P-384",
                "ES384",
                k.verifying_key().to_encoded_point(false).as_bytes(),
            ),
            TestKey::P521(k) => {
                let vk = p521::ecdsa::VerifyingKey::from(k);
                ec_jwk(kid, "P-521", "ES512", vk.to_encoded_point(false).as_bytes())
            }
        }
    }
}

fn ec_jwk(kid: &str, crv: &str, alg: &str, sec1: &[u8]) -> Value {
    let size = (sec1.len() - 1) / 2;
    json!({"kty": "EC", "kid": kid, "use": "sig", "alg": alg, "crv": crv,
        "x": b64(&sec1[1..=size]), "y": b64(&sec1[1 + size..])})
}

/// Sign a token: `header` gets `alg` (unless it sets its own) and the claims are serialized as given.
pub fn mint(key: &TestKey, alg: &str, header: &Map<String, Value>, claims: &Value) -> String {
    let mut full_header = Map::new();
    full_header.insert("alg".into(), alg.into());
    for (k, v) in header {
        full_header.insert(k.clone(), v.clone());
    }
    let signing_input = format!(
        "{}.{}",
        b64(Value::Object(full_header.clone()).to_string().as_bytes()),
        b64(claims.to_string().as_bytes())
    );
    let sign_alg = full_header
        .get("alg")
        .and_then(Value::as_str)
        .unwrap_or(alg)
        .to_string();
    let sign_with = if sign_alg == alg {
        alg
    } else {
        key.default_alg()
    };
    let signature = key.sign(sign_with, signing_input.as_bytes());
    format!("{signing_input}.{}", b64(&signature))
}

/// Every `*.json` file below `dir`, sorted.
pub fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// A deterministic byte stream (SHA-512 in counter mode) posing as a CSPRNG, for test signatures.
struct HashRng {
    seed: Vec<u8>,
    counter: u64,
}

impl HashRng {
    fn new(seed: &[u8]) -> HashRng {
        HashRng {
            seed: seed.to_vec(),
            counter: 0,
        }
    }
}

impl p521::elliptic_curve::rand_core::RngCore for HashRng {
    fn next_u32(&mut self) -> u32 {
        let mut b = [0u8; 4];
        self.fill_bytes(&mut b);
        u32::from_le_bytes(b)
    }
    fn next_u64(&mut self) -> u64 {
        let mut b = [0u8; 8];
        self.fill_bytes(&mut b);
        u64::from_le_bytes(b)
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        use sha2::Digest;
        for chunk in dest.chunks_mut(64) {
            let mut h = sha2::Sha512::new();
            h.update(&self.seed);
            h.update(self.counter.to_le_bytes());
            self.counter += 1;
            let out = h.finalize();
            chunk.copy_from_slice(&out[..chunk.len()]);
        }
    }
    fn try_fill_bytes(
        &mut self,
        dest: &mut [u8],
    ) -> Result<(), p521::elliptic_curve::rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl p521::elliptic_curve::rand_core::CryptoRng for HashRng {}

/// Run the `stsplay` binary as a user would, from the repository root with `NO_COLOR`, feeding
/// `stdin` when given. The command may exit before it reads (a bad flag): a closed pipe is not a
/// failure here.
pub fn run_stsplay(args: &[&str], stdin: Option<&[u8]>) -> std::process::Output {
    use std::io::Write as _;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_stsplay"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = stdin {
        let _ = child.stdin.take().unwrap().write_all(input);
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

/// Command output as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
