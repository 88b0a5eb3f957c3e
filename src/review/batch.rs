//! The batch format of `nkkg review --from FILE`: one decision per line.
//!
//! ```text
//! # a comment; blank lines are skipped
//! accept doc-0123456789abcdef-candidate-1
//! reject doc-0123456789abcdef-candidate-2 note=mediation, not support
//! edit   doc-0123456789abcdef-candidate-3 polarity=nkv:Alleged type=nkv:Drones note=the sentence reports an accusation
//! accept doc-0123456789abcdef-candidate-4 accept-entity
//! ```
//!
//! A line is a verb (`accept`, `reject`, `edit`), a candidate (id, prefixed name or IRI),
//! then fields separated by spaces: `giver=`, `receiver=`, `type=`, `polarity=` (IRIs or
//! prefixed names; edits only), the bare word `accept-entity` (accept the proposed
//! entities the candidate names), and `note=`, which takes the rest of the line.

use oxigraph::model::NamedNode;

use super::{parse_id, Edits, ReviewError, Verdict};

/// One line of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The 1-based line number, for messages.
    pub number: usize,
    /// Accept, edit or reject.
    pub verdict: Verdict,
    /// The candidate.
    pub candidate: NamedNode,
    /// The edits and note.
    pub edits: Edits,
    /// Whether `accept-entity` was given.
    pub accept_entity: bool,
}

/// Parses a whole batch; the first malformed line fails it, named by its number.
pub fn parse(text: &str) -> Result<Vec<Line>, ReviewError> {
    let mut lines = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let number = i + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        lines.push(
            parse_line(number, line)
                .map_err(|e| ReviewError::Invalid(format!("line {number}: {e}")))?,
        );
    }
    Ok(lines)
}

/// Parses one line (see the module comment) of a batch or of the interactive prompt.
pub fn parse_line(number: usize, line: &str) -> Result<Line, String> {
    let (verb, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
    let verdict = match verb {
        "accept" => Verdict::Accept,
        "reject" => Verdict::Reject,
        "edit" => Verdict::Edit,
        other => {
            return Err(format!(
                "'{other}' is not a verb; a line starts with accept, reject or edit"
            ))
        }
    };
    let rest = rest.trim_start();
    let (id, fields) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    if id.is_empty() {
        return Err(format!("{verb} needs a candidate id"));
    }
    let candidate = parse_id(id).map_err(|e| e.to_string())?;
    let (edits, accept_entity) = parse_fields(fields)?;
    if verdict != Verdict::Edit && edits.changes_fact() {
        return Err(format!("{verb} takes no giver=, receiver=, type= or polarity=; use edit to change the candidate"));
    }
    Ok(Line {
        number,
        verdict,
        candidate,
        edits,
        accept_entity,
    })
}

/// Parses `key=value` fields (and `accept-entity`); `note=` takes the rest of the text.
pub fn parse_fields(fields: &str) -> Result<(Edits, bool), String> {
    let mut edits = Edits::default();
    let mut accept_entity = false;
    let mut rest = fields.trim();
    while !rest.is_empty() {
        if let Some(note) = rest.strip_prefix("note=") {
            edits.note = Some(note.trim().to_owned());
            break;
        }
        let (field, tail) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        rest = tail.trim_start();
        if field == "accept-entity" {
            accept_entity = true;
            continue;
        }
        let (key, value) = field.split_once('=').ok_or_else(|| {
            format!(
                "'{field}' is not of the form key=value (giver, receiver, type, polarity, note)"
            )
        })?;
        let iri = parse_id(value).map_err(|e| e.to_string())?;
        let slot = match key {
            "giver" => &mut edits.giver,
            "receiver" => &mut edits.receiver,
            "type" => &mut edits.concept,
            "polarity" => &mut edits.polarity,
            other => return Err(format!(
                "'{other}' is not a field; the fields are giver, receiver, type, polarity and note"
            )),
        };
        *slot = Some(iri);
    }
    Ok((edits, accept_entity))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_give_verdicts_edits_and_notes_and_bad_lines_are_named() {
        let lines = parse("# c\n\naccept doc-a-candidate-1\nedit nke:doc-a-candidate-2 polarity=nkv:Alleged accept-entity note=said by x y\n").unwrap();
        assert_eq!(lines.len(), 2);
        assert_eq!((lines[0].number, lines[0].verdict), (3, Verdict::Accept));
        assert_eq!(
            lines[0].candidate.as_str(),
            "https://w3id.org/nkkg/id/doc-a-candidate-1"
        );
        assert_eq!(
            lines[1].edits.polarity.as_ref().map(|p| p.as_str()),
            Some("https://w3id.org/nkkg/vocab/Alleged")
        );
        assert_eq!(lines[1].edits.note.as_deref(), Some("said by x y"));
        assert!(lines[1].accept_entity);
        let error = parse("accept x\nmaybe y\n").unwrap_err().to_string();
        assert!(
            error.starts_with("line 2: 'maybe' is not a verb"),
            "{error}"
        );
        let error = parse("accept x giver=nke:Turkey\n")
            .unwrap_err()
            .to_string();
        assert!(error.contains("use edit"), "{error}");
    }
}
