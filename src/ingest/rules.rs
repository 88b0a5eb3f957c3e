//! The extraction rules: one row per English pattern that states support or a supply.
//!
//! A pattern is a sequence of elements, matched left to right over a sentence's tokens:
//! * `GIVER`, `RECEIVER` — a party or coordinated parties (`Turkey, Israel and Iran`),
//!   optionally after a determiner (`the`, `its`);
//! * `GIVERS:` — every party from here to the end of the clause (a list after a colon);
//! * `^GIVER`, `^RECEIVER` — a slot that is the first party of its clause (its subject);
//! * `{class}` — any phrase of a word class of [`super::lexicon::WORD_CLASSES`];
//! * a literal word or punctuation (`to`, `from`, `by`, `'s`, `-`); `side?` may be absent;
//! * `~` — up to four filler words: auxiliaries, modals, negations, adverbs
//!   ([`super::lexicon::FILLERS`], or any word ending in "-ly");
//! * `..` — up to three words of any kind (adjectives, possessives, quotes), no party between;
//! * `~~` — up to eight words or things (no party, no punctuation);
//! * `...` — up to ten tokens of any kind within the clause.
//!
//! A slot at the start of a pattern is the subject of its verb, so it may not follow a
//! preposition ("against Georgia had fought for" does not make Georgia a fighter).
//!
//! What a match yields depends on the rule's [`Yield`]: a transfer gives a Supply candidate
//! per item category named in the clause (and the support those items imply); a support
//! gives Support candidates typed by the clause's cue words, or by the rule's fixed or
//! default type. Types are local names in `nkv:`. Add a row to teach a new pattern.

/// What a rule's matches are evidence of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Yield {
    /// Something changed hands: Supply candidates for the items named, plus the Support
    /// they imply.
    Transfer,
    /// Items changed hands without support (captured, cut off): Supply candidates only.
    SupplyOnly,
    /// Support only.
    Support,
}

/// The polarity a rule forces on its matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Polarity {
    /// The source states it.
    Given,
    /// The giver refused or did not give it.
    Declined,
    /// The supposed giver denies it.
    Denied,
    /// Someone alleges it.
    Alleged,
    /// Supplies stopped or blocked by the giver.
    CutOff,
    /// Items taken from the giver by the receiver.
    Captured,
}

/// One extraction rule.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Identifier, recorded on every candidate as `nk:rule`.
    pub id: &'static str,
    /// The pattern (see the module documentation).
    pub pattern: &'static str,
    /// What a match yields.
    pub yields: Yield,
    /// A support type that overrides the cue words (voting is always `Vote`).
    pub fixed: Option<&'static str>,
    /// The support type when the clause has no cue word for one.
    pub default_support: Option<&'static str>,
    /// For transfers: the item category when the clause names no item.
    pub default_item: Option<&'static str>,
    /// The recipients are the sides of the sentence (its states other than the giver)
    /// rather than a `RECEIVER` slot: mediation helps both sides.
    pub sides: bool,
    /// A polarity the pattern itself states (`voted against`).
    pub polarity: Option<Polarity>,
    /// The givers support each other ("X and Y are allies"): every member of the `GIVER`
    /// group is also a recipient.
    pub mutual: bool,
    /// The `RECEIVER` slot names the side opposed ("X condemned Y"): the recipient is the
    /// other of the document's two main states, when the slot names one of them.
    pub opponent: bool,
    /// The recipient is not in the sentence but the latest recipient of the preceding
    /// sentences ("Russia is Armenia's main supplier. Smaller suppliers include China"; "It
    /// was opposed by X"). Such a rule fires only when no party precedes it in its clause.
    pub implicit_receiver: bool,
    /// Confidence of a match typed by cue words; default-typed matches get less.
    pub confidence: f32,
    /// What motivated the rule: `general` (English, written before reading any
    /// document), `challenge-tuning` (the tuning half of the challenge set) or the code of
    /// the corpus document it was written against (`000` … `003`), which leave-one-out
    /// evaluation disables when scoring that document.
    pub motivated_by: &'static str,
    /// The giver is named by an adjective ("Armenian-backed", "Israeli drones"): a people
    /// stands for its state.
    pub adjective: bool,
}

const fn rule(id: &'static str, pattern: &'static str, yields: Yield, confidence: f32) -> Rule {
    Rule { id, pattern, yields, fixed: None, default_support: None, default_item: None, sides: false, polarity: None, mutual: false, opponent: false, implicit_receiver: false, confidence, motivated_by: "general", adjective: false }
}

impl Rule {
    const fn fixed(mut self, t: &'static str) -> Self {
        self.fixed = Some(t);
        self
    }
    const fn default_support(mut self, t: &'static str) -> Self {
        self.default_support = Some(t);
        self
    }
    const fn default_item(mut self, t: &'static str) -> Self {
        self.default_item = Some(t);
        self
    }
    const fn sides(mut self) -> Self {
        self.sides = true;
        self
    }
    const fn polarity(mut self, p: Polarity) -> Self {
        self.polarity = Some(p);
        self
    }
    const fn mutual(mut self) -> Self {
        self.mutual = true;
        self
    }
    const fn opponent(mut self) -> Self {
        self.opponent = true;
        self
    }
    const fn implicit_receiver(mut self) -> Self {
        self.implicit_receiver = true;
        self
    }
    const fn from(mut self, source: &'static str) -> Self {
        self.motivated_by = source;
        self
    }
}

use Yield::{Support, SupplyOnly, Transfer};

/// The rule table.
pub const RULES: &[Rule] = &[
    // X supplied / sold / shipped / delivered / provided (arms) to Y
    rule("give-to", "GIVER ~ {give} ... to RECEIVER", Transfer, 0.85).from("003"),
    // X supplied / provided / equipped Y with (arms)
    rule("equip-with", "GIVER ~ {equip} RECEIVER with", Transfer, 0.85).from("001"),
    // Y accused X of supplying (weapons) to Z
    rule("accused-of-giving", "{accuse} GIVER of {give} ... to RECEIVER", Transfer, 0.75).from("003"),
    // X made its first arms sale by supplying (launchers) to Y
    rule("by-giving-to", "^GIVER ~~ by {give} ... to RECEIVER", Transfer, 0.7).from("003"),
    // X gave Y (money)
    rule("give-indirect", "GIVER ~ {give} RECEIVER", Transfer, 0.7).from("003"),
    // X raised money and donated (supplies) to Y
    rule("and-give-to", "^GIVER ~ .. and {give} ... to RECEIVER", Transfer, 0.7).from("000"),
    // X supported Y's integrity and gave (aid) to Z
    rule("subject-and-give-to", "^GIVER ... ... and {give} ... to RECEIVER", Transfer, 0.55).from("003"),
    // X publicly denied any involvement in providing (weapons) to Y
    rule("give-to-far", "^GIVER ~~ {give} ... to RECEIVER", Transfer, 0.6).from("000"),
    // X helped Y by providing (electricity)
    rule("help-by-giving", "GIVER ~ {support} RECEIVER ... by {give}", Transfer, 0.8).from("003"),
    // Y received / bought / purchased (arms) from X
    rule("receive-from", "RECEIVER ~ {receive} ... from GIVER", Transfer, 0.8).from("000"),
    // (arms) were sold to Y by X / sold by X to Y
    rule("given-by-to", "{give} by GIVER to RECEIVER", Transfer, 0.8),
    rule("given-to-by", "{give} to RECEIVER by GIVER", Transfer, 0.8),
    // X is Y's main arms supplier
    rule("supplier-of", "GIVER ~ {be} .. RECEIVER 's .. {supplier}", Transfer, 0.8).default_item("Arms").from("003"),
    rule("supplier-to", "GIVER ~ {be} .. {supplier} to RECEIVER", Transfer, 0.8).default_item("Arms"),
    // Y's suppliers include X
    rule("suppliers-include", "RECEIVER 's .. {supplier} {include} GIVER", Transfer, 0.8).default_item("Arms").from("003"),
    // (Y's main supplier is Z.) Smaller suppliers include X
    rule("suppliers-include-implicit", "{supplier} {include} GIVER", Transfer, 0.7).default_item("Arms").implicit_receiver().from("003"),
    // Y received (diplomatic support) from three states: X, Z
    rule("receive-from-list", "RECEIVER ~ {receive} ... ... from ... : GIVERS:", Transfer, 0.7).default_support("PoliticalStance").from("003"),
    // Y's strongest supporters are X; X is Y's main ally
    rule("supporters-include", "RECEIVER 's .. {supporter} {include} GIVER", Support, 0.75).default_support("PoliticalStance").from("003"),
    rule("supporter-of", "GIVER ~ {be} .. RECEIVER 's .. {supporter}", Support, 0.75).default_support("PoliticalStance").from("003"),
    rule("supporter-of-y", "GIVER ~ {be} .. {supporter} of RECEIVER", Support, 0.7).default_support("PoliticalStance").from("003"),
    // X and Y are allies; X and Y cooperate closely; X and Y recognised each other
    rule("allies", "GIVER ~ {be} .. {allies}", Support, 0.65).default_support("PoliticalStance").mutual(),
    rule("cooperate", "GIVER ~ {cooperate} {closely}", Support, 0.55).default_support("PoliticalStance").mutual().from("003"),
    rule("recognised-each-other", "GIVER ~ {recognise} each other", Support, 0.7).fixed("Recognition").mutual(),
    // X lobbied for Y
    rule("lobby-for", "GIVER ~ {lobby} {for_side} RECEIVER", Support, 0.7).fixed("PoliticalStance").from("003"),
    // Y relied on the support of X
    rule("rely-on", "RECEIVER ~ {rely} on .. {aidnoun} of GIVER", Support, 0.65).default_support("MilitarySupport").from("003"),
    // X-backed Y
    rule("x-backed", "GIVER - {backed} .. RECEIVER", Support, 0.65).default_support("MilitarySupport").from("003"),
    // X supported the territorial integrity of Y
    rule("integrity-of", "GIVER ~ {support} .. territorial integrity of RECEIVER", Support, 0.8).fixed("TerritorialIntegrity").from("003"),
    // Y captured (tanks) from X
    rule("captured-from", "RECEIVER ~ {capture} ... from GIVER", SupplyOnly, 0.7).polarity(Polarity::Captured).from("000"),
    // X cut off the supply of (gas) to Y; X's disruption of the (gas) supply to Y
    rule("cut-supply", "GIVER ~ {cut} .. supply of ... to RECEIVER", SupplyOnly, 0.7).polarity(Polarity::CutOff).from("003"),
    rule("disruption-of-supply", "GIVER 's {disruption} of .. supply to RECEIVER", SupplyOnly, 0.7).polarity(Polarity::CutOff),
    // Y received (money) in X aid
    rule("received-in-aid", "RECEIVER ~ {receive} ... in GIVER .. {aidnoun}", Transfer, 0.7).from("003"),
    // Y (lived in camps) provided by X; Y, (with) funding from X
    rule("subject-given-by", "^RECEIVER ... ... {give} by GIVER", Transfer, 0.55).from("000"),
    rule("subject-funding-from", "^RECEIVER ... {fund_noun} from GIVER", Transfer, 0.55).default_item("Money"),
    // Y, which was funded by X; Y, which was backed by X
    rule("which-funded-by", "RECEIVER , {which} ~ {funded} .. by GIVER", Transfer, 0.7).default_item("Money").from("003"),
    rule("which-supported-by", "RECEIVER , {which} ~ {support_pp} by GIVER", Support, 0.65).default_support("PoliticalStance"),
    // X (created a fund) to bribe Y
    rule("bribe", "^GIVER ... ... {bribe} RECEIVER", Transfer, 0.6).default_item("Money").from("003"),
    // Y was funded / paid for by X
    rule("funded-by", "RECEIVER ~ {funded} .. by GIVER", Transfer, 0.7).default_item("Money").from("003"),
    // Y was a recipient of X('s) funds
    rule("recipient-of", "RECEIVER ~ {be} .. {recipient} of GIVER", Transfer, 0.65).from("003"),
    // X military aid to Y
    rule("aid-to", "GIVER .. {aidnoun} to RECEIVER", Transfer, 0.65).default_support("MilitarySupport").from("003"),
    // X's arms sales to Y; deliveries from X to Y
    rule("transfer-to", "GIVER .. {transfer_noun} to RECEIVER", Transfer, 0.65).from("001"),
    rule("transfer-from-to", "{transfer_noun} .. from GIVER to RECEIVER", Transfer, 0.7).from("000"),
    // X financed / funded Y
    rule("fund", "GIVER ~ {fund} RECEIVER", Transfer, 0.75).default_item("Money"),
    // X trained Y
    rule("train", "GIVER ~ {train} RECEIVER", Support, 0.75).fixed("TrainingAdvisers"),
    rule("trained-by", "RECEIVER ~ {be} ~ {train} by GIVER", Support, 0.75).fixed("TrainingAdvisers").from("000"),
    // X backed / supported / aided / helped Y
    rule("support", "GIVER ~ {support} RECEIVER", Support, 0.7).default_support("PoliticalStance").from("003"),
    // Y, which X supported
    rule("which-x-supported", "RECEIVER ~~ , {which} GIVER ~ {support}", Support, 0.65).default_support("PoliticalStance").from("002"),
    // Y (was) backed / supported / assisted by X
    rule("supported-by", "RECEIVER ~ {support_pp} by GIVER", Support, 0.7).default_support("MilitarySupport").from("000"),
    // with the aid / help / support of X
    rule("with-aid-of", "RECEIVER ~ with .. {aidnoun} of ... GIVER", Support, 0.65).default_support("MilitarySupport").from("000"),
    // X sided / allied with Y
    rule("side-with", "GIVER ~ {side} RECEIVER", Support, 0.75).default_support("PoliticalStance").from("000"),
    rule("subject-side-with", "^GIVER ... {side} RECEIVER", Support, 0.55).default_support("PoliticalStance").from("003"),
    // X's support for Y; X voiced support for Y
    rule("support-for", "GIVER 's .. {aidnoun} {for_side} RECEIVER", Support, 0.7).default_support("PoliticalStance").from("003"),
    rule("support-to", "GIVER 's .. {aidnoun} to RECEIVER", Transfer, 0.7).default_support("MilitarySupport"),
    // the support of the people of X to Y
    rule("support-of-x-to", "{aidnoun} of ~~ GIVER to RECEIVER", Support, 0.6).default_support("PoliticalStance").from("003"),
    rule("express-support", "GIVER ~ {express} .. {aidnoun} {for_side} RECEIVER", Support, 0.75).default_support("PoliticalStance").from("003"),
    rule("express-support-to", "GIVER ~ {express} .. {aidnoun} to RECEIVER", Transfer, 0.75).default_support("MilitarySupport"),
    // Y turned to X for help; Y turned to X('s) help
    rule("turn-to", "RECEIVER ~ {turn} to GIVER for .. {aidnoun}", Support, 0.65).default_support("MilitarySupport"),
    rule("turn-to-help", "RECEIVER ~ {turn} to GIVER .. {aidnoun}", Support, 0.65).default_support("MilitarySupport").from("000"),
    // volunteers / mercenaries from X fought for Y; X fought on Y's side
    rule("fought-for", "GIVER ~ {fight} {for_side} RECEIVER", Transfer, 0.7).fixed("ForeignFighters").default_item("Fighters").from("000"),
    rule("subject-fought-for", "^GIVER who ... {fight} {for_side} RECEIVER", Transfer, 0.5).fixed("ForeignFighters").default_item("Fighters").from("000"),
    rule("fought-on-side", "GIVER ~ {fight} on the RECEIVER side?", Transfer, 0.7).fixed("ForeignFighters").default_item("Fighters").from("003"),
    rule("fought-on-own-side", "GIVER ~ {fight} on RECEIVER 's side?", Transfer, 0.7).fixed("ForeignFighters").default_item("Fighters").from("003"),
    // X fought (against Z) as part of Y's militaries
    rule("fought-as-part-of", "GIVER ~ {fight} ... as part of the RECEIVER", Transfer, 0.6).fixed("ForeignFighters").default_item("Fighters").from("003"),
    // several groups fought on the Y side: X, Z
    rule("fought-side-list", "{fight} on the RECEIVER side? : GIVERS:", Support, 0.65).fixed("ForeignFighters").from("003"),
    rule("fought-for-list", "{fight} {for_side} RECEIVER : GIVERS:", Support, 0.65).fixed("ForeignFighters"),
    // (a resolution backing Y …) It was opposed by X; states that supported it included: X, Z
    rule("it-opposed-by", "it ~ {oppose_pp} by GIVER", Support, 0.65).fixed("Vote").polarity(Polarity::Declined).implicit_receiver().from("003"),
    rule("it-supported-by", "it ~ {support_pp} by GIVER", Support, 0.65).fixed("Vote").implicit_receiver().from("003"),
    rule("supported-resolution-list", "{support} the {resolution} {include} ... : GIVERS:", Support, 0.65).fixed("Vote").implicit_receiver().from("003"),
    rule("vote-for-resolution", "GIVER ~ {vote_for} the {resolution}", Support, 0.65).fixed("Vote").implicit_receiver(),
    rule("vote-against-resolution", "GIVER ~ {vote_against} the {resolution}", Support, 0.6).fixed("Vote").polarity(Polarity::Declined).implicit_receiver(),
    // X (adopted a resolution that) reaffirmed Y's territorial integrity
    rule("affirm-integrity", "GIVER ~~ {affirm} RECEIVER 's territorial integrity", Support, 0.75).fixed("TerritorialIntegrity").from("003"),
    // X voted for / against Y
    rule("vote-for", "GIVER ~ {vote_for} .. RECEIVER", Support, 0.7).fixed("Vote"),
    rule("vote-against", "GIVER ~ {vote_against} .. RECEIVER", Support, 0.6).fixed("Vote").polarity(Polarity::Declined),
    // X condemned Y: support for Y's opponent
    rule("condemn", "GIVER ~ {condemn} RECEIVER", Support, 0.55).fixed("PoliticalStance").opponent().from("003"),
    // X recognised Y
    rule("recognise", "GIVER ~ {recognise} RECEIVER", Support, 0.7).fixed("Recognition"),
    rule("recognise-independence", "GIVER ~ {recognise} the? {independence} of RECEIVER", Support, 0.75).fixed("Recognition"),
    // Y has not been recognised by any country, including X
    rule("recognised-by", "RECEIVER ~ {recognise} by ... GIVER", Support, 0.65).fixed("Recognition").from("003"),
    rule("recognition-by", "{recognition} of RECEIVER by GIVER", Support, 0.7).fixed("Recognition"),
    // X lobbied for (more aid to be given) to Y; X, which was funded by Z and lobbied for Y
    rule("lobby-for-to", "GIVER ~ {lobby} for ~~ to RECEIVER", Support, 0.6).fixed("PoliticalStance").from("003"),
    rule("which-lobbied-for", "GIVER , {which} ... and {lobby} {for_side} RECEIVER", Support, 0.6).fixed("PoliticalStance").from("003"),
    // X favoured closer ties with Y
    rule("favour-ties", "^GIVER ... ... {favour} .. {ties} to RECEIVER", Support, 0.55).fixed("PoliticalStance").from("000"),
    rule("favour-ties-with", "^GIVER ... ... {favour} .. {ties} with RECEIVER", Support, 0.55).fixed("PoliticalStance"),
    // X hired (military trainers) for Y
    rule("hire-for", "GIVER ~ {hire} ~~ for RECEIVER", Support, 0.6).from("000"),
    // Y (founded a brigade) and purchased (weapons) from X
    rule("subject-and-receive-from", "^RECEIVER ... ... and {receive} ... from GIVER", Transfer, 0.55).from("000"),
    // X's (weapons) to be sold to Y
    rule("owned-given-to", "GIVER .. 's ~~ to be {give} ... to RECEIVER", Transfer, 0.6).from("000"),
    // Y backs X's stance and enjoys its support
    rule("enjoy-support", "^RECEIVER ... {enjoy} GIVER .. {aidnoun}", Support, 0.6).default_support("PoliticalStance").from("003"),
    // the recruitment by Y of (fighters) X
    rule("recruitment-of", "{recruitment} by RECEIVER of ~~ GIVER", Transfer, 0.6).fixed("ForeignFighters").default_item("Fighters").from("000"),
    // X (shipments of grain) arrived from Y; arrived in X from Y
    rule("arrived-from", "{arrive} ~~ from GIVER", Transfer, 0.6).implicit_receiver().from("000"),
    rule("arrived-in-from", "{arrive} in RECEIVER from GIVER", Transfer, 0.7),
    // X rendered Y invaluable help
    rule("render-help", "GIVER ~ {render} RECEIVER .. {aidnoun}", Support, 0.65).default_support("MilitarySupport").from("000"),
    // X has not supported Z's pro-Y resolutions
    rule("support-pro-stance", "^GIVER ... {support} ... pro - RECEIVER {stance}", Support, 0.6).fixed("PoliticalStance").from("003"),
    // X pursued a pro-Y policy
    rule("pro-stance", "GIVER ~ {hold} .. pro - RECEIVER {stance}", Support, 0.7).fixed("PoliticalStance").from("003"),
    rule("x-pro-stance", "GIVER 's pro - RECEIVER {stance}", Support, 0.7).fixed("PoliticalStance").from("003"),
    // territory: X demanded that (Karabakh) be ceded to / unified with / put under the
    // control of Y; X voted to leave (the region) within Y; X declared that (it) was Y territory
    rule("cede-to", "^GIVER ... ... ... {cede} PLACE to RECEIVER", Support, 0.6).fixed("PoliticalStance").from("000"),
    rule("be-ceded-to", "^GIVER ... ... ... PLACE ~ {cede} to RECEIVER", Support, 0.6).fixed("PoliticalStance"),
    rule("unify-with", "^GIVER ... ... {unify} PLACE with RECEIVER", Support, 0.6).fixed("PoliticalStance"),
    rule("put-under-control", "^GIVER ... ... PLACE to be {put} under RECEIVER {control}", Support, 0.6).fixed("PoliticalStance").from("000"),
    rule("keep-within", "GIVER ~~ {decide} to {keep} PLACE within RECEIVER", Support, 0.6).fixed("PoliticalStance").from("000"),
    rule("declare-territory", "^GIVER ... ... {declare} that PLACE ~ {be} ~ RECEIVER {territory}", Support, 0.6).fixed("PoliticalStance").from("000"),
    rule("demand-independence", "GIVER ~~ {demand} ~~ that RECEIVER ~ be ~ {independent}", Support, 0.6).fixed("PoliticalStance").from("002"),
    // talks mediated by X; X-brokered ceasefire; mediation of X — both sides helped
    // (a resolution may be sponsored too: sponsoring is mediation only for talks)
    rule("mediated-by", "{mediate_pp} by GIVER", Support, 0.6).fixed("Mediation").sides().from("003"),
    rule("talks-sponsored-by", "{talks} ~~ {sponsor_pp} by GIVER", Support, 0.6).fixed("Mediation").sides().from("002"),
    rule("x-brokered", "GIVER - {sponsor_pp}", Support, 0.6).fixed("Mediation").sides().from("002"),
    rule("mediation-of", "{mediation} of GIVER", Support, 0.6).fixed("Mediation").sides().from("003"),
    rule("mediation-by", "{mediation} ~~ by GIVER", Support, 0.6).fixed("Mediation").sides().from("000"),
    rule("x-mediation", "GIVER 's .. {mediation}", Support, 0.6).fixed("Mediation").sides(),
    // talks were initiated / hosted by X
    rule("talks-led-by", "{talks} ~ {initiated} by GIVER", Support, 0.6).fixed("Mediation").sides(),
    // X's diplomats conducted shuttle diplomacy
    rule("conduct-mediation", "GIVER .. {conduct} .. {mediation}", Support, 0.6).fixed("Mediation").sides().from("000"),
    rule("mediate-between", "GIVER ~ {mediate} .. between RECEIVER", Support, 0.7).fixed("Mediation"),
    // with X acting as a mediator; X served as the broker
    rule("acting-as-mediator", "GIVER ~ {act} as .. {mediator}", Support, 0.6).fixed("Mediation").sides(),
    rule("with-x-as-mediator", "with GIVER {act} as .. {mediator}", Support, 0.6).fixed("Mediation").sides().from("000"),
];
