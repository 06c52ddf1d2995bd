//! The states of a case.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Routed to an agency, waiting for an expert to claim it.
    Open,
    /// An expert owns it.
    Claimed,
    /// The expert asked the officer for something; the SLA clock is stopped.
    Waiting,
    /// The expert wrote the resolution; the officer may confirm or reopen.
    Resolved,
    Closed,
    Cancelled,
    /// A duplicate folded into another case.
    Merged,
}

impl Status {
    pub const ALL: [Status; 7] = [
        Status::Open,
        Status::Claimed,
        Status::Waiting,
        Status::Resolved,
        Status::Closed,
        Status::Cancelled,
        Status::Merged,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Claimed => "claimed",
            Status::Waiting => "waiting",
            Status::Resolved => "resolved",
            Status::Closed => "closed",
            Status::Cancelled => "cancelled",
            Status::Merged => "merged",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == text)
    }

    pub fn label_th(self) -> &'static str {
        match self {
            Status::Open => "รอผู้รับเรื่อง",
            Status::Claimed => "กำลังดำเนินการ",
            Status::Waiting => "รอข้อมูลจากเจ้าหน้าที่",
            Status::Resolved => "ตอบแล้ว รอยืนยัน",
            Status::Closed => "ปิดเรื่อง",
            Status::Cancelled => "ยกเลิก",
            Status::Merged => "รวมกับเรื่องอื่น",
        }
    }

    /// No command but `rate` (on closed) changes a case in these states.
    pub fn is_final(self) -> bool {
        matches!(self, Status::Closed | Status::Cancelled | Status::Merged)
    }

    /// An expert is working on it (owner set).
    pub fn is_in_hand(self) -> bool {
        matches!(self, Status::Claimed | Status::Waiting)
    }
}
