//! Every sentence of the spending alerts and the brief, Thai first; officers read theirs in
//! their own language, the coordinators' group in Thai with a short English line.
use super::{Brief, UnitStanding};
use crate::lang::Lang;
use crate::thai::{Baht, format_thai_date_short};
use chrono::NaiveDate;

/// A knowledge entry to read: (id, title).
pub type Advice = (String, String);

fn be(date: NaiveDate) -> String {
    format_thai_date_short(date)
}

fn money(amount: Baht, lang: Lang) -> String {
    match lang {
        Lang::Th => amount.to_string(),
        Lang::En => amount.to_string().replace("บาท", "baht"),
    }
}

/// To a lagging unit's officers: their figures and what to read.
pub fn unit_alert(
    unit: &UnitStanding,
    as_of: NaiveDate,
    fiscal_year_be: i32,
    advice: &[Advice],
    lang: Lang,
) -> String {
    let mut text = match lang {
        Lang::Th => format!(
            "📉 ผลการเบิกจ่ายของ {} ต่ำกว่าเป้าหมาย\nข้อมูล ณ {} (ปีงบประมาณ {fiscal_year_be})\n",
            unit.unit,
            be(as_of)
        ),
        Lang::En => format!(
            "📉 {} is behind its disbursement target\nFigures as of {} (fiscal year {fiscal_year_be})\n",
            unit.unit,
            be(as_of)
        ),
    };
    let (disbursed, of, target, short) = match lang {
        Lang::Th => ("เบิกจ่าย", "จาก", " เป้าหมาย", "ขาดอีก"),
        Lang::En => ("disbursed", "of", ", target", "short by"),
    };
    for line in &unit.lines {
        let label = match lang {
            Lang::Th => line.label_th(),
            Lang::En => line.label_en(),
        };
        text += &format!(
            "• {label}: {disbursed} {} {of} {} ({}%){target} {}% = {}",
            money(line.disbursed, lang),
            money(line.allocated, lang),
            line.disbursed_percent,
            line.target,
            money(line.expected, lang)
        );
        if line.shortfall.satang() > 0 {
            text += &format!(" — {short} {}", money(line.shortfall, lang));
        }
        text.push('\n');
    }
    if !advice.is_empty() {
        text += match lang {
            Lang::Th => "\nแนวทางเร่งรัดการเบิกจ่าย (ถามบอทด้วยหัวข้อนี้ได้เลย):\n",
            Lang::En => "\nHow to speed up disbursement (ask the bot about any of these):\n",
        };
        for (id, title) in advice {
            text += &format!("• {title} [{id}]\n");
        }
    }
    text += match lang {
        Lang::Th => "ติดขัดเรื่องใด พิมพ์ถามหรือเปิดเรื่องถึงคลินิกได้ที่แชทนี้",
        Lang::En => "Stuck on something? Ask here or open a case with the clinic.",
    };
    text
}

/// A visit the system proposes: (unit, case reference or why none was opened, subgroup name).
pub struct ProposedVisit {
    pub unit: String,
    pub case_ref: Option<String>,
    pub subgroup: Option<String>,
}

/// To the coordinators: every lagging unit, furthest behind first, and the visits proposed.
pub fn coordinators_list(
    lagging: &[UnitStanding],
    as_of: NaiveDate,
    fiscal_year_be: i32,
    visits: &[ProposedVisit],
) -> String {
    let mut text = format!(
        "📊 หน่วยงานที่เบิกจ่ายต่ำกว่าเป้าหมาย ณ {} (ปีงบประมาณ {fiscal_year_be}): {} หน่วย \
         เรียงตามส่วนต่างเป็นบาท\n(units behind target, ranked by gap in baht)\n",
        be(as_of),
        lagging.len()
    );
    for (i, unit) in lagging.iter().enumerate() {
        text += &format!(
            "{}. {} — ขาด {} (เบิกจ่าย {}%)\n",
            i + 1,
            unit.unit,
            unit.gap,
            unit.disbursed_percent
        );
    }
    if !visits.is_empty() {
        text += "\n🚐 เสนอส่งทีมคลินิกเคลื่อนที่ (ต่ำกว่าเป้า 2 รอบข้อมูลติดกัน) / proposed visits:\n";
        for visit in visits {
            let group = visit.subgroup.as_deref().unwrap_or("ไม่มีกลุ่มย่อยดูแล");
            text += &match &visit.case_ref {
                Some(r) => format!("• {} — เรื่อง {r} ({group})\n", visit.unit),
                None => format!(
                    "• {} — ยังเปิดเรื่องไม่ได้: ไม่มีกลุ่มย่อยดูแลหรือไม่มีเจ้าหน้าที่ลงทะเบียน ({group})\n",
                    visit.unit
                ),
            };
        }
    }
    text
}

/// The visit case's subject (the case log and the agency's group read it).
pub fn visit_subject(unit: &UnitStanding, as_of: NaiveDate, subgroup_th: &str) -> String {
    format!(
        "ลงพื้นที่คลินิกเคลื่อนที่: {} เบิกจ่ายต่ำกว่าเป้าหมาย 2 รอบข้อมูลติดกัน \
         (ณ {} เบิกจ่าย {}% ขาด {}) — {subgroup_th}",
        unit.unit,
        be(as_of),
        unit.disbursed_percent,
        unit.gap
    )
}

pub fn brief_text(brief: &Brief, lang: Lang) -> String {
    let mut text = match lang {
        Lang::Th => format!(
            "📊 สรุปผู้บริหาร: การเบิกจ่ายปีงบประมาณ {} ณ {}\n",
            brief.fiscal_year_be,
            be(brief.as_of)
        ),
        Lang::En => format!(
            "📊 Executive brief: fiscal year {} disbursement as of {}\n",
            brief.fiscal_year_be,
            be(brief.as_of)
        ),
    };
    for (i, b) in brief.budgets.iter().enumerate() {
        let (label, of, target) = match lang {
            Lang::Th => (b.label_th(), "จาก", "เป้าหมาย"),
            Lang::En => (b.label_en(), "of", "target"),
        };
        text += &format!(
            "{}. {label}: {}% ({target} {}%) — {} {of} {}",
            i + 1,
            b.disbursed_percent,
            b.target,
            money(b.disbursed, lang),
            money(b.allocated, lang)
        );
        if b.behind() {
            text += &match lang {
                Lang::Th => format!(", ขาด {}", money(b.shortfall, lang)),
                Lang::En => format!(", short by {}", money(b.shortfall, lang)),
            };
        }
        text.push('\n');
    }
    text += &match lang {
        Lang::Th => format!(
            "\nต่ำกว่าเป้าหมาย {} จาก {} หน่วย; ห่างเป้ามากที่สุด:\n",
            brief.lagging_units, brief.units
        ),
        Lang::En => format!(
            "\n{} of {} units behind target; furthest behind:\n",
            brief.lagging_units, brief.units
        ),
    };
    let short = match lang {
        Lang::Th => "ขาด",
        Lang::En => "short by",
    };
    for (i, unit) in brief.behind.iter().enumerate() {
        text += &format!(
            "{}. {} — {short} {} ({}%)\n",
            i + 1,
            unit.unit,
            money(unit.gap, lang),
            unit.disbursed_percent
        );
    }
    text += &match lang {
        Lang::Th => format!(
            "\nเรื่องที่ยังไม่ปิด {} เรื่อง · ลงพื้นที่ที่ยังไม่ปิด {} แห่ง",
            brief.open_cases, brief.open_visits
        ),
        Lang::En => format!(
            "\nOpen cases: {} · open visits: {}",
            brief.open_cases, brief.open_visits
        ),
    };
    text
}

/// The chart's caption: what its bars are.
pub fn chart_caption(lang: Lang) -> String {
    match lang {
        Lang::Th => "แผนภูมิ: แถบ 1–3 = ภาพรวม งบประจำ งบลงทุน (สีน้ำเงิน = เบิกจ่าย, ขีดแดง = เป้าหมาย); \
             แถบสีส้ม = หน่วยงานตามลำดับในข้อความ ยาวตามส่วนต่างเป็นบาท"
            .into(),
        Lang::En => {
            "Chart: bars 1–3 = overall, recurrent, investment (blue = disbursed, red tick = \
             target); orange bars = the units listed, in order, by gap in baht"
                .into()
        }
    }
}

pub fn no_snapshot(lang: Lang) -> String {
    match lang {
        Lang::Th => "ยังไม่มีข้อมูลการเบิกจ่าย — นำเข้าด้วยคำสั่ง clinic spending import FILE".into(),
        Lang::En => {
            "No disbursement figures yet — import them with clinic spending import FILE".into()
        }
    }
}

/// The visit's post to the agency's group (Thai, with a short English line).
pub fn visit_post(case: &crate::cases::Case) -> String {
    format!(
        "🚐 {} {}\nกรุณากดรับเรื่องและนัดหมายกับหน่วยงาน (ตอบกลับข้อความนี้เพื่อคุยกับเจ้าหน้าที่ของหน่วยงาน)\n\
         (mobile-clinic visit proposed: claim it and arrange the visit; reply to reach the unit's officer)",
        case.case_ref, case.subject
    )
}

/// To the unit's officer who is the visit's officer side.
pub fn visit_officer(case: &crate::cases::Case) -> String {
    format!(
        "🚐 ศูนย์ฯ เสนอส่งทีมคลินิกเคลื่อนที่ไปช่วยหน่วยงานของท่านเรื่องการเบิกจ่าย (เรื่อง {}) \
         ทีมจะติดต่อนัดหมาย ตอบกลับข้อความนี้เพื่อแจ้งปัญหาที่พบได้เลย\n\
         (A mobile-clinic visit to your unit is proposed, case {}: the team will contact you; \
         reply here to tell them what is holding disbursement up.)",
        case.case_ref, case.case_ref
    )
}
