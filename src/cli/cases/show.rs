//! `clinic cases show REF`: the whole log, Thai labels, Buddhist-era Bangkok times.
use crate::cli::database::operator;
use clinic::cases::CaseRef;
use clinic::cases::labels::{be_time, describe_th};
use clinic::store::Store;
use std::io::Write;

pub async fn run<S: Store>(store: &S, case_ref: &str, out: &mut impl Write) -> anyhow::Result<()> {
    let case_ref = CaseRef::parse(case_ref)?;
    let case = store.case(&operator(), &case_ref).await?;
    writeln!(out, "เรื่อง {} — {}", case.case_ref, case.subject)?;
    writeln!(
        out,
        "สถานะ: {} ({})",
        case.status.label_th(),
        case.status.as_str()
    )?;
    let events = store.events(&operator(), &case_ref).await?;
    let names = clinic::store::names_in(store, &events).await?;
    writeln!(out, "หน่วยงาน: {}", names.agency(&case.agency))?;
    writeln!(out, "เปิดเมื่อ: {}", be_time(case.opened_at))?;
    if let Some(into) = &case.merged_into {
        writeln!(out, "รวมเข้ากับ: {into}")?;
    }
    for from in &case.merged_from {
        writeln!(out, "เรื่องซ้ำที่รวมเข้ามา: {from}")?;
    }
    if let Some(stars) = case.rating {
        writeln!(out, "คะแนน: {stars}/5")?;
    }
    writeln!(out)?;
    for event in &events {
        let who = names.person(event.by, event.role);
        writeln!(
            out,
            "{}  [{who}]  {}",
            be_time(event.at),
            describe_th(event, &names)
        )?;
    }
    Ok(())
}
