//! Who may do what, in which state — the only place that says so.
//!
//! Rules, by role (anything not listed is refused):
//! - **officer** — only their own cases: `reply` (open, claimed, waiting; while waiting it
//!   restarts the SLA clock), `confirm` and `reopen` (resolved), `cancel` (before resolved),
//!   `rate` 1–5 once (closed). Opening goes through [`decide_open`].
//! - **expert** — only cases of their own agency: `claim` (open); `reply`, `ask_officer`,
//!   `resolve` (claimed or waiting) only as the owner; `transfer` to another agency as the owner,
//!   or by any expert of the agency while the case is still unclaimed ("not ours"); `note`
//!   (any expert of the agency, any non-final state: colleagues consult on a case).
//! - **coordinator / admin** — every case: `reassign` to an expert of the case's agency, `transfer`
//!   (open, claimed, waiting), `close`, `escalate`, `note`, `merge` (any non-final state). They do
//!   not claim or reply themselves: the case log stays the agency's.
//! - **system** (the SLA clock, never a person) — every case, only its SLA commands:
//!   `sla_remind` and `sla_breach` while the named clock is running in that cycle (claim: open;
//!   first reply: claimed, no reply yet; resolution: claimed, not waiting), `release` when the
//!   owner missed the first reply (logs the breach and returns the case to `open`). Each mark
//!   is issued once: a repeat is refused with `AlreadySent`, so two clocks ticking at once
//!   write it once.
use super::sla::{self, SlaClock, SlaMark, SlaStage};
use super::{
    Actor, AgencyCode, Case, CaseRef, Command, Event, EventKind, Refusal, Role, Status, UserId,
    Visit,
};
use chrono::{DateTime, Utc};

/// Officers see their own cases, experts their agency's, coordinators and admins all.
pub fn may_see(case: &Case, actor: &Actor) -> bool {
    match actor.role {
        Role::Officer => case.officer == actor.user,
        Role::Expert => actor.agency.as_ref() == Some(&case.agency),
        Role::Coordinator | Role::Admin | Role::System => true,
    }
}

/// The refusal to show when an actor asks for a case they may not see.
pub fn may_see_or_refuse(case: &Case, actor: &Actor) -> Result<(), Refusal> {
    match (may_see(case, actor), actor.role) {
        (true, _) => Ok(()),
        (false, Role::Officer) => Err(Refusal::NotYourCase),
        (false, _) => Err(Refusal::OtherAgency),
    }
}

/// `open` is the one command without a case yet; the store has reserved `case_ref`.
pub fn decide_open(
    actor: &Actor,
    case_ref: CaseRef,
    command: Command,
    now: DateTime<Utc>,
) -> Result<Vec<Event>, Refusal> {
    let Command::Open { agency, subject } = command else {
        return Err(Refusal::NotOpenedYet);
    };
    if actor.role != Role::Officer {
        return Err(Refusal::NotForRole {
            role: actor.role,
            command: "open",
        });
    }
    let subject = text(subject)?;
    let opened = EventKind::Opened {
        case_ref,
        officer: actor.user,
        agency,
        subject,
        visit: None,
    };
    Ok(vec![stamp(actor, now, opened)])
}

/// A mobile-clinic visit for a lagging unit: only the system proposes one; `officer` (one of
/// the unit's registered officers) is the case's officer side, so the team's replies reach
/// the unit and the unit sees the visit among its cases.
pub fn decide_open_visit(
    actor: &Actor,
    case_ref: CaseRef,
    officer: UserId,
    agency: AgencyCode,
    subject: String,
    visit: Visit,
    now: DateTime<Utc>,
) -> Result<Vec<Event>, Refusal> {
    if actor.role != Role::System {
        return Err(Refusal::NotForRole {
            role: actor.role,
            command: "open_visit",
        });
    }
    let opened = EventKind::Opened {
        case_ref,
        officer,
        agency,
        subject: text(subject)?,
        visit: Some(visit),
    };
    Ok(vec![stamp(actor, now, opened)])
}

pub fn decide(
    case: &Case,
    actor: &Actor,
    command: Command,
    now: DateTime<Utc>,
) -> Result<Vec<Event>, Refusal> {
    may_see_or_refuse(case, actor)?;
    if let Command::Open { .. } = command {
        return Err(Refusal::AlreadyOpened);
    }
    let what = match actor.role {
        Role::Officer => vec![officer(case, command)?],
        Role::Expert => vec![expert(case, actor, command)?],
        Role::Coordinator | Role::Admin => vec![supervisor(case, command)?],
        Role::System => system(case, command)?,
    };
    Ok(what.into_iter().map(|w| stamp(actor, now, w)).collect())
}

/// The other half of a merge: the surviving case records the duplicate it absorbed.
pub fn decide_link_duplicate(
    target: &Case,
    actor: &Actor,
    duplicate: CaseRef,
    now: DateTime<Utc>,
) -> Result<Vec<Event>, Refusal> {
    if !actor.role.supervises() {
        return Err(Refusal::NotForRole {
            role: actor.role,
            command: "merge",
        });
    }
    if duplicate == target.case_ref {
        return Err(Refusal::MergeIntoSelf);
    }
    in_states(target, NOT_FINAL, "merge")?;
    Ok(vec![stamp(
        actor,
        now,
        EventKind::DuplicateLinked { from: duplicate },
    )])
}

const BEFORE_RESOLVED: &[Status] = &[Status::Open, Status::Claimed, Status::Waiting];
const IN_HAND: &[Status] = &[Status::Claimed, Status::Waiting];
const NOT_FINAL: &[Status] = &[
    Status::Open,
    Status::Claimed,
    Status::Waiting,
    Status::Resolved,
];

fn officer(case: &Case, command: Command) -> Result<EventKind, Refusal> {
    let name = command.name();
    match command {
        Command::Reply { text: t } => {
            in_states(case, BEFORE_RESOLVED, name)?;
            Ok(EventKind::OfficerReplied { text: text(t)? })
        }
        Command::Confirm => {
            in_states(case, &[Status::Resolved], name)?;
            Ok(EventKind::Confirmed)
        }
        Command::Reopen { reason } => {
            in_states(case, &[Status::Resolved], name)?;
            Ok(EventKind::Reopened { reason })
        }
        Command::Cancel { reason } => {
            in_states(case, BEFORE_RESOLVED, name)?;
            Ok(EventKind::Cancelled { reason })
        }
        Command::Rate { stars } => {
            in_states(case, &[Status::Closed], name)?;
            if case.rating.is_some() {
                return Err(Refusal::AlreadyRated);
            }
            if !(1..=5).contains(&stars) {
                return Err(Refusal::RatingOutOfRange);
            }
            Ok(EventKind::Rated { stars })
        }
        _ => Err(Refusal::NotForRole {
            role: Role::Officer,
            command: name,
        }),
    }
}

fn expert(case: &Case, actor: &Actor, command: Command) -> Result<EventKind, Refusal> {
    let name = command.name();
    let owner = || match case.owner == Some(actor.user) {
        true => Ok(()),
        false => Err(Refusal::NotOwner),
    };
    match command {
        Command::Claim => match case.status {
            Status::Open => Ok(EventKind::Claimed { expert: actor.user }),
            Status::Claimed | Status::Waiting | Status::Resolved => Err(Refusal::AlreadyClaimed),
            status => Err(Refusal::WrongState {
                status,
                command: name,
            }),
        },
        Command::Reply { text: t } => {
            in_states(case, IN_HAND, name)?;
            owner()?;
            Ok(EventKind::ExpertReplied { text: text(t)? })
        }
        Command::AskOfficer { text: t } => {
            in_states(case, IN_HAND, name)?;
            owner()?;
            Ok(EventKind::AskedOfficer { text: text(t)? })
        }
        Command::Resolve { summary } => {
            in_states(case, IN_HAND, name)?;
            owner()?;
            Ok(EventKind::Resolved {
                summary: text(summary)?,
            })
        }
        Command::Note { text: t } => {
            in_states(case, NOT_FINAL, name)?;
            Ok(EventKind::Noted { text: text(t)? })
        }
        Command::Transfer { to, reason } => {
            in_states(case, BEFORE_RESOLVED, name)?;
            if case.status != Status::Open {
                owner()?;
            }
            transfer(case, to, reason)
        }
        _ => Err(Refusal::NotForRole {
            role: Role::Expert,
            command: name,
        }),
    }
}

fn supervisor(case: &Case, command: Command) -> Result<EventKind, Refusal> {
    let name = command.name();
    match command {
        Command::Reassign { to } => {
            in_states(case, BEFORE_RESOLVED, name)?;
            if to.role != Role::Expert || to.agency.as_ref() != Some(&case.agency) {
                return Err(Refusal::NotAnExpertOfAgency);
            }
            Ok(EventKind::Reassigned {
                from: case.owner,
                to: to.user,
            })
        }
        Command::Transfer { to, reason } => {
            in_states(case, BEFORE_RESOLVED, name)?;
            transfer(case, to, reason)
        }
        Command::Close { reason } => {
            in_states(case, NOT_FINAL, name)?;
            Ok(EventKind::Closed { reason })
        }
        Command::Escalate { reason } => {
            in_states(case, NOT_FINAL, name)?;
            Ok(EventKind::Escalated { reason })
        }
        Command::Note { text: t } => {
            in_states(case, NOT_FINAL, name)?;
            Ok(EventKind::Noted { text: text(t)? })
        }
        Command::Merge { into } => {
            in_states(case, NOT_FINAL, name)?;
            if into == case.case_ref {
                return Err(Refusal::MergeIntoSelf);
            }
            Ok(EventKind::MergedInto { into })
        }
        _ => Err(Refusal::NotForRole {
            role: Role::Coordinator,
            command: name,
        }),
    }
}

fn system(case: &Case, command: Command) -> Result<Vec<EventKind>, Refusal> {
    let name = command.name();
    let (alarm, release) = match command {
        Command::SlaRemind { alarm } => (alarm, false),
        Command::SlaBreach { alarm } => (alarm, false),
        Command::Release { alarm } => (alarm, true),
        _ => {
            return Err(Refusal::NotForRole {
                role: Role::System,
                command: name,
            });
        }
    };
    let stage = match name {
        "sla_remind" => SlaStage::Reminder,
        _ => SlaStage::Breach,
    };
    let mark = SlaMark {
        stage,
        clock: alarm.clock,
        cycle: alarm.cycle,
    };
    if case.sla_marks.contains(&mark) {
        return Err(Refusal::AlreadySent);
    }
    if sla::running_cycle(case, mark.clock) != Some(mark.cycle)
        || (release && mark.clock != SlaClock::FirstReply)
    {
        return Err(Refusal::SlaNotRunning);
    }
    let (clock, cycle, due) = (alarm.clock, alarm.cycle, alarm.due);
    Ok(match (stage, release, case.owner) {
        (SlaStage::Reminder, _, _) => vec![EventKind::SlaReminder { clock, cycle, due }],
        (SlaStage::Breach, false, _) => vec![EventKind::SlaBreached { clock, cycle, due }],
        (SlaStage::Breach, true, Some(owner)) => vec![
            EventKind::SlaBreached { clock, cycle, due },
            EventKind::Released { owner, cycle },
        ],
        (SlaStage::Breach, true, None) => return Err(Refusal::SlaNotRunning),
    })
}

fn transfer(case: &Case, to: super::AgencyCode, reason: String) -> Result<EventKind, Refusal> {
    if to == case.agency {
        return Err(Refusal::SameAgency);
    }
    Ok(EventKind::Transferred {
        from: case.agency.clone(),
        to,
        reason,
    })
}

fn in_states(case: &Case, allowed: &[Status], command: &'static str) -> Result<(), Refusal> {
    match allowed.contains(&case.status) {
        true => Ok(()),
        false => Err(Refusal::WrongState {
            status: case.status,
            command,
        }),
    }
}

fn text(text: String) -> Result<String, Refusal> {
    match text.trim() {
        "" => Err(Refusal::EmptyText),
        trimmed => Ok(trimmed.to_owned()),
    }
}

fn stamp(actor: &Actor, now: DateTime<Utc>, what: EventKind) -> Event {
    Event {
        at: now,
        by: actor.user,
        role: actor.role,
        what,
    }
}
