//! `$ref`: share keys, JWKS, policies and GitHub contexts between test files.
//!
//! Anywhere in a test file, an object whose only member is `"$ref"` is replaced by the JSON in
//! the named file, resolved relative to the file that holds the `$ref`. A `#/json/pointer`
//! after the file name picks a part of it (`"keys.json#/keys/0"`). Referenced files may hold
//! `$ref`s themselves; a file that (indirectly) refers to itself is an error naming the chain.

use serde_json::Value;
use std::fmt;
use std::path::{Path, PathBuf};

/// The member that marks a reference.
pub const REF_MEMBER: &str = "$ref";

/// A file as the loader found it.
pub struct Loaded {
    /// A path that is the same for every way of naming this file (for cycle detection).
    pub canonical: PathBuf,
    /// Its JSON.
    pub value: Value,
}

/// Why a `$ref` could not be expanded: in which file, at which JSON pointer, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefError {
    /// The file holding the broken `$ref` (as it was named, for messages).
    pub file: PathBuf,
    /// The JSON pointer of the `$ref` object in that file.
    pub path: String,
    /// What went wrong.
    pub message: String,
}

impl fmt::Display for RefError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: at `{}`: {}",
            self.file.display(),
            self.path,
            self.message
        )
    }
}

impl std::error::Error for RefError {}

/// One file on the stack of files being expanded.
struct Frame {
    canonical: PathBuf,
    shown: PathBuf,
}

/// Expand every `$ref` in `value`, which was read from `file` (canonically `canonical`).
/// `load` reads a referenced file or says why it cannot.
pub fn expand(
    value: &mut Value,
    file: &Path,
    canonical: &Path,
    load: &mut dyn FnMut(&Path) -> Result<Loaded, String>,
) -> Result<(), RefError> {
    let mut stack = vec![Frame {
        canonical: canonical.to_path_buf(),
        shown: file.to_path_buf(),
    }];
    expand_in(value, String::new(), &mut stack, load)
}

fn expand_in(
    value: &mut Value,
    pointer: String,
    stack: &mut Vec<Frame>,
    load: &mut dyn FnMut(&Path) -> Result<Loaded, String>,
) -> Result<(), RefError> {
    match value {
        Value::Object(map) if map.contains_key(REF_MEMBER) => {
            let replacement = resolve(map, &pointer, stack, load)?;
            *value = replacement;
            Ok(())
        }
        Value::Object(map) => {
            for (name, member) in map.iter_mut() {
                let path = crate::engine::json::pointer(&pointer, name);
                expand_in(member, path, stack, load)?;
            }
            Ok(())
        }
        Value::Array(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                let path = crate::engine::json::pointer_index(&pointer, index);
                expand_in(item, path, stack, load)?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn resolve(
    map: &serde_json::Map<String, Value>,
    pointer: &str,
    stack: &mut Vec<Frame>,
    load: &mut dyn FnMut(&Path) -> Result<Loaded, String>,
) -> Result<Value, RefError> {
    let current = stack.last().map(|f| f.shown.clone()).unwrap_or_default();
    let error = |message: String| RefError {
        file: current.clone(),
        path: pointer.to_string(),
        message,
    };
    if map.len() != 1 {
        return Err(error(format!(
            "an object with `{REF_MEMBER}` must have no other members (found {})",
            map.len()
        )));
    }
    let target = match map.get(REF_MEMBER) {
        Some(Value::String(target)) => target.as_str(),
        Some(other) => {
            return Err(error(format!(
                "`{REF_MEMBER}` must be a relative file name, found {}",
                crate::engine::json::type_name(other)
            )));
        }
        None => return Err(error(format!("`{REF_MEMBER}` is missing"))),
    };
    let (file_part, fragment) = match target.split_once('#') {
        Some((file, fragment)) => (file, Some(fragment)),
        None => (target, None),
    };
    if file_part.is_empty() {
        return Err(error(format!(
            "`{target}`: name a file (references within the same file are not supported)"
        )));
    }
    let base = current.parent().unwrap_or_else(|| Path::new(""));
    let shown = base.join(file_part);
    let loaded = load(&shown).map_err(|message| error(format!("`{target}`: {message}")))?;
    if let Some(start) = stack.iter().position(|f| f.canonical == loaded.canonical) {
        let chain: Vec<String> = stack
            .iter()
            .skip(start)
            .map(|f| f.shown.display().to_string())
            .chain(std::iter::once(shown.display().to_string()))
            .collect();
        return Err(error(format!("`$ref` cycle: {}", chain.join(" → "))));
    }
    stack.push(Frame {
        canonical: loaded.canonical,
        shown,
    });
    let mut value = loaded.value;
    let expanded = expand_in(&mut value, String::new(), stack, load);
    stack.pop();
    expanded?;
    match fragment {
        None => Ok(value),
        Some(fragment) => value.pointer(fragment).cloned().ok_or_else(|| {
            error(format!(
                "`{target}`: the file has nothing at the JSON pointer `{fragment}`"
            ))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::collections::BTreeMap;

    fn loader(files: BTreeMap<&'static str, Value>) -> impl FnMut(&Path) -> Result<Loaded, String> {
        move |path: &Path| {
            let key = path.to_string_lossy().replace("dir/../", "");
            files
                .get(key.as_str())
                .cloned()
                .map(|value| Loaded {
                    canonical: PathBuf::from(&key),
                    value,
                })
                .ok_or_else(|| "No such file or directory".to_string())
        }
    }

    #[test]
    fn references_expand_relative_to_the_referring_file_with_fragments() {
        let files = BTreeMap::from([
            (
                "dir/policy.json",
                json!({"Statement": [{"$ref": "../stmt.json"}]}),
            ),
            ("stmt.json", json!({"Effect": "Allow"})),
            ("keys.json", json!({"keys": [{"kid": "a"}, {"kid": "b"}]})),
        ]);
        let mut value =
            json!({"p": {"$ref": "dir/policy.json"}, "k": {"$ref": "keys.json#/keys/1"}});
        expand(
            &mut value,
            Path::new("t.json"),
            Path::new("t.json"),
            &mut loader(files),
        )
        .unwrap();
        assert_eq!(
            value,
            json!({"p": {"Statement": [{"Effect": "Allow"}]}, "k": {"kid": "b"}})
        );
    }

    #[test]
    fn cycles_and_missing_files_name_the_file_and_pointer() {
        let files = BTreeMap::from([
            ("a.json", json!({"x": {"$ref": "b.json"}})),
            ("b.json", json!([{"$ref": "a.json"}])),
        ]);
        let mut value = json!({"root": {"$ref": "a.json"}});
        let err = expand(
            &mut value,
            Path::new("t.json"),
            Path::new("t.json"),
            &mut loader(files),
        )
        .unwrap_err();
        assert_eq!(err.file, PathBuf::from("b.json"));
        assert_eq!(err.path, "/0");
        assert_eq!(err.message, "`$ref` cycle: a.json → b.json → a.json");

        let mut value = json!({"list": [1, {"$ref": "nope.json"}]});
        let err = expand(
            &mut value,
            Path::new("t.json"),
            Path::new("t.json"),
            &mut loader(BTreeMap::new()),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "t.json: at `/list/1`: `nope.json`: No such file or directory"
        );

        let mut value = json!({"$ref": "t.json", "extra": 1});
        let err = expand(
            &mut value,
            Path::new("t.json"),
            Path::new("t.json"),
            &mut loader(BTreeMap::new()),
        )
        .unwrap_err();
        assert!(err.message.contains("no other members"), "{err}");
    }
}
