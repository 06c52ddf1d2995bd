//! The words of the calendar feed (`feed.rs`), Thai: a feed is read in a phone's calendar,
//! beside the events of a Thai office.
use crate::cases::Case;
use crate::spending::{Percent, UnitStanding};
use crate::thai::Baht;

pub fn calendar_name(owner: &str) -> String {
    format!("คลินิกจัดซื้อจัดจ้าง — {owner}")
}

pub fn plan_step(basis: &str, amount_satang: i64) -> String {
    format!(
        "วงเงิน {}\nข้อกฎหมาย: {basis}\nจากแผนที่สร้างด้วยคำสั่ง /plan ในบอทคลินิกจัดซื้อจัดจ้าง",
        Baht::from_satang(amount_satang)
    )
}

pub fn case_due(case: &Case, clock: &str) -> String {
    format!("⏰ {} — {clock}", case.case_ref)
}

pub fn case_waiting(case: &Case) -> String {
    format!("⏸ {} — รอข้อมูลจากเจ้าหน้าที่ (หยุดนับ SLA)", case.case_ref)
}

pub fn case_description(case: &Case, link: &str) -> String {
    format!(
        "{}\nกำหนดเวลาตาม SLA ของหน่วยงาน นับเป็นชั่วโมงทำการ (knowledge/agencies.toml)\n{link}",
        case.subject
    )
}

pub fn quarter_target(quarter: usize, fiscal_year_be: i32, overall: Percent) -> String {
    format!("🎯 สิ้นไตรมาส {quarter} ปีงบ {fiscal_year_be}: เป้าเบิกจ่ายภาพรวม {overall}%")
}

pub fn quarter_target_description(
    recurrent: Percent,
    investment: Percent,
    source: &str,
    link: &str,
) -> String {
    format!("งบประจำ {recurrent}% · งบลงทุน {investment}%\nที่มา: {source}\n{link}")
}

pub fn lagging_unit(unit: &str) -> String {
    format!("⚠️ เบิกจ่ายต่ำกว่าเป้า: {unit}")
}

pub fn lagging_description(unit: &UnitStanding, link: &str) -> String {
    format!(
        "เบิกจ่าย {} ({}%) ต่ำกว่าเป้า {}\nเทียบเป้าหมายการเบิกจ่ายตามมติคณะรัฐมนตรี (knowledge/targets/)\n{link}",
        unit.disbursed, unit.disbursed_percent, unit.gap
    )
}
