//! The process's one metrics recorder. The `metrics` macros write to a global recorder, so it
//! is installed once per process (the first caller wins); until then increments go nowhere,
//! which is why `clinic run` and `clinic web` install it before they start serving.
use super::series;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// Install the recorder if no one has; every series starts at zero, so a scrape shows them all
/// from the first moment. `None` when another recorder was installed before ours.
pub fn install() -> Option<&'static PrometheusHandle> {
    HANDLE.get_or_init(build).as_ref()
}

fn build() -> Option<PrometheusHandle> {
    let installed = PrometheusBuilder::new()
        .set_buckets_for_metric(
            Matcher::Full(series::UPDATE_SECONDS.to_owned()),
            series::UPDATE_BUCKETS,
        )
        .and_then(PrometheusBuilder::install_recorder);
    match installed {
        Ok(handle) => {
            series::describe();
            Some(handle)
        }
        Err(e) => {
            tracing::error!(%e, "metrics: no recorder installed; /metrics stays empty");
            None
        }
    }
}

/// Every series in Prometheus' text format.
pub fn render() -> String {
    install().map(PrometheusHandle::render).unwrap_or_default()
}

/// Fold recorded histogram samples into their buckets (rendering does it too; this keeps
/// memory flat between scrapes).
pub fn upkeep() {
    if let Some(handle) = install() {
        handle.run_upkeep();
    }
}
