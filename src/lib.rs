//! nkkg: a knowledge graph of the Nagorno-Karabakh conflict over an embedded Oxigraph
//! store. One module per capability; `main.rs` only dispatches.

pub mod algebra;
pub mod bundle;
pub mod cli;
pub mod error;
pub mod explore;
pub mod export;
pub mod formats;
pub mod frozen;
pub mod ingest;
pub mod load;
pub mod markup;
pub mod named_queries;
pub mod names;
pub mod portable;
pub mod prefixes;
pub mod pushdown;
pub mod query;
pub mod rdfxml;
pub mod relation;
pub mod remote;
pub mod results;
pub mod review;
pub mod server;
pub mod sparql_limits;
pub mod stats;
pub mod stoppable;
pub mod store;
pub mod table;
pub mod turtle;
pub mod update;
pub mod validate;
