//! The arithmetic of one step: its end from its start, its start from the previous step's end,
//! and the exact inverses ("the latest start whose end is still on time"). Each inverse `g` of a
//! forward map `f` satisfies `f(x) <= y  ⇔  x <= g(y)` for every date, so composing the inverses
//! in reverse order gives the latest start of a whole plan — backward is the inverse of forward.
use super::calendar::{minus_days, plus_days, prev};
use super::rules::{Counting, DayKind, Starts};
use super::{Calendar, TimelineError};
use chrono::NaiveDate;

/// End of a step of `days` starting on `start` (B0.1–B0.3).
pub(crate) fn end_of(
    cal: &Calendar,
    count: Counting,
    kind: DayKind,
    start: NaiveDate,
    days: u32,
) -> Result<NaiveDate, TimelineError> {
    match (count, kind) {
        (Counting::FromNextDay, DayKind::Working) => cal.add_working_days(start, days),
        // B0.3: a calendar-day period that ends on a holiday ends on the next working day.
        (Counting::FromNextDay, DayKind::Calendar) => {
            cal.working_day_on_or_after(plus_days(start, days)?)
        }
        (Counting::Inclusive, DayKind::Working) => {
            let first = cal.working_day_on_or_after(start)?;
            cal.add_working_days(first, days.saturating_sub(1))
        }
        (Counting::Inclusive, DayKind::Calendar) => {
            cal.working_day_on_or_after(plus_days(start, days.saturating_sub(1))?)
        }
    }
}

/// The latest start whose step still ends on or before `end`.
pub(crate) fn latest_start(
    cal: &Calendar,
    count: Counting,
    kind: DayKind,
    end: NaiveDate,
    days: u32,
) -> Result<NaiveDate, TimelineError> {
    match (count, kind) {
        (Counting::FromNextDay, DayKind::Working) if days == 0 => Ok(end),
        (Counting::FromNextDay, DayKind::Working) => {
            // The N-th working day counting back from `end` must still be after the start.
            let last = cal.working_day_on_or_before(end)?;
            prev(cal.sub_working_days(last, days - 1)?)
        }
        (Counting::FromNextDay, DayKind::Calendar) => {
            minus_days(cal.working_day_on_or_before(end)?, days)
        }
        (Counting::Inclusive, DayKind::Working) => {
            let last = cal.working_day_on_or_before(end)?;
            cal.sub_working_days(last, days.saturating_sub(1))
        }
        (Counting::Inclusive, DayKind::Calendar) => {
            minus_days(cal.working_day_on_or_before(end)?, days.saturating_sub(1))
        }
    }
}

/// Start of a step whose previous step ended on `previous_end`.
pub(crate) fn start_after(
    cal: &Calendar,
    starts: Starts,
    previous_end: NaiveDate,
) -> Result<NaiveDate, TimelineError> {
    match starts {
        Starts::SameDay => Ok(previous_end),
        Starts::NextWorkingDay => cal.next_working_day(previous_end),
    }
}

/// The latest end of the previous step that still lets this step start by `start`.
pub(crate) fn latest_previous_end(
    cal: &Calendar,
    starts: Starts,
    start: NaiveDate,
) -> Result<NaiveDate, TimelineError> {
    match starts {
        Starts::SameDay => Ok(start),
        Starts::NextWorkingDay => prev(cal.working_day_on_or_before(start)?),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::timeline::calendar::{Holiday, YearList};
    use proptest::prelude::*;

    fn calendar() -> Calendar {
        let mut cal = Calendar::default();
        let holidays = [(4, 6), (4, 13), (4, 14), (4, 15), (5, 4), (5, 13)]
            .into_iter()
            .map(|(m, d)| Holiday {
                date: NaiveDate::from_ymd_opt(2026, m, d).unwrap(),
                name_th: "หยุด".into(),
                name_en: "off".into(),
                verified: true,
            })
            .collect();
        cal.add_year(YearList {
            year: 2026,
            provisional: false,
            holidays,
        });
        cal
    }

    fn any_count() -> impl Strategy<Value = (Counting, DayKind)> {
        prop_oneof![
            Just((Counting::FromNextDay, DayKind::Working)),
            Just((Counting::FromNextDay, DayKind::Calendar)),
            Just((Counting::Inclusive, DayKind::Working)),
            Just((Counting::Inclusive, DayKind::Calendar)),
        ]
    }

    proptest! {
        /// The defining property of the inverse: f(x) <= y ⇔ x <= g(y), for every pair of dates.
        #[test]
        fn latest_start_is_the_exact_inverse_of_end_of(
            (count, kind) in any_count(),
            days in 0u32..25,
            x in 0u32..200,
            y in 0u32..230,
        ) {
            let cal = calendar();
            let base = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
            let x = plus_days(base, x).unwrap();
            let y = plus_days(base, y).unwrap();
            let f = end_of(&cal, count, kind, x, days).unwrap();
            let g = latest_start(&cal, count, kind, y, days).unwrap();
            prop_assert_eq!(f <= y, x <= g);
        }

        #[test]
        fn latest_previous_end_is_the_exact_inverse_of_start_after(
            next_wd in any::<bool>(),
            x in 0u32..200,
            y in 0u32..200,
        ) {
            let cal = calendar();
            let starts = if next_wd { Starts::NextWorkingDay } else { Starts::SameDay };
            let base = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
            let x = plus_days(base, x).unwrap();
            let y = plus_days(base, y).unwrap();
            let f = start_after(&cal, starts, x).unwrap();
            let g = latest_previous_end(&cal, starts, y).unwrap();
            prop_assert_eq!(f <= y, x <= g);
        }
    }
}
