//! The two kinds of relation the graph records between a giver and a receiver: support
//! (`nk:Support`, typed from `nkv:SupportTypes`) and supply (`nk:Supply`, typed from
//! `nkv:ItemCategories`). Shared by ingestion, which proposes candidates of either kind,
//! and review, which turns them into facts.

use serde::Serialize;

/// Whether a relation (or a candidate for one) is a support relation or a supply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// An `nk:Support`, typed with `nkv:SupportTypes`.
    Support,
    /// An `nk:Supply`, typed with `nkv:ItemCategories`.
    Supply,
}

impl Kind {
    /// `support` or `supply`, as reports name the relation.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Support => "support",
            Kind::Supply => "supply",
        }
    }
}
