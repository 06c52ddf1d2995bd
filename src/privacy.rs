//! PDPA (Thailand's Personal Data Protection Act B.E. 2562): personal data of closed cases are
//! kept for a retention period, then erased; data subjects may ask for a copy or to be forgotten.
//!
//! What is personal here: names and units (`users`), and every free text — case subjects,
//! messages, notes, reasons, resolutions, questions, raw updates, messages sent — which may hold
//! names and phone numbers. Where each lives is mapped once, in `store::personal`.
//! Erasing replaces the texts with [`PLACEHOLDER`] and keeps kinds, times, agencies and ids, so
//! every figure (weekly summary, charts, metrics) stays the same.
//!
//! `case_events` is append-only (triggers on both engines). The one deliberate exception is the
//! anonymiser: in its transaction it writes a `privacy_log` row with `redacting` set, rewrites
//! the payloads of that case's events (the triggers allow a payload-only UPDATE while such a row
//! exists), and clears the flag before committing. Deletes stay impossible. Every erasure and
//! every export is a `privacy_log` row.
use crate::cases::UserId;
use crate::store::{Erasure, Oversight, PersonalData, StoreError};
use chrono::{DateTime, Duration, Utc};

/// What erased text reads as.
pub const PLACEHOLDER: &str = "[ลบตาม พ.ร.บ.คุ้มครองข้อมูลส่วนบุคคล]";

/// The default retention period after a case is closed (`CLINIC_RETENTION_DAYS`).
pub const DEFAULT_RETENTION_DAYS: i64 = 365;

/// Erase the personal data of every final case last changed more than `retention` ago.
/// Returns how many cases were anonymised.
pub async fn anonymise_tick<S: Oversight>(
    store: &S,
    retention: Duration,
    now: DateTime<Utc>,
) -> Result<usize, StoreError> {
    let due = store.retention_due(now - retention).await?;
    for case_ref in &due {
        store
            .anonymise_case(case_ref, Erasure::Retention, UserId(0), PLACEHOLDER, now)
            .await?;
    }
    Ok(due.len())
}

/// A data subject's access request: everything kept about them, as JSON; logged.
pub async fn export_user<S: Oversight>(
    store: &S,
    user: UserId,
    requested_by: UserId,
    now: DateTime<Utc>,
) -> Result<PersonalData, StoreError> {
    store.personal_data(user, requested_by, now).await
}

/// A data subject's erasure request; logged. Returns how many cases were anonymised.
pub async fn forget_user<S: Oversight>(
    store: &S,
    user: UserId,
    requested_by: UserId,
    now: DateTime<Utc>,
) -> Result<usize, StoreError> {
    store
        .forget_user(user, requested_by, PLACEHOLDER, now)
        .await
}
