//! Command menus per chat kind (`setMyCommands`): officers see theirs in private chats, experts
//! and coordinators theirs in groups. Thai descriptions; a failure is logged, not fatal.
use teloxide::RequestError;
use teloxide::payloads::SetMyCommandsSetters;
use teloxide::prelude::*;
use teloxide::types::{BotCommand, BotCommandScope};

const PRIVATE: &[(&str, &str)] = &[
    ("start", "เริ่มต้น / ลงทะเบียน"),
    ("help", "คำสั่งทั้งหมด"),
    ("case", "ส่งเรื่องถึงผู้เชี่ยวชาญ"),
    ("mycases", "เรื่องของฉัน"),
    ("plan", "วางแผนระยะเวลาจัดซื้อจัดจ้าง"),
    ("join", "เข้าร่วมเป็นผู้เชี่ยวชาญด้วยรหัสเชิญ"),
    ("lang", "ภาษา th / en"),
];

const GROUP: &[(&str, &str)] = &[
    ("help", "คำสั่งทั้งหมด"),
    ("cases", "เรื่องที่ยังไม่ปิด"),
    ("case", "ประวัติเรื่อง"),
    ("note", "บันทึกภายใน"),
    ("ask", "ขอข้อมูลเพิ่มจากเจ้าหน้าที่"),
    ("transfer", "โอนเรื่องไปหน่วยงานอื่น"),
    ("resolve", "ตอบข้อหารือ"),
    ("join", "เข้าร่วมหน่วยงานด้วยรหัสเชิญ"),
    ("invite", "ออกรหัสเชิญผู้เชี่ยวชาญ"),
    ("reassign", "มอบหมายเรื่องใหม่"),
    ("bind", "ผูกกลุ่มกับหน่วยงาน"),
    ("summary", "สรุปประจำสัปดาห์ (ผู้ประสานงาน)"),
    ("brief", "สรุปผู้บริหาร: การเบิกจ่ายเทียบเป้าหมาย (ผู้ประสานงาน)"),
    ("dashboard", "ลิงก์เข้าแดชบอร์ด (ส่งทางแชทส่วนตัว)"),
];

fn commands(list: &[(&str, &str)]) -> Vec<BotCommand> {
    list.iter().map(|(c, d)| BotCommand::new(*c, *d)).collect()
}

pub async fn set<R: Requester<Err = RequestError>>(bot: &R) {
    for (scope, list) in [
        (BotCommandScope::AllPrivateChats, PRIVATE),
        (BotCommandScope::AllGroupChats, GROUP),
    ] {
        if let Err(e) = bot.set_my_commands(commands(list)).scope(scope).await {
            tracing::warn!(%e, "setMyCommands failed");
        }
    }
}
