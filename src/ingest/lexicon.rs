//! The words the extraction rules are written with: word classes used in rule patterns
//! (`{give}`, `{support}`, …), cue phrases that give a relation its type (an item
//! category of `nkv:ItemCategories` and/or a support type of `nkv:SupportTypes`), and the
//! words that make a statement negated or alleged. Plain English, no names: extend a list
//! to teach the rules a new verb or item.

/// Word classes: `{name}` in a rule pattern matches any of the phrases (one or more words,
/// lower case, folded).
pub const WORD_CLASSES: &[(&str, &[&str])] = &[
    ("give", &[
        "supplied", "supplies", "supply", "supplying", "sold", "sell", "sells", "selling", "shipped", "ship", "ships",
        "shipping", "delivered", "deliver", "delivers", "delivering", "provided", "provide", "provides", "providing",
        "sent", "send", "sends", "sending", "transferred", "transfer", "transfers", "transferring", "exported", "export",
        "exports", "exporting", "donated", "donate", "donates", "donating", "gave", "give", "gives", "giving", "given",
        "dispatched", "dispatch", "granted", "grant", "grants", "lent", "loaned", "allocated", "pledged", "contributed",
        "contribute", "contributes", "channelled", "channeled", "funnelled", "funneled", "smuggled", "airlifted",
        "bequeathed", "handed", "extended", "distributed", "distribute", "distributes", "distributing", "lend", "lends",
    ]),
    ("equip", &[
        "supplied", "supplies", "supply", "supplying", "provided", "provide", "provides", "providing", "equipped",
        "equip", "equips", "equipping", "armed", "furnished", "rearmed", "helped", "assisted", "aided",
    ]),
    ("receive", &[
        "received", "receive", "receives", "receiving", "bought", "buy", "buys", "buying", "purchased", "purchase",
        "purchases", "purchasing", "acquired", "acquire", "acquires", "acquiring", "obtained", "obtain", "obtains",
        "imported", "import", "imports", "importing", "got", "gets", "accepted", "procured",
    ]),
    ("supplier", &["supplier", "suppliers", "purveyor", "purveyors", "provider", "providers", "exporter", "exporters", "source of arms", "arms source"]),
    ("include", &["include", "includes", "included", "including", "are", "were", "was", "is"]),
    ("be", &[
        "is", "was", "were", "are", "been", "be", "became", "become", "becomes", "remained", "remains", "has", "had",
        "served as", "serves as", "acted as", "acts as", "functioned as",
    ]),
    ("support", &[
        "backed", "backs", "back", "backing", "supported", "supports", "support", "supporting", "aided", "aids", "aid",
        "aiding", "assisted", "assists", "assist", "assisting", "helped", "helps", "help", "helping", "defended",
        "championed", "endorsed", "endorses", "favoured", "favored", "favours", "favors",
    ]),
    ("supporter", &["supporter", "supporters", "ally", "allies", "backer", "backers", "patron", "patrons", "sponsor", "sponsors", "protector", "defender", "defenders"]),
    ("backed", &["backed", "supported", "funded", "financed", "armed", "trained", "equipped", "aided", "sponsored"]),
    ("rely", &["relied", "relies", "rely", "relying", "depended", "depends", "depend", "counted", "counts", "drew"]),
    ("which", &["which", "that", "whom"]),
    ("accuse", &["accused", "accuses", "accusing", "suspected", "suspects", "blamed", "blames", "charged", "charges", "convicted"]),
    ("capture", &["captured", "capture", "captures", "capturing", "seized", "seize", "seizes", "seizing", "took", "taken", "confiscated", "looted", "plundered"]),
    ("cut", &["cut", "cuts", "cutting", "turned off", "shut off", "switched off", "stopped", "halted", "blocked", "disrupted", "suspended", "interrupted", "restricted"]),
    ("disruption", &["disruption", "cutting", "cut", "interruption", "suspension", "halting", "blocking", "blockade"]),
    ("funded", &["funded", "financed", "bankrolled", "paid", "subsidised", "subsidized", "sponsored"]),
    ("fund_noun", &["funding", "funds", "money", "loans", "loan", "credits", "grants", "financing", "financial support", "financial aid"]),
    ("bribe", &["bribe", "bribed", "bribes", "bribing", "pay off", "paid off"]),
    ("recipient", &["recipient", "recipients", "beneficiary", "beneficiaries"]),
    ("support_pp", &["backed", "supported", "aided", "assisted", "helped", "sponsored", "armed", "equipped", "trained", "reinforced", "joined"]),
    ("train", &["trained", "trains", "train", "training", "advised", "advises", "instructed"]),
    ("fund", &["financed", "finances", "finance", "financing", "funded", "funds", "fund", "funding", "bankrolled", "subsidised", "subsidized", "paid"]),
    ("side", &[
        "sided with", "sides with", "siding with", "allied with", "allied itself with", "aligned with",
        "aligned itself with", "aligned themselves with", "stood by", "stands by", "stood with", "stands with",
        "took the side of", "sided", "allied", "side with", "ally with", "align with", "stand by", "stand with",
        "take the side of", "taking the side of",
    ]),
    ("aidnoun", &["support", "aid", "assistance", "backing", "help", "sympathy", "solidarity", "sponsorship", "patronage"]),
    ("express", &[
        "voiced", "voices", "voice", "expressed", "expresses", "express", "declared", "declares", "announced",
        "announces", "pledged", "pledges", "reaffirmed", "reaffirms", "reiterated", "reiterates", "showed", "shows",
        "offered", "offers", "lent", "lends", "affirmed", "affirms", "confirmed", "confirms", "stated", "states",
        "gave", "gives", "extended", "extends", "provided", "provides", "signalled", "signaled", "demonstrated",
    ]),
    ("fight", &["fought", "fight", "fights", "fighting", "served", "serving", "volunteered", "battled", "combatted"]),
    ("for_side", &["for", "alongside", "on the side of", "on behalf of", "in support of", "with", "beside"]),
    ("vote_for", &["voted for", "voted in favour of", "voted in favor of", "votes for", "voted to support", "voted to recognise", "voted to recognize"]),
    ("vote_against", &["voted against", "votes against"]),
    ("resolution", &["resolution", "resolutions", "motion", "declaration", "bill", "draft"]),
    ("oppose_pp", &["opposed", "rejected", "voted down", "vetoed"]),
    ("affirm", &["affirmed", "affirms", "reaffirmed", "reaffirms", "supported", "supports", "recognised", "recognized", "recognises", "recognizes", "respected", "respects", "upheld", "upholds", "backed", "backs", "defended", "defends"]),
    ("mediate_pp", &["mediated", "brokered", "facilitated", "negotiated", "arranged"]),
    ("sponsor_pp", &["sponsored", "co-sponsored", "hosted", "mediated", "brokered", "facilitated"]),
    ("mediation", &["mediation", "mediating", "brokering", "auspices", "good offices", "shuttle diplomacy", "peace talks", "peace efforts"]),
    ("conduct", &["conducted", "conducts", "conduct", "led", "leads", "pursued", "undertook", "launched", "engaged in", "started", "initiated"]),
    ("talks", &["talks", "negotiations", "peace process", "peace efforts", "peace plan", "peace conference", "summit", "ceasefire", "cease-fire", "truce", "armistice"]),
    ("initiated", &["initiated", "started", "launched", "led", "convened", "proposed", "organised", "organized", "chaired", "hosted"]),
    ("mediate", &["mediated", "mediates", "mediate", "mediating", "brokered", "brokers", "broker"]),
    ("transfer_noun", &[
        "sale", "sales", "exports", "export", "deliveries", "delivery", "shipments", "shipment", "transfers",
        "transfer", "supplies", "supply", "assistance", "aid", "loans", "loan", "grants", "grant", "pipeline",
        "pipelines", "convoy", "convoys",
    ]),
    ("lobby", &["lobbied", "lobbies", "lobby", "lobbying", "campaigned", "campaigns", "advocated", "advocates", "spoke out", "speaks out", "intervened"]),
    ("allies", &["allies", "allied", "partners", "strategic partners"]),
    ("recognition", &["recognition", "recognising", "recognizing"]),
    ("cede", &[
        "ceded", "cede", "cedes", "ceding", "transferred", "transfer", "transferring", "returned", "return", "returning",
        "handed over", "hand over", "allocated", "allocate", "allocating", "attached", "attach", "annexed", "annex",
        "given", "give", "giving", "awarded", "assigned", "reassigned", "reattached",
    ]),
    ("unify", &["unify", "unified", "unifying", "unite", "united", "uniting", "reunify", "reunified", "reunite", "reunited", "merge", "merged", "join", "joined"]),
    ("put", &["put", "placed", "brought", "returned", "transferred", "handed"]),
    ("control", &["control", "rule", "jurisdiction", "sovereignty", "administration", "authority"]),
    ("decide", &["voted", "votes", "decided", "decides", "agreed", "agrees", "chose", "resolved", "opted"]),
    ("keep", &["leave", "keep", "retain", "remain"]),
    ("declare", &[
        "declaring", "declared", "declares", "claiming", "claimed", "claims", "insisting", "insisted", "insists",
        "arguing", "argued", "argues", "asserting", "asserted", "asserts", "stating", "stated", "states", "proclaiming",
        "proclaimed",
    ]),
    ("territory", &["territory", "land", "lands", "soil", "territories"]),
    ("demand", &["demanding", "demanded", "demands", "demand", "insisting", "insisted", "insists", "requesting", "requested", "calling for", "called for"]),
    ("independent", &["independent", "separate", "sovereign", "detached", "free"]),
    ("condemn", &["condemned", "condemns", "condemn", "condemning", "denounced", "denounces", "denounce", "denouncing"]),
    ("arrive", &["arrived", "arrives", "arrive", "arriving", "came", "flowed", "poured"]),
    ("render", &["rendered", "renders", "render", "rendering", "gave", "give", "gives", "offered", "offers", "lent", "lends"]),
    ("enjoy", &["enjoys", "enjoyed", "enjoy", "enjoying", "won", "wins", "gained", "gains", "secured", "secures"]),
    ("recruitment", &["recruitment", "recruiting", "hiring", "enlistment", "deployment"]),
    ("cooperate", &["cooperate", "cooperates", "cooperated", "co-operate", "co-operates", "collaborate", "collaborates", "collaborated"]),
    ("closely", &["closely", "extensively", "militarily", "intensively", "actively", "regularly"]),
    ("favour", &[
        "favoring", "favouring", "favored", "favoured", "favors", "favours", "sought", "seeking", "seeks", "pursued",
        "pursuing", "pursues", "developed", "developing", "built", "building", "build", "strengthened", "strengthening",
        "forged", "forging", "deepened", "deepening", "established", "establishing",
    ]),
    ("ties", &["ties", "relations", "relationship", "relationships", "cooperation", "alliance", "partnership"]),
    ("hire", &["hired", "hires", "hire", "hiring", "recruited", "recruits", "recruit", "recruiting", "enlisted", "contracted"]),
    ("act", &["acting", "acted", "acts", "act", "served", "serving", "serves", "functioned", "functioning", "stepped in"]),
    ("mediator", &["mediator", "mediators", "broker", "brokers", "intermediary", "facilitator", "peacemaker", "go-between"]),
    ("independence", &["independence", "sovereignty", "statehood", "annexation", "unification"]),
    ("recognise", &["recognised", "recognized", "recognises", "recognizes", "recognise", "recognize", "recognising", "recognizing"]),
    ("turn", &["turned", "turns", "turn", "appealed", "appeals", "looked", "called", "calls"]),
    ("stance", &[
        "policy", "policies", "stance", "position", "positions", "line", "course", "views", "orientation", "attitude",
        "lobby", "sentiment", "slogans", "agenda", "resolution", "resolutions", "rallies", "rally", "demonstrations",
        "protests", "campaign",
    ]),
    ("hold", &["pursued", "pursues", "pursue", "took", "takes", "take", "taken", "adopted", "adopts", "held", "holds", "hold", "had", "has", "maintained", "maintains", "followed", "follows", "showed", "shows", "expressed", "expresses", "took on", "is", "was", "been", "chanting", "chanted", "promoting", "promoted", "staged", "organised", "organized"]),
];

/// A cue phrase and the types it points to.
#[derive(Debug, Clone, Copy)]
pub struct Cue {
    /// The phrase (lower case, folded; several words allowed).
    pub phrase: &'static str,
    /// The `nkv:` item category it names, if it names something that can be supplied.
    pub item: Option<&'static str>,
    /// The `nkv:` support type it names or implies.
    pub support: Option<&'static str>,
    /// A weak cue (an amount of money, "supplies", "equipment") only types a relation when
    /// the clause has no strong cue of the same kind.
    pub weak: bool,
}

const fn cue(phrase: &'static str, item: Option<&'static str>, support: Option<&'static str>) -> Cue {
    Cue { phrase, item, support, weak: false }
}

const fn weak(phrase: &'static str, item: Option<&'static str>, support: Option<&'static str>) -> Cue {
    Cue { phrase, item, support, weak: true }
}

const ARMS: Option<&str> = Some("Arms");
const WEAPONS: Option<&str> = Some("Weapons");

/// Cue phrases, longest match first at each position of the relation's clause.
pub const CUES: &[Cue] = &[
    // arms
    cue("arms", ARMS, WEAPONS), cue("weapons", ARMS, WEAPONS), cue("weapon", ARMS, WEAPONS), cue("weaponry", ARMS, WEAPONS),
    cue("armaments", ARMS, WEAPONS), cue("armament", ARMS, WEAPONS), cue("military equipment", Some("MilitaryEquipment"), WEAPONS),
    cue("defense equipment", ARMS, WEAPONS), cue("defence equipment", ARMS, WEAPONS), cue("military hardware", ARMS, WEAPONS),
    cue("ammunition", Some("Ammunition"), WEAPONS), cue("munitions", Some("Ammunition"), WEAPONS), cue("shells", Some("Ammunition"), WEAPONS),
    cue("missiles", ARMS, WEAPONS), cue("missile", ARMS, WEAPONS), cue("rockets", ARMS, WEAPONS), cue("rocket launchers", Some("RocketLaunchers"), WEAPONS),
    cue("artillery", Some("Artillery"), WEAPONS), cue("howitzers", Some("Artillery"), WEAPONS), cue("guns", ARMS, WEAPONS), cue("rifles", ARMS, WEAPONS),
    // general military items (issue 11, motivated "general": no corpus document)
    cue("radar", ARMS, WEAPONS), cue("radars", ARMS, WEAPONS), cue("launchers", Some("RocketLaunchers"), WEAPONS),
    cue("rocket systems", Some("RocketLaunchers"), WEAPONS), cue("missile systems", ARMS, WEAPONS), cue("mortars", Some("Artillery"), WEAPONS),
    cue("rounds", Some("Ammunition"), WEAPONS), cue("grenades", ARMS, WEAPONS), cue("body armour", Some("MilitaryEquipment"), WEAPONS),
    cue("helmets", Some("MilitaryEquipment"), WEAPONS), cue("spare parts", Some("MilitaryEquipment"), WEAPONS),
    cue("tanks", Some("Tanks"), WEAPONS), cue("tank", Some("Tanks"), WEAPONS), cue("armored vehicles", Some("ArmouredVehicles"), WEAPONS),
    cue("armoured vehicles", Some("ArmouredVehicles"), WEAPONS), cue("armored personnel carriers", Some("ArmouredVehicles"), WEAPONS),
    cue("armoured personnel carriers", Some("ArmouredVehicles"), WEAPONS), cue("apcs", Some("ArmouredVehicles"), WEAPONS),
    cue("aircraft", Some("Aircraft"), WEAPONS), cue("jets", Some("Aircraft"), WEAPONS), cue("fighter jets", Some("Aircraft"), WEAPONS),
    cue("helicopters", Some("Helicopters"), WEAPONS), cue("gunships", Some("Helicopters"), WEAPONS), cue("drones", Some("Drones"), WEAPONS),
    cue("uavs", Some("Drones"), WEAPONS), cue("air defence", Some("AirDefence"), WEAPONS), cue("air defense", Some("AirDefence"), WEAPONS),
    cue("air defences", Some("AirDefence"), WEAPONS), cue("air defenses", Some("AirDefence"), WEAPONS),
    // kinds and makes of weapons of the wars since 2016, and weapon systems (issue 11, general)
    weak("systems", ARMS, WEAPONS), cue("bayraktar", Some("Drones"), WEAPONS), cue("bayraktars", Some("Drones"), WEAPONS),
    cue("tb2", Some("Drones"), WEAPONS), cue("tb2s", Some("Drones"), WEAPONS), cue("harop", Some("Drones"), WEAPONS),
    cue("harops", Some("Drones"), WEAPONS), cue("harpy", Some("Drones"), WEAPONS), cue("loitering munitions", Some("Drones"), WEAPONS),
    cue("kamikaze drones", Some("Drones"), WEAPONS), cue("iskander", ARMS, WEAPONS),
    cue("iskanders", ARMS, WEAPONS), cue("warplanes", Some("Aircraft"), WEAPONS), cue("fighter aircraft", Some("Aircraft"), WEAPONS),
    cue("bullets", Some("Ammunition"), WEAPONS), cue("explosives", ARMS, WEAPONS), cue("landmines", ARMS, WEAPONS),
    cue("night-vision", Some("MilitaryEquipment"), WEAPONS), cue("optics", Some("MilitaryEquipment"), WEAPONS),
    cue("electronic warfare", Some("MilitaryEquipment"), WEAPONS), cue("uniforms", Some("MilitaryEquipment"), WEAPONS),
    weak("stockpiles", ARMS, WEAPONS), weak("arsenal", ARMS, WEAPONS), weak("armor", ARMS, WEAPONS), weak("armour", ARMS, WEAPONS),
    cue("military aid", None, Some("MilitarySupport")), cue("military assistance", None, Some("MilitarySupport")),
    cue("military support", None, Some("MilitarySupport")), weak("military", None, Some("MilitarySupport")),
    weak("militarily", None, Some("MilitarySupport")), cue("security assistance", None, Some("MilitarySupport")),
    // people
    cue("troops", None, Some("Troops")), cue("soldiers", None, Some("Troops")), weak("units", None, Some("Troops")),
    weak("forces", None, Some("Troops")), cue("peacekeepers", None, Some("Troops")), weak("crews", None, Some("Troops")),
    cue("volunteers", Some("Fighters"), Some("ForeignFighters")), cue("mercenaries", Some("Fighters"), Some("ForeignFighters")),
    cue("fighters", Some("Fighters"), Some("ForeignFighters")), cue("militants", Some("Fighters"), Some("ForeignFighters")),
    cue("mujahideen", Some("Fighters"), Some("ForeignFighters")), cue("recruits", Some("Fighters"), Some("ForeignFighters")),
    cue("advisers", None, Some("TrainingAdvisers")), cue("advisors", None, Some("TrainingAdvisers")),
    cue("instructors", None, Some("TrainingAdvisers")), cue("trainers", None, Some("TrainingAdvisers")),
    cue("training", None, Some("TrainingAdvisers")), cue("intelligence", None, Some("Intelligence")),
    // logistics
    cue("logistics", None, Some("MaterielLogistics")), cue("logistical", None, Some("MaterielLogistics")),
    cue("materiel", None, Some("MaterielLogistics")), cue("provisions", None, Some("MaterielLogistics")),
    weak("vehicles", Some("MilitaryEquipment"), Some("MaterielLogistics")), weak("equipment", Some("MilitaryEquipment"), Some("MaterielLogistics")),
    cue("transit", None, Some("TerritoryAccess")), cue("airspace", None, Some("TerritoryAccess")), cue("bases", None, Some("InfrastructureAccess")),
    // energy
    cue("fuel", Some("Fuel"), Some("EconomicSupport")), cue("oil", Some("Fuel"), Some("EconomicSupport")), cue("petrol", Some("Fuel"), Some("EconomicSupport")),
    cue("gas", Some("Gas"), Some("EconomicSupport")), cue("natural gas", Some("Gas"), Some("EconomicSupport")),
    cue("electricity", Some("Electricity"), Some("EconomicSupport")), weak("power", Some("Electricity"), Some("EconomicSupport")),
    weak("energy", Some("Energy"), Some("EconomicSupport")),
    // goods
    cue("food", Some("Food"), Some("HumanitarianSupport")), cue("grain", Some("Food"), Some("HumanitarianSupport")),
    cue("wheat", Some("Food"), Some("HumanitarianSupport")), cue("flour", Some("Food"), Some("HumanitarianSupport")),
    cue("humanitarian aid", Some("HumanitarianAid"), Some("HumanitarianSupport")), cue("humanitarian assistance", Some("HumanitarianAid"), Some("HumanitarianSupport")),
    cue("relief", Some("HumanitarianAid"), Some("HumanitarianSupport")), cue("medicine", Some("HumanitarianAid"), Some("HumanitarianSupport")),
    cue("medical supplies", Some("HumanitarianAid"), Some("HumanitarianSupport")), cue("medicines", Some("HumanitarianAid"), Some("HumanitarianSupport")),
    cue("medical aid", Some("HumanitarianAid"), Some("HumanitarianSupport")), cue("medical equipment", Some("HumanitarianAid"), Some("HumanitarianSupport")),
    cue("tents", Some("HumanitarianAid"), Some("HumanitarianSupport")), cue("food aid", Some("Food"), Some("HumanitarianSupport")), cue("blankets", Some("HumanitarianAid"), Some("HumanitarianSupport")),
    cue("humanitarian", None, Some("HumanitarianSupport")), cue("refuge", None, Some("HumanitarianSupport")),
    cue("camps", Some("HumanitarianAid"), Some("HumanitarianSupport")), cue("refugee camps", Some("HumanitarianAid"), Some("HumanitarianSupport")),
    cue("monitoring mission", None, Some("DiplomaticSupport")), cue("observer mission", None, Some("DiplomaticSupport")), cue("shelter", None, Some("HumanitarianSupport")),
    cue("supplies", Some("Goods"), Some("HumanitarianSupport")), cue("goods", Some("Goods"), Some("EconomicSupport")), weak("cargo", Some("Goods"), Some("EconomicSupport")),
    // money
    cue("money", Some("Money"), Some("Funding")), cue("donations", Some("Money"), Some("Funding")), cue("subsidies", Some("Money"), Some("Funding")),
    cue("financial aid", Some("Money"), Some("Funding")), cue("financial assistance", Some("Money"), Some("Funding")), weak("euros", Some("Money"), Some("Funding")), cue("funds", Some("Money"), Some("Funding")), cue("funding", Some("Money"), Some("Funding")),
    cue("loans", Some("Money"), Some("Funding")), cue("loan", Some("Money"), Some("Funding")), cue("credit", Some("Money"), Some("Funding")),
    cue("credits", Some("Money"), Some("Funding")), cue("grants", Some("Money"), Some("Funding")), weak("million", Some("Money"), Some("Funding")),
    weak("billion", Some("Money"), Some("Funding")), weak("dollars", Some("Money"), Some("Funding")), cue("salaries", Some("Money"), Some("Funding")),
    cue("lent", Some("Money"), Some("Funding")), cue("loaned", Some("Money"), Some("Funding")), cue("bribe", Some("Money"), Some("Funding")),
    weak("cash", Some("Money"), Some("Funding")), cue("financial", None, Some("Funding")), cue("financially", None, Some("Funding")),
    cue("economic", None, Some("EconomicSupport")), cue("economically", None, Some("EconomicSupport")), cue("trade", None, Some("EconomicSupport")),
    cue("investment", None, Some("EconomicSupport")), cue("investments", None, Some("EconomicSupport")),
    // diplomacy
    cue("diplomatic", None, Some("DiplomaticSupport")), cue("diplomatically", None, Some("DiplomaticSupport")),
    cue("political", None, Some("PoliticalStance")), cue("politically", None, Some("PoliticalStance")),
    cue("territorial integrity", None, Some("TerritorialIntegrity")), cue("sovereignty", None, Some("TerritorialIntegrity")),
    cue("recognition", None, Some("Recognition")), weak("independence", None, Some("Recognition")),
    weak("resolution", None, Some("DiplomaticSupport")), cue("sanctions", None, Some("Sanctions")), cue("embargo", None, Some("Sanctions")),
];

/// The support type a supplied item implies, by the item category's top concept: arms are
/// weapons support, fighters foreign fighters, money funding, energy and trade goods
/// economic support.
pub fn support_for_item(top_category: &str) -> Option<&'static str> {
    match top_category {
        "Arms" => Some("Weapons"),
        "Fighters" => Some("ForeignFighters"),
        "Money" => Some("Funding"),
        "Energy" => Some("EconomicSupport"),
        "Goods" => Some("HumanitarianSupport"),
        _ => None,
    }
}

/// Words that mark the statement as denied by the supposed giver.
pub const DENIAL: &[&str] = &["denied", "denies", "deny", "denying", "dismissed", "rejected allegations"];
/// Words that mark the support as not given or refused.
pub const NEGATION: &[&str] = &[
    "not", "never", "no", "n't", "neither", "nor", "without", "refused", "refuses", "declined", "declines", "rejected",
    "rejects", "stopped", "halted", "ceased", "ended", "banned", "against", "opposed", "unwilling",
    // a transfer held back (issue 11, general)
    "suspended", "suspends", "froze", "frozen", "freezes", "cancelled", "canceled", "withheld",
];
/// Words that mark the statement as alleged rather than stated by the source.
pub const ALLEGATION: &[&str] = &[
    "alleged", "allegedly", "allegations", "reportedly", "reports", "accused", "accuses", "accusing", "claimed", "claims",
    "claiming", "suspected", "rumoured", "rumored", "purportedly", "charged", "said", "says", "say", "according",
    "believed", "reported",
];
/// Words that reject what follows: with an allegation ("rejected allegations that",
/// "dismissed claims that") the supposed giver denies it.
pub const REJECTION: &[&str] = &["rejected", "rejects", "rejecting", "dismissed", "dismisses", "refuted", "refutes"];
/// Modal and conditional words: a statement under them ("could supply", "would send troops
/// if asked", "is considering the sale") states nothing given, refused or alleged, and
/// yields no candidate. Offers, pledges and promises are commitments, not hypotheses.
pub const HYPOTHESIS: &[&str] = &[
    "could", "might", "may", "would", "should", "if", "considering", "consider", "considers", "expected", "possible",
    "possibly", "speculated", "unless", "whether", "potential",
];

/// Words a `~` filler may skip between a slot and its verb: auxiliaries, modals,
/// negations and adverbs (any word ending in "-ly" too).
pub const FILLERS: &[&str] = &[
    "who", "also", "never", "not", "no", "did", "does", "do", "has", "have", "had", "was", "were", "is", "are", "be", "been",
    "being", "would", "will", "could", "can", "may", "might", "should", "must", "later", "then", "still", "even",
    "already", "itself", "themselves", "himself", "herself", "first", "soon", "once", "again", "further", "both", "all",
    "each", "only", "just", "long", "continued", "continues", "to", "began", "begun", "started", "thus", "therefore",
    "however", "instead", "too", "in", "turn", "often", "always", "reportedly", "allegedly", "increasingly", "n", "t",
    "'", "now", "since", "yet", "so", "de", "facto", "its", "their", "his", "her", "the", ",", ")", "\"", "which",
    "decided", "decides", "chose", "chooses", "opted", "agreed", "agrees", "promised", "promises", "vowed", "vows",
    "sought", "seeks", "tried", "tries", "attempted",
];

/// Prepositions that cannot introduce the subject of a rule (the party after "against"
/// or "in" is not the one acting); "from" and "of" may ("volunteers from X fought").
pub const PREPOSITIONS: &[&str] = &[
    "against", "in", "at", "on", "to", "into", "by", "with", "for", "about", "over", "between", "toward", "towards",
    "upon", "under", "within", "without", "across", "through", "like", "than", "via", "near", "beside", "besides",
    "among", "amongst", "around", "behind", "despite", "after", "before", "during", "onto", "outside", "inside",
    "amid", "amidst",
];

/// Verbs that follow "to" as an infinitive, so that the party after them is not the one
/// something was given to ("sent troops to stop the Azerbaijani advance").
pub const INFINITIVES: &[&str] = &[
    "stop", "halt", "fight", "defend", "protect", "counter", "repel", "prevent", "help", "assist", "support", "block",
    "deter", "attack", "capture", "recapture", "retake", "secure", "reinforce", "monitor", "end", "push", "drive",
    "liberate", "occupy", "bolster", "strengthen", "contain", "resist", "oppose", "punish", "pressure", "persuade",
];

/// Nouns after which a people's adjective stands for its state: "the Armenian side",
/// "the Azerbaijani position".
pub const SIDE_NOUNS: &[&str] = &[
    "side", "sides", "position", "positions", "stance", "cause", "government", "authorities", "leadership", "camp",
    "claim", "claims", "state", "republic", "regime", "administration", "army", "military",
];

/// Nouns for a territory, which a `PLACE` of a pattern may be: "unify the region with X".
pub const TERRITORY_NOUNS: &[&str] = &[
    "region", "enclave", "territory", "territories", "oblast", "province", "area", "areas", "land", "lands", "district",
    "districts", "exclave",
];

/// Nouns for a party's own forces or government: "X's brigade turned to Y" is X turning.
pub const OWN_FORCES: &[&str] = &[
    "brigade", "brigades", "army", "armed", "forces", "troops", "units", "military", "militia", "militias", "battalion",
    "regiment", "division", "government", "authorities", "administration", "regime", "leadership", "men", "fighters",
];

/// Nouns for a people or side that may stand between a preposition of a rule and its
/// party: "on behalf of the regime in X", "to the separatists in X".
pub const PEOPLE_NOUNS: &[&str] = &[
    "regime", "government", "people", "peoples", "authorities", "separatists", "secessionists", "rebels", "population",
    "residents", "side", "state", "leadership", "forces", "army", "troops", "citizens", "refugees", "minority",
    "community", "militias", "fighters", "units",
];
