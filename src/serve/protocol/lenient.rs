//! Fields read as leniently as the API promises: a value of another type counts as
//! missing, so that the handler's own message (or its default) applies.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// A string, or `None` for anything else (absent, `null`, a number).
pub(crate) fn string<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(deserializer)? {
        Value::String(text) => Some(text),
        _ => None,
    })
}
