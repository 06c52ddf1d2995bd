//! Where personal data live: one map of every table, and of every text or JSON column in it,
//! saying which hold a person's name, unit or words — raw Telegram updates and the messages the
//! bot sent included. The PDPA export, the erasure of a person and the retention run all read
//! this map (`sql/personal.rs`), so none of them can forget a table the others know.
//! `tests/it/privacy.rs` compares it with the migrated schema: a new table or text column fails
//! that test until it is placed here.
//!
//! Erasing works in three steps, the same for a person and for a case: collect the strings to
//! forget (the person's name and unit, their questions, the texts of their cases), replace the
//! personal columns of the rows that are theirs, then scrub those strings out of every free
//! text elsewhere — an expert's reply quoting the officer's phone number, a relay header with
//! their name, a raw update that quotes the message it answers.

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holds {
    /// Who a person is: cleared (as said) in that person's row; searched for elsewhere.
    Identity(Cleared),
    /// A case's texts: rewritten only by the case redaction, the one writer the append-only
    /// log allows (see `sql/oversight.rs`).
    CaseText,
    /// Free text that may quote anyone.
    Text,
    /// JSON (a raw Telegram update, a message sent) whose string values under these keys, at
    /// any depth, are free text; other values (types, ids, button data) are left alone so the
    /// row still reads back.
    Json(&'static [&'static str]),
    /// No personal data: codes, states, hashes, tokens, organisations, reference data.
    Nothing,
}

/// How an identity column reads once cleared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cleared {
    Placeholder,
    Empty,
    Null,
}

#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub holds: Holds,
}

#[derive(Debug, Clone, Copy)]
pub struct Table {
    pub name: &'static str,
    /// The integer row key rows are rewritten by (tables with personal columns only).
    pub key: &'static str,
    /// SQL condition picking one person's rows, `$1` being their user id.
    pub person: Option<&'static str>,
    /// Whether the person's rows are their own words, searched for in every other free text.
    pub authored: bool,
    /// SQL condition picking one case's rows, `$1` being its reference.
    pub case: Option<&'static str>,
    /// Every text or JSON column of the table, personal or not.
    pub columns: &'static [Column],
}

impl Table {
    /// The columns holding personal data.
    pub fn personal(&self) -> impl Iterator<Item = &Column> {
        self.columns.iter().filter(|c| c.holds != Holds::Nothing)
    }
}

/// Telegram's free-text fields (`reply_to_message` quotes the message answered, at depth).
const TELEGRAM_TEXT: &[&str] = &[
    "text",
    "caption",
    "first_name",
    "last_name",
    "username",
    "title",
    "file_name",
];
/// The outbox payload's free-text fields (`conversation::Outgoing`, its buttons' labels).
const OUTBOX_TEXT: &[&str] = &["text", "callback_answer", "label"];

const fn col(name: &'static str, holds: Holds) -> Column {
    Column { name, holds }
}
const fn none(name: &'static str) -> Column {
    col(name, Holds::Nothing)
}

/// A table holding no personal data.
const fn plain(name: &'static str, columns: &'static [Column]) -> Table {
    Table {
        name,
        key: "",
        person: None,
        authored: false,
        case: None,
        columns,
    }
}

/// Tables whose rows only say what one person did or may do (their sessions, quiz answers,
/// calendar addresses, saved plans): forgetting the person deletes them, `user_id` being theirs.
pub const ERASED_WITH_PERSON: &[&str] = &[
    "web_sessions",
    "quiz_answers",
    "calendar_tokens",
    "saved_plans",
];

const OF_CASE: &str = "case_id IN (SELECT id FROM cases WHERE ref = $1)";

/// The map. Keep it in step with the migrations (the test says when it is not).
pub const MAP: &[Table] = &[
    Table {
        name: "users",
        key: "id",
        person: Some("id = $1"),
        authored: true,
        case: None,
        columns: &[
            col("name", Holds::Identity(Cleared::Placeholder)),
            col("unit", Holds::Identity(Cleared::Empty)),
            none("role"),
            none("agency"),
        ],
    },
    Table {
        name: "user_settings",
        key: "user_id",
        person: Some("user_id = $1"),
        authored: false,
        case: None,
        // The dialogue in progress: a registration's name, a case draft.
        columns: &[
            none("lang"),
            col("dialogue", Holds::Identity(Cleared::Null)),
        ],
    },
    Table {
        name: "cases",
        key: "id",
        person: Some("officer_id = $1"),
        authored: false,
        case: Some("ref = $1"),
        columns: &[
            none("ref"),
            none("status"),
            none("agency"),
            col("subject", Holds::CaseText),
            none("merged_into"),
            col("snapshot", Holds::CaseText),
            none("kind"),
            // A spending unit (an organisation), not a person.
            none("visit_unit"),
        ],
    },
    Table {
        name: "case_events",
        key: "id",
        person: Some("case_id IN (SELECT id FROM cases WHERE officer_id = $1)"),
        authored: false,
        case: Some(OF_CASE),
        columns: &[none("kind"), col("payload", Holds::CaseText)],
    },
    Table {
        name: "questions_log",
        key: "id",
        person: Some("user_id = $1"),
        authored: true,
        case: Some(OF_CASE),
        columns: &[
            col("text", Holds::Text),
            none("entry_id"),
            none("feedback"),
            none("agency"),
        ],
    },
    Table {
        name: "routing_choices",
        key: "id",
        person: Some("user_id = $1"),
        authored: true,
        case: Some(OF_CASE),
        columns: &[
            col("text", Holds::Text),
            none("proposed"),
            none("runner_up"),
            none("chosen"),
        ],
    },
    Table {
        name: "inbox",
        key: "update_id",
        person: Some("user_id = $1"),
        authored: false,
        case: None,
        columns: &[
            col("payload", Holds::Json(TELEGRAM_TEXT)),
            col("error", Holds::Text),
        ],
    },
    Table {
        name: "outbox",
        key: "id",
        person: Some("chat_id = $1 OR case_ref IN (SELECT ref FROM cases WHERE officer_id = $1)"),
        authored: false,
        case: Some("case_ref = $1"),
        columns: &[
            col("payload", Holds::Json(OUTBOX_TEXT)),
            none("case_ref"),
            none("state"),
            col("last_error", Holds::Text),
        ],
    },
    Table {
        name: "privacy_log",
        key: "id",
        person: Some("user_id = $1"),
        authored: false,
        case: None,
        // Case references and counts only.
        columns: &[none("action"), none("detail")],
    },
    plain(
        "agencies",
        &[
            none("code"),
            none("name_th"),
            none("name_en"),
            none("handles"),
            none("handles_en"),
        ],
    ),
    plain("invites", &[none("code"), none("agency")]),
    plain("case_counters", &[none("province")]),
    plain("telegram_updates", &[]),
    plain("chat_bindings", &[none("kind"), none("agency")]),
    plain("relay_links", &[none("case_ref"), none("side")]),
    plain("settings", &[none("key"), none("value")]),
    plain("dashboard_links", &[none("nonce")]),
    plain("web_sessions", &[none("id"), none("csrf")]),
    // Course and method codes and token hashes only; the rows go whole with their person
    // (`ERASED_WITH_PERSON`).
    plain("quiz_answers", &[none("course")]),
    plain("calendar_tokens", &[none("token_hash")]),
    plain("saved_plans", &[none("method"), none("plan")]),
    plain("reports_sent", &[none("key")]),
    plain(
        "spending_snapshots",
        &[none("source_name"), none("checksum")],
    ),
    // Units are organisations, as named in GFMIS reports.
    plain(
        "spending_rows",
        &[none("unit"), none("unit_key"), none("budget_type")],
    ),
    plain("spending_alerts", &[none("unit_key")]),
];

/// Fewer characters than this are never searched for elsewhere ("1", "ok"): too common.
const SHORTEST: usize = 3;

/// The strings to scrub out of other rows: each text whole and line by line (a long message
/// is sent in pieces split at lines), longest first so a whole text goes before its lines.
pub fn strings_to_forget(texts: &[String], placeholder: &str) -> Vec<String> {
    let mut found: Vec<String> = texts
        .iter()
        .flat_map(|t| std::iter::once(t.as_str()).chain(t.lines()))
        .map(str::trim)
        .filter(|s| s.chars().count() >= SHORTEST && *s != placeholder)
        .map(str::to_owned)
        .collect();
    found.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    found.dedup();
    found
}

/// `text` with every string to forget replaced, if any was in it.
pub fn scrub_text(text: &str, forget: &[String], placeholder: &str) -> Option<String> {
    let mut out = text.to_owned();
    for s in forget {
        if out.contains(s.as_str()) {
            out = out.replace(s.as_str(), placeholder);
        }
    }
    (out != text).then_some(out)
}

/// Rewrite the string values under `keys` (at any depth) with `rewrite`; true if any changed.
fn rewrite_json(
    value: &mut serde_json::Value,
    keys: &[&str],
    rewrite: &dyn Fn(&str) -> Option<String>,
) -> bool {
    match value {
        serde_json::Value::Object(map) => {
            let mut changed = false;
            for (k, v) in map.iter_mut() {
                if let (true, serde_json::Value::String(s)) = (keys.contains(&k.as_str()), &v) {
                    if let Some(new) = rewrite(s) {
                        *v = serde_json::Value::String(new);
                        changed = true;
                    }
                } else {
                    changed |= rewrite_json(v, keys, rewrite);
                }
            }
            changed
        }
        serde_json::Value::Array(items) => items
            .iter_mut()
            .fold(false, |changed, v| rewrite_json(v, keys, rewrite) | changed),
        _ => false,
    }
}

/// Scrub the strings to forget out of a JSON value's free text; true if any was there.
pub fn scrub_json(
    value: &mut serde_json::Value,
    keys: &[&str],
    forget: &[String],
    placeholder: &str,
) -> bool {
    rewrite_json(value, keys, &|s| scrub_text(s, forget, placeholder))
}

/// Replace every free text of a JSON value (a row that is the person's or the case's own).
pub fn blank_json(value: &mut serde_json::Value, keys: &[&str], placeholder: &str) -> bool {
    rewrite_json(value, keys, &|s| {
        (s != placeholder).then(|| placeholder.to_owned())
    })
}

/// The `LIKE` pattern finding `s` anywhere, as stored in text and in JSON text.
pub fn like_patterns(s: &str) -> Vec<String> {
    let escape = |s: &str| {
        s.replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    };
    let mut patterns = vec![format!("%{}%", escape(s))];
    let in_json = serde_json::to_string(s).unwrap_or_default();
    let in_json = in_json.trim_matches('"');
    if in_json != s {
        patterns.push(format!("%{}%", escape(in_json)));
    }
    patterns
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_quoted_phone_number_is_scrubbed_but_telegram_fields_stay() {
        let forget = strings_to_forget(&["ติดต่อ 089-765-4321\nบ้านเลขที่ 9".into()], "[x]");
        let mut update = json!({"message": {"chat": {"type": "private"},
            "text": "โทร ติดต่อ 089-765-4321",
            "reply_to_message": {"text": "💬 KK · บ้านเลขที่ 9"}}});
        assert!(scrub_json(&mut update, TELEGRAM_TEXT, &forget, "[x]"));
        assert_eq!(update["message"]["text"], "โทร [x]");
        assert_eq!(update["message"]["reply_to_message"]["text"], "💬 KK · [x]");
        assert_eq!(update["message"]["chat"]["type"], "private");
    }

    #[test]
    fn short_strings_are_not_searched_for_elsewhere() {
        assert_eq!(
            strings_to_forget(&["1".into(), "ok".into(), "สมชาย".into()], "[x]"),
            vec!["สมชาย".to_owned()]
        );
    }

    #[test]
    fn like_patterns_escape_wildcards_and_json_quotes() {
        assert_eq!(like_patterns("50%_a"), vec!["%50\\%\\_a%".to_owned()]);
        assert_eq!(like_patterns("say \"hi\"").len(), 2);
    }
}
