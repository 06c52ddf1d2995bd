//! Thai words for what people read about cases: event labels and Buddhist-era times.
use super::{Agency, AgencyCode, Event, EventKind, Role, UserId};
use chrono::{DateTime, Timelike, Utc};
use std::collections::HashMap;

/// Who and which agency an id stands for, so that what people read names them: a log line
/// says "สมชาย ใจดี" and "สำนักงานคลังจังหวัด", never `5001` or `treasury`.
#[derive(Debug, Clone, Default)]
pub struct Names {
    pub people: HashMap<UserId, String>,
    pub agencies: HashMap<AgencyCode, String>,
}

impl Names {
    pub fn with_agencies(agencies: &[Agency]) -> Names {
        Names {
            people: HashMap::new(),
            agencies: agencies
                .iter()
                .map(|a| (a.code.clone(), a.name_th.clone()))
                .collect(),
        }
    }

    /// A person's name; someone unknown (forgotten, or never registered) by their role alone.
    pub fn person(&self, id: UserId, role: Role) -> String {
        match self.people.get(&id) {
            Some(name) if !name.trim().is_empty() => name.clone(),
            _ => role_th(role).to_owned(),
        }
    }

    pub fn agency(&self, code: &AgencyCode) -> String {
        self.agencies
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_string())
    }

    /// Everyone an event names besides its author (whose id is `event.by`).
    pub fn people_in(event: &Event) -> Vec<UserId> {
        let mut ids = vec![event.by];
        match &event.what {
            EventKind::Opened { officer, .. } => ids.push(*officer),
            EventKind::Claimed { expert } => ids.push(*expert),
            EventKind::Reassigned { from, to } => ids.extend(from.iter().chain([to])),
            EventKind::Released { owner, .. } => ids.push(*owner),
            _ => {}
        }
        ids
    }
}

/// `5 ม.ค. 2569 09:00` — Asia/Bangkok, Buddhist era.
pub fn be_time(at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&chrono_tz::Asia::Bangkok);
    format!(
        "{} {:02}:{:02}",
        crate::thai::format_thai_date_short(local.date_naive()),
        local.hour(),
        local.minute()
    )
}

pub fn role_th(role: Role) -> &'static str {
    match role {
        Role::Officer => "เจ้าหน้าที่",
        Role::Expert => "ผู้เชี่ยวชาญ",
        Role::Coordinator => "ผู้ประสานงาน",
        Role::Admin => "ผู้ดูแลระบบ",
        Role::System => "ระบบ",
    }
}

/// One line of a case log: what happened, with its text when it has one.
pub fn describe_th(event: &Event, names: &Names) -> String {
    match &event.what {
        EventKind::Opened {
            agency, subject, ..
        } => format!("เปิดเรื่อง ส่งถึง {}: {subject}", names.agency(agency)),
        EventKind::Claimed { expert } => {
            format!("รับเรื่อง (ผู้รับผิดชอบ {})", names.person(*expert, Role::Expert))
        }
        EventKind::ExpertReplied { text } => format!("ผู้เชี่ยวชาญตอบ: {text}"),
        EventKind::OfficerReplied { text } => format!("เจ้าหน้าที่ตอบ: {text}"),
        EventKind::AskedOfficer { text } => format!("ขอข้อมูลเพิ่ม (หยุดนับเวลา): {text}"),
        EventKind::Noted { text } => format!("บันทึกภายใน: {text}"),
        EventKind::Transferred { from, to, reason } => {
            format!(
                "โอนเรื่องจาก {} ไป {}: {reason}",
                names.agency(from),
                names.agency(to)
            )
        }
        EventKind::Resolved { summary } => format!("ตอบข้อหารือแล้ว: {summary}"),
        EventKind::Reopened { reason } => format!("เปิดเรื่องอีกครั้ง: {reason}"),
        EventKind::Confirmed => "เจ้าหน้าที่ยืนยันว่าได้คำตอบแล้ว ปิดเรื่อง".into(),
        EventKind::Cancelled { reason } => format!("ยกเลิกเรื่อง: {reason}"),
        EventKind::Rated { stars } => format!("ให้คะแนน {stars}/5"),
        EventKind::Reassigned { to, .. } => {
            format!("มอบหมายใหม่ให้ {}", names.person(*to, Role::Expert))
        }
        EventKind::Escalated { reason } => format!("ยกระดับถึงผู้ประสานงาน: {reason}"),
        EventKind::Closed { reason } => format!("ปิดเรื่องโดยผู้ประสานงาน: {reason}"),
        EventKind::MergedInto { into } => format!("รวมเข้ากับเรื่อง {into}"),
        EventKind::DuplicateLinked { from } => format!("รับรวมเรื่องซ้ำ {from}"),
        EventKind::SlaReminder { clock, due, .. } => {
            format!("เตือน: ใกล้ครบกำหนด{} ({})", clock.label_th(), be_time(*due))
        }
        EventKind::SlaBreached { clock, due, .. } => {
            format!(
                "เกินกำหนด{} ({}) แจ้งผู้ประสานงานแล้ว",
                clock.label_th(),
                be_time(*due)
            )
        }
        EventKind::Released { owner, .. } => {
            format!(
                "ผู้รับเรื่อง {} ไม่ตอบภายในกำหนด เรื่องกลับไปรอผู้รับเรื่อง",
                names.person(*owner, Role::Expert)
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn times_read_in_bangkok_and_the_buddhist_era() {
        let at = Utc
            .with_ymd_and_hms(2026, 12, 31, 17, 30, 0)
            .single()
            .expect("time");
        assert_eq!(be_time(at), "1 ม.ค. 2570 00:30");
    }
}
