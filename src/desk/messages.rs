//! Every word the desk says, Thai first, English after `/lang en`. Nothing user-facing is
//! written anywhere else in `desk` (case refusals bring their own `th()`/`en()`).
use crate::cases::labels::{Names, be_time, describe_th};
use crate::cases::{Agency, Case, Event, EventKind, Refusal, Status};
use crate::knowledge::slots::{Kind, Method, Slot, SlotValue};
use crate::knowledge::{Answer, Entry};
use chrono::{DateTime, NaiveDate, Utc};

pub use crate::lang::Lang;

/// The words, in one language.
#[derive(Debug, Clone, Copy)]
pub struct Say(pub Lang);

fn status_en(status: Status) -> &'static str {
    match status {
        Status::Open => "waiting for an expert",
        Status::Claimed => "in progress",
        Status::Waiting => "waiting for your information",
        Status::Resolved => "answered, please confirm",
        Status::Closed => "closed",
        Status::Cancelled => "cancelled",
        Status::Merged => "merged",
    }
}

impl Say {
    pub(super) fn pick(self, th: impl Into<String>, en: impl Into<String>) -> String {
        match self.0 {
            Lang::Th => th.into(),
            Lang::En => en.into(),
        }
    }

    pub fn agency(self, agency: &Agency) -> String {
        self.pick(&agency.name_th, &agency.name_en)
    }

    pub fn status(self, status: Status) -> String {
        self.pick(status.label_th(), status_en(status))
    }

    pub fn refusal(self, refusal: &Refusal) -> String {
        self.pick(
            format!("⛔ {}", refusal.th()),
            format!("⛔ {}", refusal.en()),
        )
    }

    // ── registration and settings ──────────────────────────────────────────────
    pub fn ask_name(self) -> String {
        self.pick(
            "สวัสดีครับ ยินดีต้อนรับสู่คลินิกจัดซื้อจัดจ้าง 🙏\nก่อนเริ่ม ขอทราบชื่อ-นามสกุลของท่านครับ",
            "Welcome to the procurement clinic 🙏\nBefore we start, what is your full name?",
        )
    }
    pub fn ask_unit(self, name: &str) -> String {
        self.pick(
            format!("ขอบคุณครับ คุณ{name}\nท่านสังกัดหน่วยงานใดครับ (เช่น อบต.บ้านเป็ด)"),
            format!("Thank you, {name}.\nWhich unit do you work for (e.g. Ban Pet SAO)?"),
        )
    }
    pub fn registered(self, name: &str, unit: &str) -> String {
        self.pick(
            format!(
                "ลงทะเบียนเรียบร้อย: {name} ({unit})\nพิมพ์คำถามเรื่องจัดซื้อจัดจ้างได้เลยครับ หรือ /help ดูคำสั่งทั้งหมด"
            ),
            format!(
                "You are registered: {name} ({unit})\nType your procurement question, or /help for all commands."
            ),
        )
    }
    pub fn lang_set(self) -> String {
        self.pick("ตั้งค่าภาษาไทยแล้ว", "Language set to English.")
    }
    pub fn lang_usage(self) -> String {
        self.pick("ใช้: /lang th หรือ /lang en", "Usage: /lang th or /lang en")
    }
    pub fn help_private(self) -> String {
        self.pick(
            "พิมพ์คำถามได้เลย หรือใช้คำสั่ง\n/case ข้อความ — ส่งเรื่องถึงผู้เชี่ยวชาญ\n/mycases — เรื่องของฉัน\n/plan — วางแผนระยะเวลาจัดซื้อจัดจ้าง\n/learn — บทเรียนสำหรับเจ้าหน้าที่\n/calendar — ลิงก์ปฏิทินส่วนตัว\n/join รหัส — เข้าร่วมเป็นผู้เชี่ยวชาญ\n/lang en — English\nตอบกลับ (reply) ข้อความของเรื่อง เพื่อส่งข้อความ รูป หรือไฟล์ถึงผู้เชี่ยวชาญ",
            "Type a question, or use\n/case TEXT — ask an expert\n/mycases — my cases\n/plan — plan a procurement timeline\n/learn — courses\n/calendar — your calendar feed\n/join CODE — join as an expert\n/lang th — ภาษาไทย\nReply to a case message to send text, photos or files to the expert.",
        )
    }
    pub fn help_group(self) -> String {
        self.pick(
            "คำสั่งในกลุ่มผู้เชี่ยวชาญ: กดปุ่ม «รับเรื่อง»; ตอบกลับ (reply) ข้อความของเรื่องเพื่อส่งถึงเจ้าหน้าที่\n/note [เลขที่] ข้อความ — บันทึกภายใน\n/transfer [เลขที่] หน่วยงาน เหตุผล — โอนเรื่อง\n/resolve [เลขที่] สรุปคำตอบ — ตอบข้อหารือ\n/cases — เรื่องของหน่วยงาน\n/case เลขที่ — ประวัติเรื่อง\n/join รหัส — เข้าร่วมหน่วยงาน",
            "Expert group commands: press «Claim»; reply to a case message to write to the officer\n/note [REF] TEXT — internal note\n/transfer [REF] AGENCY REASON\n/resolve [REF] SUMMARY\n/cases — the agency's cases\n/case REF — a case's log\n/join CODE — join the agency",
        )
    }
    pub fn help_coordinators(self) -> String {
        self.pick(
            "คำสั่งผู้ประสานงาน:\n/cases — เรื่องที่ยังไม่ปิด\n/case เลขที่ — ประวัติเรื่อง\n/invite หน่วยงาน — รหัสเชิญผู้เชี่ยวชาญ\n/reassign เลขที่ รหัสผู้ใช้ — มอบหมายใหม่\n/summary — สรุปสัปดาห์ที่แล้ว\n/brief — สรุปผู้บริหาร: การเบิกจ่ายเทียบเป้าหมาย\n/dashboard — ลิงก์เข้าแดชบอร์ด (ทางแชทส่วนตัว)\n/bind หน่วยงาน|coordinators — ผูกกลุ่ม (ผู้ดูแลระบบ)",
            "Coordinator commands:\n/cases — cases not closed\n/case REF — a case's log\n/invite AGENCY — an expert invite code\n/reassign REF USER_ID — reassign\n/summary — last week's summary\n/brief — executive brief: disbursement against targets\n/dashboard — dashboard login link (sent privately)\n/bind AGENCY|coordinators — bind a group (admins)",
        )
    }
    pub fn not_registered(self) -> String {
        self.pick(
            "ท่านยังไม่ได้ลงทะเบียน กรุณาคุยกับบอตแบบส่วนตัวแล้วพิมพ์ /start",
            "You are not registered yet: open a private chat with the bot and type /start.",
        )
    }
    pub fn coordinators_only(self) -> String {
        self.pick(
            "คำสั่งนี้สำหรับผู้ประสานงานและผู้ดูแลระบบเท่านั้น",
            "This command is for coordinators and admins only.",
        )
    }
    pub fn not_in_an_unbound_group(self) -> String {
        self.pick(
            "คำสั่งนี้ใช้ในแชทส่วนตัวหรือกลุ่มที่ผูกไว้แล้วเท่านั้น (ผู้ดูแลระบบใช้ /bind) เพราะกลุ่มนี้อาจมีบุคคลภายนอก",
            "This command works in a private chat or a bound group only (an admin uses /bind): anyone may be in this group.",
        )
    }
    pub fn dashboard_staff_only(self) -> String {
        self.pick(
            "แดชบอร์ดสำหรับผู้เชี่ยวชาญ ผู้ประสานงาน และผู้ดูแลระบบเท่านั้น",
            "The dashboard is for experts, coordinators and admins only.",
        )
    }
    pub fn dashboard_link(self, link: &str) -> String {
        self.pick(
            format!("🔐 ลิงก์เข้าแดชบอร์ด (ใช้ได้ครั้งเดียว ภายใน 15 นาที อย่าส่งต่อ):\n{link}"),
            format!(
                "🔐 Your dashboard login link (one use, within 15 minutes; do not share):\n{link}"
            ),
        )
    }
    pub fn dashboard_sent_privately(self) -> String {
        self.pick(
            "ส่งลิงก์เข้าแดชบอร์ดทางแชทส่วนตัวแล้ว",
            "The dashboard link was sent to you in a private chat.",
        )
    }
    pub fn unknown_command(self) -> String {
        self.pick("ไม่รู้จักคำสั่งนี้ พิมพ์ /help", "Unknown command; type /help.")
    }
    pub fn usage(self, th: &str, en: &str) -> String {
        self.pick(format!("ใช้: {th}"), format!("Usage: {en}"))
    }
    pub fn stale_button(self) -> String {
        self.pick("⛔ ปุ่มนี้ใช้ไม่ได้", "⛔ This button is not valid.")
    }
    pub fn not_here(self) -> String {
        self.pick("⛔ ใช้คำสั่งนี้ที่นี่ไม่ได้", "⛔ This command cannot be used here.")
    }
    pub fn something_went_wrong(self) -> String {
        self.pick(
            "ขออภัย ระบบขัดข้อง กรุณาลองใหม่อีกครั้ง",
            "Sorry, something went wrong; please try again.",
        )
    }

    // ── turned away before the desk reads it (gate.rs) ──────────────────────────────
    pub fn too_long(self, chars: usize, max: usize) -> String {
        self.pick(
            format!(
                "⛔ ข้อความยาวเกินไป ({chars} ตัวอักษร) รับได้ไม่เกิน {max} ตัวอักษรต่อข้อความ กรุณาแบ่งส่งเป็นหลายข้อความ"
            ),
            format!(
                "⛔ This message is too long ({chars} characters); the limit is {max} per message. Please send it in parts."
            ),
        )
    }
    pub fn hidden_controls(self) -> String {
        self.pick(
            "⛔ ข้อความมีอักขระควบคุมที่มองไม่เห็น (เช่น ตัวสลับทิศทางข้อความ) ซึ่งทำให้ผู้อ่านเห็นข้อความผิดไปจากที่ส่ง จึงไม่ได้ดำเนินการ กรุณาพิมพ์ใหม่",
            "⛔ This message contains invisible control characters (such as a text-direction override) that would make readers see something other than what was sent, so it was not processed. Please type it again.",
        )
    }
    pub fn flooded(self, per_minute: u32) -> String {
        self.pick(
            format!(
                "⏳ ท่านส่งข้อความเร็วเกินไป (เกิน {per_minute} ข้อความต่อนาที) ข้อความที่ส่งมาในระหว่างนี้จะไม่ได้รับการดำเนินการ กรุณารอสักครู่แล้วส่งใหม่"
            ),
            format!(
                "⏳ You are sending messages too fast (more than {per_minute} a minute). Messages sent meanwhile are not processed; please wait a moment and send again."
            ),
        )
    }
    pub fn private_only(self) -> String {
        self.pick(
            "⛔ คำสั่งนี้ใช้ได้ในแชทส่วนตัวกับบอตเท่านั้น",
            "⛔ This command works only in a private chat with the bot.",
        )
    }
    pub fn not_in_this_group(self) -> String {
        self.pick(
            "⛔ แสดงเรื่องในกลุ่มนี้ไม่ได้ เพราะสมาชิกกลุ่มไม่ใช่ผู้รับผิดชอบเรื่อง ใช้คำสั่งนี้ในแชทส่วนตัวหรือในกลุ่มของหน่วยงานเจ้าของเรื่อง",
            "⛔ Cases cannot be shown in this group: its members are not the ones handling them. Use this in a private chat or in the case's agency group.",
        )
    }

    // ── answers ────────────────────────────────────────────────────────────────
    pub fn answer(self, answer: &Answer) -> String {
        let mut text = format!(
            "📘 {}\n\n{}",
            answer.title.as_deref().unwrap_or_default(),
            answer.answer.as_deref().unwrap_or_default()
        );
        if !answer.citations.is_empty() {
            text.push_str(&self.pick("\n\n⚖️ ข้อกฎหมาย: ", "\n\n⚖️ Legal basis: "));
            text.push_str(&answer.citations.join("; "));
        }
        if let Some(day) = answer.checked_on {
            text.push_str(&self.checked_against_source(day));
        }
        text
    }
    fn checked_against_source(self, day: NaiveDate) -> String {
        self.pick(
            format!("\n✅ ตรวจกับต้นฉบับเมื่อ {}", crate::thai::format_thai_date(day)),
            format!("\n✅ Checked against the source text on {day}"),
        )
    }
    pub fn entry_answer(self, entry: &Entry) -> String {
        let mut text = format!(
            "📘 {}\n\n{}",
            entry.title,
            crate::knowledge::answer_text(entry)
        );
        if !entry.citations.is_empty() {
            text.push_str(&self.pick("\n\n⚖️ ข้อกฎหมาย: ", "\n\n⚖️ Legal basis: "));
            text.push_str(&entry.citation_lines().join("; "));
        }
        if let Some(day) = entry.checked_on() {
            text.push_str(&self.checked_against_source(day));
        }
        text
    }
    pub fn not_sure(self) -> String {
        self.pick(
            "🤔 ยังไม่แน่ใจคำตอบของคำถามนี้ เรื่องที่ใกล้เคียงที่สุดคือ (กดเพื่ออ่าน) หรือส่งต่อผู้เชี่ยวชาญ:",
            "🤔 I am not sure about this one. The closest topics are below (press to read), or hand it to an expert:",
        )
    }
    /// The one question asked back when the closest entries differ in what the question left
    /// open.
    pub fn clarify_question(self, slot: Slot) -> String {
        match slot {
            Slot::Method => self.pick(
                "🤔 คำตอบต่างกันตามวิธีจัดซื้อจัดจ้าง ท่านใช้วิธีไหนครับ?",
                "🤔 The answer depends on the procurement method. Which method is it?",
            ),
            Slot::Kind => self.pick(
                "🤔 คำตอบต่างกันระหว่างงานซื้อกับงานจ้าง เป็นงานแบบไหนครับ?",
                "🤔 The answer differs for buying and for hiring. Which is it?",
            ),
            Slot::Year => self.pick(
                "🤔 คำตอบต่างกันในแต่ละปี ถามถึงปีงบประมาณไหนครับ?",
                "🤔 The answer differs by year. Which fiscal year do you mean?",
            ),
            Slot::Amount => self.pick(
                "🤔 คำตอบต่างกันตามวงเงิน วงเงินของท่านอยู่ช่วงไหนครับ?",
                "🤔 The answer depends on the amount. Which range is yours?",
            ),
            Slot::Sector => self.pick(
                "🤔 คำตอบต่างกันระหว่างส่วนราชการกับองค์กรปกครองส่วนท้องถิ่น หน่วยงานของท่านเป็นแบบไหนครับ?",
                "🤔 The answer differs for government agencies and local administrations. Which is yours?",
            ),
        }
    }
    /// A button of the question asked back.
    pub fn clarify_option(self, value: SlotValue) -> String {
        let baht = |b: u64| crate::thai::Baht::from_baht(i64::try_from(b).unwrap_or(i64::MAX));
        match value {
            SlotValue::Method(m) => match m {
                Method::EBidding => self.pick("e-bidding (ประกวดราคาอิเล็กทรอนิกส์)", "e-bidding"),
                Method::EMarket => self.pick("e-market (ตลาดอิเล็กทรอนิกส์)", "e-market"),
                Method::Selection => self.pick("วิธีคัดเลือก", "Selection method"),
                Method::Specific => self.pick("วิธีเฉพาะเจาะจง", "Specific method"),
                Method::PriceQuotation => self.pick("วิธีสอบราคา", "Price quotation"),
            },
            SlotValue::Kind(k) => match k {
                Kind::Goods => self.pick("ซื้อ (สินค้า/ครุภัณฑ์)", "Buying goods"),
                Kind::Works => self.pick("จ้าง (งานก่อสร้าง)", "Construction works"),
                Kind::Consulting => self.pick("จ้างที่ปรึกษา", "Consultants"),
                Kind::Services => self.pick("จ้างบริการ", "Services"),
            },
            SlotValue::Year(be) => self.pick(
                format!("ปีงบประมาณ {be}"),
                format!("Fiscal year {} (B.E. {be})", i32::from(be) - 543),
            ),
            SlotValue::Amount { above: 0, up_to } => {
                let up_to = baht(up_to.unwrap_or_default());
                self.pick(format!("ไม่เกิน {up_to}"), format!("Up to {up_to}"))
            }
            SlotValue::Amount { above, up_to: None } => {
                let above = baht(above);
                self.pick(format!("เกิน {above}"), format!("Over {above}"))
            }
            SlotValue::Amount {
                above,
                up_to: Some(up_to),
            } => {
                let (above, up_to) = (baht(above), baht(up_to));
                self.pick(
                    format!("เกิน {above} ถึง {up_to}"),
                    format!("Over {above}, up to {up_to}"),
                )
            }
        }
    }
    pub fn details(self, entry: &Entry) -> String {
        let details = if entry.details.trim().is_empty() {
            self.pick("(ไม่มีรายละเอียดเพิ่มเติม)", "(no further details)")
        } else {
            entry.details.trim().to_owned()
        };
        let sources: Vec<String> = entry
            .citations
            .iter()
            .map(|c| format!("• {} — {}", c.basis, c.source))
            .collect();
        let mut text = format!(
            "📖 {}\n\n{details}\n\n{}\n{}",
            entry.title,
            self.pick("แหล่งอ้างอิง:", "Sources:"),
            sources.join("\n")
        );
        if entry.verified && !entry.provenance.is_empty() {
            text.push_str(&self.pick("\n\nตรวจกับต้นฉบับ:", "\n\nChecked against the source text:"));
            for p in &entry.provenance {
                let day = p
                    .read_on()
                    .map(crate::thai::format_thai_date)
                    .unwrap_or_default();
                text.push_str(&format!("\n• {} — {} ({day})", p.claim, p.source));
            }
        }
        text
    }
    pub fn button_up(self) -> String {
        "👍".into()
    }
    pub fn button_down(self) -> String {
        "👎".into()
    }
    pub fn button_handoff(self) -> String {
        self.pick("ส่งต่อผู้เชี่ยวชาญ", "Ask an expert")
    }
    pub fn button_details(self) -> String {
        self.pick("รายละเอียด", "Details")
    }
    pub fn thanks_feedback(self, helpful: bool) -> String {
        match helpful {
            true => self.pick("ขอบคุณครับ 🙏", "Thank you 🙏"),
            false => self.pick(
                "ขอบคุณที่แจ้ง เราจะปรับปรุงคำตอบ หากต้องการ กด «ส่งต่อผู้เชี่ยวชาญ» ได้ครับ",
                "Thanks for telling us; we will improve it. Press «Ask an expert» if you need one.",
            ),
        }
    }

    // ── opening a case ─────────────────────────────────────────────────────────
    pub fn propose_agency(self, agency: &Agency, reasons: &[String]) -> String {
        // One reason a line, the strongest first; past four they only repeat the point.
        let why = if reasons.is_empty() {
            String::new()
        } else {
            let lines: Vec<String> = reasons.iter().take(4).map(|r| format!("• {r}")).collect();
            format!(
                "\n{}\n{}",
                self.pick("เพราะ:", "Because:"),
                lines.join("\n")
            )
        };
        self.pick(
            format!(
                "เสนอส่งเรื่องถึง «{}»{why}\nกดปุ่มเพื่อยืนยัน หรือเลือกหน่วยงานอื่น",
                agency.name_th
            ),
            format!(
                "I suggest sending this to «{}».{why}\nPress to confirm, or pick another agency.",
                agency.name_en
            ),
        )
    }
    /// Routing is unsure: the two likeliest agencies, each with one line on why, then the list.
    pub fn ask_agency(self, likeliest: [(&Agency, Option<&str>); 2]) -> String {
        let lines: Vec<String> = likeliest
            .iter()
            .zip(["1️⃣", "2️⃣"])
            .map(|((agency, why), mark)| match why {
                Some(why) => format!("{mark} «{}» — {why}", self.agency(agency)),
                None => format!("{mark} «{}»", self.agency(agency)),
            })
            .collect();
        self.pick(
            format!(
                "ยังไม่แน่ใจว่าเรื่องนี้ควรส่งหน่วยงานใด สองหน่วยงานที่น่าจะใช่ที่สุด:\n{}\nกดเลือก หรือเลือกหน่วยงานอื่นจากรายการ",
                lines.join("\n")
            ),
            format!(
                "I am not sure which agency should take this. The two likeliest:\n{}\nPress one, or pick another agency from the list.",
                lines.join("\n")
            ),
        )
    }
    /// A button of the unsure choice: the two likeliest carry their rank.
    pub fn button_likely(self, agency: &Agency, rank: Option<usize>) -> String {
        match rank {
            Some(0) => format!("1️⃣ {}", self.agency(agency)),
            Some(_) => format!("2️⃣ {}", self.agency(agency)),
            None => self.agency(agency),
        }
    }
    pub fn choose_agency(self) -> String {
        self.pick(
            "เลือกหน่วยงานที่จะส่งเรื่องถึง:",
            "Choose the agency to send this to:",
        )
    }
    pub fn button_send_to(self, agency: &Agency, proposed: bool) -> String {
        match proposed {
            true => format!("✅ {}", self.agency(agency)),
            false => self.agency(agency),
        }
    }
    pub fn case_usage(self) -> String {
        self.usage("/case ข้อความที่ต้องการปรึกษา", "/case TEXT OF YOUR QUESTION")
    }
    pub fn nothing_to_open(self) -> String {
        self.pick(
            "ไม่พบเรื่องที่จะส่ง กรุณาพิมพ์ /case ตามด้วยข้อความ",
            "Nothing to send: type /case followed by your question.",
        )
    }
    pub fn case_opened(self, case: &Case, agency: &Agency, claim_by: DateTime<Utc>) -> String {
        self.pick(
            format!(
                "📨 เปิดเรื่อง {} แล้ว ส่งถึง «{}»\nผู้เชี่ยวชาญได้รับแจ้งแล้ว คาดว่าจะมีผู้รับเรื่องภายใน {} น.\nตอบกลับ (reply) ข้อความนี้เพื่อส่งข้อมูลเพิ่มเติม รูป หรือไฟล์",
                case.case_ref,
                agency.name_th,
                be_time(claim_by)
            ),
            format!(
                "📨 Case {} opened and sent to «{}».\nThe experts have been told; expect someone to take it by {}.\nReply to this message to add information, photos or files.",
                case.case_ref,
                agency.name_en,
                claim_by.format("%Y-%m-%d %H:%M UTC")
            ),
        )
    }
    pub fn case_post(
        self,
        case: &Case,
        officer: &str,
        unit: &str,
        matches: &[String],
        reassigned_from: Option<&str>,
    ) -> String {
        let mut text = self.pick(
            format!(
                "🆕 เรื่องใหม่ {}\nจาก: {officer} ({unit})\nเรื่อง: {}",
                case.case_ref, case.subject
            ),
            format!(
                "🆕 New case {}\nFrom: {officer} ({unit})\nSubject: {}",
                case.case_ref, case.subject
            ),
        );
        if let Some(from) = reassigned_from {
            text.push_str(&self.pick(
                format!("\nโอนมาจาก: {from}"),
                format!("\nTransferred from: {from}"),
            ));
        }
        if !matches.is_empty() {
            text.push_str(&self.pick("\nเรื่องในคลังความรู้ที่ใกล้เคียง:", "\nClosest knowledge entries:"));
            for m in matches {
                text.push_str(&format!("\n• {m}"));
            }
        }
        text
    }
    pub fn button_claim(self) -> String {
        self.pick("🙋 รับเรื่อง", "🙋 Claim")
    }
    pub fn unbound_agency(self, case: &Case, agency: &str) -> String {
        self.pick(
            format!(
                "⚠️ เรื่อง {} ส่งถึง {agency} แต่ยังไม่มีกลุ่มผู้เชี่ยวชาญที่ผูกกับหน่วยงานนี้ (ใช้ /bind {agency} ในกลุ่ม)",
                case.case_ref
            ),
            format!(
                "⚠️ Case {} went to {agency}, but no expert group is bound to it (use /bind {agency} in the group).",
                case.case_ref
            ),
        )
    }

    // ── case life ──────────────────────────────────────────────────────────────
    pub fn claimed_officer(self, case: &Case, expert: &str) -> String {
        self.pick(
            format!(
                "🙋 {expert} รับเรื่อง {} แล้ว ท่านจะได้รับคำตอบในแชทนี้",
                case.case_ref
            ),
            format!(
                "🙋 {expert} has taken case {}; the answer will come in this chat.",
                case.case_ref
            ),
        )
    }
    pub fn claimed_group(self, case: &Case, expert: &str) -> String {
        self.pick(
            format!(
                "✅ {expert} รับเรื่อง {} แล้ว ตอบกลับ (reply) ข้อความนี้เพื่อส่งถึงเจ้าหน้าที่",
                case.case_ref
            ),
            format!(
                "✅ {expert} claimed {}. Reply to this message to write to the officer.",
                case.case_ref
            ),
        )
    }
    /// A relayed message; a photo or file without a caption travels under the header alone.
    pub fn relay(self, case: &Case, from: &str, text: &str) -> String {
        match text.is_empty() {
            true => format!("💬 {} · {from}", case.case_ref),
            false => format!("💬 {} · {from}\n{text}", case.case_ref),
        }
    }
    pub fn relay_edit(self, case: &Case, from: &str, text: &str) -> String {
        self.pick(
            format!("✏️ {} · {from} แก้ไขข้อความเป็น:\n{text}", case.case_ref),
            format!(
                "✏️ {} · {from} edited their message to:\n{text}",
                case.case_ref
            ),
        )
    }
    pub fn relayed(self) -> String {
        self.pick("ส่งแล้ว ✓", "Sent ✓")
    }
    pub fn noted(self, case: &Case, by: &str, text: &str) -> String {
        self.pick(
            format!("📝 บันทึกภายใน {} · {by}: {text}", case.case_ref),
            format!("📝 Internal note {} · {by}: {text}", case.case_ref),
        )
    }
    pub fn need_case(self) -> String {
        self.pick(
            "กรุณาตอบกลับ (reply) ข้อความของเรื่อง หรือระบุเลขที่เรื่อง เช่น KK-2569-000001",
            "Reply to a case message, or give the case reference, e.g. KK-2569-000001.",
        )
    }
    pub fn transferred_officer(
        self,
        case: &Case,
        to: &Agency,
        reason: &str,
        claim_by: DateTime<Utc>,
    ) -> String {
        self.pick(
            format!(
                "↪️ เรื่อง {} ถูกส่งต่อไปยัง «{}» ({reason})\nคาดว่าจะมีผู้รับเรื่องภายใน {} น.",
                case.case_ref,
                to.name_th,
                be_time(claim_by)
            ),
            format!(
                "↪️ Case {} was transferred to «{}» ({reason}).\nExpect someone to take it by {}.",
                case.case_ref,
                to.name_en,
                claim_by.format("%Y-%m-%d %H:%M UTC")
            ),
        )
    }
    pub fn transferred_group(self, case: &Case, to: &Agency) -> String {
        self.pick(
            format!("↪️ โอนเรื่อง {} ไปยัง «{}» แล้ว", case.case_ref, to.name_th),
            format!("↪️ {} transferred to «{}».", case.case_ref, to.name_en),
        )
    }
    pub fn resolved_officer(self, case: &Case, summary: &str) -> String {
        self.pick(
            format!(
                "✅ ผู้เชี่ยวชาญตอบเรื่อง {} แล้ว:\n{summary}\n\nกรุณายืนยันว่าได้คำตอบแล้ว หรือขอเปิดเรื่องอีกครั้ง",
                case.case_ref
            ),
            format!(
                "✅ The expert answered case {}:\n{summary}\n\nPlease confirm, or reopen the case.",
                case.case_ref
            ),
        )
    }
    pub fn button_confirm(self) -> String {
        self.pick("✅ ยืนยัน ปิดเรื่อง", "✅ Confirm and close")
    }
    pub fn button_reopen(self) -> String {
        self.pick("↩️ ขอเปิดเรื่องอีกครั้ง", "↩️ Reopen")
    }
    pub fn reopen_reason(self) -> String {
        self.pick("เจ้าหน้าที่ขอเปิดเรื่องอีกครั้ง", "the officer reopened the case")
    }
    pub fn resolved_group(self, case: &Case) -> String {
        self.pick(
            format!("✅ ตอบเรื่อง {} แล้ว รอเจ้าหน้าที่ยืนยัน", case.case_ref),
            format!(
                "✅ {} resolved; waiting for the officer to confirm.",
                case.case_ref
            ),
        )
    }
    pub fn reopened(self, case: &Case) -> String {
        self.pick(
            format!("↩️ เรื่อง {} ถูกเปิดอีกครั้ง", case.case_ref),
            format!("↩️ Case {} was reopened.", case.case_ref),
        )
    }
    pub fn ask_rating(self, case: &Case) -> String {
        self.pick(
            format!(
                "🙏 ปิดเรื่อง {} แล้ว ขอบคุณครับ\nกรุณาให้คะแนนความพึงพอใจ 1–5",
                case.case_ref
            ),
            format!(
                "🙏 Case {} is closed, thank you.\nPlease rate the service from 1 to 5.",
                case.case_ref
            ),
        )
    }
    pub fn closed_group(self, case: &Case) -> String {
        self.pick(
            format!("🔒 ปิดเรื่อง {} แล้ว", case.case_ref),
            format!("🔒 {} closed.", case.case_ref),
        )
    }
    pub fn closed_officer(self, case: &Case, reason: &str) -> String {
        self.pick(
            format!("🔒 ปิดเรื่อง {} แล้ว ({reason})", case.case_ref),
            format!("🔒 Case {} was closed ({reason}).", case.case_ref),
        )
    }
    pub fn auto_close_reason(self, days: i64) -> String {
        self.pick(
            format!("ไม่มีการยืนยันภายใน {days} วัน"),
            format!("not confirmed within {days} days"),
        )
    }
    pub fn rated(self, case: &Case, stars: u8) -> String {
        let shown = "⭐".repeat(usize::from(stars));
        self.pick(
            format!("{shown} เรื่อง {} ได้คะแนน {stars}/5", case.case_ref),
            format!("{shown} {} was rated {stars}/5", case.case_ref),
        )
    }
    pub fn thanks_rating(self) -> String {
        self.pick("ขอบคุณสำหรับคะแนนครับ 🙏", "Thank you for your rating 🙏")
    }
    /// The officer's resolved-case message once rated: its buttons are gone.
    pub fn closed_rated(self, case: &Case, stars: u8) -> String {
        self.pick(
            format!(
                "🔒 ปิดเรื่อง {} แล้ว ⭐{stars}\nขอบคุณสำหรับคะแนนครับ 🙏",
                case.case_ref
            ),
            format!(
                "🔒 Case {} closed ⭐{stars}\nThank you for your rating 🙏",
                case.case_ref
            ),
        )
    }
    /// The group's case post once claimed: who took it, and no Claim button.
    pub fn claimed_post(self, post: &str, expert: &str) -> String {
        self.pick(
            format!("{post}\n\n🙋 รับเรื่องโดย {expert}"),
            format!("{post}\n\n🙋 Claimed by {expert}"),
        )
    }
    pub fn small_talk(self, kind: super::small_talk::SmallTalk) -> String {
        use super::small_talk::SmallTalk;
        match kind {
            SmallTalk::Thanks => self.pick("ยินดีครับ 🙏", "You're welcome 🙏"),
            SmallTalk::Greeting => self.pick(
                "สวัสดีครับ 🙏 พิมพ์คำถามเรื่องจัดซื้อจัดจ้างได้เลยครับ",
                "Hello 🙏 Type your procurement question.",
            ),
            SmallTalk::Ok => self.pick("รับทราบครับ 👍", "Noted 👍"),
        }
    }
    pub fn cancelled(self, case: &Case) -> String {
        self.pick(
            format!("🚫 เรื่อง {} ถูกยกเลิก", case.case_ref),
            format!("🚫 Case {} was cancelled.", case.case_ref),
        )
    }
    pub fn reassigned(self, case: &Case, to: &str) -> String {
        self.pick(
            format!("👤 มอบหมายเรื่อง {} ให้ {to}", case.case_ref),
            format!("👤 {} reassigned to {to}.", case.case_ref),
        )
    }
    pub fn escalated(self, case: &Case, reason: &str) -> String {
        self.pick(
            format!("🚨 ยกระดับเรื่อง {}: {reason}", case.case_ref),
            format!("🚨 {} escalated: {reason}", case.case_ref),
        )
    }
    pub fn asked_officer(self, case: &Case, from: &str, text: &str) -> String {
        self.pick(
            format!(
                "❓ {} · {from} ขอข้อมูลเพิ่ม:\n{text}\nตอบกลับ (reply) ข้อความนี้",
                case.case_ref
            ),
            format!(
                "❓ {} · {from} needs more information:\n{text}\nReply to this message.",
                case.case_ref
            ),
        )
    }

    // ── lists and logs ─────────────────────────────────────────────────────────
    pub fn no_cases(self) -> String {
        self.pick("ยังไม่มีเรื่อง", "No cases.")
    }
    pub fn cases_header(self, count: usize) -> String {
        self.pick(
            format!("เรื่องทั้งหมด {count} เรื่อง:"),
            format!("{count} case(s):"),
        )
    }
    pub fn case_line(self, case: &Case, names: &Names) -> String {
        format!(
            "• {} · {} · {} · {}",
            case.case_ref,
            self.status(case.status),
            names.agency(&case.agency),
            case.subject.chars().take(60).collect::<String>()
        )
    }
    pub fn case_log(
        self,
        case: &Case,
        events: &[Event],
        with_notes: bool,
        names: &Names,
    ) -> String {
        let mut text = format!(
            "📂 {} · {} · {}\n{}",
            case.case_ref,
            self.status(case.status),
            names.agency(&case.agency),
            case.subject
        );
        for event in events {
            if !with_notes && matches!(event.what, EventKind::Noted { .. }) {
                continue;
            }
            let line = match self.0 {
                Lang::Th => format!(
                    "{}: {}",
                    names.person(event.by, event.role),
                    describe_th(event, names)
                ),
                Lang::En => format!(
                    "{} by {}",
                    event.what.name(),
                    names.person(event.by, event.role)
                ),
            };
            text.push_str(&format!("\n{} — {line}", be_time(event.at)));
        }
        text
    }

    // ── staff ──────────────────────────────────────────────────────────────────
    pub fn invite(self, code: &str, agency: &Agency, expires: DateTime<Utc>) -> String {
        self.pick(
            format!(
                "🎟️ รหัสเชิญผู้เชี่ยวชาญ «{}»: {code}\nให้ผู้เชี่ยวชาญพิมพ์ /join {code} (ใช้ได้ครั้งเดียว ถึง {} น.)",
                agency.name_th,
                be_time(expires)
            ),
            format!(
                "🎟️ Expert invite for «{}»: {code}\nThe expert types /join {code} (single use, until {}).",
                agency.name_en,
                expires.format("%Y-%m-%d %H:%M UTC")
            ),
        )
    }
    pub fn invite_link(self, link: &str) -> String {
        self.pick(
            format!("\nหรือกดลิงก์นี้แล้วกด Start: {link}"),
            format!("\nOr open this link and press Start: {link}"),
        )
    }
    pub fn joined(self, agency: &Agency) -> String {
        self.pick(
            format!("ยินดีต้อนรับ ท่านเป็นผู้เชี่ยวชาญของ «{}» แล้ว", agency.name_th),
            format!("Welcome: you are now an expert of «{}».", agency.name_en),
        )
    }
    pub fn bound_agency(self, agency: &Agency) -> String {
        self.pick(
            format!("🔗 กลุ่มนี้เป็นกลุ่มผู้เชี่ยวชาญของ «{}» แล้ว", agency.name_th),
            format!(
                "🔗 This group is now the expert group of «{}».",
                agency.name_en
            ),
        )
    }
    pub fn bound_coordinators(self) -> String {
        self.pick(
            "🔗 กลุ่มนี้เป็นกลุ่มผู้ประสานงานแล้ว",
            "🔗 This group is now the coordinators' group.",
        )
    }
    pub fn unknown_agency(self, code: &str) -> String {
        self.pick(
            format!("⛔ ไม่รู้จักหน่วยงาน «{code}»"),
            format!("⛔ Unknown agency «{code}»"),
        )
    }
    pub fn unknown_case(self, code: &str) -> String {
        self.pick(format!("⛔ ไม่พบเรื่อง {code}"), format!("⛔ No case {code}"))
    }
    pub fn unknown_user(self, id: &str) -> String {
        self.pick(format!("⛔ ไม่พบผู้ใช้ {id}"), format!("⛔ No user {id}"))
    }
    pub fn admins_only(self) -> String {
        self.pick("⛔ คำสั่งนี้สำหรับผู้ดูแลระบบเท่านั้น", "⛔ Only admins may do this.")
    }
    pub fn unbound_group(self) -> String {
        self.pick(
            "กลุ่มนี้ยังไม่ได้ผูกกับหน่วยงาน ผู้ดูแลระบบใช้ /bind หน่วยงาน หรือ /bind coordinators",
            "This group is not bound yet; an admin uses /bind AGENCY or /bind coordinators.",
        )
    }
    pub fn role_now(self, role: &str) -> String {
        self.pick(format!("ตอนนี้ท่านคือ: {role}"), format!("You are now: {role}"))
    }
}

/// `/plan` words.
impl Say {
    pub fn plan_choose_method(self) -> String {
        self.pick(
            "🗓️ วางแผนระยะเวลาจัดซื้อจัดจ้าง: เลือกวิธีจัดหา",
            "🗓️ Plan a procurement timeline: choose the method",
        )
    }
    pub fn plan_ask_amount(self, method: &str) -> String {
        self.pick(
            format!("วิธี «{method}»: วงเงินงบประมาณเท่าไรครับ (เช่น 2,500,000 หรือ 2.5 ล้านบาท)"),
            format!("Method «{method}»: what is the estimate in baht (e.g. 2,500,000)?"),
        )
    }
    pub fn plan_bad_amount(self) -> String {
        self.pick(
            "อ่านวงเงินไม่ออก กรุณาพิมพ์ตัวเลข เช่น 2,500,000",
            "I could not read that amount; type a number such as 2,500,000.",
        )
    }
    pub fn plan_bad_date(self, max_years: i64) -> String {
        self.pick(
            format!(
                "⛔ อ่านวันที่เริ่มไม่ออก หรือวันที่ห่างจากวันนี้เกิน {max_years} ปี กรุณาพิมพ์วันที่ที่มีจริง เช่น เริ่ม 5 ม.ค. 69 หรือ เริ่ม 5/1/2569"
            ),
            format!(
                "⛔ I could not read the start date, or it is more than {max_years} years from today; type a real date, e.g. start 5/1/2569."
            ),
        )
    }
    pub fn plan_unavailable(self) -> String {
        self.pick(
            "ยังไม่มีข้อมูลระยะเวลาในคลังความรู้",
            "No timeline rules in the knowledge folder.",
        )
    }
    pub fn plan_files(self) -> String {
        self.pick(
            "ไฟล์ปฏิทิน (ICS) และตาราง (XLSX) ของแผนนี้",
            "The plan as a calendar (ICS) and a spreadsheet (XLSX)",
        )
    }
    pub fn plan_error(self, error: &str) -> String {
        format!("⛔ {error}")
    }
}
