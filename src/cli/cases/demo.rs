//! `clinic cases demo`: a few realistic cases, made through the store like the desk would.
use crate::cli::database::{DatabaseArgs, sync};
use chrono::{Duration, Utc};
use clinic::cases::{Actor, AgencyCode, Command, Role, UserId};
use clinic::store::{Store, no_messages};
use std::io::Write;
use std::path::Path;

/// Subject, first agency, then who does what.
type Story<'a> = (&'a str, &'a AgencyCode, Vec<(&'a Actor, Command)>);

pub async fn run<S: Store>(
    store: &S,
    knowledge: &Path,
    db: &DatabaseArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    sync(store, knowledge, db).await?;
    let mut now = Utc::now() - Duration::days(2);
    let admin = Actor::admin(UserId(9000));
    store.bootstrap_admins(&[admin.user], now).await?;
    store
        .register_officer(UserId(9001), "ผู้ประสาน ตัวอย่าง", "ศูนย์ประสาน", now)
        .await?;
    let coordinator = store
        .set_role(&admin, UserId(9001), Role::Coordinator)
        .await?
        .actor();
    let officer = store
        .register_officer(UserId(9101), "สมชาย ใจดี", "อบต.บ้านเป็ด", now)
        .await?
        .actor();
    let expert = async |id: i64, name: &str, agency: &AgencyCode| -> anyhow::Result<Actor> {
        let invite = store
            .create_invite(&coordinator, agency, now, Duration::days(1))
            .await?;
        Ok(store
            .redeem_invite(UserId(id), name, &invite.code, now)
            .await?
            .actor())
    };
    let treasury = AgencyCode::parse("treasury")?;
    let highways = AgencyCode::parse("highways")?;
    let comptroller = expert(9201, "นักวิชาการคลัง", &treasury).await?;
    let engineer = expert(9301, "วิศวกรทาง", &highways).await?;

    let stories: [Story; 3] = [
        (
            "ราคากลางงานซ่อมถนนลูกรัง คิดอย่างไร",
            &treasury,
            vec![
                (&comptroller, Command::Claim),
                (
                    &comptroller,
                    Command::Transfer {
                        to: highways.clone(),
                        reason: "งานทาง".into(),
                    },
                ),
                (&engineer, Command::Claim),
                (
                    &engineer,
                    Command::Resolve {
                        summary: "ใช้ราคากลางงานทางของกรมทางหลวง".into(),
                    },
                ),
                (&officer, Command::Confirm),
                (&officer, Command::Rate { stars: 5 }),
            ],
        ),
        (
            "หลักประกันสัญญาคืนเมื่อไร",
            &treasury,
            vec![
                (&comptroller, Command::Claim),
                (
                    &comptroller,
                    Command::AskOfficer {
                        text: "ขอสำเนาสัญญา".into(),
                    },
                ),
            ],
        ),
        ("เข้าระบบ e-GP ไม่ได้", &treasury, vec![]),
    ];
    for (subject, agency, steps) in stories {
        let case = store
            .open_case(&officer, agency, subject, now, no_messages)
            .await?;
        for (actor, command) in steps {
            now += Duration::minutes(40);
            store
                .act(actor, &case.case_ref, command, now, no_messages)
                .await?;
        }
        writeln!(out, "{}\t{subject}", case.case_ref)?;
    }
    Ok(())
}
