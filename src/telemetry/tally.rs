//! What one turn of the desk did that the counters count, recorded only once the turn's
//! changes are committed: a turn rolled back (a failure, or another instance got the update
//! first) counts nothing.
use super::series;

#[derive(Debug, Default)]
pub struct Tally {
    /// One per question asked: whether it was answered.
    questions: Vec<bool>,
    handoffs: u32,
    /// The actions of the case changes, by command name.
    changes: Vec<&'static str>,
}

impl Tally {
    pub fn question(&mut self, answered: bool) {
        self.questions.push(answered);
    }

    /// A case opened: a handoff, and a change of case.
    pub fn handoff(&mut self) {
        self.handoffs += 1;
        self.changes.push("open");
    }

    pub fn case_changed(&mut self, action: &'static str) {
        self.changes.push(action);
    }

    /// Into the counters, after the commit.
    pub fn record(self) {
        for answered in self.questions {
            series::question(answered);
        }
        for _ in 0..self.handoffs {
            series::handoff();
        }
        for action in self.changes {
            series::case_changed(action);
        }
    }
}
