//! The limits SPARQL text must keep before nkkg parses or evaluates it: how deeply it
//! nests, how deep its algebra is, and that it asks for no outbound request.
//!
//! The parser (spargebra, a PEG parser) and Oxigraph's evaluator recurse once per level of
//! nesting, so a short text of a few thousand nested `{ }`, `( )` or `[ ]` groups, or a
//! long chain of `UNION`s or `||`s, would overflow the stack of the thread that reads it
//! and abort the whole process. Three guards make sure that never happens:
//!
//! 1. [`check_nesting`] scans the text once, before the parser sees it, with the lexical
//!    rules of the SPARQL grammar's tokens (SPARQL 1.1 Query §19.8, terminals `IRIREF`,
//!    `STRING_LITERAL1`/`2`, `STRING_LITERAL_LONG1`/`2`, `ECHAR`, `PN_LOCAL_ESC` and
//!    comments, §19.4): it counts the groups `{ ( [` and `<< >>` opened outside strings
//!    and comments, plus runs of the prefix operator `!` (which the parser also recurses
//!    on), and refuses more than [`MAX_NESTING`] levels, or more than [`MAX_NEGATIONS`]
//!    `!` nested in one another (the parser's work doubles with each). Where a character
//!    could start two different tokens (`<` opens an IRI or is "less than", `\` escapes
//!    a local name's character or is an error, `'''` opens a long string or an empty one
//!    and a quote) every reading is followed and the deepest counts, so no arrangement of
//!    quotes, `#` or angle brackets can hide nesting from the count (brackets inside an
//!    IRI count too, as the "less than" reading sees them).
//! 2. [`parse`] runs the parser on a thread whose stack is large enough for that depth
//!    and for the text's length, then [`Checked::check`] measures the algebra without
//!    recursion and refuses one deeper than [`MAX_DEPTH`] (chains of `UNION`, `OPTIONAL`,
//!    `&&`, `+`, `/` … nest the algebra without nesting the text), and refuses `SERVICE`
//!    and `LOAD`: nkkg makes no outbound requests.
//! 3. Evaluation runs on threads with a stack of [`STACK_SIZE`] bytes, measured to hold
//!    the evaluation of any algebra within the depth limit: the server's runtime threads
//!    and, on the command line, [`with_stack`].

use std::thread;

use spargebra::algebra::GraphPattern;
use spargebra::{GraphUpdateOperation, Query, Update};

use crate::algebra::{children, Node};
use crate::error::NkkgError;

/// The deepest nesting of groups, parentheses, brackets and `<< >>` accepted in query or
/// update text.
pub const MAX_NESTING: usize = 200;

/// The most negations (`!`) accepted inside one another. The parser reads the operand of
/// each `!` twice (SPARQL 1.2's `!!` is tried first), so its work doubles with every
/// negation nested in another.
pub const MAX_NEGATIONS: usize = 6;

/// The deepest algebra accepted: the longest chain of operators such as `UNION`,
/// `OPTIONAL`, `MINUS`, `&&`, `||`, `+` or `/`, plus the nesting around it.
pub const MAX_DEPTH: usize = 1000;

/// The stack of the threads that parse and evaluate SPARQL, in bytes: enough for text at
/// [`MAX_NESTING`] and algebra at [`MAX_DEPTH`] with a wide margin (measured: every kind
/// of nesting at 200 levels parses and evaluates within 2 MiB, and a chain of 20,000
/// `UNION`s evaluates within 64 MiB, so 1,000 need about 3 MiB).
pub const STACK_SIZE: usize = 64 << 20;

/// Texts at most this long and this shallow are parsed on the calling thread: their
/// parse needs far less than the 2 MiB every Rust thread has.
const INLINE_TEXT: usize = 16 << 10;
const INLINE_NESTING: usize = 32;

/// Stack bytes reserved per byte of text when parsing on a thread of its own (virtual
/// memory; only what is used is touched): the parser recurses once per element of a
/// property path sequence, and a rejected algebra is dropped recursively, one level per
/// operator, which takes as little as two bytes of text (`1+1+…`). Measured: a path of
/// 100,000 steps (1.3 MB) needs about 150 MiB.
const STACK_PER_BYTE: usize = 256;
const MAX_PARSE_STACK: usize = 1 << 30;

/// The sentence for a request that would need an outbound connection.
pub const NO_OUTBOUND: &str = "nkkg makes no outbound requests: LOAD and SERVICE are not available";

/// Parses `text` with `parse` within the limits: refuses text nested deeper than
/// [`MAX_NESTING`], parses on a thread with a known stack (the calling thread for short,
/// shallow text), and refuses algebra deeper than [`MAX_DEPTH`] or asking for `SERVICE`
/// or `LOAD`.
pub fn parse<T, P>(text: &str, parse: P) -> Result<T, NkkgError>
where
    T: Checked + Send,
    P: FnOnce(&str) -> Result<T, NkkgError> + Send,
{
    let nesting = check_nesting(text)?;
    let run = move || {
        let parsed = parse(text)?;
        parsed.check()?;
        Ok(parsed)
    };
    if text.len() <= INLINE_TEXT && nesting <= INLINE_NESTING {
        return run();
    }
    let stack = STACK_SIZE.saturating_add(text.len().saturating_mul(STACK_PER_BYTE)).min(MAX_PARSE_STACK);
    on_stack(stack, run)
}

/// Runs `job` on a thread with a stack of [`STACK_SIZE`] bytes and waits for it: what the
/// command line evaluates SPARQL on.
pub fn with_stack<T: Send, E: From<NkkgError> + Send>(job: impl FnOnce() -> Result<T, E> + Send) -> Result<T, E> {
    on_stack(STACK_SIZE, job)
}

fn on_stack<T: Send, E: From<NkkgError> + Send>(stack: usize, job: impl FnOnce() -> Result<T, E> + Send) -> Result<T, E> {
    thread::scope(|scope| {
        let handle = thread::Builder::new()
            .name("nkkg-sparql".into())
            .stack_size(stack)
            .spawn_scoped(scope, job)
            .map_err(|e| NkkgError::Usage(format!("cannot start a thread to read the query ({e}); the query is too large for this machine")))?;
        handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// What is checked on parsed SPARQL: queries and updates.
pub trait Checked {
    /// Refuses algebra deeper than [`MAX_DEPTH`] and outbound requests.
    fn check(&self) -> Result<(), NkkgError>;
}

impl Checked for Query {
    fn check(&self) -> Result<(), NkkgError> {
        let pattern = match self {
            Query::Select { pattern, .. } | Query::Construct { pattern, .. } | Query::Describe { pattern, .. } | Query::Ask { pattern, .. } => pattern,
        };
        check_algebra([Node::Pattern(pattern)])
    }
}

impl Checked for Update {
    fn check(&self) -> Result<(), NkkgError> {
        let mut roots = Vec::new();
        for operation in &self.operations {
            match operation {
                GraphUpdateOperation::Load { .. } => return Err(NkkgError::Usage(NO_OUTBOUND.into())),
                GraphUpdateOperation::DeleteInsert { pattern, .. } => roots.push(Node::Pattern(pattern)),
                _ => {}
            }
        }
        check_algebra(roots)
    }
}

/// Walks the algebra from `roots` with an explicit stack (never recursing, whatever its
/// depth), refusing a node deeper than [`MAX_DEPTH`] and any `SERVICE`.
fn check_algebra<'a>(roots: impl IntoIterator<Item = Node<'a>>) -> Result<(), NkkgError> {
    let mut pending: Vec<(Node<'a>, usize)> = roots.into_iter().map(|n| (n, 1)).collect();
    while let Some((node, depth)) = pending.pop() {
        if depth > MAX_DEPTH {
            return Err(NkkgError::Usage(format!(
                "the query's algebra is more than {MAX_DEPTH} operators deep; nkkg evaluates at most {MAX_DEPTH}: \
                 shorten long chains of UNION, OPTIONAL, &&, || or + (a VALUES block or IN (…) lists alternatives flat)"
            )));
        }
        if let Node::Pattern(GraphPattern::Service { .. }) = node {
            return Err(NkkgError::Usage(NO_OUTBOUND.into()));
        }
        children(node, &mut |child| pending.push((child, depth + 1)));
    }
    Ok(())
}

/// Where the scanner is in the text, for each way of reading it (see the module comment).
/// `Q` modes exist once for `'` (index 0) and once for `"` (index 1).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Between tokens.
    Code,
    /// After `\` in a local name (`PN_LOCAL_ESC`): the next character is a name character.
    Escaped,
    /// After `<`: `<<` opens a reified triple.
    Less,
    /// After `>`: `>>` closes one.
    Greater,
    /// Inside `<…>`, read as an IRI up to the next `>`.
    Iri,
    /// From `#` to the end of the line.
    Comment,
    /// After one quote: a string starts.
    Quote1(usize),
    /// After two quotes: an empty string, or a third quote opens a long string.
    Quote2(usize),
    /// Inside a one-line string.
    Short(usize),
    /// After `\` inside a one-line string.
    ShortEscape(usize),
    /// Inside a long string, after 0, 1 or 2 quotes.
    Long(usize, u8),
    /// After `\` inside a long string.
    LongEscape(usize),
}

impl Mode {
    const COUNT: usize = 6 + 2 * 8;

    fn index(self) -> usize {
        match self {
            Self::Code => 0,
            Self::Escaped => 1,
            Self::Less => 2,
            Self::Greater => 3,
            Self::Iri => 4,
            Self::Comment => 5,
            Self::Quote1(q) => 6 + q * 8,
            Self::Quote2(q) => 7 + q * 8,
            Self::Short(q) => 8 + q * 8,
            Self::ShortEscape(q) => 9 + q * 8,
            Self::Long(q, n) => 10 + q * 8 + usize::from(n.min(2)),
            Self::LongEscape(q) => 13 + q * 8,
        }
    }
}

/// How deep one reading of the text is: open groups, the `!` run just read, and which
/// open groups hold a `!` (bit `n` for the group at depth `n`).
#[derive(Clone, Copy, Default)]
struct Level {
    groups: usize,
    bangs: usize,
    negated: [u64; 4],
}

impl Level {
    fn depth(self) -> usize {
        self.groups + self.bangs
    }

    /// How many of the open groups hold a `!`: an upper bound on how many negations
    /// nest at this point.
    fn negations(self) -> usize {
        self.negated.iter().map(|w| w.count_ones() as usize).sum()
    }

    fn open(self) -> Self {
        Self { groups: self.groups + 1, ..self }.cleared_above(self.groups)
    }

    fn close(self) -> Self {
        let groups = self.groups.saturating_sub(1);
        Self { groups, ..self }.cleared_above(groups)
    }

    fn negate(mut self) -> Self {
        let bit = self.groups.min(255);
        self.negated[bit / 64] |= 1 << (bit % 64);
        self
    }

    /// Forgets the `!`s of the groups deeper than `depth`.
    fn cleared_above(mut self, depth: usize) -> Self {
        for bit in depth + 1..256 {
            self.negated[bit / 64] &= !(1 << (bit % 64));
        }
        self
    }
}

/// The readings alive at one point of the text, each mode with the deepest level reached
/// by any reading in that mode (an upper bound on all of them).
struct Readings {
    levels: [Option<Level>; Mode::COUNT],
    modes: [Option<Mode>; Mode::COUNT],
}

impl Readings {
    fn new() -> Self {
        Self { levels: [None; Mode::COUNT], modes: [None; Mode::COUNT] }
    }

    fn add(&mut self, mode: Mode, level: Level) {
        let i = mode.index();
        self.modes[i] = Some(mode);
        let slot = self.levels[i].get_or_insert(level);
        slot.groups = slot.groups.max(level.groups);
        slot.bangs = slot.bangs.max(level.bangs);
        for (mine, theirs) in slot.negated.iter_mut().zip(level.negated) {
            *mine |= theirs;
        }
    }

    fn deepest(&self) -> usize {
        self.levels.iter().flatten().map(|l| l.depth()).max().unwrap_or(0)
    }

    fn most_negations(&self) -> usize {
        self.levels.iter().flatten().map(|l| l.negations()).max().unwrap_or(0)
    }
}

/// Refuses text nested deeper than [`MAX_NESTING`] (see the module comment); returns the
/// deepest nesting found otherwise.
pub fn check_nesting(text: &str) -> Result<usize, NkkgError> {
    let mut now = Readings::new();
    now.add(Mode::Code, Level::default());
    let (mut line, mut column, mut deepest) = (1usize, 0usize, 0usize);
    for &byte in text.as_bytes() {
        if byte & 0xC0 != 0x80 {
            column += 1;
        }
        let mut next = Readings::new();
        for i in 0..Mode::COUNT {
            if let (Some(mode), Some(level)) = (now.modes[i], now.levels[i]) {
                step(mode, level, byte, &mut next);
            }
        }
        now = next;
        deepest = deepest.max(now.deepest());
        if deepest > MAX_NESTING {
            return Err(NkkgError::Usage(format!(
                "the query nests groups, parentheses or brackets more than {MAX_NESTING} levels deep (at line {line}, column {column}); \
                 nkkg reads at most {MAX_NESTING} levels: flatten the nested groups"
            )));
        }
        if now.most_negations() > MAX_NEGATIONS {
            return Err(NkkgError::Usage(format!(
                "the query nests more than {MAX_NEGATIONS} negations (!) inside each other (at line {line}, column {column}); \
                 nkkg reads at most {MAX_NEGATIONS}: combine them, or use NOT EXISTS or = false"
            )));
        }
        if byte == b'\n' {
            line += 1;
            column = 0;
        }
    }
    Ok(deepest)
}

/// Moves one reading in `mode` over `byte`, adding the readings it can become to `next`.
fn step(mode: Mode, level: Level, byte: u8, next: &mut Readings) {
    let quote = |b: u8| match b {
        b'\'' => Some(0),
        b'"' => Some(1),
        _ => None,
    };
    let is_quote = |q: usize| quote(byte) == Some(q);
    let newline = byte == b'\n' || byte == b'\r';
    match mode {
        Mode::Code => {
            let mut level = level;
            if byte == b'!' {
                level.bangs += 1;
                level = level.negate();
            } else if !byte.is_ascii_whitespace() {
                level.bangs = 0;
            }
            match byte {
                b'{' | b'(' | b'[' => next.add(Mode::Code, level.open()),
                b'}' | b')' | b']' => next.add(Mode::Code, level.close()),
                b'<' => {
                    next.add(Mode::Less, level);
                    next.add(Mode::Iri, level);
                }
                b'>' => next.add(Mode::Greater, level),
                b'#' => next.add(Mode::Comment, level),
                b'\\' => {
                    next.add(Mode::Escaped, level);
                    next.add(Mode::Code, level);
                }
                _ => match quote(byte) {
                    Some(q) => next.add(Mode::Quote1(q), level),
                    None => next.add(Mode::Code, level),
                },
            }
        }
        Mode::Escaped => next.add(Mode::Code, Level { bangs: 0, ..level }),
        Mode::Less if byte == b'<' => {
            let level = Level { bangs: 0, ..level }.open();
            next.add(Mode::Code, level);
            next.add(Mode::Iri, level);
        }
        Mode::Greater if byte == b'>' => next.add(Mode::Code, Level { bangs: 0, ..level }.close()),
        Mode::Less | Mode::Greater => step(Mode::Code, level, byte, next),
        Mode::Iri if byte == b'>' => next.add(Mode::Code, Level { bangs: 0, ..level }),
        Mode::Iri => next.add(Mode::Iri, level),
        Mode::Comment if newline => next.add(Mode::Code, level),
        Mode::Comment => next.add(Mode::Comment, level),
        Mode::Quote1(q) if is_quote(q) => next.add(Mode::Quote2(q), level),
        Mode::Quote1(q) | Mode::Short(q) if byte == b'\\' => next.add(Mode::ShortEscape(q), level),
        Mode::Short(q) if is_quote(q) => next.add(Mode::Code, Level { bangs: 0, ..level }),
        // A line break ends no string in the grammar; the parser stops there, and reading
        // on as code only counts more.
        Mode::Quote1(_) | Mode::Short(_) if newline => next.add(Mode::Code, level),
        Mode::Quote1(q) | Mode::Short(q) | Mode::ShortEscape(q) => next.add(Mode::Short(q), level),
        // Three quotes open a long string; if it never closes, the parser backtracks and
        // reads an empty string followed by a quote: both readings go on.
        Mode::Quote2(q) if is_quote(q) => {
            next.add(Mode::Long(q, 0), level);
            next.add(Mode::Quote1(q), level);
        }
        Mode::Quote2(_) => step(Mode::Code, Level { bangs: 0, ..level }, byte, next),
        Mode::Long(q, _) if byte == b'\\' => next.add(Mode::LongEscape(q), level),
        Mode::Long(q, 2) if is_quote(q) => next.add(Mode::Code, Level { bangs: 0, ..level }),
        Mode::Long(q, n) if is_quote(q) => next.add(Mode::Long(q, n + 1), level),
        Mode::Long(q, _) | Mode::LongEscape(q) => next.add(Mode::Long(q, 0), level),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nesting(text: &str) -> usize {
        check_nesting(text).unwrap()
    }

    #[test]
    fn counts_groups_parentheses_brackets_and_reified_triples() {
        assert_eq!(nesting("SELECT * WHERE { ?s ?p ?o }"), 1);
        assert_eq!(nesting("SELECT * { { ?s ?p [ ?q ( 1 2 ) ] } }"), 4);
        assert_eq!(nesting("SELECT * { << << ?a ?b ?c >> ?p ?o >> ?q ?r }"), 3);
        assert_eq!(nesting("ASK { FILTER(?a < 3 && ?b > 2) }"), 2);
        assert_eq!(nesting("ASK { FILTER(!!!?a) }"), 5);
        assert_eq!(nesting("ASK { FILTER(?a != ?b) }"), 3);
    }

    #[test]
    fn strings_iris_and_comments_hide_what_they_contain() {
        assert_eq!(nesting("ASK { ?s ?p \"((((\" }"), 1);
        assert_eq!(nesting("ASK { ?s ?p '''(((' \" (( ''' }"), 1);
        assert_eq!(nesting("ASK { ?s ?p \"\\\" (((\" }"), 1);
        assert_eq!(nesting("ASK { # (((((\n ?s ?p ?o }"), 1);
        assert_eq!(nesting("ASK { <http://x/a'b#c> ?p ?o . ?s ?p ( 1 ) }"), 2);
        // Brackets inside `<…>` count as well: the same text read with `<` as "less than".
        assert_eq!(nesting("ASK { <http://x/((((> ?p ?o }"), 5);
    }

    #[test]
    fn no_reading_of_quotes_or_angle_brackets_hides_nesting() {
        // `<` read as "less than": the quote after the would-be IRI opens no string.
        let deep = format!("ASK {{ FILTER(CONCAT(?a<?b,'>',{}?c{})) }}", "(".repeat(300), ")".repeat(300));
        assert!(check_nesting(&deep).is_err());
        // `\'` inside a local name starts no string.
        let escaped = format!("ASK {{ ?s ?p ex:a\\' {} ?o {} }}", "(".repeat(300), ")".repeat(300));
        assert!(check_nesting(&escaped).is_err());
        // A `#` inside an IRI starts no comment.
        let fragment = format!("ASK {{ ?s ?p <http://x#> . {}?o{} }}", "[ ?p ".repeat(300), " ]".repeat(300));
        assert!(check_nesting(&fragment).is_err());
    }

    #[test]
    fn the_limit_is_accepted_and_one_more_refused_with_its_position() {
        let at = |n: usize| format!("SELECT * WHERE {}?s ?p ?o{}", "{".repeat(n), "}".repeat(n));
        assert_eq!(nesting(&at(MAX_NESTING)), MAX_NESTING);
        let NkkgError::Usage(message) = check_nesting(&at(MAX_NESTING + 1)).unwrap_err() else { panic!() };
        assert_eq!(
            message,
            format!(
                "the query nests groups, parentheses or brackets more than 200 levels deep (at line 1, column {}); \
                 nkkg reads at most 200 levels: flatten the nested groups",
                "SELECT * WHERE ".len() + MAX_NESTING + 1
            )
        );
        assert!(check_nesting(&"!".repeat(MAX_NESTING + 1)).is_err());
    }

    #[test]
    fn negations_nested_in_each_other_are_limited_and_side_by_side_are_not() {
        let nested = |n: usize| format!("ASK {{ FILTER({}?a{}) }}", "!(".repeat(n), ")".repeat(n));
        assert!(check_nesting(&nested(MAX_NEGATIONS)).is_ok());
        let NkkgError::Usage(message) = check_nesting(&nested(MAX_NEGATIONS + 1)).unwrap_err() else { panic!() };
        assert!(message.starts_with("the query nests more than 6 negations (!) inside each other"), "{message}");
        let side_by_side = format!("ASK {{ FILTER({}) }}", vec!["!BOUND(?a)"; 50].join(" && "));
        assert!(check_nesting(&side_by_side).is_ok());
        let filters = "ASK { FILTER(?a != 1) FILTER(!(?b != 2)) }".repeat(20);
        assert!(check_nesting(&filters).is_ok());
    }

    fn query(text: &str) -> Result<Query, NkkgError> {
        parse(text, |t| spargebra::SparqlParser::new().parse_query(t).map_err(|e| NkkgError::Usage(e.to_string())))
    }

    #[test]
    fn long_chains_are_refused_by_depth_and_short_ones_kept() {
        let chain = |n: usize| format!("ASK {{ {} }}", vec!["{ ?s ?p ?o }"; n].join(" UNION "));
        assert!(query(&chain(MAX_DEPTH / 2)).is_ok());
        let NkkgError::Usage(message) = query(&chain(MAX_DEPTH + 1)).unwrap_err() else { panic!() };
        assert!(message.starts_with("the query's algebra is more than 1000 operators deep"), "{message}");
        // A chain far past the limit is refused without overflowing while it is dropped.
        let sum = format!("ASK {{ FILTER({}1) }}", "1+".repeat(200_000));
        assert!(query(&sum).is_err());
    }

    #[test]
    fn service_and_load_are_refused() {
        let service = query("SELECT * { SERVICE <http://example.com/sparql> { ?s ?p ?o } }").unwrap_err();
        assert_eq!(service.to_string(), NO_OUTBOUND);
        let load = parse("LOAD <http://example.com/data.ttl>", |t| spargebra::SparqlParser::new().parse_update(t).map_err(|e| NkkgError::Usage(e.to_string())));
        assert_eq!(load.unwrap_err().to_string(), NO_OUTBOUND);
    }
}
