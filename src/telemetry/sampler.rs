//! The state gauges (cases by status, outbox depth and failures) are counts of database rows:
//! read on a timer, not on every scrape, so a scraper hitting `/metrics` costs no query.
use super::{recorder, series};
use crate::store::Oversight;
use std::time::Duration;

/// How often the gauges are read.
pub const EVERY: Duration = Duration::from_secs(15);

/// Read the gauges now, then every `every`, forever.
pub async fn sample<S: Oversight>(store: S, every: Duration) {
    let mut timer = tokio::time::interval(every);
    timer.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        timer.tick().await;
        sample_once(&store).await;
    }
}

/// One reading; a failed one leaves the last values and says why.
pub async fn sample_once<S: Oversight>(store: &S) {
    match store.metrics().await {
        Ok(state) => series::set_state(&state),
        Err(e) => tracing::warn!(%e, "metrics: cannot read the state gauges"),
    }
    recorder::upkeep();
}
