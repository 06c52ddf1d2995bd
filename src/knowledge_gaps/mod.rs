//! What the knowledge base and the routing vocabulary lack, seen from what officers asked and how
//! cases went: questions answered badly, grouped by wording (`questions`); routing that had to ask
//! or was overruled (`routing`); and a resolved case's resolution as a draft entry for an expert
//! to complete (`draft`).
pub mod draft;
pub mod questions;
pub mod routing;

pub use draft::{DraftError, draft_entry};
pub use questions::{GapCluster, gap_clusters};
pub use routing::{RoutingGap, routing_gaps};
