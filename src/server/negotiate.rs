//! Content negotiation on `Accept` (RFC 9110 §12.5.1): picks the offered media type with
//! the highest quality, preferring the server's order on ties; `*/*` and `type/*` match.

/// A parsed media range with its quality.
struct Range<'a> {
    media: &'a str,
    q: f32,
}

fn ranges(accept: &str) -> Vec<Range<'_>> {
    accept
        .split(',')
        .filter_map(|part| {
            let mut pieces = part.split(';');
            let media = pieces.next()?.trim();
            if media.is_empty() {
                return None;
            }
            let q = pieces
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|v| v.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            Some(Range { media, q })
        })
        .collect()
}

fn matches(range: &str, offered: &str) -> Option<u8> {
    let range = range.to_ascii_lowercase();
    if range == offered {
        return Some(3);
    }
    if range == "*/*" {
        return Some(1);
    }
    let (rt, rs) = range.split_once('/')?;
    let (ot, _) = offered.split_once('/')?;
    (rs == "*" && rt == ot).then_some(2)
}

/// The best of `offered` for `accept`, or `None` when nothing acceptable is offered.
/// An absent or empty `Accept` takes the first offer.
pub fn choose<'a>(accept: Option<&str>, offered: &[&'a str]) -> Option<&'a str> {
    let accept = accept.map(str::trim).filter(|a| !a.is_empty());
    let Some(accept) = accept else { return offered.first().copied() };
    let ranges = ranges(accept);
    let mut best: Option<(f32, u8, usize)> = None;
    for (i, offer) in offered.iter().enumerate() {
        // The most specific matching range decides the quality of an offer.
        let quality = ranges
            .iter()
            .filter_map(|r| matches(r.media, offer).map(|spec| (spec, r.q)))
            .max_by_key(|(spec, _)| *spec);
        if let Some((spec, q)) = quality {
            if q <= 0.0 {
                continue;
            }
            let better = match best {
                None => true,
                Some((bq, bspec, _)) => q > bq || (q == bq && spec > bspec),
            };
            if better {
                best = Some((q, spec, i));
            }
        }
    }
    best.map(|(_, _, i)| offered[i])
}

#[cfg(test)]
mod tests {
    use super::choose;

    #[test]
    fn picks_by_quality_then_specificity_then_server_order() {
        let offered = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv"];
        assert_eq!(choose(None, &offered), Some("application/sparql-results+json"));
        assert_eq!(choose(Some("text/csv"), &offered), Some("text/csv"));
        assert_eq!(choose(Some("application/sparql-results+xml;q=0.9, text/csv;q=0.5"), &offered), Some("application/sparql-results+xml"));
        assert_eq!(choose(Some("text/*"), &offered), Some("text/csv"));
        assert_eq!(choose(Some("*/*"), &offered), Some("application/sparql-results+json"));
        assert_eq!(choose(Some("image/png"), &offered), None);
        assert_eq!(choose(Some("text/csv;q=0, */*"), &offered), Some("application/sparql-results+json"));
    }
}
