//! The closed word lists of [`super`]: titles, organisation words and the classes they
//! give, and the capitalised words that never name a party. Lower-case words, compared
//! with the lower-cased text.

/// Titles that make the name after them a person's.
pub(super) const PERSON_TITLES: &[&str] = &[
    "president", "minister", "general", "colonel", "commander", "lieutenant", "major", "captain", "admiral", "marshal",
    "sheikh", "king", "queen", "prince", "emir", "ambassador", "senator", "chancellor", "premier", "governor", "mayor",
    "mr", "mrs", "ms", "dr", "sir", "patriarch", "catholicos", "archbishop", "bishop", "chairman", "spokesman",
    "spokeswoman", "envoy", "leader", "warlord", "head",
];

/// Words that may stand in a title before a person title ("Prime Minister", "Deputy
/// Defence Minister", "Lieutenant General").
pub(super) const TITLE_WORDS: &[&str] = &[
    "prime", "foreign", "defence", "defense", "deputy", "vice", "chief", "former", "acting", "interior", "first",
    "supreme", "field", "brigadier", "secretary", "state", "opposition", "rebel", "militia", "army", "national",
];

/// Organisation words and the class they give, as the last word of a name ("Vostok
/// Brigade") or as its head before "of"/"for" ("Ministry of Energy").
pub(super) const ORGANISATION_WORDS: &[(&str, &str)] = &[
    ("brigade", "ArmedGroup"),
    ("brigades", "ArmedGroup"),
    ("battalion", "ArmedGroup"),
    ("battalions", "ArmedGroup"),
    ("regiment", "ArmedGroup"),
    ("division", "ArmedGroup"),
    ("militia", "ArmedGroup"),
    ("legion", "ArmedGroup"),
    ("group", "ArmedGroup"),
    ("front", "ArmedGroup"),
    ("army", "ArmedForce"),
    ("party", "PoliticalParty"),
    ("movement", "PoliticalParty"),
    ("foundation", "NonGovernmentalOrganisation"),
    ("fund", "NonGovernmentalOrganisation"),
    ("committee", "NonGovernmentalOrganisation"),
    ("society", "NonGovernmentalOrganisation"),
    ("ministry", "GovernmentBody"),
    ("agency", "GovernmentBody"),
    ("inc", "Company"),
    ("ltd", "Company"),
    ("llc", "Company"),
    ("plc", "Company"),
    ("corp", "Company"),
    ("corporation", "Company"),
    ("company", "Company"),
    ("concern", "Company"),
    ("industries", "Company"),
    ("systems", "Company"),
    ("holding", "Company"),
];

/// Organisation words that still end a name written in lower case after it ("the Wagner
/// group", "the Vostok brigade"): the same party as "Wagner Group".
pub(super) const LOWER_CASE_HEADS: &[&str] =
    &["group", "brigade", "brigades", "battalion", "battalions", "regiment", "militia", "legion", "foundation"];

/// Words that name a state when followed by "of X".
pub(super) const STATE_HEADS: &[&str] = &["republic", "kingdom", "emirate", "sultanate", "principality", "federation"];

/// Qualifiers of a generic body: a name made of these and an organisation word only
/// ("Defence Ministry", "Armed Forces", "National Army") names no one in particular.
pub(super) const GENERIC: &[&str] = &[
    "defence", "defense", "foreign", "interior", "affairs", "health", "justice", "finance", "economy", "emergency",
    "emergencies", "national", "state", "federal", "central", "armed", "security", "regular", "special", "army",
    "international", "joint", "local", "new", "public", "the",
];

/// Capitalised words that are never (part of) a name: function words and sentence
/// openers, pronouns, months, days, directions, and generic nouns.
pub(super) const NOT_NAMES: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "however", "but", "and", "or", "nor", "so", "yet", "in", "on",
    "at", "by", "for", "from", "with", "without", "to", "into", "after", "before", "during", "since", "while", "when",
    "where", "although", "though", "meanwhile", "moreover", "furthermore", "also", "according", "as", "if", "it", "its",
    "they", "their", "he", "she", "his", "her", "we", "our", "i", "you", "there", "then", "thus", "despite", "under",
    "over", "between", "among", "against", "about", "both", "all", "some", "many", "most", "other", "another", "each",
    "several", "no", "not", "what", "which", "who", "whom", "whose", "why", "how", "such", "only", "even", "still",
    "later", "earlier", "today", "yesterday", "tomorrow", "now", "here", "once", "again", "other", "one", "two",
    "three", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "north", "south", "east", "west",
    "northern", "southern", "eastern", "western", "government", "parliament", "president", "ministry", "army",
    "military", "forces", "force", "troops", "state", "states", "war", "conflict", "ceasefire", "agreement", "treaty",
    "statement", "report", "reports", "news", "article", "section", "chapter", "figure", "table", "see", "note",
    "god", "allah", "christ", "christian", "christians", "muslim", "muslims", "islamic", "soviet", "communist",
    "western", "european", "international", "world", "union", "republic", "kingdom",
];

/// Words that make a capitalised name without a cue the name of something other than an
/// actor: an event, a document, a place, a work, a cause ("Tribeca Film Festival", "Human
/// Rights", "Lachin Corridor", "Madrid Principles").
pub(super) const NOT_ACTORS: &[&str] = &[
    "rights", "human", "film", "festival", "prize", "award", "day", "declaration", "resolution", "conference", "summit",
    "talks", "accord", "accords", "protocol", "principles", "initiative", "plan", "doctrine", "university", "institute",
    "centre", "center", "times", "post", "journal", "review", "press", "museum", "church", "cathedral", "mosque",
    "street", "avenue", "square", "airport", "bridge", "river", "mountains", "mount", "lake", "sea", "valley",
    "district", "region", "province", "village", "city", "town", "highway", "road", "corridor", "pass", "operation",
    "battle", "massacre", "genocide", "offensive", "crisis", "revolution", "covenant", "charter", "convention", "act",
    "law", "book", "fellow", "head", "office", "prison", "hospital", "school", "games", "cup", "championship",
    "olympics", "line", "zone", "border", "gate", "hall", "palace", "station", "base", "park", "war", "wars",
    "empire", "era", "age", "period", "dynasty", "khanate", "oblast", "raion", "krai", "governorate",
];

/// Words joining the words of one name ("Ministry of Energy", "Front for the Liberation
/// of X").
pub(super) const CONNECTORS: &[&str] = &["of", "for", "the", "de", "al", "el", "bin", "ibn", "von", "van", "der", "da"];

/// Prepositions of place: a name without a cue right after one is a place more often
/// than a party ("volunteers from Novo Selo", "fighting near Kestrel Heights").
pub(super) const PLACE_PREPOSITIONS: &[&str] = &["in", "at", "near", "from", "outside", "around", "across", "into", "inside"];
