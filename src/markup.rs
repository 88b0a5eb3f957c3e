//! Escaping text for HTML and XML, the one place every page, picture and export that
//! writes markup by hand goes through (the server's pages, the SVG network picture,
//! GraphML and GEXF), and the one rule for which IRIs become links ([`linkable`]).
//!
//! Follows the HTML Living Standard §13.1 (text and attribute values in the HTML syntax)
//! and XML 1.0 §2.4 (character data): `&` and `<` always start markup, `>` is escaped
//! as well so that `]]>` never appears; in attribute values both quote characters are
//! escaped, so a value is safe between `"…"` and between `'…'`. The references used
//! (`&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#39;`) mean the same in HTML and in XML.

use std::borrow::Cow;

/// Escapes `text` for element content (between tags) in HTML or XML.
pub fn escape_text(text: &str) -> Cow<'_, str> {
    escape(text, |c| matches!(c, '&' | '<' | '>'))
}

/// Escapes `value` for an attribute value in HTML or XML, quoted with `"` or `'`.
pub fn escape_attr(value: &str) -> Cow<'_, str> {
    escape(value, |c| matches!(c, '&' | '<' | '>' | '"' | '\''))
}

/// The URI schemes a page, picture or result table makes links of. An IRI with any other
/// scheme (`javascript:`, `data:`, `file:` …) could run script or load content when
/// clicked, so it is shown as text. `assets/app.js` (`LINK_SCHEMES`) keeps the same list.
pub const LINK_SCHEMES: [&str; 4] = ["http", "https", "urn", "mailto"];

/// Whether `href` may be written as a link: a path on this server (`/…`), or an absolute
/// IRI whose scheme (RFC 3986 §3.1, compared without regard to case) is in
/// [`LINK_SCHEMES`].
pub fn linkable(href: &str) -> bool {
    if href.starts_with('/') {
        return true;
    }
    let Some((scheme, _)) = href.split_once(':') else { return false };
    LINK_SCHEMES.iter().any(|allowed| scheme.eq_ignore_ascii_case(allowed))
}

/// Replaces every character `special` picks by its reference; borrows when none occurs.
fn escape(s: &str, special: impl Fn(char) -> bool) -> Cow<'_, str> {
    let Some(first) = s.find(&special) else { return Cow::Borrowed(s) };
    let mut out = String::with_capacity(s.len() + 16);
    out.push_str(&s[..first]);
    for c in s[first..].chars() {
        match c {
            '&' if special(c) => out.push_str("&amp;"),
            '<' if special(c) => out.push_str("&lt;"),
            '>' if special(c) => out.push_str("&gt;"),
            '"' if special(c) => out.push_str("&quot;"),
            '\'' if special(c) => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = "<script>alert(1)</script>\"'&";

    #[test]
    fn text_escapes_markup_and_keeps_quotes() {
        assert_eq!(escape_text(HOSTILE), "&lt;script&gt;alert(1)&lt;/script&gt;\"'&amp;");
        assert_eq!(escape_text("Nagorno-Karabakh – Ağdam"), "Nagorno-Karabakh – Ağdam");
        assert!(matches!(escape_text("plain"), Cow::Borrowed("plain")));
    }

    #[test]
    fn only_local_paths_and_allowed_schemes_are_links() {
        for href in ["/id/Turkey", "https://example.org/a", "HTTP://example.org", "urn:isbn:1", "mailto:a@b.c"] {
            assert!(linkable(href), "{href}");
        }
        for href in ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<b>", "file:///etc/passwd", "vbscript:x", "relative", ""] {
            assert!(!linkable(href), "{href}");
        }
    }

    #[test]
    fn attributes_also_escape_both_quotes() {
        assert_eq!(escape_attr(HOSTILE), "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;");
        assert_eq!(escape_attr("/id/A?b=1&c=2"), "/id/A?b=1&amp;c=2");
        assert_eq!(escape_attr("already &amp; escaped"), "already &amp;amp; escaped");
    }
}
