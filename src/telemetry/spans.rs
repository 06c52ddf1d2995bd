//! The span of a case change: every log line written while a case changes names the case.
use crate::cases::CaseRef;
use tracing::Span;

/// `case{case=KK-2569-000001 action=claim}`; `action` is the command's name (`Command::name`).
pub fn case_change(case_ref: &CaseRef, action: &'static str) -> Span {
    tracing::info_span!("case", case = %case_ref, action = %action)
}
