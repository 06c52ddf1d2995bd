//! Every word the coordinators' side sends to a chat, Thai first.
use crate::cases::labels::be_time;
use crate::cases::sla::SlaClock;
use crate::cases::{Case, UserId};
use chrono::{DateTime, Utc};

pub fn sla_reminder(case: &Case, clock: SlaClock, due: DateTime<Utc>) -> String {
    format!(
        "⏰ เรื่อง {} «{}» ใกล้ครบกำหนด{} ภายใน {}\n(SLA reminder: 75% of the {} target used)",
        case.case_ref,
        case.subject,
        clock.label_th(),
        be_time(due),
        clock.as_str(),
    )
}

pub fn sla_breached(case: &Case, clock: SlaClock, due: DateTime<Utc>) -> String {
    format!(
        "🚨 เรื่อง {} «{}» ของ {} เกินกำหนด{} (ครบกำหนด {})\n(SLA breached: {})",
        case.case_ref,
        case.subject,
        case.agency,
        clock.label_th(),
        be_time(due),
        clock.as_str(),
    )
}

pub fn released_to_agency(case: &Case) -> String {
    format!(
        "🔁 เรื่อง {} «{}» กลับมารอผู้รับเรื่องอีกครั้ง เพราะผู้รับเรื่องเดิมไม่ได้ตอบภายในกำหนด \
         กรุณากดรับเรื่อง\n(back to the agency: the owner missed the first-reply target)",
        case.case_ref, case.subject,
    )
}

pub fn released_to_coordinators(case: &Case, owner: UserId) -> String {
    format!(
        "🚨 เรื่อง {} «{}» ของ {}: ผู้รับเรื่อง ({owner}) ไม่ตอบภายในกำหนด \
         ระบบส่งเรื่องกลับให้หน่วยงานรับใหม่แล้ว\n(owner silent; case returned to the agency)",
        case.case_ref, case.subject, case.agency,
    )
}
