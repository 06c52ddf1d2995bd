//! Why a command was refused: a value the desk shows to the user, Thai first.
use super::{Role, Status};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.en())]
pub enum Refusal {
    NotYourCase,
    OtherAgency,
    NotOwner,
    NotForRole {
        role: Role,
        command: &'static str,
    },
    WrongState {
        status: Status,
        command: &'static str,
    },
    AlreadyClaimed,
    AlreadyOpened,
    NotOpenedYet,
    EmptyText,
    RatingOutOfRange,
    AlreadyRated,
    SameAgency,
    MergeIntoSelf,
    NotAnExpertOfAgency,
    InviteUnknown,
    InviteExpired,
    InviteUsed,
    AlreadyStaff,
    /// The SLA clock already logged this reminder or escalation (another instance did it).
    AlreadySent,
    /// The SLA clock read a target that no longer runs (the case moved on meanwhile).
    SlaNotRunning,
}

fn role_th(role: Role) -> &'static str {
    match role {
        Role::Officer => "เจ้าหน้าที่พัสดุ",
        Role::Expert => "ผู้เชี่ยวชาญ",
        Role::Coordinator => "ผู้ประสานงาน",
        Role::Admin => "ผู้ดูแลระบบ",
        Role::System => "ระบบ",
    }
}

/// What a command does, in Thai words: a refusal never shows the command's code name.
fn command_th(command: &str) -> &'static str {
    match command {
        "open" => "ส่งเรื่องถึงผู้เชี่ยวชาญ",
        "open_visit" => "เปิดเรื่องออกหน่วยคลินิก",
        "claim" => "รับเรื่อง",
        "reply" => "ตอบข้อความในเรื่อง",
        "ask_officer" => "ขอข้อมูลเพิ่มจากเจ้าหน้าที่",
        "note" => "บันทึกภายใน",
        "transfer" => "โอนเรื่อง",
        "resolve" => "ตอบข้อหารือ",
        "reopen" => "ขอเปิดเรื่องอีกครั้ง",
        "confirm" => "ยืนยันปิดเรื่อง",
        "cancel" => "ยกเลิกเรื่อง",
        "rate" => "ให้คะแนน",
        "reassign" => "มอบหมายเรื่องใหม่",
        "escalate" => "ยกระดับเรื่อง",
        "close" => "ปิดเรื่อง",
        "merge" => "รวมเรื่อง",
        "invite" => "ออกรหัสเชิญ",
        "release" => "คืนเรื่อง",
        _ => "ทำรายการนี้",
    }
}

impl Refusal {
    pub fn th(&self) -> String {
        match self {
            Refusal::NotYourCase => "เรื่องนี้ไม่ใช่เรื่องของท่าน".into(),
            Refusal::OtherAgency => "เรื่องนี้อยู่ในความรับผิดชอบของหน่วยงานอื่น".into(),
            Refusal::NotOwner => "เฉพาะผู้รับเรื่องเท่านั้นที่ทำรายการนี้ได้".into(),
            Refusal::NotForRole { role, command } => {
                format!("{} ไม่มีสิทธิ์{}", role_th(*role), command_th(command))
            }
            Refusal::WrongState { status, command } => {
                format!(
                    "{}ไม่ได้ เพราะเรื่องอยู่ในสถานะ «{}»",
                    command_th(command),
                    status.label_th()
                )
            }
            Refusal::AlreadyClaimed => "มีผู้รับเรื่องนี้ไปแล้ว".into(),
            Refusal::AlreadyOpened => "เรื่องนี้เปิดไว้แล้ว".into(),
            Refusal::NotOpenedYet => "ยังไม่มีเรื่องนี้".into(),
            Refusal::EmptyText => "กรุณาพิมพ์ข้อความ".into(),
            Refusal::RatingOutOfRange => "คะแนนต้องอยู่ระหว่าง 1 ถึง 5".into(),
            Refusal::AlreadyRated => "ท่านให้คะแนนเรื่องนี้แล้ว".into(),
            Refusal::SameAgency => "เรื่องนี้อยู่ที่หน่วยงานนี้อยู่แล้ว".into(),
            Refusal::MergeIntoSelf => "รวมเรื่องเข้ากับตัวเองไม่ได้".into(),
            Refusal::NotAnExpertOfAgency => "ผู้รับมอบต้องเป็นผู้เชี่ยวชาญของหน่วยงานเจ้าของเรื่อง".into(),
            Refusal::InviteUnknown => "ไม่พบรหัสเชิญนี้".into(),
            Refusal::InviteExpired => "รหัสเชิญหมดอายุแล้ว".into(),
            Refusal::InviteUsed => "รหัสเชิญนี้ถูกใช้ไปแล้ว".into(),
            Refusal::AlreadyStaff => "ท่านมีสิทธิ์ผู้ประสานงานหรือผู้ดูแลระบบอยู่แล้ว".into(),
            Refusal::AlreadySent => "แจ้งเตือนนี้ส่งไปแล้ว".into(),
            Refusal::SlaNotRunning => "เรื่องนี้ไม่ได้อยู่ระหว่างนับเวลาตามเป้าหมายนี้แล้ว".into(),
        }
    }

    pub fn en(&self) -> String {
        match self {
            Refusal::NotYourCase => "this is not your case".into(),
            Refusal::OtherAgency => "this case belongs to another agency".into(),
            Refusal::NotOwner => "only the expert who claimed the case may do this".into(),
            Refusal::NotForRole { role, command } => {
                format!("a user with role {} may not {command}", role.as_str())
            }
            Refusal::WrongState { status, command } => {
                format!("cannot {command} a case that is {}", status.as_str())
            }
            Refusal::AlreadyClaimed => "someone has already claimed this case".into(),
            Refusal::AlreadyOpened => "this case is already open".into(),
            Refusal::NotOpenedYet => "no such case".into(),
            Refusal::EmptyText => "please write some text".into(),
            Refusal::RatingOutOfRange => "the rating must be between 1 and 5".into(),
            Refusal::AlreadyRated => "you have already rated this case".into(),
            Refusal::SameAgency => "the case is already at that agency".into(),
            Refusal::MergeIntoSelf => "a case cannot be merged into itself".into(),
            Refusal::NotAnExpertOfAgency => {
                "the new owner must be an expert of the case's agency".into()
            }
            Refusal::InviteUnknown => "unknown invite code".into(),
            Refusal::InviteExpired => "this invite code has expired".into(),
            Refusal::InviteUsed => "this invite code has already been used".into(),
            Refusal::AlreadyStaff => "you are already a coordinator or admin".into(),
            Refusal::AlreadySent => "this SLA alert was already logged".into(),
            Refusal::SlaNotRunning => "this SLA target is no longer running".into(),
        }
    }
}
