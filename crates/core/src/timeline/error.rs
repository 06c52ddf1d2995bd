//! The one error type of the timeline module. Data faults carry `file:line` so an expert can fix
//! the TOML without reading code; refusals carry the legal reason in Thai first, then English.
use std::fmt;
use std::path::PathBuf;

/// One fault in a knowledge file, printed as `file:line: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    pub file: PathBuf,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file.display(), self.line, self.message)
    }
}

impl Fault {
    pub fn new(file: &std::path::Path, line: usize, message: impl Into<String>) -> Self {
        Fault {
            file: file.to_path_buf(),
            line,
            message: message.into(),
        }
    }
}

fn faults_text(faults: &[Fault]) -> String {
    faults
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

#[derive(Debug, thiserror::Error)]
pub enum TimelineError {
    #[error("{}", faults_text(.0))]
    InvalidData(Vec<Fault>),

    #[error("อ่านไฟล์ {} ไม่ได้ / cannot read {}: {source}", .path.display(), .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error(
        "ไม่รู้จักวิธีจัดซื้อจัดจ้าง \"{code}\" (มี: {known}) / unknown procurement method \"{code}\" (known: {known})"
    )]
    UnknownMethod { code: String, known: String },

    #[error("ไม่รู้จักข้อยกเว้น \"{id}\" (มี: {known}) / unknown exception \"{id}\" (known: {known})")]
    UnknownException { id: String, known: String },

    #[error(
        "อ่านวงเงิน \"{text}\" ไม่ได้: ใช้ตัวเลขและจุลภาค เช่น 2,500,000 / cannot read the amount \"{text}\": use digits and commas, e.g. 2,500,000"
    )]
    BadAmount { text: String },

    #[error("วงเงินต้องมากกว่า 0 บาท / the amount must be more than 0 baht")]
    AmountNotPositive,

    #[error(
        "วงเงิน {amount} บาท ใช้{method_th}ไม่ได้ ช่วงวงเงินของวิธีนี้: {allowed_th} / {amount} baht cannot use {method_en}; its amount lines: {allowed_en}"
    )]
    AmountOutsideMethod {
        amount: String,
        method_th: String,
        method_en: String,
        allowed_th: String,
        allowed_en: String,
    },

    #[error(
        "{method} ไม่มีขั้นตอน \"{step}\" (มี: {known}) / {method} has no step \"{step}\" (steps: {known})"
    )]
    UnknownStep {
        method: String,
        step: String,
        known: String,
    },

    /// An override below the minimum; boxed to keep every `Result` small.
    #[error("{0}")]
    BelowMinimum(Box<Shortening>),

    #[error("วันที่อยู่นอกช่วงที่คำนวณได้ / the date is outside the range the calendar can count")]
    DateOutOfRange,

    #[error("สร้างไฟล์ {format} ไม่ได้ / cannot write the {format} file: {message}")]
    Export {
        format: &'static str,
        message: String,
    },
}

/// A refused shortening, with the legal reason in Thai first, then English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortening {
    pub step: String,
    pub name_th: String,
    pub days: u32,
    pub min_days: u32,
    pub unit_th: &'static str,
    pub unit_en: &'static str,
    pub basis: String,
    pub basis_en: String,
    /// Exceptions of `timelines.toml` that cover this step.
    pub exceptions: Vec<String>,
}

impl fmt::Display for Shortening {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ย่นขั้นตอน \"{}\" เหลือ {} วันไม่ได้: ต้องไม่น้อยกว่า {} {} ตาม {} / step \"{}\" cannot be shortened to {} days: the minimum is {} {} under {}",
            self.name_th,
            self.days,
            self.min_days,
            self.unit_th,
            self.basis,
            self.step,
            self.days,
            self.min_days,
            self.unit_en,
            self.basis_en
        )?;
        if !self.exceptions.is_empty() {
            let list = self.exceptions.join(", ");
            write!(
                f,
                " — ย่นได้เฉพาะภายใต้ข้อยกเว้นที่อ้างอิงได้: {list} / only under a cited exception: {list}"
            )?;
        }
        Ok(())
    }
}
