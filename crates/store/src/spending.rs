//! What spending alerts and the brief need from storage: imported snapshots and their rows,
//! the unit officers to alert, alerts sent once per snapshot and unit, and visit cases (one
//! open per unit). Written once in `engine_spending.rs`, compiled per engine like `engine.rs`.
use super::{NewOutbox, Outgoing, Store, StoreError, User};
use chrono::{DateTime, NaiveDate, Utc};
use clinic_core::cases::{AgencyCode, Case, CaseRef, UserId, Visit};
use clinic_core::spending::{ReportRow, SnapshotTargets};
use serde::Serialize;
use std::future::Future;

type Res<T> = Result<T, StoreError>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSnapshot {
    pub fiscal_year_be: i32,
    pub as_of: NaiveDate,
    /// The imported file's name, for people.
    pub source_name: String,
    /// SHA-256 of the file, hex: the same file is never imported twice.
    pub checksum: String,
    pub targets: SnapshotTargets,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Snapshot {
    pub id: i64,
    pub fiscal_year_be: i32,
    pub as_of: NaiveDate,
    pub imported_at: DateTime<Utc>,
    pub source_name: String,
    pub checksum: String,
    pub targets: SnapshotTargets,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Imported {
    New(Snapshot),
    /// The same file (by checksum) was imported before, as this snapshot; nothing was stored.
    Duplicate(Snapshot),
}

/// A registered officer and the language they read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitOfficer {
    pub user: User,
    pub lang: String,
}

/// A visit to open: the unit's officer is the case's officer side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewVisit {
    pub officer: UserId,
    pub agency: AgencyCode,
    pub subject: String,
    pub visit: Visit,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VisitOpened {
    Opened(Box<Case>),
    /// The unit already has a visit not yet closed.
    AlreadyOpen(CaseRef),
}

impl VisitOpened {
    pub fn case_ref(&self) -> &CaseRef {
        match self {
            VisitOpened::Opened(case) => &case.case_ref,
            VisitOpened::AlreadyOpen(case_ref) => case_ref,
        }
    }
}

pub trait Spending: Store {
    /// Keep a validated report as a snapshot, all rows or none.
    fn import_snapshot(
        &self,
        snapshot: &NewSnapshot,
        rows: &[ReportRow],
        now: DateTime<Utc>,
    ) -> impl Future<Output = Res<Imported>> + Send;
    /// The latest snapshots (by as-of date, then import order), newest first.
    fn snapshots(&self, limit: i64) -> impl Future<Output = Res<Vec<Snapshot>>> + Send;
    /// A snapshot's rows in file order.
    fn snapshot_rows(&self, snapshot: i64) -> impl Future<Output = Res<Vec<ReportRow>>> + Send;
    /// Every registered officer with a unit, and their language.
    fn unit_officers(&self) -> impl Future<Output = Res<Vec<UnitOfficer>>> + Send;
    /// Enqueue `messages` only if this unit was not alerted for this snapshot; true if sent now.
    fn alert_unit_once(
        &self,
        snapshot: i64,
        unit_key: &str,
        messages: Vec<NewOutbox>,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Res<bool>> + Send;
    /// Open a visit by the system, unless the unit has one not yet closed.
    fn open_visit(
        &self,
        visit: NewVisit,
        now: DateTime<Utc>,
        outgoing: impl Outgoing,
    ) -> impl Future<Output = Res<VisitOpened>> + Send;
    /// Cases not yet closed (open, claimed, waiting, resolved), and how many are visits.
    fn open_case_counts(&self) -> impl Future<Output = Res<(usize, usize)>> + Send;
}
