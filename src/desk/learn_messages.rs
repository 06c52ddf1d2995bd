//! The words of courses (`/learn`) and calendar feeds (`/calendar`), Thai first, English after
//! `/lang en`; kept beside `messages.rs` in its style.
use super::messages::Say;
use crate::knowledge::{Course, Entry, Quiz, answer_text};
use crate::store::QuizAnswer;

impl Say {
    pub fn no_courses(self) -> String {
        self.pick("ยังไม่มีบทเรียน", "There are no courses yet.")
    }
    pub fn choose_course(self) -> String {
        self.pick(
            "📚 เลือกบทเรียน (ทำต่อจากที่ค้างไว้ได้):",
            "📚 Pick a course (you continue where you left off):",
        )
    }
    pub fn course_button(self, course: &Course, answered: usize) -> String {
        let title = self.pick(&course.title_th, &course.title_en);
        format!("{title} ({answered}/{})", course.quiz_count())
    }
    /// A lesson: its entry's title, short answer (with the caveat of an unverified entry) and
    /// legal basis.
    pub fn lesson(self, course: &Course, lesson: usize, entry: &Entry) -> String {
        let mut text = self.pick(
            format!(
                "📖 {} — บทที่ {}/{}\n{}\n\n{}",
                course.title_th,
                lesson + 1,
                course.lessons.len(),
                entry.title,
                answer_text(entry)
            ),
            format!(
                "📖 {} — lesson {}/{}\n{}\n\n{}",
                course.title_en,
                lesson + 1,
                course.lessons.len(),
                entry.title,
                answer_text(entry)
            ),
        );
        if !entry.citations.is_empty() {
            text.push_str(&self.pick("\n\n⚖️ ข้อกฎหมาย: ", "\n\n⚖️ Legal basis: "));
            text.push_str(&entry.citation_lines().join("; "));
        }
        text
    }
    pub fn quiz_question(self, quiz: &Quiz, index: usize, of: usize) -> String {
        self.pick(
            format!("❓ คำถาม {}/{of}: {}", index + 1, quiz.question),
            format!("❓ Question {}/{of}: {}", index + 1, quiz.question),
        )
    }
    pub fn quiz_explanation(self, quiz: &Quiz, right: bool, basis: Option<&str>) -> String {
        let verdict = match (right, quiz.options.iter().find(|o| o.right)) {
            (true, _) => self.pick("✅ ถูกต้อง", "✅ Right"),
            (false, Some(answer)) => self.pick(
                format!("❌ ยังไม่ถูก คำตอบคือ «{}»", answer.text),
                format!("❌ Not quite: the answer is «{}»", answer.text),
            ),
            (false, None) => self.pick("❌ ยังไม่ถูก", "❌ Not quite"),
        };
        let mut text = format!("{verdict}\n{}", quiz.explanation);
        if let Some(basis) = basis {
            text.push_str(&self.pick("\n⚖️ ข้อกฎหมาย: ", "\n⚖️ Legal basis: "));
            text.push_str(basis);
        }
        text
    }
    pub fn read_entry(self, title: &str) -> String {
        self.pick(format!("📘 อ่านเรื่อง: {title}"), format!("📘 Read: {title}"))
    }
    pub fn quiz_already_answered(self) -> String {
        self.pick(
            "ข้อนี้ตอบไปแล้ว คำตอบแรกเป็นคะแนน พิมพ์ /learn เพื่อทำต่อ",
            "You answered this one already; the first answer counts. Type /learn to go on.",
        )
    }
    pub fn course_done(self, course: &Course, answers: &[QuizAnswer]) -> String {
        let right = answers.iter().filter(|a| a.correct).count();
        let total = course.quiz_count();
        self.pick(
            format!(
                "🎓 จบบทเรียน «{}» แล้ว คะแนน {right}/{total}\nพิมพ์ /learn เพื่อเลือกบทเรียนอื่น",
                course.title_th
            ),
            format!(
                "🎓 You finished «{}»: {right}/{total} right.\nType /learn for another course.",
                course.title_en
            ),
        )
    }

    // ── calendar feeds ─────────────────────────────────────────────────────────
    pub fn calendar_link(self, url: &str) -> String {
        self.pick(
            format!(
                "📅 ลิงก์ปฏิทินส่วนตัวของท่าน (เพิ่มในแอปปฏิทินแบบ «สมัครรับ/Subscribe» อย่าส่งต่อ):\n{url}\nมีแผนจัดซื้อจัดจ้างที่บันทึกจาก /plan เรื่องที่ท่านรับไว้พร้อมกำหนด SLA และเป้าการเบิกจ่ายสิ้นไตรมาส (ผู้ประสานงาน)\nลิงก์เดิมใช้ไม่ได้แล้ว · /calendar off — ยกเลิกลิงก์"
            ),
            format!(
                "📅 Your private calendar address (add it to your calendar app as a subscription; do not share):\n{url}\nIt holds the plans you saved with /plan, the cases you claimed with their SLA times and, for coordinators, the quarter-end disbursement targets.\nYour earlier address no longer works · /calendar off — revoke it"
            ),
        )
    }
    pub fn calendar_revoked(self, count: u64) -> String {
        self.pick(
            format!("🗑 ยกเลิกลิงก์ปฏิทินแล้ว ({count} ลิงก์) พิมพ์ /calendar เพื่อขอลิงก์ใหม่"),
            format!("🗑 Calendar address revoked ({count}). Type /calendar for a new one."),
        )
    }
    pub fn plan_saved_to_calendar(self) -> String {
        self.pick(
            "📅 บันทึกแผนนี้ในปฏิทินของท่านแล้ว (/calendar)",
            "📅 This plan is now in your calendar feed (/calendar).",
        )
    }
}
