//! The flags of `serve` and the `server` options they become. Their defaults are the
//! library's own ([`server::Options::default`]), so help shows what the server does.

use std::path::PathBuf;

use clap::Args;

use crate::server;

/// Arguments of `nkkg serve`.
#[derive(Debug, Args, Clone)]
pub struct ServeArgs {
    /// Address and port to listen on (port 0 picks a free port; the address is printed).
    #[arg(long, value_name = "ADDR", default_value_t = server::Options::default().bind)]
    pub bind: std::net::SocketAddr,

    /// The IRI prefix served under `/`: an entity `<BASE>id/Turkey` is at `/id/Turkey`.
    #[arg(long, value_name = "IRI", default_value_t = server::Options::default().base)]
    pub base: String,

    /// Folder holding the source documents, to show the text of evidence spans on pages.
    #[arg(long, value_name = "DIR")]
    pub sources: Option<PathBuf>,

    /// Stop a query after SECS seconds (503).
    #[arg(long, value_name = "SECS", default_value_t = server::Options::default().timeout)]
    pub timeout: u64,

    /// Queries evaluated at once (0: four per core); others wait their turn.
    #[arg(long, value_name = "N", default_value_t = server::Options::default().max_concurrent)]
    pub max_concurrent: usize,

    /// Queries admitted at once, running or waiting; beyond this requests get 503 at once.
    #[arg(long, value_name = "N", default_value_t = server::Options::default().max_queued)]
    pub max_queued: usize,

    /// Largest request body accepted, in bytes (413 beyond).
    #[arg(long, value_name = "BYTES", default_value_t = server::Options::default().max_body)]
    pub max_body: usize,

    /// Connections open at once; further ones wait until one closes.
    #[arg(long, value_name = "N", default_value_t = server::Options::default().max_connections)]
    pub max_connections: usize,

    /// Close a connection whose request head (request line and headers) has not arrived
    /// within SECS seconds, or that stays idle between requests as long.
    #[arg(long, value_name = "SECS", default_value_t = server::Options::default().header_timeout)]
    pub header_timeout: u64,

    /// Enable SPARQL 1.1 Update at /update (needs --store and --token-file).
    #[arg(long, requires = "token_file")]
    pub allow_update: bool,

    /// File holding the bearer token that /update requests must present.
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,
}

impl ServeArgs {
    /// The options of `server::run`.
    pub fn into_options(self) -> server::Options {
        server::Options {
            bind: self.bind,
            base: self.base,
            sources: self.sources,
            timeout: self.timeout,
            max_concurrent: self.max_concurrent,
            max_queued: self.max_queued,
            max_body: self.max_body,
            max_connections: self.max_connections,
            header_timeout: self.header_timeout,
            allow_update: self.allow_update,
            token_file: self.token_file,
        }
    }
}
