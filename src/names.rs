//! The names users type for closed sets of values — formats, relation kinds — and how they
//! are looked up. Each enum lists its values once, with their names, aliases and a one-line
//! description ([`Named`]); the command line (its value parser and `nkkg help`), the server's
//! parameters and error messages all read that one list.

use crate::error::NkkgError;

/// How one value is named: what users type and what help says about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Naming {
    /// The name shown to users, e.g. `ntriples`.
    pub name: &'static str,
    /// Other names accepted for the same value, e.g. `nt`; not listed in help.
    pub aliases: &'static [&'static str],
    /// A one-line description, shown next to the name in help.
    pub description: &'static str,
}

impl Naming {
    /// A naming with its name, aliases and description.
    pub const fn new(name: &'static str, aliases: &'static [&'static str], description: &'static str) -> Self {
        Self { name, aliases, description }
    }

    /// Whether `text` is the name or one of the aliases (ASCII case-insensitive).
    pub fn matches(&self, text: &str) -> bool {
        self.name.eq_ignore_ascii_case(text) || self.aliases.iter().any(|a| a.eq_ignore_ascii_case(text))
    }
}

/// A closed set of values that users choose by name.
pub trait Named: Copy + PartialEq + 'static {
    /// What the values are, for messages: "RDF format", "relation kind".
    const KIND: &'static str;

    /// Every value, in the order they are listed to users.
    fn all() -> &'static [Self];

    /// The value's name, aliases and description.
    fn naming(self) -> Naming;

    /// The name users type for this value.
    fn name(self) -> &'static str {
        self.naming().name
    }

    /// The value named `text` by its name or an alias, ignoring ASCII case; the first in
    /// [`Named::all`] order wins when two values share a name.
    fn from_name(text: &str) -> Option<Self> {
        Self::all().iter().copied().find(|v| v.naming().matches(text.trim()))
    }

    /// Like [`Named::from_name`], with an error that lists the names when `text` is none.
    fn parse_name(text: &str) -> Result<Self, NkkgError> {
        Self::from_name(text).ok_or_else(|| {
            let names: Vec<&str> = Self::all().iter().map(|v| v.name()).collect();
            NkkgError::Usage(format!("'{text}' is not a known {}; use one of: {}", Self::KIND, names.join(", ")))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Copy, Debug, PartialEq)]
    enum Colour {
        Red,
        Green,
    }

    impl Named for Colour {
        const KIND: &'static str = "colour";

        fn all() -> &'static [Self] {
            &[Self::Red, Self::Green]
        }

        fn naming(self) -> Naming {
            match self {
                Self::Red => Naming::new("red", &["r"], "Red."),
                Self::Green => Naming::new("green", &[], "Green."),
            }
        }
    }

    #[test]
    fn names_and_aliases_are_found_and_unknown_names_are_listed() {
        assert_eq!(Colour::from_name("red"), Some(Colour::Red));
        assert_eq!(Colour::from_name("R"), Some(Colour::Red));
        assert_eq!(Colour::from_name("GREEN"), Some(Colour::Green));
        assert_eq!(Colour::from_name("blue"), None);
        assert_eq!(Colour::Green.name(), "green");
        let error = Colour::parse_name("blue").unwrap_err().to_string();
        assert!(error.contains("'blue' is not a known colour; use one of: red, green"), "{error}");
    }
}
