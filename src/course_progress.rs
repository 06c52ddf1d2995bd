//! Course progress as coordinators follow it: per unit and course, how many officers started,
//! how many finished and their score; and the courses a unit is suggested because its officers
//! keep asking about what a course teaches.
use crate::knowledge::Course;
use crate::store::{CourseProgress, Learning, Oversight, Spending, StoreError};
use chrono::{DateTime, Duration, Utc};
use std::collections::{BTreeMap, BTreeSet};

/// Questions a unit's officers asked on a course's entries in the window before the course is
/// suggested to it.
pub const SUGGEST_AFTER_QUESTIONS: usize = 3;
/// The window those questions are counted in.
pub const SUGGEST_WINDOW_DAYS: i64 = 30;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitCourse {
    pub unit: String,
    pub course: String,
    pub title: String,
    pub started: usize,
    pub completed: usize,
    /// Right answers and questions, over the officers who finished.
    pub right: usize,
    pub questions: usize,
}

impl UnitCourse {
    /// Whole percent of right answers of those who finished; `None` before anyone has.
    pub fn score_percent(&self) -> Option<usize> {
        (self.questions > 0).then(|| self.right * 100 / self.questions)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub unit: String,
    pub course: String,
    pub title: String,
    /// The unit's questions on the course's entries in the window.
    pub asked: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LearningReport {
    pub units: Vec<UnitCourse>,
    pub suggestions: Vec<Suggestion>,
}

/// Per unit and course, from every officer's answers.
pub fn by_unit(courses: &[Course], progress: &[CourseProgress]) -> Vec<UnitCourse> {
    let mut rows: BTreeMap<(String, String), UnitCourse> = BTreeMap::new();
    for p in progress {
        let Some(course) = courses.iter().find(|c| c.id == p.course) else {
            continue;
        };
        let row = rows
            .entry((p.unit.clone(), course.id.clone()))
            .or_insert_with(|| UnitCourse {
                unit: p.unit.clone(),
                course: course.id.clone(),
                title: course.title_th.clone(),
                started: 0,
                completed: 0,
                right: 0,
                questions: 0,
            });
        row.started += 1;
        if p.answered >= course.quiz_count() {
            row.completed += 1;
            row.right += p.correct;
            row.questions += p.answered;
        }
    }
    rows.into_values().collect()
}

/// Courses to suggest: a unit asked at least [`SUGGEST_AFTER_QUESTIONS`] questions answered by
/// a course's entries, and none of its officers has finished that course.
pub fn suggestions(
    courses: &[Course],
    asked: &[(String, String)],
    units: &[UnitCourse],
) -> Vec<Suggestion> {
    let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (unit, entry) in asked {
        for course in courses.iter().filter(|c| c.entries().any(|e| e == entry)) {
            *counts.entry((unit.clone(), course.id.clone())).or_default() += 1;
        }
    }
    let finished: BTreeSet<(&str, &str)> = units
        .iter()
        .filter(|u| u.completed > 0)
        .map(|u| (u.unit.as_str(), u.course.as_str()))
        .collect();
    counts
        .into_iter()
        .filter(|((unit, course), n)| {
            *n >= SUGGEST_AFTER_QUESTIONS && !finished.contains(&(unit.as_str(), course.as_str()))
        })
        .filter_map(|((unit, course), asked)| {
            let title = courses.iter().find(|c| c.id == course)?.title_th.clone();
            Some(Suggestion {
                unit,
                course,
                title,
                asked,
            })
        })
        .collect()
}

/// The report as of `now`: progress by unit, and suggestions from the questions of the last
/// [`SUGGEST_WINDOW_DAYS`] days.
pub async fn learning_report<S: Learning + Oversight + Spending>(
    store: &S,
    courses: &[Course],
    now: DateTime<Utc>,
) -> Result<LearningReport, StoreError> {
    let units = by_unit(courses, &store.course_progress().await?);
    let officers = store.unit_officers().await?;
    let questions = store
        .questions_between(now - Duration::days(SUGGEST_WINDOW_DAYS), now)
        .await?;
    let asked: Vec<(String, String)> = questions
        .iter()
        .filter(|q| q.answered)
        .filter_map(|q| {
            let officer = officers.iter().find(|o| Some(o.user.id) == q.user)?;
            Some((officer.user.unit.clone(), q.entry_id.clone()?))
        })
        .collect();
    let suggestions = suggestions(courses, &asked, &units);
    Ok(LearningReport { units, suggestions })
}

/// The report as coordinators read it in chat, Thai.
pub fn render_th(report: &LearningReport) -> String {
    let mut text = String::from("📚 บทเรียนของหน่วยงาน");
    if report.units.is_empty() {
        text.push_str("\nยังไม่มีเจ้าหน้าที่เริ่มบทเรียน");
    }
    for u in &report.units {
        let score = u
            .score_percent()
            .map_or_else(|| "-".to_owned(), |s| format!("{s}%"));
        text.push_str(&format!(
            "\n• {} — {}: เริ่ม {} คน จบ {} คน คะแนนเฉลี่ย {score}",
            u.unit, u.title, u.started, u.completed
        ));
    }
    for s in &report.suggestions {
        text.push_str(&format!(
            "\n💡 แนะนำ «{}» ให้ {} (ถามเรื่องในบทเรียนนี้ {} ครั้งใน {SUGGEST_WINDOW_DAYS} วัน)",
            s.title, s.unit, s.asked
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use clinic_core::cases::UserId;

    fn courses() -> Vec<Course> {
        let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge"));
        crate::knowledge::load_courses(dir).expect("courses load")
    }

    fn progress(user: i64, unit: &str, answered: usize, correct: usize) -> CourseProgress {
        CourseProgress {
            user: UserId(user),
            unit: unit.into(),
            course: "new-supply-officer".into(),
            answered,
            correct,
        }
    }

    #[test]
    fn a_unit_asking_about_a_courses_entries_is_suggested_it_until_someone_finishes() {
        let courses = courses();
        let asked: Vec<(String, String)> = [
            "specific-method-limit",
            "e-bidding-when",
            "w119-buy-first-10000",
        ]
        .iter()
        .map(|e| ("อบต.บ้านเป็ด".to_owned(), (*e).to_owned()))
        .collect();
        let started = by_unit(&courses, &[progress(1, "อบต.บ้านเป็ด", 4, 3)]);
        let suggested = suggestions(&courses, &asked, &started);
        assert_eq!(suggested.len(), 1);
        assert_eq!(suggested[0].course, "new-supply-officer");
        assert_eq!(suggested[0].asked, 3);
        // Two questions are not yet a pattern.
        assert!(suggestions(&courses, &asked[..2], &started).is_empty());
        let total = courses[2].quiz_count();
        assert_eq!(courses[2].id, "new-supply-officer");
        let finished = by_unit(&courses, &[progress(1, "อบต.บ้านเป็ด", total, total)]);
        assert_eq!(finished[0].score_percent(), Some(100));
        assert!(suggestions(&courses, &asked, &finished).is_empty());
    }
}
