//! Courses (`knowledge/courses/*.toml`): an ordered list of lessons, each resting on one entry
//! and carrying one or two quiz questions. A lesson teaches what its entry says — the entry's
//! short answer and legal basis — so a course can never teach what the desk would not answer.
//!
//! "Traceable" is checked mechanically: every figure (amount, percentage, day count, section or
//! clause number, year) in a quiz's right option and in its explanation must appear in the
//! lesson's entry (title, text or citations), and a quiz's `basis`, when given, must be one of
//! the entry's citations word for word. Wrong options may say anything: they are wrong.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::check::{Fault, line_of};
use super::entry::{Entry, EntryId, figures};

/// Options a quiz question may offer (Telegram shows each as a button).
const MAX_OPTIONS: usize = 4;
/// Quiz questions a lesson carries.
const MAX_QUIZZES: usize = 2;
/// Course ids go into button data (64 bytes with the lesson, quiz and option numbers).
const MAX_ID_LEN: usize = 24;

#[derive(Debug, Clone)]
pub struct Course {
    pub id: String,
    pub title_th: String,
    pub title_en: String,
    pub lessons: Vec<Lesson>,
    pub path: PathBuf,
}

#[derive(Debug, Clone)]
pub struct Lesson {
    /// The entry the lesson teaches.
    pub entry: String,
    pub quiz: Vec<Quiz>,
    pub line: usize,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quiz {
    pub question: String,
    pub options: Vec<QuizOption>,
    /// One line, in the course's own words, restating the entry.
    pub explanation: String,
    /// The legal basis shown with the explanation: one of the entry's citations; the entry's
    /// first citation when absent.
    #[serde(default)]
    pub basis: Option<String>,
    #[serde(skip)]
    pub line: usize,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuizOption {
    pub text: String,
    #[serde(default)]
    pub right: bool,
}

impl Quiz {
    /// The index of the right option (validated courses have exactly one).
    pub fn right_option(&self) -> Option<usize> {
        self.options.iter().position(|o| o.right)
    }
}

impl Course {
    /// Every quiz question in course order, as `(lesson, quiz)` positions.
    pub fn positions(&self) -> Vec<(usize, usize)> {
        self.lessons
            .iter()
            .enumerate()
            .flat_map(|(l, lesson)| (0..lesson.quiz.len()).map(move |q| (l, q)))
            .collect()
    }

    pub fn quiz(&self, lesson: usize, quiz: usize) -> Option<&Quiz> {
        self.lessons.get(lesson)?.quiz.get(quiz)
    }

    pub fn quiz_count(&self) -> usize {
        self.lessons.iter().map(|l| l.quiz.len()).sum()
    }

    /// The entries the course teaches, for suggesting it to units that ask about them.
    pub fn entries(&self) -> impl Iterator<Item = &str> {
        self.lessons.iter().map(|l| l.entry.as_str())
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    id: String,
    title_th: String,
    title_en: String,
    lessons: Vec<toml::Spanned<SpannedLesson>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SpannedLesson {
    entry: String,
    quiz: Vec<toml::Spanned<Quiz>>,
}

/// The course files of `dir/courses`, by name; a folder without courses has none.
fn course_files(dir: &Path) -> Result<Vec<PathBuf>, Fault> {
    let folder = dir.join("courses");
    let read = match std::fs::read_dir(&folder) {
        Ok(r) => r,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Fault::new(&folder, 0, format!("cannot read: {e}"))),
    };
    let mut files: Vec<PathBuf> = read
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    Ok(files)
}

/// Reads every course of the knowledge folder and checks each one's shape: ids, at least one
/// lesson, one or two questions a lesson, two to four options with exactly one right.
pub fn load_courses(dir: &Path) -> Result<Vec<Course>, Vec<Fault>> {
    let files = course_files(dir).map_err(|f| vec![f])?;
    let mut faults = Vec::new();
    let mut courses: Vec<Course> = Vec::new();
    for path in files {
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                faults.push(Fault::new(&path, 0, format!("cannot read: {e}")));
                continue;
            }
        };
        match parse_course(&path, &text) {
            Ok(course) => {
                if let Some(first) = courses.iter().find(|c| c.id == course.id) {
                    faults.push(Fault::new(
                        &path,
                        1,
                        format!(
                            "duplicate course id `{}` (also in {})",
                            course.id,
                            first.path.display()
                        ),
                    ));
                }
                courses.push(course);
            }
            Err(f) => faults.extend(f),
        }
    }
    if faults.is_empty() {
        Ok(courses)
    } else {
        Err(faults)
    }
}

fn parse_course(path: &Path, text: &str) -> Result<Course, Vec<Fault>> {
    let file: File = toml::from_str(text).map_err(|e| {
        vec![Fault::new(
            path,
            e.span().map_or(1, |s| line_of(text, s.start)),
            e.message(),
        )]
    })?;
    let mut faults = Vec::new();
    let id_ok = file.id.len() <= MAX_ID_LEN && EntryId::parse(&file.id).is_some();
    if !id_ok {
        faults.push(Fault::new(
            path,
            1,
            format!(
                "course id `{}`: lowercase letters, digits and dashes, at most {MAX_ID_LEN}",
                file.id
            ),
        ));
    }
    if file.lessons.is_empty() {
        faults.push(Fault::new(path, 1, "a course needs at least one lesson"));
    }
    let mut lessons = Vec::new();
    for spanned in file.lessons {
        let line = line_of(text, spanned.span().start);
        let lesson = spanned.into_inner();
        if lesson.quiz.is_empty() || lesson.quiz.len() > MAX_QUIZZES {
            faults.push(Fault::new(
                path,
                line,
                format!(
                    "lesson `{}`: one or two quiz questions, not {}",
                    lesson.entry,
                    lesson.quiz.len()
                ),
            ));
        }
        let mut quizzes = Vec::new();
        for spanned in lesson.quiz {
            let quiz_line = line_of(text, spanned.span().start);
            let mut quiz = spanned.into_inner();
            quiz.line = quiz_line;
            let right = quiz.options.iter().filter(|o| o.right).count();
            if right != 1 {
                faults.push(Fault::new(
                    path,
                    quiz_line,
                    format!("quiz has {right} right options; exactly one must be right"),
                ));
            }
            if quiz.options.len() < 2 || quiz.options.len() > MAX_OPTIONS {
                faults.push(Fault::new(
                    path,
                    quiz_line,
                    format!(
                        "quiz has {} options; 2 to {MAX_OPTIONS}",
                        quiz.options.len()
                    ),
                ));
            }
            let blank = quiz.question.trim().is_empty()
                || quiz.explanation.trim().is_empty()
                || quiz.options.iter().any(|o| o.text.trim().is_empty());
            if blank {
                faults.push(Fault::new(
                    path,
                    quiz_line,
                    "quiz question, options and explanation must not be empty",
                ));
            }
            quizzes.push(quiz);
        }
        lessons.push(Lesson {
            entry: lesson.entry,
            quiz: quizzes,
            line,
        });
    }
    if !faults.is_empty() {
        return Err(faults);
    }
    Ok(Course {
        id: file.id,
        title_th: file.title_th,
        title_en: file.title_en,
        lessons,
        path: path.to_path_buf(),
    })
}

/// Every lesson's entry exists, and every quiz is traceable to it (see the module comment).
pub fn check_courses(courses: &[Course], entries: &[Entry]) -> Vec<Fault> {
    let by_id: HashMap<&str, &Entry> = entries.iter().map(|e| (e.id.as_str(), e)).collect();
    let mut faults = Vec::new();
    for course in courses {
        for lesson in &course.lessons {
            let Some(entry) = by_id.get(lesson.entry.as_str()) else {
                faults.push(Fault::new(
                    &course.path,
                    lesson.line,
                    format!("lesson points at unknown entry `{}`", lesson.entry),
                ));
                continue;
            };
            let known = entry_figures(entry);
            for quiz in &lesson.quiz {
                faults.extend(untraced(course, entry, &known, quiz));
            }
        }
    }
    faults
}

/// The figures an entry states anywhere: title, text, citations.
fn entry_figures(entry: &Entry) -> BTreeSet<String> {
    let mut text = vec![
        entry.title.as_str(),
        entry.short_answer.as_str(),
        entry.details.as_str(),
    ];
    text.extend(entry.citations.iter().map(|c| c.basis.as_str()));
    text.iter().flat_map(|t| figures(t)).collect()
}

fn untraced(course: &Course, entry: &Entry, known: &BTreeSet<String>, quiz: &Quiz) -> Vec<Fault> {
    let mut faults = Vec::new();
    let right = quiz
        .options
        .iter()
        .filter(|o| o.right)
        .map(|o| o.text.as_str());
    let claimed = std::iter::once(quiz.explanation.as_str()).chain(right);
    let missing: BTreeSet<String> = claimed
        .flat_map(figures)
        .filter(|f| !known.contains(f))
        .collect();
    if !missing.is_empty() {
        let list: Vec<&str> = missing.iter().map(String::as_str).collect();
        faults.push(Fault::new(
            &course.path,
            quiz.line,
            format!(
                "quiz states {} not found in entry `{}`",
                list.join(", "),
                entry.id
            ),
        ));
    }
    if let Some(basis) = &quiz.basis
        && !entry.citations.iter().any(|c| &c.basis == basis)
    {
        faults.push(Fault::new(
            &course.path,
            quiz.line,
            format!("quiz basis is not a citation of entry `{}`", entry.id),
        ));
    }
    if quiz.basis.is_none() && entry.citations.is_empty() {
        faults.push(Fault::new(
            &course.path,
            quiz.line,
            format!("entry `{}` cites no basis for the quiz", entry.id),
        ));
    }
    faults
}

/// The basis a quiz shows: its own, else its entry's first citation.
pub fn quiz_basis<'a>(quiz: &'a Quiz, entry: &'a Entry) -> Option<&'a str> {
    quiz.basis
        .as_deref()
        .or_else(|| entry.citations.first().map(|c| c.basis.as_str()))
}

/// Every fault of the folder's courses, against its entries (for `clinic kb check`).
pub fn check_course_folder(dir: &Path, entries: &[Entry]) -> Vec<Fault> {
    match load_courses(dir) {
        Ok(courses) => check_courses(&courses, entries),
        Err(faults) => faults,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> Entry {
        let text = "+++\nid = \"specific-method-limit\"\ntitle = \"วิธีเฉพาะเจาะจง ใช้ได้ในวงเงินเท่าไร\"\n\
questions = [\"a\", \"b\", \"c\", \"d\", \"e\"]\ntags = [\"x\"]\nagency = \"treasury\"\nverified = false\n\
reviewed_on = 2026-01-01\n[[citations]]\nbasis = \"พ.ร.บ.จัดซื้อจัดจ้างฯ มาตรา 56 (2) (ข)\"\nsource = \"s\"\n+++\n\
ใช้ได้เมื่อวงเงินไม่เกิน 500,000 บาท\n";
        super::super::entry::parse_entry(Path::new("specific-method-limit.md"), "methods", text)
            .expect("entry")
    }

    fn course(body: &str) -> Result<Course, Vec<Fault>> {
        let text = format!(
            "id = \"c\"\ntitle_th = \"ก\"\ntitle_en = \"C\"\n[[lessons]]\nentry = \"specific-method-limit\"\n{body}"
        );
        parse_course(Path::new("c.toml"), &text)
    }

    const RIGHT: &str = "[[lessons.quiz]]\nquestion = \"q\"\nexplanation = \"ไม่เกิน 500,000 บาท ตามมาตรา 56\"\n\
options = [{ text = \"500,000 บาท\", right = true }, { text = \"100,000 บาท\" }]\n";

    #[test]
    fn a_quiz_traced_to_its_entry_passes() {
        let c = course(RIGHT).expect("course");
        assert!(check_courses(&[c], &[entry()]).is_empty());
    }

    #[test]
    fn a_quiz_with_no_or_two_right_options_is_refused() {
        let none = RIGHT.replace(", right = true", "");
        let faults = course(&none).expect_err("no right option");
        assert!(faults[0].message.contains("0 right options"), "{faults:?}");
        let two = RIGHT.replace(
            "{ text = \"100,000 บาท\" }",
            "{ text = \"x\", right = true }",
        );
        let faults = course(&two).expect_err("two right options");
        assert!(faults[0].message.contains("2 right options"), "{faults:?}");
        assert_eq!(faults[0].line, 6);
    }

    #[test]
    fn a_lesson_on_a_missing_entry_is_refused() {
        let c = course(RIGHT).expect("course");
        let faults = check_courses(&[c], &[]);
        assert!(
            faults[0]
                .message
                .contains("unknown entry `specific-method-limit`")
        );
    }

    #[test]
    fn a_figure_the_entry_does_not_state_is_refused() {
        let c =
            course(&RIGHT.replace("ไม่เกิน 500,000 บาท ตามมาตรา", "ไม่เกิน 5,000,000 บาท ตามมาตรา"))
                .expect("course");
        let faults = check_courses(&[c], &[entry()]);
        assert!(faults[0].message.contains("5000000"), "{faults:?}");
        // A wrong option may name any amount; the right one may not.
        let c = course(&RIGHT.replace("\"500,000 บาท\", right", "\"600,000 บาท\", right"))
            .expect("course");
        assert!(!check_courses(&[c], &[entry()]).is_empty());
    }

    #[test]
    fn a_basis_that_is_not_the_entrys_citation_is_refused() {
        let c = course(&format!("{RIGHT}basis = \"ข้อ 999\"\n")).expect("course");
        let faults = check_courses(&[c], &[entry()]);
        assert!(faults.iter().any(|f| f.message.contains("not a citation")));
    }
}
