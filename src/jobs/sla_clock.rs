//! The SLA clock worker: reads the running clocks of every open or claimed case, and asks
//! `decide` (as the `system` actor) to log reminders, escalations and releases. Each lands in
//! the case log with its outbox rows in one transaction; a repeat is refused by `decide` (the
//! case row is locked while it judges) and by a unique index, so several instances may tick at
//! once and every alert is still sent exactly once.
use super::sla_alerts as messages;
use super::{GroupChats, text_message};
use crate::cases::sla::{self, SlaClock};
use crate::cases::{Actor, Case, CaseRef, Event, EventKind, Refusal, Status};
use crate::store::{CaseFilter, NewOutbox, Store, StoreError};
use crate::telemetry::{series, spans};
use crate::timeline::Calendar;
use chrono::{DateTime, Utc};
use serde::Serialize;
use tracing::Instrument;

/// One event the clock logged during a tick.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SlaAlert {
    pub case_ref: CaseRef,
    pub event: Event,
}

/// The messages for the events one SLA command produced.
fn outgoing(chats: &GroupChats, case: &Case, events: &[Event]) -> Vec<NewOutbox> {
    let agency_chat = chats.agencies.get(&case.agency).copied();
    let mut out = Vec::new();
    let message = |chat: Option<i64>, text: String| {
        chat.map(|c| text_message(c, text, Some(&case.case_ref)))
            .into_iter()
            .flatten()
    };
    for event in events {
        match &event.what {
            EventKind::SlaReminder { clock, due, .. } => {
                out.extend(message(
                    agency_chat,
                    messages::sla_reminder(case, *clock, *due),
                ));
            }
            EventKind::SlaBreached { clock, due, .. } if *clock != SlaClock::FirstReply => {
                out.extend(message(
                    chats.coordinators,
                    messages::sla_breached(case, *clock, *due),
                ));
            }
            EventKind::Released { owner, .. } => {
                // Back to the agency group with a Claim button, as a new case post.
                if let Some(chat) = agency_chat {
                    let claim = crate::conversation::callback::Callback::Claim {
                        case_ref: case.case_ref.clone(),
                    };
                    let post = crate::conversation::outgoing::Outgoing::text(
                        chat,
                        messages::released_to_agency(case),
                    )
                    .for_case(&case.case_ref, crate::store::Side::Agency)
                    .with_buttons(vec![vec![
                        crate::conversation::outgoing::Button::new("รับเรื่อง", claim.encode()),
                    ]]);
                    out.extend(NewOutbox::for_message(post));
                }
                out.extend(message(
                    chats.coordinators,
                    messages::released_to_coordinators(case, *owner),
                ));
            }
            _ => {}
        }
    }
    out
}

/// One pass of the clock at `now`; returns what it logged (empty when nothing was due or
/// another instance got there first).
pub async fn sla_tick<S: Store>(
    store: &S,
    calendar: &Calendar,
    chats: &GroupChats,
    now: DateTime<Utc>,
) -> Result<Vec<SlaAlert>, StoreError> {
    let system = Actor::system();
    let agencies = store.agencies().await?;
    let mut alerts = Vec::new();
    for status in [Status::Open, Status::Claimed] {
        let filter = CaseFilter {
            status: Some(status),
            ..CaseFilter::default()
        };
        for case in store.cases(&system, &filter).await? {
            let Some(agency) = agencies.iter().find(|a| a.code == case.agency) else {
                continue;
            };
            for command in sla::due_alarms(&case, agency, calendar, now) {
                let mut logged = Vec::new();
                let capture = |after: &Case, events: &[Event]| {
                    logged.extend_from_slice(events);
                    outgoing(chats, after, events)
                };
                let action = command.name();
                let span = spans::case_change(&case.case_ref, action);
                match store
                    .act(&system, &case.case_ref, command, now, capture)
                    .instrument(span.clone())
                    .await
                {
                    Ok(_) => {
                        span.in_scope(|| tracing::info!(events = logged.len(), "SLA clock"));
                        series::sla_events(&logged);
                        series::case_changed(action);
                        alerts.extend(logged.into_iter().map(|event| SlaAlert {
                            case_ref: case.case_ref.clone(),
                            event,
                        }));
                    }
                    // Another instance logged it, or the case moved on since we read it.
                    Err(StoreError::Refused(Refusal::AlreadySent | Refusal::SlaNotRunning))
                    | Err(StoreError::Conflict) => {}
                    Err(other) => return Err(other),
                }
            }
        }
    }
    Ok(alerts)
}
