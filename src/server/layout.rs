//! The page layout every HTML page of the server shares: the head (style sheet, viewport)
//! and the header with the site's navigation. The pages' own content is `pages.rs`'s and
//! `views.rs`'s.

use crate::markup::escape_text;

/// Wraps a body in the site's page layout.
pub fn layout(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} — nkkg</title><link rel=\"stylesheet\" href=\"/assets/style.css\"></head><body>\
         <header><a href=\"/\" class=\"brand\">nkkg</a> <nav><a href=\"/\">Query</a> <a href=\"/network\">Network</a> <a href=\"/map\">Map</a> <a href=\"/timeline\">Timeline</a> <a href=\"/ontology\">Ontology</a></nav></header>\
         <main>{body}</main></body></html>\n",
        escape_text(title)
    )
}
