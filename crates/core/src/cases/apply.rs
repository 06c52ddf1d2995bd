//! Folding events into a case. `apply` never refuses: `decide` already did the judging, and a
//! stored event is a fact.
use super::sla::{Pause, SlaMark, SlaStage};
use super::{Case, Event, EventKind, Status};
use chrono::{DateTime, Utc};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplayError {
    #[error("a case's log must start with `opened`")]
    NotOpenedFirst,
}

/// Rebuild a case from its whole log.
pub fn replay(events: &[Event]) -> Result<Case, ReplayError> {
    let (first, rest) = events.split_first().ok_or(ReplayError::NotOpenedFirst)?;
    let mut case = start(first).ok_or(ReplayError::NotOpenedFirst)?;
    for event in rest {
        apply(&mut case, event);
    }
    Ok(case)
}

/// The case an `opened` event creates.
pub fn start(event: &Event) -> Option<Case> {
    let EventKind::Opened {
        case_ref,
        officer,
        agency,
        subject,
        visit,
    } = &event.what
    else {
        return None;
    };
    Some(Case {
        case_ref: case_ref.clone(),
        status: Status::Open,
        officer: *officer,
        agency: agency.clone(),
        owner: None,
        subject: subject.clone(),
        opened_at: event.at,
        updated_at: event.at,
        routed_at: event.at,
        claimed_at: None,
        first_reply_at: None,
        resolved_at: None,
        closed_at: None,
        waiting_since: None,
        paused_secs: 0,
        pauses: Vec::new(),
        sla_marks: Vec::new(),
        escalations: 0,
        rating: None,
        merged_into: None,
        merged_from: Vec::new(),
        version: 1,
        visit: visit.clone(),
    })
}

pub fn apply(case: &mut Case, event: &Event) {
    let at = event.at;
    match &event.what {
        EventKind::Opened { .. } => {}
        EventKind::Claimed { expert } => {
            case.status = Status::Claimed;
            case.owner = Some(*expert);
            case.claimed_at = Some(at);
            case.pauses.clear();
        }
        EventKind::ExpertReplied { .. } => {
            case.first_reply_at.get_or_insert(at);
        }
        EventKind::OfficerReplied { .. } => resume_clock(case, at),
        EventKind::AskedOfficer { .. } => {
            case.first_reply_at.get_or_insert(at);
            if case.status != Status::Waiting {
                case.status = Status::Waiting;
                case.waiting_since = Some(at);
            }
        }
        EventKind::Noted { .. } => {}
        EventKind::Transferred { to, .. } => {
            resume_clock(case, at);
            case.status = Status::Open;
            case.agency = to.clone();
            case.owner = None;
            case.routed_at = at;
            case.claimed_at = None;
            case.first_reply_at = None;
            case.pauses.clear();
        }
        EventKind::Resolved { .. } => {
            resume_clock(case, at);
            case.status = Status::Resolved;
            case.resolved_at = Some(at);
        }
        EventKind::Reopened { .. } => {
            // A reopened case gets a fresh resolution target: its work restarts now.
            case.status = Status::Claimed;
            case.resolved_at = None;
            case.claimed_at = Some(at);
            case.pauses.clear();
        }
        EventKind::Confirmed => close(case, at),
        EventKind::Cancelled { .. } => {
            resume_clock(case, at);
            case.status = Status::Cancelled;
        }
        EventKind::Rated { stars } => case.rating = Some(*stars),
        EventKind::Reassigned { to, .. } => {
            case.owner = Some(*to);
            if case.status == Status::Open {
                case.status = Status::Claimed;
                case.claimed_at = Some(at);
                case.pauses.clear();
            }
        }
        EventKind::Escalated { .. } => case.escalations += 1,
        EventKind::Closed { .. } => close(case, at),
        EventKind::MergedInto { into } => {
            resume_clock(case, at);
            case.status = Status::Merged;
            case.merged_into = Some(into.clone());
        }
        EventKind::DuplicateLinked { from } => case.merged_from.push(from.clone()),
        EventKind::SlaReminder { clock, cycle, .. } => case.sla_marks.push(SlaMark {
            stage: SlaStage::Reminder,
            clock: *clock,
            cycle: *cycle,
        }),
        EventKind::SlaBreached { clock, cycle, .. } => case.sla_marks.push(SlaMark {
            stage: SlaStage::Breach,
            clock: *clock,
            cycle: *cycle,
        }),
        EventKind::Released { .. } => {
            // Back to the agency group: a fresh claim clock starts now.
            case.status = Status::Open;
            case.owner = None;
            case.routed_at = at;
            case.claimed_at = None;
            case.first_reply_at = None;
            case.pauses.clear();
        }
    }
    case.updated_at = at;
    case.version += 1;
}

fn close(case: &mut Case, at: DateTime<Utc>) {
    resume_clock(case, at);
    case.status = Status::Closed;
    case.closed_at = Some(at);
}

/// Leaving `waiting` (for whatever reason) adds the pause to the total and restarts the clock.
fn resume_clock(case: &mut Case, at: DateTime<Utc>) {
    if let Some(since) = case.waiting_since.take() {
        case.paused_secs += (at - since).num_seconds().max(0);
        case.pauses.push(Pause {
            from: since,
            until: at,
        });
        if case.status == Status::Waiting {
            case.status = Status::Claimed;
        }
    }
}
