//! The PDPA work done on the map of personal data (`personal.rs`): export a person's rows,
//! collect the strings to forget, clear the rows that are a person's or a case's, and scrub
//! those strings out of every other free text. Compiled per engine next to `engine.rs`.
use super::dialect::Db;
use crate::StoreError;
use crate::personal::{self, Cleared, Holds, MAP, Table};
use clinic_core::cases::{Case, Event, UserId};
use sqlx::types::Json;
use sqlx::{AssertSqlSafe, Row};
use std::collections::BTreeMap;

type Res<T> = Result<T, StoreError>;
type Connection = <Db as sqlx::Database>::Connection;

/// How many strings one scan looks for at once (each is one or two `LIKE` parameters).
const STRINGS_PER_SCAN: usize = 40;

/// Whose rows: a person's (by user id) or a case's (by reference).
#[derive(Debug, Clone, Copy)]
pub(super) enum Whose<'a> {
    Person(UserId),
    Case(&'a str),
}

impl Whose<'_> {
    fn rows_of(self, table: &Table) -> Option<&'static str> {
        match self {
            Whose::Person(_) => table.person,
            Whose::Case(_) => table.case,
        }
    }
}

/// Rows of `sql` whose only parameter `$1` is `whose`.
async fn fetch(
    conn: &mut Connection,
    sql: String,
    whose: Whose<'_>,
) -> Res<Vec<<Db as sqlx::Database>::Row>> {
    let query = sqlx::query(AssertSqlSafe(sql));
    let query = match whose {
        Whose::Person(user) => query.bind(user.0),
        Whose::Case(case_ref) => query.bind(case_ref.to_owned()),
    };
    Ok(query.fetch_all(&mut *conn).await?)
}

/// `(key, column as text)` of the rows of `whose` in `table`.
async fn texts_of(
    conn: &mut Connection,
    table: &Table,
    column: &str,
    whose: Whose<'_>,
) -> Res<Vec<(i64, String)>> {
    let Some(rows_of) = whose.rows_of(table) else {
        return Ok(Vec::new());
    };
    let sql = select(
        table,
        &[column],
        &format!("{column} IS NOT NULL AND ({rows_of})"),
    );
    fetch(conn, sql, whose)
        .await?
        .iter()
        .map(|row| Ok((row.try_get(0)?, row.try_get(1)?)))
        .collect()
}

/// `SELECT key, columns as text FROM table WHERE condition ORDER BY key`.
fn select(table: &Table, columns: &[&str], condition: &str) -> String {
    let columns: Vec<String> = columns
        .iter()
        .map(|c| format!("CAST({c} AS TEXT)"))
        .collect();
    format!(
        "SELECT {key}, {columns} FROM {name} WHERE {condition} ORDER BY {key}",
        key = table.key,
        columns = columns.join(", "),
        name = table.name,
    )
}

/// A case text as stored: an event's texts, a case snapshot's subject, or the text itself.
fn case_texts(stored: String) -> Vec<String> {
    if let Ok(event) = serde_json::from_str::<Event>(&stored) {
        event.what.texts()
    } else if let Ok(case) = serde_json::from_str::<Case>(&stored) {
        vec![case.subject]
    } else {
        vec![stored]
    }
}

/// Everything a person's or a case's rows may be quoted by elsewhere: names and units, the
/// texts of the cases, the questions asked. Read before anything is cleared.
pub(super) async fn strings_to_forget(
    conn: &mut Connection,
    whose: Whose<'_>,
    placeholder: &str,
) -> Res<Vec<String>> {
    let mut texts = Vec::new();
    for table in MAP {
        for column in table.personal() {
            let searched = match column.holds {
                Holds::CaseText => true,
                Holds::Identity(cleared) => table.authored && cleared != Cleared::Null,
                Holds::Text => table.authored,
                Holds::Json(_) | Holds::Nothing => false,
            };
            if !searched {
                continue;
            }
            for (_, stored) in texts_of(conn, table, column.name, whose).await? {
                match column.holds {
                    Holds::CaseText => texts.extend(case_texts(stored)),
                    _ => texts.push(stored),
                }
            }
        }
    }
    Ok(personal::strings_to_forget(&texts, placeholder))
}

/// Clear the personal columns of the rows that are `whose` (case texts excepted: the case
/// redaction rewrites those).
pub(super) async fn clear_rows(
    conn: &mut Connection,
    whose: Whose<'_>,
    placeholder: &str,
) -> Res<()> {
    for table in MAP {
        let Some(rows_of) = whose.rows_of(table) else {
            continue;
        };
        for column in table.personal() {
            let value = match column.holds {
                Holds::Identity(Cleared::Null) => "NULL",
                Holds::Identity(Cleared::Empty) => "''",
                Holds::Identity(Cleared::Placeholder) | Holds::Text => "$2",
                Holds::Json(keys) => {
                    for (key, stored) in texts_of(conn, table, column.name, whose).await? {
                        let mut json: serde_json::Value = serde_json::from_str(&stored)
                            .map_err(|e| StoreError::Corrupt(format!("{}: {e}", table.name)))?;
                        if personal::blank_json(&mut json, keys, placeholder) {
                            put(conn, table, column.name, key, Json(json)).await?;
                        }
                    }
                    continue;
                }
                Holds::CaseText | Holds::Nothing => continue,
            };
            let sql = format!(
                "UPDATE {name} SET {column} = {value} WHERE {column} IS NOT NULL AND ({rows_of})",
                name = table.name,
                column = column.name,
            );
            let query = sqlx::query(AssertSqlSafe(sql));
            let query = match whose {
                Whose::Person(user) => query.bind(user.0),
                Whose::Case(case_ref) => query.bind(case_ref.to_owned()),
            };
            let query = if value == "$2" {
                query.bind(placeholder.to_owned())
            } else {
                query
            };
            query.execute(&mut *conn).await?;
        }
    }
    Ok(())
}

/// Write one column of one row (a JSON value is stored as each engine stores JSON).
async fn put<V>(conn: &mut Connection, table: &Table, column: &str, key: i64, value: V) -> Res<()>
where
    V: for<'q> sqlx::Encode<'q, Db> + sqlx::Type<Db> + Send,
{
    let sql = format!(
        "UPDATE {name} SET {column} = $1 WHERE {key_column} = $2",
        name = table.name,
        key_column = table.key,
    );
    sqlx::query(AssertSqlSafe(sql))
        .bind(value)
        .bind(key)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Replace the strings to forget wherever a free text (plain or JSON) holds them, in every
/// table on the map. A `LIKE` scan finds the candidate rows; the replacing is done here.
pub(super) async fn scrub_everywhere(
    conn: &mut Connection,
    forget: &[String],
    placeholder: &str,
) -> Res<u64> {
    let mut rewritten = 0;
    for chunk in forget.chunks(STRINGS_PER_SCAN) {
        let patterns: Vec<String> = chunk
            .iter()
            .flat_map(|s| personal::like_patterns(s))
            .collect();
        for table in MAP {
            for column in table.personal() {
                if !matches!(column.holds, Holds::Text | Holds::Json(_)) {
                    continue;
                }
                let found = (1..=patterns.len())
                    .map(|i| format!("CAST({} AS TEXT) LIKE ${i} ESCAPE '\\'", column.name))
                    .collect::<Vec<_>>()
                    .join(" OR ");
                let mut query = sqlx::query(AssertSqlSafe(select(table, &[column.name], &found)));
                for p in &patterns {
                    query = query.bind(p.clone());
                }
                let rows = query.fetch_all(&mut *conn).await?;
                for row in rows {
                    let (key, stored): (i64, String) = (row.try_get(0)?, row.try_get(1)?);
                    let changed = match column.holds {
                        Holds::Json(keys) => {
                            let mut json: serde_json::Value = serde_json::from_str(&stored)
                                .map_err(|e| StoreError::Corrupt(format!("{}: {e}", table.name)))?;
                            if personal::scrub_json(&mut json, keys, chunk, placeholder) {
                                put(conn, table, column.name, key, Json(json)).await?;
                                true
                            } else {
                                false
                            }
                        }
                        _ => match personal::scrub_text(&stored, chunk, placeholder) {
                            Some(text) => {
                                put(conn, table, column.name, key, text).await?;
                                true
                            }
                            None => false,
                        },
                    };
                    rewritten += u64::from(changed);
                }
            }
        }
    }
    Ok(rewritten)
}

/// A person's rows in every table on the map, personal columns only (JSON kept as JSON), for
/// the data-subject access request.
pub(super) async fn records_of(
    conn: &mut Connection,
    user: UserId,
) -> Res<BTreeMap<String, Vec<serde_json::Value>>> {
    let mut records = BTreeMap::new();
    for table in MAP {
        let Some(rows_of) = table.person else {
            continue;
        };
        let columns: Vec<&str> = table.personal().map(|c| c.name).collect();
        if columns.is_empty() {
            continue;
        }
        let sql = select(table, &columns, rows_of);
        let mut rows = Vec::new();
        for row in fetch(conn, sql, Whose::Person(user)).await? {
            let mut record = serde_json::Map::new();
            let key: i64 = row.try_get(0)?;
            record.insert(table.key.to_owned(), key.into());
            for (i, column) in table.personal().enumerate() {
                let stored: Option<String> = row.try_get(i + 1)?;
                let value = match (stored, column.holds) {
                    (None, _) => serde_json::Value::Null,
                    (
                        Some(s),
                        Holds::Json(_) | Holds::CaseText | Holds::Identity(Cleared::Null),
                    ) => serde_json::from_str(&s).unwrap_or(serde_json::Value::String(s)),
                    (Some(s), _) => serde_json::Value::String(s),
                };
                record.insert(column.name.to_owned(), value);
            }
            rows.push(serde_json::Value::Object(record));
        }
        records.insert(table.name.to_owned(), rows);
    }
    Ok(records)
}
