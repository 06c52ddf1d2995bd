//! `clinic plan`: a procurement timeline from a start date or back from a contract date
//! (design.md, "Command-line contract").
use anyhow::{Context, bail};
use chrono::{NaiveDate, Utc};
use clinic::timeline::{Baht, Calendar, PlanRequest, Rules, export, plan_backward, plan_forward};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("anchor").required(true).args(["start", "contract"])))]
#[command(group(clap::ArgGroup::new("format").args(["json", "csv", "ics", "xlsx"])))]
pub struct PlanArgs {
    /// Method code: e-bidding, e-market, selection, specific, price-quotation.
    #[arg(long)]
    pub method: String,
    /// Estimate in baht: 2500000 or 2,500,000.
    #[arg(long)]
    pub amount: String,
    /// Plan forward from this date (2026-01-05 or Buddhist era 5/1/2569).
    #[arg(long)]
    pub start: Option<String>,
    /// Plan backward from this contract date: the latest start.
    #[arg(long)]
    pub contract: Option<String>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Print CSV.
    #[arg(long)]
    pub csv: bool,
    /// Print iCalendar (one all-day event per step).
    #[arg(long)]
    pub ics: bool,
    /// Write an XLSX workbook to FILE.
    #[arg(long, value_name = "FILE")]
    pub xlsx: Option<PathBuf>,
    /// Lengthen a step: ID=N days (repeatable). Shorter than the minimum is refused unless an
    /// `--exception` covers the step.
    #[arg(long = "days", value_name = "ID=N")]
    pub days: Vec<String>,
    /// A cited exception of `knowledge/timelines.toml` (`[[exceptions]]` id) under which a step
    /// may be shorter than the regulation's minimum (repeatable); the plan shows its basis.
    #[arg(long = "exception", value_name = "ID")]
    pub exceptions: Vec<String>,
}

pub fn run(knowledge: &Path, args: PlanArgs) -> anyhow::Result<()> {
    let rules = Rules::load(knowledge)?;
    let calendar = Calendar::load(knowledge)?;
    let mut request = PlanRequest::new(&args.method, Baht::parse(&args.amount)?);
    for item in &args.days {
        let (id, n) = parse_days(item)?;
        request = request.with_days(id, n);
    }
    for id in &args.exceptions {
        request = request.under_exception(id);
    }
    let plan = match (&args.start, &args.contract) {
        (Some(start), _) => plan_forward(&rules, &calendar, &request, parse_date(start)?)?,
        (None, Some(contract)) => {
            plan_backward(&rules, &calendar, &request, parse_date(contract)?)?
        }
        (None, None) => bail!("ต้องระบุ --start หรือ --contract / give --start or --contract"),
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &plan)?;
        writeln!(out)?;
    } else if args.csv {
        out.write_all(export::csv(&plan)?.as_bytes())?;
    } else if args.ics {
        out.write_all(export::ics(&plan, Utc::now().naive_utc()).as_bytes())?;
    } else if let Some(path) = &args.xlsx {
        let bytes = export::xlsx(&plan)?;
        std::fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))?;
        writeln!(out, "{}", path.display())?;
        for warning in &plan.warnings {
            writeln!(out, "⚠ {warning}")?;
        }
    } else {
        out.write_all(export::table(&plan).as_bytes())?;
    }
    Ok(())
}

/// `publish=7`.
fn parse_days(item: &str) -> anyhow::Result<(&str, u32)> {
    let (id, n) = item.split_once('=').with_context(|| {
        format!("--days {item}: ใช้รูปแบบ ID=N เช่น publish=7 / use ID=N, e.g. publish=7")
    })?;
    let n = n
        .trim()
        .parse()
        .with_context(|| format!("--days {item}: N ต้องเป็นจำนวนเต็ม / N must be a whole number"))?;
    Ok((id.trim(), n))
}

/// ISO `2026-01-05` or Buddhist-era `5/1/2569`. A stand-in until `thai::parse_date` exists.
fn parse_date(text: &str) -> anyhow::Result<NaiveDate> {
    let text = text.trim();
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(date);
    }
    let parts: Vec<&str> = text.split('/').collect();
    if let [day, month, year] = parts.as_slice()
        && let (Ok(day), Ok(month), Ok(year)) = (day.parse(), month.parse(), year.parse::<i32>())
    {
        // Years this large are Buddhist era (CE + 543); officers write dates that way.
        let year = if year > 2400 { year - 543 } else { year };
        if let Some(date) = NaiveDate::from_ymd_opt(year, month, day) {
            return Ok(date);
        }
    }
    bail!(
        "อ่านวันที่ \"{text}\" ไม่ได้: ใช้ 2026-01-05 หรือ 5/1/2569 / cannot read the date \"{text}\": use 2026-01-05 or 5/1/2569"
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn buddhist_era_and_iso_dates_agree() {
        assert_eq!(
            parse_date("5/1/2569").unwrap(),
            parse_date("2026-01-05").unwrap()
        );
        assert!(parse_date("31/2/2569").is_err());
    }

    #[test]
    fn days_override_reads_id_and_number() {
        assert_eq!(parse_days("publish=7").unwrap(), ("publish", 7));
        assert!(parse_days("publish").is_err());
    }
}
