//! The flags that point a command at a remote store instead of an embedded one
//! (`--endpoint`, `--update-endpoint`, `--graph-store`, `--credentials`,
//! `--endpoint-timeout`), and the [`Location`] they name. The remote store itself is
//! `crate::remote`'s (SPARQL 1.1 Protocol §2, Graph Store HTTP Protocol §5).

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use crate::error::NkkgError;
use crate::remote::{Credentials, EndpointOptions};
use crate::store::Location;

/// The global flags of a remote store; flattened into [`super::Cli`].
#[derive(Debug, Args)]
pub struct RemoteArgs {
    /// Work on a remote store through its SPARQL 1.1 Protocol query endpoint URL (Virtuoso,
    /// Fuseki, QLever, Neptune, ...) instead of an embedded one. Its default graph must be
    /// the union of its named graphs; it is not seeded with the bundled graph (load an
    /// export of it). Excludes --store.
    #[arg(long, global = true, value_name = "URL")]
    pub endpoint: Option<String>,

    /// The SPARQL 1.1 Update endpoint of the remote store [default: the --endpoint URL].
    #[arg(long, global = true, value_name = "URL", requires = "endpoint")]
    pub update_endpoint: Option<String>,

    /// A SPARQL 1.1 Graph Store Protocol endpoint of the remote store: `load` and `ingest`
    /// then POST N-Triples to URL?graph=IRI instead of sending INSERT DATA updates.
    #[arg(long, global = true, value_name = "URL", requires = "endpoint")]
    pub graph_store: Option<String>,

    /// File whose first line is `user:password`, sent to the remote store with HTTP Basic
    /// authentication (Digest is not supported). Without it, NKKG_ENDPOINT_USER and
    /// NKKG_ENDPOINT_PASSWORD are used when set.
    #[arg(long, global = true, value_name = "FILE", requires = "endpoint")]
    pub credentials: Option<PathBuf>,

    /// Wait at most SECS seconds for each read of the remote store's answer (connecting
    /// waits at most 10 s).
    #[arg(long, global = true, value_name = "SECS", default_value_t = 300, requires = "endpoint")]
    pub endpoint_timeout: u64,
}

impl RemoteArgs {
    /// Which store the command runs on: `--endpoint` (with its credentials read from the
    /// file or the environment), else `store` (the `--store` directory), else the bundled
    /// graph.
    pub fn location(&self, store: Option<PathBuf>) -> Result<Location, NkkgError> {
        let Some(url) = &self.endpoint else {
            return Ok(store.map_or(Location::Bundled, Location::Directory));
        };
        let credentials = match &self.credentials {
            Some(path) => Some(Credentials::from_file(path)?),
            None => match (std::env::var("NKKG_ENDPOINT_USER"), std::env::var("NKKG_ENDPOINT_PASSWORD")) {
                (Ok(user), Ok(password)) => Some(Credentials { user, password }),
                (Ok(_), Err(_)) | (Err(_), Ok(_)) => {
                    return Err(NkkgError::Usage(
                        "set both NKKG_ENDPOINT_USER and NKKG_ENDPOINT_PASSWORD, or pass --credentials FILE".into(),
                    ))
                }
                (Err(_), Err(_)) => None,
            },
        };
        Ok(Location::Endpoint(EndpointOptions {
            update: self.update_endpoint.clone(),
            graph_store: self.graph_store.clone(),
            credentials,
            read_timeout: Duration::from_secs(self.endpoint_timeout.max(1)),
            ..EndpointOptions::new(url.clone())
        }))
    }
}
