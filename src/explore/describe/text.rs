//! The description as text for a terminal: a head of short facts, then one section per
//! kind of relation, each printed only when it has lines.

use std::io::{self, Write};

use super::{ClaimLine, Description, EventLine, Goods, RoleLine, SupplyLine, SupportLine, TransitLine};
use crate::explore::evidence::bracketed;
use crate::explore::terms::{join, short, text, Link};

fn names(links: &[Link]) -> String {
    links.iter().map(|l| text(&l.label)).collect::<Vec<_>>().join(", ")
}

/// ` [cites]` after a line, or nothing when there is no evidence.
fn optional_cites(sources: &[super::Citation]) -> String {
    if sources.is_empty() {
        String::new()
    } else {
        format!(" {}", bracketed(sources))
    }
}

fn head(d: &Description, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}  ({})", d.entity.name(), short(&d.entity.iri))?;
    writeln!(out, "  types: {}", join(&d.types, ", "))?;
    if !d.names.is_empty() {
        writeln!(out, "  other names: {}", join(&d.names, ", "))?;
    }
    if !d.event_types.is_empty() {
        writeln!(out, "  event types: {}", join(&d.event_types, ", "))?;
    }
    if !d.period.is_empty() {
        writeln!(out, "  when: {}", d.period)?;
    }
    for outcome in &d.outcome {
        writeln!(out, "  outcome: {}", text(outcome))?;
    }
    for (title, links) in [("part of", &d.part_of), ("places", &d.places)] {
        if !links.is_empty() {
            writeln!(out, "  {title}: {}", names(links))?;
        }
    }
    if let Some(c) = &d.coordinates {
        match &c.from {
            Some(from) => writeln!(out, "  coordinates: {}, {} (those of {})", text(&c.lat), text(&c.long), text(&from.label))?,
            None => writeln!(out, "  coordinates: {}, {}", text(&c.lat), text(&c.long))?,
        }
    }
    for (title, links) in [("measure", &d.measure), ("about", &d.about), ("during", &d.during), ("claim of", &d.claim_of)] {
        if !links.is_empty() {
            writeln!(out, "  {title}: {}", names(links))?;
        }
    }
    Ok(())
}

fn participants(d: &Description, out: &mut dyn Write) -> io::Result<()> {
    if d.participants.is_empty() {
        return Ok(());
    }
    writeln!(out, "\nParticipants ({})", d.participants.len())?;
    for group in d.participants.chunk_by(|a, b| a.role == b.role) {
        let actors: Vec<String> = group.iter().map(|p| text(&p.actor.label)).collect();
        writeln!(out, "  {}: {}", text(&group[0].role), actors.join(", "))?;
    }
    Ok(())
}

fn dated_events(title: &str, lines: &[EventLine], out: &mut dyn Write) -> io::Result<()> {
    if lines.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n{title} ({})", lines.len())?;
    for e in lines {
        let date = e.date.as_ref().map_or("(undated)".to_owned(), text);
        let roles = if e.roles.is_empty() { String::new() } else { format!(" — {}", join(&e.roles, ", ")) };
        writeln!(out, "  {date:<10}  {}{roles}", text(&e.label))?;
    }
    Ok(())
}

fn roles(title: &str, arrow: &str, lines: &[RoleLine], out: &mut dyn Write) -> io::Result<()> {
    if lines.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n{title} ({})", lines.len())?;
    for l in lines {
        // The role type, unless it only repeats the name (`Commander (commander)`).
        let kind = match &l.kind {
            Some(k) if !k.value().eq_ignore_ascii_case(l.name.value()) => format!(" ({})", text(k)),
            _ => String::new(),
        };
        let when = if l.period.is_empty() { String::new() } else { format!(", {}", l.period) };
        writeln!(out, "  {arrow} {}: {}{kind}{when}{}", text(&l.other_label), text(&l.name), optional_cites(&l.sources))?;
    }
    Ok(())
}

fn claims(lines: &[ClaimLine], out: &mut dyn Write) -> io::Result<()> {
    if lines.is_empty() {
        return Ok(());
    }
    writeln!(out, "\nClaims ({})", lines.len())?;
    for c in lines {
        let when = if c.period.is_empty() { String::new() } else { format!(", {}", c.period) };
        let by = if c.claimants.is_empty() {
            String::new()
        } else {
            format!(", according to {}", c.claimants.iter().map(|l| text(&l.label)).collect::<Vec<_>>().join(" and "))
        };
        writeln!(out, "  {}{when}{by}{}", c.figure, optional_cites(&c.sources))?;
    }
    Ok(())
}

fn support(title: &str, arrow: &str, lines: &[SupportLine], out: &mut dyn Write) -> io::Result<()> {
    if lines.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n{title} ({})", lines.len())?;
    for l in lines {
        let when = if l.period.is_empty() { String::new() } else { format!(", {}", l.period) };
        let by = if l.claimed_by.is_empty() { String::new() } else { format!(", according to {}", join(&l.claimed_by, " and ")) };
        writeln!(out, "  {arrow} {}: {} — {}{when}{by} {}", text(&l.other_label), join(&l.kinds, ", "), text(&l.polarity), bracketed(&l.sources))?;
    }
    Ok(())
}

fn supply(title: &str, arrow: &str, lines: &[SupplyLine], out: &mut dyn Write) -> io::Result<()> {
    if lines.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n{title} ({})", lines.len())?;
    for l in lines {
        writeln!(out, "  {arrow} {}: {}", text(&l.other_label), goods(&l.goods))?;
    }
    Ok(())
}

/// `[quantity × ]item (category) — status[, date] [citations]`.
fn goods(g: &Goods) -> String {
    let what = match &g.item {
        Some(item) => format!("{} ({})", text(item), text(&g.category)),
        None => text(&g.category),
    };
    let qty = g.quantity.as_ref().map_or(String::new(), |q| format!("{} × ", text(q)));
    let when = g.date.as_ref().map_or(String::new(), |d| format!(", {}", text(d)));
    format!("{qty}{what} — {}{when} {}", text(&g.status), bracketed(&g.sources))
}

fn transits(lines: &[TransitLine], out: &mut dyn Write) -> io::Result<()> {
    if lines.is_empty() {
        return Ok(());
    }
    writeln!(out, "\nSupplies passed through ({})", lines.len())?;
    for l in lines {
        writeln!(out, "  {} → {}: {}", text(&l.supplier.label), text(&l.recipient.label), goods(&l.goods))?;
    }
    Ok(())
}

/// Writes the description for a terminal. Evidence spans whose text was filled in
/// ([`Description::quote`]) are quoted under the entity's own evidence.
pub fn write_text(d: &Description, mut out: impl Write) -> io::Result<()> {
    let out: &mut dyn Write = &mut out;
    head(d, out)?;
    participants(d, out)?;
    dated_events("Sub-events", &d.sub_events, out)?;
    roles("Roles held", "→", &d.roles_held, out)?;
    roles("Members and office holders", "←", &d.members, out)?;
    claims(&d.claims, out)?;
    support("Support given", "→", &d.support_given, out)?;
    support("Support received", "←", &d.support_received, out)?;
    supply("Supplies sent", "→", &d.supplies_sent, out)?;
    supply("Supplies received", "←", &d.supplies_received, out)?;
    transits(&d.supplies_through, out)?;
    dated_events("Events", &d.events, out)?;
    if !d.figures.is_empty() {
        writeln!(out, "\nContested figures ({})", d.figures.len())?;
        for f in &d.figures {
            let by = f.claimant.as_ref().map_or(String::new(), |c| format!(", according to {}", text(c)));
            writeln!(out, "  {}: {}{by} {}", text(&f.quantity), f.figure, bracketed(&f.sources))?;
        }
    }
    if !d.evidence.is_empty() {
        writeln!(out, "\nEvidence ({})", d.evidence.len())?;
        for c in &d.evidence {
            writeln!(out, "  {c}")?;
            if let Some(span) = &c.text {
                writeln!(out, "    “{}”", span.split_whitespace().collect::<Vec<_>>().join(" "))?;
            }
        }
    }
    for (title, arrow, lines) in [("Relations out", "→", &d.relations_out), ("Relations in", "←", &d.relations_in)] {
        if !lines.is_empty() {
            writeln!(out, "\n{title} ({})", lines.len())?;
            for r in lines {
                writeln!(out, "  {}: {arrow} {}", r.property, text(&r.other_label))?;
            }
        }
    }
    Ok(())
}
