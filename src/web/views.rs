//! What each dashboard page shows: one askama template under `templates/` per page, every
//! page extending `base.html`. Templates escape every value they print, so a case text, a unit
//! name or a user's name is shown as text and never read as markup; nothing here is marked
//! safe.
use super::WebError;
use crate::knowledge_gaps::GapCluster;
use crate::spending::Brief;
use crate::store::Session;
use askama::Template;
use axum::response::{Html, IntoResponse, Response};

/// The page as the browser gets it.
pub fn render(page: &impl Template) -> Result<Response, WebError> {
    Ok(Html(page.render()?).into_response())
}

/// What `base.html` needs: the title and, for a logged-in user, the menu.
pub struct Frame {
    pub title: String,
    pub menu: Option<Menu>,
}

/// The menu of a logged-in user, with the logout form's CSRF token.
pub struct Menu {
    pub name: String,
    pub role: &'static str,
    pub agency: Option<String>,
    pub csrf: String,
    /// The brief is the coordinators' and admins' (experts would get a 403).
    pub supervises: bool,
}

impl Frame {
    pub fn new(title: impl Into<String>, session: Option<&Session>) -> Self {
        Self {
            title: title.into(),
            menu: session.map(|s| Menu {
                name: s.user.name.clone(),
                role: crate::cases::labels::role_th(s.user.role),
                agency: s.user.agency.as_ref().map(ToString::to_string),
                csrf: s.csrf.clone(),
                supervises: s.user.role.supervises(),
            }),
        }
    }
}

/// A page that says one thing: a refusal, an error, "logged out".
#[derive(Template)]
#[template(path = "notice.html")]
pub struct Notice {
    pub frame: Frame,
    pub text: String,
}

/// The login link's page: a button that posts the token back.
#[derive(Template)]
#[template(path = "login.html")]
pub struct LoginPage {
    pub frame: Frame,
    pub token: String,
}

/// One `<option>` of a filter.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub struct CaseRow {
    pub case_ref: String,
    pub subject: String,
    pub agency: String,
    pub status: &'static str,
    pub opened: String,
    pub overdue: bool,
}

/// `/cases`: the filters as the user set them, then the cases.
#[derive(Template)]
#[template(path = "cases.html")]
pub struct CasesPage {
    pub frame: Frame,
    pub agencies: Vec<Choice>,
    pub statuses: Vec<Choice>,
    pub overdue_only: bool,
    pub q: String,
    pub rows: Vec<CaseRow>,
}

/// One SLA clock of a case.
pub struct ClockLine {
    pub label: &'static str,
    pub due: String,
    pub elapsed_hours: f64,
    pub target_hours: i64,
    pub breached: bool,
}

/// One event of a case's log.
pub struct LogLine {
    pub at: String,
    /// Who: their name, or their role once the name is erased.
    pub by: String,
    pub text: String,
}

/// `/cases/{ref}`: the case, its clocks, its log, and the note form while it is open.
#[derive(Template)]
#[template(path = "case.html")]
pub struct CasePage {
    pub frame: Frame,
    pub case_ref: String,
    pub subject: String,
    pub agency: String,
    pub status: &'static str,
    pub opened: String,
    pub clocks: Vec<ClockLine>,
    pub log: Vec<LogLine>,
    /// The note form's CSRF token; `None` once the case is final (no form).
    pub note_csrf: Option<String>,
}

/// One horizontal bar chart, laid out in SVG units.
pub struct Chart {
    pub title: String,
    pub unit: String,
    pub height: usize,
    pub bars: Vec<Bar>,
}

pub struct Bar {
    pub label: String,
    pub value: f64,
    pub y: usize,
    pub text_y: usize,
    pub width: f64,
    pub value_x: f64,
}

#[derive(Template)]
#[template(path = "charts.html")]
pub struct ChartsPage {
    pub frame: Frame,
    pub charts: Vec<Chart>,
}

#[derive(Template)]
#[template(path = "gaps.html")]
pub struct GapsPage {
    pub frame: Frame,
    pub clusters: Vec<GapCluster>,
}

/// `/spending`: the latest brief, or what to do when there is none yet.
#[derive(Template)]
#[template(path = "spending.html")]
pub struct SpendingPage<'a> {
    pub frame: Frame,
    pub brief: Option<&'a Brief>,
    /// The brief's date in the Thai short form.
    pub as_of: String,
    pub caption: String,
    pub no_snapshot: String,
}

/// One unit's progress in one course, as `/learning` shows it.
pub struct LearningRow {
    pub unit: String,
    pub title: String,
    pub started: usize,
    pub completed: usize,
    /// The average score of those who finished, or "-".
    pub score: String,
}

/// `/learning`: course progress by unit and the courses units are suggested.
#[derive(Template)]
#[template(path = "learning.html")]
pub struct LearningPage {
    pub frame: Frame,
    pub rows: Vec<LearningRow>,
    pub suggestions: Vec<crate::course_progress::Suggestion>,
    pub window_days: i64,
}
