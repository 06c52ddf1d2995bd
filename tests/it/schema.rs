//! The two engines' migrations build the same schema: the same tables and columns, the same
//! kinds of values in them, the same nullability, primary keys, indexes, unique constraints,
//! foreign keys and CHECK constraints. Both schemas are read from the engines' own catalogs
//! after migrating a fresh database, so a migration written for one engine only shows up here.
//!
//! Types are compared in one vocabulary, that of what the code stores (see `Kind`). SQLite
//! has only storage classes, so each PostgreSQL type maps to the class sqlx writes for the
//! Rust value the code binds there:
//!
//! | PostgreSQL                   | the code binds          | SQLite declares |
//! |------------------------------|-------------------------|-----------------|
//! | `bigint`                     | `i64`                   | `INTEGER`       |
//! | `boolean`                    | `bool` (0/1)            | `INTEGER`       |
//! | `double precision`, `real`   | `f64`                   | `REAL`          |
//! | `text`, `character varying`  | `String`                | `TEXT`          |
//! | `timestamp with time zone`   | `DateTime<Utc>` (RFC 3339, UTC) | `TEXT`  |
//! | `date`                       | `NaiveDate` (YYYY-MM-DD)| `TEXT`          |
//! | `jsonb`, `json`              | `Json<T>` (JSON text)   | `TEXT`          |
//!
//! `integer` and `smallint` map to nothing SQLite declares: the code reads every integer as
//! `i64`, which a 32-bit PostgreSQL column would refuse, so such a column is reported.
//!
//! Normalised before comparing, because the engines differ there by design, not by drift:
//! - Names of indexes and constraints (SQLite names its own `sqlite_autoindex_…`): indexes
//!   are compared by their columns, uniqueness, whether they are partial and whether a
//!   UNIQUE constraint made them; an expression in an index is `<expression>`.
//! - A primary-key column counts as NOT NULL on SQLite too: SQLite lets a non-INTEGER primary
//!   key hold NULL unless declared NOT NULL (a quirk it keeps for old files); the store never
//!   writes a NULL key.
//! - A CHECK constraint is compared by the columns it names and the string literals it
//!   lists (the states a column may hold), not by its text, which each engine rewrites.
//! - Triggers, defaults and identity/AUTOINCREMENT are left out: they are written in each
//!   engine's own syntax and checked by the store stories.
use crate::support::{on_postgres, on_sqlite};
use clinic::store::{PgStore, SqliteStore};
use std::collections::{BTreeMap, BTreeSet};

/// Differences the engines keep on purpose, each with the reason. The test fails if one of
/// these no longer differs, so the list stays true.
const DELIBERATE: &[(&str, &str)] = &[];

/// What a column holds, in one vocabulary for both engines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Integer,
    Real,
    Text,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Column {
    kind: Option<Kind>,
    /// As the catalog spells it, for the message.
    declared: String,
    not_null: bool,
}

impl std::fmt::Display for Column {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.kind {
            Some(kind) => format!("{kind:?}").to_lowercase(),
            None => "unmapped".into(),
        };
        let null = if self.not_null { "NOT NULL" } else { "NULL" };
        write!(f, "{kind} {null} (declared {})", self.declared)
    }
}

#[derive(Debug, Default)]
struct Table {
    columns: BTreeMap<String, Column>,
    primary_key: Vec<String>,
    /// Indexes, unique constraints, foreign keys and CHECKs, each as one line.
    constraints: BTreeSet<String>,
}

type Schema = BTreeMap<String, Table>;

fn sqlite_kind(declared: &str) -> Option<Kind> {
    match declared.to_ascii_uppercase().as_str() {
        "INTEGER" => Some(Kind::Integer),
        "REAL" => Some(Kind::Real),
        "TEXT" => Some(Kind::Text),
        _ => None,
    }
}

fn postgres_kind(data_type: &str) -> Option<Kind> {
    match data_type {
        "bigint" | "boolean" => Some(Kind::Integer),
        "double precision" | "real" => Some(Kind::Real),
        "text" | "character varying" | "timestamp with time zone" | "date" | "jsonb" | "json" => {
            Some(Kind::Text)
        }
        _ => None,
    }
}

fn index_line(columns: &[String], unique: bool, partial: bool, constraint: bool) -> String {
    let what = match (constraint, unique) {
        (true, _) => "unique constraint",
        (false, true) => "unique index",
        (false, false) => "index",
    };
    let partial = if partial { " (partial)" } else { "" };
    format!("{what} on ({}){partial}", columns.join(", "))
}

fn foreign_key_line(columns: &[String], target: &str, to: &[String], on_delete: &str) -> String {
    format!(
        "foreign key ({}) references {target} ({}) on delete {on_delete}",
        columns.join(", "),
        to.join(", ")
    )
}

fn check_line(columns: &BTreeSet<String>, literals: &BTreeSet<String>) -> String {
    let names: Vec<&str> = columns.iter().map(String::as_str).collect();
    let literals: Vec<String> = literals.iter().map(|l| format!("'{l}'")).collect();
    format!(
        "check on ({}) with [{}]",
        names.join(", "),
        literals.join(", ")
    )
}

/// The string literals of an SQL text.
fn literals(sql: &str) -> BTreeSet<String> {
    sql.split('\'')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// The SQL text with the inside of every literal blanked (same byte positions), so that
/// what is left is code: keywords, names, parentheses.
fn code_of(sql: &str) -> String {
    let mut inside = false;
    sql.chars()
        .map(|c| match (inside, c) {
            (_, '\'') => {
                inside = !inside;
                c.to_string()
            }
            (true, c) => " ".repeat(c.len_utf8()),
            (false, c) => c.to_string(),
        })
        .collect()
}

/// The CHECK constraints of a `CREATE TABLE` text (SQLite keeps the text, columns added
/// later included): the table's columns each one names, and its literals.
fn sqlite_checks(sql: &str, columns: &BTreeSet<String>) -> Vec<String> {
    let code = code_of(sql).to_ascii_uppercase();
    let mut checks = Vec::new();
    let mut from = 0;
    while let Some(at) = code[from..].find("CHECK") {
        let start = from + at;
        from = start + "CHECK".len();
        let word_before = code[..start]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_');
        let Some(open) = code[from..].find('(').map(|i| from + i) else {
            break;
        };
        if word_before || !code[from..open].trim().is_empty() {
            continue;
        }
        let mut depth = 0;
        let Some(close) = code[open..].char_indices().find_map(|(i, c)| {
            depth += match c {
                '(' => 1,
                ')' => -1,
                _ => 0,
            };
            (depth == 0).then_some(open + i)
        }) else {
            break;
        };
        let expression = &sql[open..=close];
        let named: BTreeSet<String> = code_of(expression)
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|word| columns.contains(*word))
            .map(str::to_owned)
            .collect();
        checks.push(check_line(&named, &literals(expression)));
        from = close + 1;
    }
    checks
}

#[derive(sqlx::FromRow)]
struct SqliteTable {
    name: String,
    sql: String,
}

#[derive(sqlx::FromRow)]
struct SqliteColumn {
    name: String,
    declared: String,
    not_null: bool,
    /// Position in the primary key, from 1; 0 when not in it.
    pk: i64,
}

#[derive(sqlx::FromRow)]
struct SqliteIndex {
    name: String,
    is_unique: bool,
    /// `c` CREATE INDEX, `u` UNIQUE constraint, `pk` PRIMARY KEY.
    origin: String,
    partial: bool,
}

#[derive(sqlx::FromRow)]
struct SqliteForeignKey {
    id: i64,
    target: String,
    source: String,
    target_column: Option<String>,
    on_delete: String,
}

async fn sqlite_schema(store: &SqliteStore) -> Schema {
    let pool = store.pool();
    let tables: Vec<SqliteTable> = sqlx::query_as(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' \
         AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations' ORDER BY name",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut schema = Schema::new();
    for t in &tables {
        let mut table = Table::default();
        let columns: Vec<SqliteColumn> = sqlx::query_as(
            "SELECT name, type AS declared, \"notnull\" AS not_null, pk \
             FROM pragma_table_info($1) ORDER BY cid",
        )
        .bind(&t.name)
        .fetch_all(pool)
        .await
        .unwrap();
        let mut key: Vec<&SqliteColumn> = columns.iter().filter(|c| c.pk > 0).collect();
        key.sort_by_key(|c| c.pk);
        table.primary_key = key.iter().map(|c| c.name.clone()).collect();
        for c in &columns {
            let column = Column {
                kind: sqlite_kind(&c.declared),
                declared: c.declared.clone(),
                not_null: c.not_null || c.pk > 0,
            };
            table.columns.insert(c.name.clone(), column);
        }
        let indexes: Vec<SqliteIndex> = sqlx::query_as(
            "SELECT name, \"unique\" AS is_unique, origin, partial FROM pragma_index_list($1)",
        )
        .bind(&t.name)
        .fetch_all(pool)
        .await
        .unwrap();
        for index in indexes.iter().filter(|i| i.origin != "pk") {
            let names: Vec<Option<String>> =
                sqlx::query_scalar("SELECT name FROM pragma_index_info($1) ORDER BY seqno")
                    .bind(&index.name)
                    .fetch_all(pool)
                    .await
                    .unwrap();
            let names: Vec<String> = names
                .into_iter()
                .map(|n| n.unwrap_or_else(|| "<expression>".into()))
                .collect();
            let line = index_line(&names, index.is_unique, index.partial, index.origin == "u");
            table.constraints.insert(line);
        }
        let keys: Vec<SqliteForeignKey> = sqlx::query_as(
            "SELECT id, \"table\" AS target, \"from\" AS source, \"to\" AS target_column, \
             on_delete FROM pragma_foreign_key_list($1) ORDER BY id, seq",
        )
        .bind(&t.name)
        .fetch_all(pool)
        .await
        .unwrap();
        let mut by_id: BTreeMap<i64, Vec<&SqliteForeignKey>> = BTreeMap::new();
        for key in &keys {
            by_id.entry(key.id).or_default().push(key);
        }
        for parts in by_id.values() {
            let from: Vec<String> = parts.iter().map(|k| k.source.clone()).collect();
            // `REFERENCES t` without columns means t's primary key; every migration names them.
            let to: Vec<String> = parts
                .iter()
                .map(|k| {
                    k.target_column
                        .clone()
                        .unwrap_or_else(|| "<primary key>".into())
                })
                .collect();
            let line = foreign_key_line(&from, &parts[0].target, &to, &parts[0].on_delete);
            table.constraints.insert(line);
        }
        let names: BTreeSet<String> = table.columns.keys().cloned().collect();
        table.constraints.extend(sqlite_checks(&t.sql, &names));
        schema.insert(t.name.clone(), table);
    }
    schema
}

#[derive(sqlx::FromRow)]
struct PgColumn {
    table_name: String,
    column_name: String,
    data_type: String,
    nullable: bool,
}

#[derive(sqlx::FromRow)]
struct PgIndex {
    table_name: String,
    columns: Vec<String>,
    is_unique: bool,
    is_primary: bool,
    partial: bool,
    by_constraint: bool,
}

#[derive(sqlx::FromRow)]
struct PgConstraint {
    table_name: String,
    /// `p` primary key, `f` foreign key, `c` check.
    kind: String,
    columns: Vec<String>,
    target: Option<String>,
    target_columns: Vec<String>,
    on_delete: String,
    definition: String,
}

/// The names of the columns a catalog array of attribute numbers lists, in its order.
const PG_COLUMN_NAMES: &str = "ARRAY(SELECT COALESCE(a.attname::text, '<expression>') \
     FROM unnest({keys}::int2[]) WITH ORDINALITY AS k(attnum, n) \
     LEFT JOIN pg_attribute a ON a.attrelid = {rel} AND a.attnum = k.attnum \
     ORDER BY k.n)";

fn pg_column_names(keys: &str, rel: &str) -> String {
    PG_COLUMN_NAMES
        .replace("{keys}", keys)
        .replace("{rel}", rel)
}

async fn postgres_schema(store: &PgStore) -> Schema {
    let pool = store.pool();
    let mut schema = Schema::new();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables \
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE' \
         AND table_name <> '_sqlx_migrations'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for name in tables {
        schema.insert(name, Table::default());
    }
    let columns: Vec<PgColumn> = sqlx::query_as(
        "SELECT table_name::text, column_name::text, data_type::text, \
         is_nullable = 'YES' AS nullable FROM information_schema.columns \
         WHERE table_schema = 'public' AND table_name <> '_sqlx_migrations'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for c in columns {
        let column = Column {
            kind: postgres_kind(&c.data_type),
            declared: c.data_type.clone(),
            not_null: !c.nullable,
        };
        if let Some(table) = schema.get_mut(&c.table_name) {
            table.columns.insert(c.column_name, column);
        }
    }
    let indexes: Vec<PgIndex> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT t.relname::text AS table_name, {columns} AS columns, \
         ix.indisunique AS is_unique, ix.indisprimary AS is_primary, \
         ix.indpred IS NOT NULL AS partial, \
         EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid \
                 AND c.contype = 'u') AS by_constraint \
         FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid \
         WHERE t.relnamespace = 'public'::regnamespace",
        columns = pg_column_names("ix.indkey", "ix.indrelid"),
    )))
    .fetch_all(pool)
    .await
    .unwrap();
    for index in indexes.iter().filter(|i| !i.is_primary) {
        if let Some(table) = schema.get_mut(&index.table_name) {
            let line = index_line(
                &index.columns,
                index.is_unique,
                index.partial,
                index.by_constraint,
            );
            table.constraints.insert(line);
        }
    }
    let constraints: Vec<PgConstraint> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT c.conrelid::regclass::text AS table_name, c.contype::text AS kind, \
         {columns} AS columns, c.confrelid::regclass::text AS target, \
         {target_columns} AS target_columns, \
         CASE c.confdeltype WHEN 'r' THEN 'RESTRICT' WHEN 'c' THEN 'CASCADE' \
              WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' ELSE 'NO ACTION' END \
         AS on_delete, pg_get_constraintdef(c.oid) AS definition \
         FROM pg_constraint c WHERE c.connamespace = 'public'::regnamespace \
         AND c.contype IN ('p', 'f', 'c')",
        columns = pg_column_names("c.conkey", "c.conrelid"),
        target_columns = pg_column_names("c.confkey", "c.confrelid"),
    )))
    .fetch_all(pool)
    .await
    .unwrap();
    for c in constraints {
        let Some(table) = schema.get_mut(&c.table_name) else {
            continue;
        };
        match c.kind.as_str() {
            "p" => table.primary_key = c.columns,
            "f" => {
                let target = c.target.unwrap_or_default();
                let line = foreign_key_line(&c.columns, &target, &c.target_columns, &c.on_delete);
                table.constraints.insert(line);
            }
            _ => {
                let named = c.columns.into_iter().collect();
                let line = check_line(&named, &literals(&c.definition));
                table.constraints.insert(line);
            }
        }
    }
    schema
}

/// Every difference between the two schemas, one line each, naming table and column.
fn differences(sqlite: &Schema, postgres: &Schema) -> Vec<String> {
    let mut found = Vec::new();
    let names: BTreeSet<&String> = sqlite.keys().chain(postgres.keys()).collect();
    for name in names {
        let (s, p) = match (sqlite.get(name), postgres.get(name)) {
            (Some(s), Some(p)) => (s, p),
            (Some(_), None) => {
                found.push(format!("table {name}: on sqlite only"));
                continue;
            }
            (None, _) => {
                found.push(format!("table {name}: on postgres only"));
                continue;
            }
        };
        let columns: BTreeSet<&String> = s.columns.keys().chain(p.columns.keys()).collect();
        for column in columns {
            match (s.columns.get(column), p.columns.get(column)) {
                (Some(_), None) => found.push(format!(
                    "{name}.{column}: column on sqlite only (missing on postgres)"
                )),
                (None, Some(_)) => found.push(format!(
                    "{name}.{column}: column on postgres only (missing on sqlite)"
                )),
                (Some(a), Some(b)) => {
                    let same = a.kind.is_some() && a.kind == b.kind && a.not_null == b.not_null;
                    if !same {
                        found.push(format!("{name}.{column}: sqlite {a}, postgres {b}"));
                    }
                }
                (None, None) => {}
            }
        }
        if s.primary_key != p.primary_key {
            found.push(format!(
                "table {name}: primary key ({}) on sqlite, ({}) on postgres",
                s.primary_key.join(", "),
                p.primary_key.join(", ")
            ));
        }
        for line in s.constraints.difference(&p.constraints) {
            found.push(format!("table {name}: {line} on sqlite only"));
        }
        for line in p.constraints.difference(&s.constraints) {
            found.push(format!("table {name}: {line} on postgres only"));
        }
    }
    found
}

/// Guards against a catalog query that silently finds nothing on both engines (the two
/// would then agree): each kind of thing compared is found somewhere.
fn assert_read_everything(engine: &str, schema: &Schema) {
    assert!(
        schema.len() > 10 && schema.values().all(|t| !t.columns.is_empty()),
        "{engine}: the catalogs gave too few tables or columns: {:?}",
        schema.keys()
    );
    assert!(
        schema.values().any(|t| !t.primary_key.is_empty()),
        "{engine}: no primary key read from the catalogs"
    );
    for kind in [
        "index on",
        "unique index on",
        "unique constraint on",
        "foreign key",
        "check on",
    ] {
        assert!(
            schema
                .values()
                .any(|t| t.constraints.iter().any(|c| c.starts_with(kind))),
            "{engine}: no {kind:?} read from the catalogs"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_and_postgres_migrations_build_the_same_schema() {
    on_sqlite(|sqlite| async move {
        let sqlite = sqlite_schema(&sqlite).await;
        on_postgres(|postgres| async move {
            let postgres = postgres_schema(&postgres).await;
            for (engine, schema) in [("sqlite", &sqlite), ("postgres", &postgres)] {
                assert_read_everything(engine, schema);
            }
            let found = differences(&sqlite, &postgres);
            let deliberate: BTreeSet<&str> = DELIBERATE.iter().map(|(d, _)| *d).collect();
            let drift: Vec<String> = found
                .iter()
                .filter(|d| !deliberate.contains(d.as_str()))
                .map(|d| format!("  {d}"))
                .collect();
            assert!(
                drift.is_empty(),
                "the SQLite and PostgreSQL migrations disagree; add a migration for the engine \
                 that is wrong (or list a deliberate difference in DELIBERATE, with why):\n{}",
                drift.join("\n")
            );
            let stale: Vec<&&str> = deliberate
                .iter()
                .filter(|d| !found.iter().any(|f| f == **d))
                .collect();
            assert!(
                stale.is_empty(),
                "listed in DELIBERATE but no longer different: {stale:?}"
            );
        })
        .await;
    })
    .await;
}

#[test]
fn a_check_is_read_by_the_columns_and_literals_it_names() {
    let sql = "CREATE TABLE t (state TEXT NOT NULL CHECK (state IN ('a', 'b(c)')), \
               kind TEXT, CHECK ((kind = 'x') = (state IS NOT NULL)))";
    let columns = ["state", "kind"].map(String::from).into_iter().collect();
    assert_eq!(
        sqlite_checks(sql, &columns),
        vec![
            "check on (state) with ['a', 'b(c)']".to_owned(),
            "check on (kind, state) with ['x']".to_owned(),
        ]
    );
}
