//! Names that stand for an actor without being its label in the graph: the capitals and
//! seats of government of the graph's states ("Islamabad", "Kyiv", "Stepanakert") and the
//! adjectives of their peoples ("Israeli", "Pakistani"). The gazetteer adds them to the
//! names of the entity when the graph has it and no entity already carries the name, so a
//! capital standing for its state is read as the state (issue 11, metonymy). World
//! knowledge, one entry per state of the graph, not tuned on any document: every entry is
//! motivated `general`.

/// (name, local name in `nke:` of the actor it stands for).
pub const NAMES: &[(&str, &str)] = &[
    // capitals and seats of government
    ("Islamabad", "Pakistan"), ("Kyiv", "Ukraine"), ("Kiev", "Ukraine"), ("Minsk", "Belarus"), ("Athens", "Greece"),
    ("Nicosia", "Cyprus"), ("Beijing", "China"), ("Riyadh", "SaudiArabia"), ("Budapest", "Hungary"),
    ("Belgrade", "Serbia"), ("Sofia", "Bulgaria"), ("Prague", "CzechRepublic"), ("Damascus", "Syria"),
    ("Stepanakert", "Artsakh"), ("Khankendi", "Artsakh"), ("Ottawa", "Canada"), ("Berlin", "Germany"),
    ("New Delhi", "India"), ("Delhi", "India"), ("Astana", "Kazakhstan"), ("Tashkent", "Uzbekistan"),
    ("Bishkek", "Kyrgyzstan"), ("Kabul", "Afghanistan"), ("Amman", "Jordan"), ("Beirut", "Lebanon"),
    ("Baghdad", "Iraq"), ("Chisinau", "Moldova"), ("Helsinki", "Finland"), ("Bogota", "Colombia"),
    ("Luanda", "Angola"), ("London", "UnitedKingdom"), ("Downing Street", "UnitedKingdom"), ("Jerusalem", "Israel"),
    ("Brussels", "EuropeanUnion"), ("Elysee", "France"), ("Élysée", "France"), ("Sukhumi", "Abkhazia"),
    ("Tskhinvali", "SouthOssetia"), ("Tiraspol", "Transnistria"),
    // adjectives of peoples, for states whose labels lack them
    ("Israeli", "Israel"), ("Pakistani", "Pakistan"), ("Indian", "India"), ("Chinese", "China"), ("Serbian", "Serbia"),
    ("Cypriot", "Cyprus"), ("Georgian", "Georgia"), ("American", "UnitedStates"), ("Canadian", "Canada"),
    ("Czech", "CzechRepublic"), ("Syrian", "Syria"), ("German", "Germany"), ("Kazakh", "Kazakhstan"),
    ("Uzbek", "Uzbekistan"), ("Kyrgyz", "Kyrgyzstan"), ("Moldovan", "Moldova"), ("Jordanian", "Jordan"),
    ("Lebanese", "Lebanon"), ("Iraqi", "Iraq"), ("Afghan", "Afghanistan"), ("Finnish", "Finland"),
];

/// What motivated the entries of [`NAMES`] (see [`super::rules::Rule::motivated_by`]).
pub const MOTIVATED_BY: &str = "general";
