//! Spending alerts for the latest snapshot (`clinic spending alerts`, and the clock of
//! `clinic run`). Safe to run again and on several instances: each lagging unit's officers are
//! alerted once per snapshot, the coordinators' list is sent once per snapshot, and a unit has
//! at most one visit not yet closed.
//!
//! - officers of a lagging unit (matched on `spending::unit_key` of `users.unit`) get their
//!   figures and the advice entries, in their language;
//! - the coordinators' group gets every lagging unit ranked by gap in baht, and the visits;
//! - a unit lagging in the latest two snapshots gets a `visit` case at its subgroup's agency,
//!   opened by the system with one of the unit's officers as the officer side (a unit with no
//!   registered officer, or in no subgroup, is listed for the coordinators instead).
use super::{GroupChats, text_message};
use crate::cases::{Case, Visit};
use crate::conversation::callback::Callback;
use crate::conversation::{Button, Outgoing};
use crate::lang::Lang;
use crate::spending::messages::{self, ProposedVisit};
use crate::spending::{Brief, SpendingBook, UnitStanding, brief, standings};
use crate::store::{
    NewOutbox, NewVisit, Oversight, Side, Snapshot, Spending, StoreError, UnitOfficer,
};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::HashSet;

/// What one run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AlertRun {
    pub snapshot: i64,
    pub lagging_units: usize,
    /// Units whose officers were messaged by this run (0 when run again).
    pub units_alerted: usize,
    pub messages: usize,
    /// Visit cases this run opened.
    pub visits_opened: Vec<String>,
    pub coordinators_told: bool,
}

fn lagging(snapshot: &Snapshot, rows: &[crate::spending::ReportRow]) -> Vec<UnitStanding> {
    standings(rows, &snapshot.targets)
        .into_iter()
        .filter(UnitStanding::lags)
        .collect()
}

fn officers_of<'a>(officers: &'a [UnitOfficer], unit_key: &str) -> Vec<&'a UnitOfficer> {
    officers
        .iter()
        .filter(|o| crate::spending::unit_key(&o.user.unit) == unit_key)
        .collect()
}

/// The new visit's post: to the agency's group with a Claim button (to the coordinators when
/// the agency has no group), and a note to the unit's officer.
fn visit_messages(chats: &GroupChats, case: &Case) -> Vec<NewOutbox> {
    let post = messages::visit_post(case);
    let claim = Callback::Claim {
        case_ref: case.case_ref.clone(),
    };
    let button = vec![vec![Button::new("รับเรื่อง / Claim", claim.encode())]];
    let mut out = Vec::new();
    match (chats.agencies.get(&case.agency), chats.coordinators) {
        (Some(chat), _) => out.push(
            Outgoing::text(*chat, post)
                .for_case(&case.case_ref, Side::Agency)
                .with_buttons(button),
        ),
        (None, Some(chat)) => {
            out.push(Outgoing::text(chat, post).for_case(&case.case_ref, Side::Coordinators))
        }
        (None, None) => {}
    }
    out.push(
        Outgoing::text(case.officer.0, messages::visit_officer(case))
            .for_case(&case.case_ref, Side::Officer),
    );
    out.into_iter().map(NewOutbox::from).collect()
}

/// The brief of the latest snapshot, with the desk's open cases and visits; `None` before the
/// first import.
pub async fn latest_brief<S: Spending>(store: &S) -> Result<Option<Brief>, StoreError> {
    let Some(latest) = store.snapshots(1).await?.into_iter().next() else {
        return Ok(None);
    };
    let rows = store.snapshot_rows(latest.id).await?;
    let (open_cases, open_visits) = store.open_case_counts().await?;
    Ok(Some(brief(
        latest.fiscal_year_be,
        latest.as_of,
        &rows,
        &latest.targets,
        open_cases,
        open_visits,
    )))
}

pub async fn spending_alerts<S: Spending + Oversight>(
    store: &S,
    book: &SpendingBook,
    chats: &GroupChats,
    now: DateTime<Utc>,
) -> Result<Option<AlertRun>, StoreError> {
    let snapshots = store.snapshots(2).await?;
    let Some(latest) = snapshots.first() else {
        return Ok(None);
    };
    let behind = lagging(latest, &store.snapshot_rows(latest.id).await?);
    let behind_before: HashSet<String> = match snapshots.get(1) {
        Some(previous) => lagging(previous, &store.snapshot_rows(previous.id).await?)
            .into_iter()
            .map(|u| u.unit_key)
            .collect(),
        None => HashSet::new(),
    };
    let officers = store.unit_officers().await?;
    let advice = book.advice(latest.fiscal_year_be);
    let mut run = AlertRun {
        snapshot: latest.id,
        lagging_units: behind.len(),
        ..AlertRun::default()
    };
    let mut visits = Vec::new();
    for unit in &behind {
        let readers = officers_of(&officers, &unit.unit_key);
        // A unit nobody registered for is tried again next run: an officer who registers
        // later still gets the current snapshot's alert.
        if !readers.is_empty() {
            let alerts: Vec<NewOutbox> = readers
                .iter()
                .map(|o| {
                    let lang = Lang::parse(&o.lang).unwrap_or_default();
                    let text = messages::unit_alert(
                        unit,
                        latest.as_of,
                        latest.fiscal_year_be,
                        &advice,
                        lang,
                    );
                    NewOutbox::from(Outgoing::text(o.user.id.0, text))
                })
                .collect();
            let count = alerts.len();
            if store
                .alert_unit_once(latest.id, &unit.unit_key, alerts, now)
                .await?
            {
                run.units_alerted += 1;
                run.messages += count;
            }
        }
        if !behind_before.contains(&unit.unit_key) {
            continue;
        }
        let subgroup = book.subgroups.of_unit(&unit.unit_key);
        let mut proposed = ProposedVisit {
            unit: unit.unit.clone(),
            case_ref: None,
            subgroup: subgroup.map(|g| g.name_th.clone()),
        };
        if let (Some(group), Some(officer)) = (subgroup, readers.first()) {
            let visit = NewVisit {
                officer: officer.user.id,
                agency: group.agency.clone(),
                subject: messages::visit_subject(unit, latest.as_of, &group.name_th),
                visit: Visit {
                    unit: unit.unit.clone(),
                    unit_key: unit.unit_key.clone(),
                    subgroup: group.code.clone(),
                },
            };
            let opened = store
                .open_visit(visit, now, |case: &Case, _: &[crate::cases::Event]| {
                    visit_messages(chats, case)
                })
                .await?;
            if let crate::store::VisitOpened::Opened(case) = &opened {
                run.visits_opened.push(case.case_ref.to_string());
            }
            proposed.case_ref = Some(opened.case_ref().to_string());
        }
        visits.push(proposed);
    }
    if let (Some(chat), false) = (chats.coordinators, behind.is_empty()) {
        let list =
            messages::coordinators_list(&behind, latest.as_of, latest.fiscal_year_be, &visits);
        run.coordinators_told = store
            .report_once(
                &format!("spending-alerts:{}", latest.id),
                text_message(chat, list, None),
                now,
            )
            .await?;
    }
    Ok(Some(run))
}
