//! Spending against the cabinet's disbursement targets (the seeds' strategy 4 and the GFMIS
//! follow-up): quarter-end targets as data (`knowledge/targets/<BE year>.toml`), GFMIS-style
//! disbursement reports (CSV, XLSX) read and validated row by row, each unit's gap to its
//! target, the executive brief and its chart.
//!
//! Pure and synchronous: no SQL, no Telegram. The store keeps snapshots (`store::Spending`),
//! `oversight::spending` sends the alerts and proposes visits, the desk and the dashboard
//! show the brief.
mod book;
mod brief;
mod budget;
mod chart;
pub mod messages;
mod report;
mod standing;
mod subgroups;
mod targets;

pub use book::SpendingBook;
pub use brief::{Brief, brief};
pub use budget::{BudgetType, Percent, fiscal_year_be, percent_of, share_of, total, unit_key};
pub use chart::{CHART_HEIGHT, CHART_WIDTH, chart_png};
pub use report::{Report, ReportError, ReportRow, RowFault, read_report};
pub use standing::{Figure, UnitStanding, standings};
pub use subgroups::{Subgroup, Subgroups};
pub use targets::{SnapshotTargets, TargetBook, Targets};

/// Everything wrong with the spending data files (`knowledge/targets/`, `subgroups.toml`),
/// as `file:0: message` like `clinic kb check`'s other faults (0: the file as a whole).
#[derive(Debug, thiserror::Error)]
pub enum SpendingError {
    #[error("{path}:0: {message}")]
    File { path: String, message: String },
    #[error("{path}:0: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
}

impl SpendingError {
    pub(crate) fn file(path: &std::path::Path, message: impl Into<String>) -> Self {
        Self::File {
            path: path.display().to_string(),
            message: message.into(),
        }
    }
}
