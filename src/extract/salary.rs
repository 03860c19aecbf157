//! Pay, read out of a posting: "$120K–$350K", "€60.000–€70.000 per year", "$55/hr", "up to
//! £70,000", "salary_min: 120000". Figures that are not pay ("$50M Series B", "401(k)", "a $1,000
//! learning budget", "5+ years", "$0 deductible") are left out. The salary rules read these
//! facts, and JSON output shows them, so a user sees what was understood.

use std::ops::Range;
use std::sync::OnceLock;

use crate::literal_scan::LiteralScan;

use crate::bytescan::{ceil_char_boundary, floor_char_boundary};
use serde::Serialize;

/// How often a pay figure is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    Hour,
    Day,
    Week,
    Month,
    Year,
}

impl Period {
    /// Paid periods in a year (full time: 2,080 hours, 260 days).
    pub fn per_year(self) -> f64 {
        match self {
            Period::Hour => 2080.0,
            Period::Day => 260.0,
            Period::Week => 52.0,
            Period::Month => 12.0,
            Period::Year => 1.0,
        }
    }

    /// The period as schema.org's `unitText` writes it ("HOUR").
    pub fn unit_text(self) -> &'static str {
        match self {
            Period::Hour => "HOUR",
            Period::Day => "DAY",
            Period::Week => "WEEK",
            Period::Month => "MONTH",
            Period::Year => "YEAR",
        }
    }

    /// The period as a posting's text says it ("per hour").
    pub fn in_words(self) -> &'static str {
        match self {
            Period::Hour => "per hour",
            Period::Day => "per day",
            Period::Week => "per week",
            Period::Month => "per month",
            Period::Year => "per year",
        }
    }
}

/// What a pay statement commits to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Bound {
    /// A minimum and a maximum.
    Range,
    /// One figure.
    Exact,
    /// A maximum only: "up to $150k".
    UpTo,
    /// A minimum only: "from $90k", "$120k+".
    From,
    /// Filled in by the site's template (`{% include salary_range.html %}`): present, unknown.
    Template,
}

/// One pay statement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pay {
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// ISO 4217 code; `$` alone is USD.
    pub currency: Option<&'static str>,
    pub period: Option<Period>,
    pub bound: Bound,
    /// The words, as written.
    pub text: String,
    /// Byte range of the words in the segment's text (the document maps it to the source).
    #[serde(skip)]
    pub range: Range<usize>,
}

impl Pay {
    /// Whether `other` says the same pay: the same bounds, figures, currency and period,
    /// wherever and however it is written. A statement with no period agrees with any (a job
    /// board's tag "USD $2,800~$6,000" above a body's "$2,800 - $6,000 per month").
    pub fn same_terms(&self, other: &Pay) -> bool {
        self.bound == other.bound
            && self.min == other.min
            && self.max == other.max
            && self.currency == other.currency
            && (self.period == other.period || self.period.is_none() || other.period.is_none())
    }

    /// The bounds per year in US dollars, when the statement says (or implies) both.
    pub fn annual_usd(&self) -> Option<(Option<f64>, Option<f64>)> {
        if self.currency.is_some_and(|c| c != "USD") {
            return None;
        }
        let factor = match self.period {
            Some(p) => p.per_year(),
            // Without a period, a figure of five digits or more is a yearly salary; an hourly
            // rate is never that large.
            None if self.min.or(self.max).is_some_and(|v| v >= 10_000.0) => 1.0,
            None => return None,
        };
        Some((self.min.map(|v| v * factor), self.max.map(|v| v * factor)))
    }
}

/// Currency markers, longest first so that "US$" wins over "$".
const CURRENCIES: &[(&str, &str)] = &[
    ("US$", "USD"),
    ("USD", "USD"),
    ("CA$", "CAD"),
    ("C$", "CAD"),
    ("CAD", "CAD"),
    ("AU$", "AUD"),
    ("A$", "AUD"),
    ("AUD", "AUD"),
    ("NZ$", "NZD"),
    ("NZD", "NZD"),
    ("S$", "SGD"),
    ("SGD", "SGD"),
    ("HK$", "HKD"),
    ("HKD", "HKD"),
    ("NT$", "TWD"),
    ("TWD", "TWD"),
    ("R$", "BRL"),
    ("BRL", "BRL"),
    ("$", "USD"),
    ("€", "EUR"),
    ("EUR", "EUR"),
    ("£", "GBP"),
    ("GBP", "GBP"),
    ("¥", "JPY"),
    ("JPY", "JPY"),
    ("₹", "INR"),
    ("INR", "INR"),
    ("Rs.", "INR"),
    ("CHF", "CHF"),
    ("SEK", "SEK"),
    ("NOK", "NOK"),
    ("DKK", "DKK"),
    ("PLN", "PLN"),
    ("zł", "PLN"),
    ("MXN", "MXN"),
    ("ZAR", "ZAR"),
    ("RON", "RON"),
    ("CZK", "CZK"),
    ("Kč", "CZK"),
    ("HUF", "HUF"),
    ("MYR", "MYR"),
    ("RM", "MYR"),
    ("TRY", "TRY"),
    ("₺", "TRY"),
    ("ILS", "ILS"),
    ("₪", "ILS"),
    ("KRW", "KRW"),
    ("₩", "KRW"),
    ("AED", "AED"),
    ("NGN", "NGN"),
    ("₦", "NGN"),
    ("UAH", "UAH"),
    ("₴", "UAH"),
    ("COP", "COP"),
    ("ARS", "ARS"),
    ("CLP", "CLP"),
    // The programming language's name too, but "PHP 8" is no pay: small, and no period.
    ("PHP", "PHP"),
    ("₱", "PHP"),
    // Africa, the Middle East and Asia, where postings name the code or the local sign
    // ("KES 45,000 per month", "KSh 80,000", "GH₵ 4,500", "NT$ 1.2M", "Rp 15.000.000").
    ("KES", "KES"),
    ("KSh", "KES"),
    ("Ksh", "KES"),
    ("UGX", "UGX"),
    ("TZS", "TZS"),
    ("GHS", "GHS"),
    ("GH₵", "GHS"),
    ("EGP", "EGP"),
    ("MAD", "MAD"),
    ("SAR", "SAR"),
    ("QAR", "QAR"),
    ("KWD", "KWD"),
    ("BHD", "BHD"),
    ("OMR", "OMR"),
    ("PKR", "PKR"),
    ("BDT", "BDT"),
    ("LKR", "LKR"),
    ("IDR", "IDR"),
    ("Rp", "IDR"),
    ("THB", "THB"),
    ("฿", "THB"),
    ("VND", "VND"),
    ("₫", "VND"),
    ("CNY", "CNY"),
    ("RMB", "CNY"),
    ("PEN", "PEN"),
    ("UYU", "UYU"),
    ("BGN", "BGN"),
    ("ISK", "ISK"),
];

/// Currencies written out after a figure: "between 45,000 and 60,000 euros". Apart from the
/// markers, whose first and last bytes are looked up for every figure: a lower-case `e` or `s`
/// next to a figure is common, a marker's byte should not be.
const CURRENCY_WORDS_AFTER: &[(&str, &str)] = &[("euros", "EUR"), ("euro", "EUR")];

/// Which bytes end a currency marker: a capital glued to a figure ("SGD7,608") is compared
/// with the markers only when one ends with it.
const MARKER_ENDS: [bool; 256] = marker_ends();

/// The last two bytes, and the first two, of every marker longer than a byte: a figure with
/// neither next to it (most figures are years and counts; "with 5", "up to 5", "5 Years") is
/// not compared with each marker, even where one byte alone could be a marker's ("KSh" and
/// "Rp" end with an `h` and a `p`). (`$` is the one marker of a single byte.)
const MARKER_END_PAIRS: [u64; 1024] = marker_pairs(true);
const MARKER_START_PAIRS: [u64; 1024] = marker_pairs(false);

const fn marker_pairs(last: bool) -> [u64; 1024] {
    let mut table = [0u64; 1024];
    let mut i = 0;
    while i < CURRENCIES.len() {
        let marker = CURRENCIES[i].0.as_bytes();
        if marker.len() >= 2 {
            let (a, b) = if last {
                (marker[marker.len() - 2], marker[marker.len() - 1])
            } else {
                (marker[0], marker[1])
            };
            let pair = (a as usize) << 8 | b as usize;
            table[pair / 64] |= 1 << (pair % 64);
        }
        i += 1;
    }
    table
}

/// Whether the bytes `a` then `b` may be two bytes of a marker (`table` says which two).
fn may_be_marker(table: &[u64; 1024], a: u8, b: u8) -> bool {
    let pair = usize::from(a) << 8 | usize::from(b);
    table[pair / 64] & (1 << (pair % 64)) != 0
}

const fn marker_ends() -> [bool; 256] {
    let mut table = [false; 256];
    let mut i = 0;
    while i < CURRENCIES.len() {
        let marker = CURRENCIES[i].0.as_bytes();
        table[marker[marker.len() - 1] as usize] = true;
        i += 1;
    }
    table
}

/// The pay words that do not outweigh a word that says otherwise: a period ("a monthly fixed
/// allowance of RM600" is an allowance for all its "monthly") and a package ("a relocation
/// package of 500 Euro"; a compensation package has "compensation").
const WEAK_PAY_WORDS: &[&str] = &["hourly", "annual", "annually", "monthly", "package"];

/// Words that say a figure is pay, before it in the same sentence.
const PAY_WORDS: &[&str] = &[
    "salary",
    "salaries",
    "pay",
    "pays",
    "paid",
    "paying",
    "compensation",
    "wage",
    "wages",
    "rate",
    "base",
    "ote",
    "ctc",
    "earn",
    "earns",
    "remuneration",
    "gehalt",
    "salaire",
    "sueldo",
    "package",
    "income",
    "hourly",
    "annual",
    "annually",
    "monthly",
    "stipend of",
];

/// Words right after a figure that make it something else than pay.
const NOT_PAY_AFTER: &[&str] = &[
    "series",
    "seed",
    "round",
    "arr",
    "mrr",
    "revenue",
    "valuation",
    "market",
    "funding",
    "raise",
    "in funding",
    "in revenue",
    "in payments",
    "in sales",
    "in assets",
    "in gmv",
    "learning",
    "budget",
    "stipend",
    "allowance",
    "bonus",
    "deductible",
    "copay",
    "plan",
    "subscription",
    "grant",
    "prize",
    "credit",
    "credits",
    "voucher",
    "relocation",
    "employees",
    "engineers",
    "people",
    "customers",
    "users",
    "members",
    "accounts",
    "requests",
    "transactions",
    "years",
    "year old",
    "yrs",
    "hours a week",
    "hours per week",
    "days",
    "weeks",
    "months",
    "percent",
    "%",
    "million users",
    "downloads",
    "stars",
    "reimbursement",
    "signing",
    "sign-on",
    "referral",
    "match",
    "towards",
    "toward",
    "per second",
    "per minute",
    "a second",
    "lunch",
    "dinner",
    "meal",
    "meals",
    "gym",
    "wellness",
    "views",
    "visits",
    "downloads",
    "hits",
    "stolen",
    "lost",
    "saved",
    "for anything",
    "for courses",
    "for books",
    "for conferences",
    "for training",
    "for learning",
    "for gym",
    "for childcare",
    "for coworking",
    "fertility",
    "family",
    "for surrogacy",
    "for adoption",
    "for tuition",
    "for dependent",
    "for health",
    "for education",
    "coverage",
    "for each",
    "per referral",
    "per hire",
    "donation",
    "donations",
    "matching",
    "subsidy",
    "to subsidize",
    "to spend",
    "to connect",
    "to cover",
    "to use",
    "to get",
    "to put",
    "for wellness",
    "for learning",
    "for home",
    "for your",
    "in rsu",
    "in rsus",
    "in stock",
    "in equity",
    "rsu",
    "rsus",
];

/// Words a little after a figure ("$500 home office stipend") that make it something else.
const NOT_PAY_NEAR_AFTER: &[&str] = &[
    "stipend",
    "incentive",
    "incentives",
    "budget",
    "allowance",
    "deductible",
    "reimbursement",
    "credit",
    "credits",
    "grant",
    "relocation",
    "valuation",
    "funding",
    "revenue",
    "arr",
];

/// Where a figure a little after it is paid to that is not the salary: "2700 RON/year through
/// your benefits account".
const BENEFIT_ACCOUNTS: &[&str] = &[
    "benefits account",
    "benefit account",
    "benefits budget",
    "benefits platform",
    "benefits card",
    "flexible benefits",
];

/// Whether a figure's sentence so far (`before`, lower-cased) says the figure is beside the
/// salary: "In addition to your salary, we provide 2700 RON/year"; not "On top of your base
/// salary of $140,000", where the clause goes on to the figure.
fn beside_the_salary(before: &str) -> bool {
    // Asked of every figure with a currency: two searches for the leads, not one per phrase
    // (a searcher built for each of eight phrases was a hundredth of a bulk run).
    BESIDE_THE_SALARY_LEADS.iter().any(|lead| {
        before.match_indices(lead).any(|(at, _)| {
            let rest = &before[at + lead.len()..];
            BESIDE_THE_SALARY.iter().any(|salary| {
                rest.strip_prefix(salary)
                    .is_some_and(|clause| clause.contains(','))
            })
        })
    })
}

/// Earlier in a figure's sentence, a clause before it opening with a lead and then one of the
/// salary's names: the figure is something else than the salary.
const BESIDE_THE_SALARY_LEADS: &[&str] = &["in addition to ", "on top of "];
const BESIDE_THE_SALARY: &[&str] = &["your salary", "the salary", "your base", "the base"];

/// Words just before a figure that make it something else than pay.
const NOT_PAY_BEFORE: &[&str] = &[
    "discount",
    "discounts",
    "tickets",
    "vouchers",
    "donation",
    "donations",
    "donate",
    "contribution",
    "contributions",
    "prize",
    "award",
    "cashback",
    "prime",
    "primes",
    "cooptation",
    "prämie",
    "worth",
    "spend",
    "spends",
    "spent",
    "covered",
    "cover",
    "coverage",
    "insurance",
    "ad&d",
    "maximum",
    "recommending",
    "recommend",
    "benefit",
    "assistance",
    "reimburse",
    "surrogacy",
    "adoption",
    "fertility",
    "tuition",
    "education",
    // "Study support of up to €3,000 a year", "a learning budget", "gym membership of $50 a month"
    "study",
    "learning",
    "training",
    "childcare",
    "wellbeing",
    "wellness",
    "gym",
    "membership",
    "commuter",
    "equipment",
    "candidates",
    "loan",
    "loans",
    "amounts",
    "financing",
    "generating",
    "generates",
    "generated",
    "saving",
    "savings",
    "subsidy",
    "subsidize",
    "raised",
    "raise",
    "raising",
    "funding",
    "valuation",
    "valued at",
    "revenue",
    "budget",
    "budget of",
    "stipend",
    "allowance",
    "bonus:",
    "bonus of",
    "referral bonus",
    "signing bonus",
    "sign-on bonus",
    "relocation",
    "reimbursement",
    "reimbursed",
    "deductible",
    "copay",
    "grant of",
    "price",
    "priced at",
    "costs",
    "cost",
    "fee",
    "fees",
    "over",
    "more than",
    "processes",
    "process",
    "processed",
    "manage",
    "managing",
    "team of",
    "serving",
    "serve",
    "handles",
    "handle",
    "401",
    "version",
    "v",
    "python",
    "since",
    "founded in",
    "in",
    "by",
];

/// Reads every pay statement in `text`.
pub fn find(text: &str) -> Vec<Pay> {
    find_with(text, false)
}

/// The smallest figure of a range that an announcement makes pay without a currency (see
/// `find_announced`): above any year, so "2020-2024" stays a span of years.
const ANNOUNCED_MIN: f64 = 10_000.0;

/// Reads the pay statements of a paragraph or item under one that announces ranges
/// (`announces_ranges`): "Zone A: [132,400-196,950] + equity" is pay there, as a range of two
/// figures of at least 10,000 each, in `currency` (the one the announcement names, if any)
/// when it names none itself; the rest is read as `find` reads it.
pub fn find_announced(text: &str, currency: Option<&'static str>) -> Vec<Pay> {
    let mut found = find_with(text, true);
    for pay in found.iter_mut().filter(|p| p.currency.is_none()) {
        pay.currency = currency;
    }
    found
}

/// Whether a paragraph announces the pay ranges listed after it: "The United States new hire
/// base salary target ranges for this full-time position are:". A pay range's label, and a
/// colon at its end.
pub fn announces_ranges(text: &str) -> bool {
    let text = text.trim_end().trim_end_matches(['*', '_']);
    if text.len() > 300 || !text.ends_with(':') {
        return false;
    }
    let lower = text.to_ascii_lowercase();
    RANGE_LABELS.iter().any(|label| lower.contains(label))
}

/// The currency an announcement of ranges names, by its code or its country ("The United
/// States new hire base salary target ranges …"), for the ranges listed under it.
pub fn announced_currency(text: &str) -> Option<&'static str> {
    let lower = text.to_ascii_lowercase();
    let has_word = |word: &str| has_word(&lower, word);
    [
        ("united states", "USD"),
        ("u.s.", "USD"),
        ("usd", "USD"),
        ("canada", "CAD"),
        ("canadian", "CAD"),
        ("cad", "CAD"),
        ("united kingdom", "GBP"),
        ("gbp", "GBP"),
        ("eur", "EUR"),
    ]
    .into_iter()
    .find(|(word, _)| has_word(word))
    .map(|(_, code)| code)
}

fn find_with(text: &str, announced: bool) -> Vec<Pay> {
    let figures = figures(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < figures.len() {
        let a = &figures[i];
        // A range: "A - B", "A to B", "between A and B".
        let pair = figures.get(i + 1).filter(|b| joins(text, a, b));
        let (min_fig, max_fig, used) = match pair {
            Some(b) => (a, b, 2),
            None => (a, a, 1),
        };
        i += used;
        let announced_range = announced
            && used == 2
            && [min_fig, max_fig]
                .iter()
                .all(|f| f.value * f.magnitude.unwrap_or(1.0) >= ANNOUNCED_MIN);
        if let Some(pay) = read_statement(text, min_fig, max_fig, used == 2, announced_range) {
            out.push(pay);
        }
    }
    drop_conversions(text, merge_split_ranges(text, out))
}

/// Drops a figure in brackets that converts the one before it into another currency: in
/// "9000 to 18.000 PLN/month on B2B (roughly $2,250 - $4,500/month)" or "€60,000 (about
/// $65,000)" the pay is the first; the dollars are the reader's help, not a second
/// offer to judge. A bracket that says more than the figure ("$150,000 (£120,000 in London)")
/// is a statement of its own.
fn drop_conversions(text: &str, pay: Vec<Pay>) -> Vec<Pay> {
    if pay.len() < 2 || !text.contains('(') {
        return pay;
    }
    let converts = |before: &Pay, after: &Pay| {
        let (Some(from), Some(to)) = (before.currency, after.currency) else {
            return false;
        };
        let (Some(gap), Some(rest)) = (
            text.get(before.range.end..after.range.start),
            text.get(after.range.end..),
        ) else {
            return false;
        };
        let closes = rest
            .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_'))
            .starts_with(')');
        from != to
            && gap.len() <= 80
            && gap.contains('(')
            && !gap.contains([')', '.', ';', '\n'])
            && closes
    };
    let mut kept: Vec<Pay> = Vec::with_capacity(pay.len());
    for statement in pay {
        if kept
            .last()
            .is_some_and(|before| converts(before, &statement))
        {
            continue;
        }
        kept.push(statement);
    }
    kept
}

/// The pay statements of a text that follows a pay label of its own ("**Compensation:** CAD
/// $2,000 - $3,500", the label a heading or a run-in label): read as if the label were in the
/// sentence, so that figures without a period still count.
pub fn find_after_label(text: &str) -> Vec<Pay> {
    const LABEL: &str = "salary: ";
    find(&format!("{LABEL}{text}"))
        .into_iter()
        .filter(|pay| pay.range.start >= LABEL.len())
        .map(|mut pay| {
            pay.range = pay.range.start - LABEL.len()..pay.range.end - LABEL.len();
            pay
        })
        .collect()
}

/// Whether a heading or run-in label is a pay label ("Compensation:", "**Salary range**").
pub fn is_pay_label(text: &str) -> bool {
    // Asked of every heading: compared in place, no copy.
    let label = text
        .trim()
        .trim_matches(|c: char| matches!(c, ':' | '*' | '_' | '#' | ' '));
    label.len() <= 25
        && [
            "compensation",
            "salary",
            "pay",
            "salary range",
            "pay range",
            "base salary",
            "base pay",
            "compensation range",
            "salary and benefits",
            "compensation and benefits",
        ]
        .iter()
        .any(|known| label.eq_ignore_ascii_case(known))
}

/// "$144,500 in the lowest market and up to $171,000 per year in the highest": a figure and an
/// "up to" figure in one sentence, in one currency, are the two ends of one range.
fn merge_split_ranges(text: &str, found: Vec<Pay>) -> Vec<Pay> {
    let mut out: Vec<Pay> = Vec::with_capacity(found.len());
    for pay in found {
        if let Some(last) = out.last_mut()
            && last.bound == Bound::Exact
            && pay.bound == Bound::UpTo
            && last.currency == pay.currency
            && !text[last.range.end..pay.range.start].contains(['.', ';', '\n'])
            && last.min.zip(pay.max).is_some_and(|(lo, hi)| lo < hi)
        {
            last.bound = Bound::Range;
            last.max = pay.max;
            last.period = last.period.or(pay.period);
            last.range = last.range.start..pay.range.end;
            last.text = text[last.range.clone()].trim().to_string();
            continue;
        }
        out.push(pay);
    }
    out
}

/// A number as written, with its magnitude and any currency next to it.
#[derive(Debug, Clone)]
struct Figure {
    /// Range of the whole figure, currency and magnitude included.
    range: Range<usize>,
    /// Range of the digits.
    digits: Range<usize>,
    value: f64,
    /// Multiplier written after the digits (k = 1,000; M = 1,000,000), if any.
    magnitude: Option<f64>,
    currency: Option<&'static str>,
    /// A period the magnitude word says itself: "LPA" is lakhs per annum.
    period: Option<Period>,
}

/// Where a figure can start.
const DIGITS: crate::bytescan::ByteSet<1> = crate::bytescan::ByteSet::new([(b'0', b'9')]);

fn figures(text: &str) -> Vec<Figure> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            // Every segment is read here: the words up to the next digit are skipped.
            i = crate::bytescan::positions(bytes, i, &DIGITS)
                .next()
                .unwrap_or(bytes.len());
            continue;
        }
        // Digits glued to a word are not a figure ("v2", "4k8"), unless the word is a
        // currency code of its own ("SGD7,608", "RM11,702").
        // South Africa's rand is a capital R glued to the figure ("R45 000", "R45,000 per
        // month"); "R2" and "R 4.3" are the language, so only a figure of thousands counts.
        let rand = glued_rand(bytes, i);
        if i > 0 && is_word_byte(bytes[i - 1]) && !rand && !glued_code_before(text, i) {
            i += 1;
            continue;
        }
        // Digits with grouping separators: 120,000 · 60.000 · 120'000 · 25,00,000 · 2.450,00
        let start = i;
        let mut end = i;
        while end < bytes.len() {
            let separator = matches!(bytes[end], b',' | b'.' | b'\'')
                && bytes.get(end + 1).is_some_and(u8::is_ascii_digit);
            if bytes[end].is_ascii_digit() || separator {
                end += 1;
            } else if text[end..].starts_with('\u{2019}')
                && bytes.get(end + 3).is_some_and(u8::is_ascii_digit)
            {
                end += 3;
            } else if let Some(width) = space_group(text, end, end - start) {
                // "181 000", "60 000 €": a space (or a narrow no-break space) groups
                // thousands in French and Polish.
                end += width;
            } else {
                break;
            }
        }
        let digits = start..end;
        let Some(value) = number(&text[digits.clone()]) else {
            i = end;
            continue;
        };
        // A figure glued to letters ("4k8", "v2") is not one.
        let (magnitude, after) = magnitude(text, end);
        // "$85,000k": thousands written out and a "k" as well is a slip for the thousands,
        // not 85 million (which reads as funding, and the posting as stating no pay).
        let grouped = text[digits.clone()].contains([',', '.', '\'', ' ']);
        let slip = magnitude == Some(1e3) && value >= 1000.0 && grouped;
        let magnitude = magnitude.filter(|_| !slip);
        if magnitude.is_none() && !slip && bytes.get(end).is_some_and(u8::is_ascii_alphabetic) {
            i = end;
            continue;
        }
        // A requisition number is an R and digits too ("Software Engineer R12391"): the rand
        // is written grouped ("R45 000", "R45,000") or in thousands ("R450k").
        if rand && (value * magnitude.unwrap_or(1.0) < 1000.0 || !grouped && magnitude.is_none()) {
            i = end;
            continue;
        }
        let (currency_before, from) = if rand {
            (Some("ZAR"), start - 1)
        } else {
            currency_before(text, start)
        };
        let (currency_after, to) = currency_after(text, after);
        // "$125k NZD": a code after the figure names the dollar.
        let currency = match (currency_before, currency_after) {
            (Some("USD"), Some(code)) if text[from..start].trim() == "$" => Some(code),
            (before, after) => before.or(after),
        };
        // "18 LPA" is lakhs per annum, which is pay in rupees: the word says so, where "5 lakh
        // users" says nothing about money.
        let lpa = magnitude.is_some()
            && text[end..after]
                .trim_start_matches(['+', ' '])
                .eq_ignore_ascii_case("lpa");
        let currency = currency.or(lpa.then_some("INR"));
        let period = lpa.then_some(Period::Year);
        out.push(Figure {
            range: from..to,
            digits,
            value,
            magnitude,
            currency,
            period,
        });
        i = end.max(i + 1);
    }
    out
}

/// Whether the digits at `at` follow a capital R that starts a word ("R45 000"): the rand.
fn glued_rand(bytes: &[u8], at: usize) -> bool {
    at > 0 && bytes[at - 1] == b'R' && (at == 1 || !bytes[at - 2].is_ascii_alphanumeric())
}

/// Whether a currency code written in letters ends right at `at` and is a word of its own.
fn glued_code_before(text: &str, at: usize) -> bool {
    // Most digits glued to a word follow a lower-case letter or a digit ("v2", "h1", "4k8"):
    // only a capital that ends a marker is worth comparing the markers for.
    let last = text.as_bytes()[at - 1];
    if !(last.is_ascii_uppercase() && MARKER_ENDS[usize::from(last)]) {
        return false;
    }
    CURRENCIES.iter().any(|(marker, _)| {
        marker.bytes().all(|b| b.is_ascii_uppercase())
            && text[..at].ends_with(marker)
            && !text[..at - marker.len()]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
    })
}

/// The width of a space that groups thousands at `at` ("181 000"): a space, then exactly three
/// digits; the digits before are one to three and themselves start the number or follow a
/// space group.
fn space_group(text: &str, at: usize, so_far: usize) -> Option<usize> {
    let rest = &text[at..];
    let space = [" ", "\u{a0}", "\u{202f}"]
        .iter()
        .find(|s| rest.starts_with(*s))?
        .len();
    let digits = rest[space..].bytes().take_while(u8::is_ascii_digit).count();
    let group_before = text[..at]
        .bytes()
        .rev()
        .take_while(u8::is_ascii_digit)
        .count();
    (digits == 3 && group_before <= 3 && so_far <= 11).then_some(space)
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The value of digits with grouping separators: the last separator is a decimal mark when
/// one or two digits follow it and the number ends there.
fn number(raw: &str) -> Option<f64> {
    let last_separator = raw.char_indices().rfind(|(_, c)| !c.is_ascii_digit());
    let decimal = last_separator.and_then(|(at, c)| {
        let tail = raw[at + c.len_utf8()..].len();
        (matches!(c, '.' | ',') && (1..=2).contains(&tail)).then_some(at)
    });
    // The digits, and a point for the decimal mark, on the stack (on the heap past 64
    // bytes): every number of every segment is read here, most of them years and counts.
    let mut stack = [0u8; 64];
    let mut heap = Vec::new();
    let cleaned: &mut [u8] = if raw.len() <= stack.len() {
        &mut stack
    } else {
        heap.resize(raw.len(), 0);
        &mut heap
    };
    let mut len = 0;
    for (at, byte) in raw.bytes().enumerate() {
        if byte.is_ascii_digit() || Some(at) == decimal {
            cleaned[len] = if byte.is_ascii_digit() { byte } else { b'.' };
            len += 1;
        }
    }
    std::str::from_utf8(&cleaned[..len]).ok()?.parse().ok()
}

/// A magnitude right after the digits ("120k", "6M", "2 billion"): its factor and where the
/// figure then ends.
fn magnitude(text: &str, end: usize) -> (Option<f64>, usize) {
    let rest = &text[end..];
    // "$10+ billion": the plus sits before the word.
    let rest_plus = rest.strip_prefix('+').unwrap_or(rest);
    let trimmed = rest_plus.strip_prefix(' ').unwrap_or(rest_plus);
    let skipped = rest.len() - trimmed.len();
    // Every magnitude below starts with one of these: most figures ("5 years", "2024") are
    // told apart by their next byte.
    if !trimmed.as_bytes().first().is_some_and(|b| {
        matches!(
            b,
            b'm' | b'M' | b'b' | b'B' | b'k' | b'K' | b'l' | b'L' | b'c' | b'C'
        )
    }) {
        return (None, end);
    }
    // Lower-cased on the stack: every number of every segment is read here.
    let mut buffer = [0u8; 12];
    let lower = trimmed
        .get(..buffer.len().min(trimmed.len()))
        .and_then(|window| crate::bytescan::lowered_in(window, &mut buffer));
    for (word, factor) in [
        ("millions", 1e6),
        ("million", 1e6),
        ("millionen", 1e6),
        ("mil", 1e6),
        ("mio", 1e6),
        ("billions", 1e9),
        ("billion", 1e9),
        ("milliards", 1e9),
        ("milliard", 1e9),
        ("mrd", 1e9),
        ("bn", 1e9),
        // India's: a lakh is 100,000, a crore 10 million; "LPA" is lakhs per annum.
        ("lakhs", 1e5),
        ("lakh", 1e5),
        ("lacs", 1e5),
        ("lac", 1e5),
        ("lpa", 1e5),
        ("crores", 1e7),
        ("crore", 1e7),
    ] {
        if let Some(lower) = lower
            && let Some(after) = lower.strip_prefix(word)
            && !after.starts_with(|c: char| c.is_alphanumeric())
        {
            return (Some(factor), end + skipped + word.len());
        }
    }
    for (word, factor) in [("k", 1e3), ("K", 1e3), ("m", 1e6), ("M", 1e6), ("B", 1e9)] {
        if let Some(after) = trimmed.strip_prefix(word) {
            // Letters right after are a word ("5 months", "3 miles"), not a magnitude;
            // "k" needs to touch the digits, or a currency sign after it ("35 K€", as French
            // postings write thousands of euros).
            let single = word.len() == 1;
            let signed = after.starts_with(['€', '$', '£']);
            if after.starts_with(|c: char| c.is_alphanumeric())
                || (single && skipped > 0 && !signed)
            {
                continue;
            }
            return (Some(factor), end + skipped + word.len());
        }
    }
    (None, end)
}

/// A currency marker just before `at` (spaces allowed: "USD 120k", "CAD $95,000").
fn currency_before(text: &str, at: usize) -> (Option<&'static str>, usize) {
    let mut start = at;
    let mut found = None;
    // Up to two markers: "CAD $95,000".
    for _ in 0..2 {
        let before = text[..start].trim_end_matches(' ');
        let ends_like_a_marker = match before.as_bytes() {
            [.., b'$'] => true,
            [.., a, b] => may_be_marker(&MARKER_END_PAIRS, *a, *b),
            _ => false,
        };
        if !ends_like_a_marker {
            break;
        }
        let Some((marker, code)) = CURRENCIES.iter().find(|(m, _)| before.ends_with(m)) else {
            break;
        };
        let from = before.len() - marker.len();
        // A code must be a word of its own ("USD", not "FUSD").
        if marker.chars().all(|c| c.is_ascii_alphabetic())
            && text[..from]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
        {
            break;
        }
        // "CAD $95,000": the code before a bare `$` names the dollar.
        match found {
            None => found = Some(*code),
            Some("USD") if *marker != "$" && before.len() + 1 >= start => found = Some(*code),
            Some(_) => break,
        }
        start = from;
    }
    (found, start)
}

/// A currency marker just after a figure ("60.000 €", "150k USD").
fn currency_after(text: &str, at: usize) -> (Option<&'static str>, usize) {
    let rest = &text[at..];
    let trimmed = rest.strip_prefix(' ').unwrap_or(rest);
    // "SEK 655 000 kr", "DKK 866.000 kr.~1.190.000 kr.": the krona or krone written after a
    // figure belongs to it, so that the next figure joins it as a range. It names no currency
    // of its own (Swedish, Norwegian, Danish and Icelandic alike): the code before says which.
    if let Some(after) = strip_prefix_folded(trimmed, "kr")
        && !after.starts_with(|c: char| c.is_alphanumeric())
    {
        // "kr." is the abbreviation, and ends a sentence only before a capital or a line's end.
        let dot = after.starts_with('.') && {
            let next = after[1..].strip_prefix(' ').unwrap_or(&after[1..]);
            next.starts_with(|c: char| !c.is_whitespace() && !c.is_uppercase())
        };
        let after = if dot { &after[1..] } else { after };
        return (None, at + (rest.len() - after.len()));
    }
    if trimmed
        .as_bytes()
        .first()
        .is_some_and(|&b| b == b'e' || b == b'E')
    {
        for (word, code) in CURRENCY_WORDS_AFTER {
            if let Some(after) = strip_prefix_folded(trimmed, word)
                && !after.starts_with(|c: char| c.is_alphanumeric())
            {
                return (Some(code), at + (rest.len() - after.len()));
            }
        }
    }
    let starts_like_a_marker = match trimmed.as_bytes() {
        [b'$', ..] => true,
        [a, b, ..] => may_be_marker(&MARKER_START_PAIRS, *a, *b),
        _ => false,
    };
    if !starts_like_a_marker {
        return (None, at);
    }
    for (marker, code) in CURRENCIES {
        if let Some(after) = trimmed.strip_prefix(marker) {
            let alphabetic = marker.chars().all(|c| c.is_ascii_alphabetic());
            if alphabetic && after.starts_with(|c: char| c.is_alphanumeric()) {
                continue;
            }
            // "$" after a number starts the next figure, it does not end this one.
            if *marker == "$" || marker.ends_with('$') {
                continue;
            }
            return (Some(code), at + (rest.len() - after.len()));
        }
    }
    (None, at)
}

/// Whether `b` is the upper bound of a range that starts at `a`: "A - B", "A–B", "A to B",
/// "between A and B", with a period marker allowed between ("$65/hr - $80/hr").
fn joins(text: &str, a: &Figure, b: &Figure) -> bool {
    let Some(between) = text.get(a.range.end..b.range.start) else {
        return false;
    };
    // Farther apart, they are two figures (most pairs: "5 years … 2024").
    if between.len() > 16 {
        return false;
    }
    // "from €60,000 EUR Gross - up to €65,000 EUR": the words around the dash are filler.
    // Lower-cased on the stack: most numbers a few bytes apart are asked ("2020-2024").
    let mut buffer = [0u8; 16];
    let Some(lower) = crate::bytescan::lowered_in(between, &mut buffer) else {
        return false;
    };
    let mut between = strip_period(lower.trim()).trim();
    for filler in ["gross", "net", "brutto"] {
        between = between
            .strip_prefix(filler)
            .map_or(between, str::trim_start);
    }
    for filler in ["up to", "upto"] {
        between = between.strip_suffix(filler).map_or(between, str::trim_end);
    }
    // "from 7000 up to 22.000 PLN": a range written with words.
    let before = || text[..a.range.start].trim_end();
    let from_up_to =
        between.is_empty() && lower.contains("up") && super::ends_with_word(before(), "from");
    // "50.000 bis 60.000 €", "de 35 000 à 42 000 €", "30.000 tot 40.000", and a Spanish or
    // Portuguese "a" after "de" or "desde" ("de R$ 8.000 a R$ 10.000": alone it is too common).
    let dash = matches!(
        between,
        "-" | "–" | "—" | "to" | "-to-" | "~" | "bis" | "à" | "tot"
    ) || between == "a"
        && ["de", "desde"]
            .iter()
            .any(|w| super::ends_with_word(before(), w))
        || from_up_to;
    // "between A and B", as English, French, German, Spanish, Portuguese and Dutch write it.
    let and = [
        ("and", "between"),
        ("et", "entre"),
        ("und", "zwischen"),
        ("y", "entre"),
        ("e", "entre"),
        ("en", "tussen"),
    ]
    .iter()
    .any(|&(and, between_word)| between == and && super::ends_with_word(before(), between_word));
    // "Level 1 - $105,123": a bare small number is not the bottom of a pay range.
    let a_scaled = a.value * a.magnitude.or(b.magnitude).unwrap_or(1.0);
    let bare_small = a.currency.is_none()
        && b.currency.is_some()
        && a_scaled * 20.0 < b.value * b.magnitude.unwrap_or(1.0);
    (dash || and) && !bare_small
}

/// `text` without a leading period marker ("/hr", "per hour").
fn strip_period(text: &str) -> &str {
    match period_after(text) {
        Some((_, len)) => &text[len..],
        None => text,
    }
}

/// Period markers after a figure, lower case.
const PERIOD_MARKERS: &[(&str, Period)] = &[
    ("/yr", Period::Year),
    ("/year", Period::Year),
    ("/ year", Period::Year),
    ("/annum", Period::Year),
    ("per year", Period::Year),
    ("per annum", Period::Year),
    ("a year", Period::Year),
    ("an year", Period::Year),
    ("each year", Period::Year),
    ("annually", Period::Year),
    ("annual", Period::Year),
    ("yearly", Period::Year),
    ("p.a.", Period::Year),
    ("p.a", Period::Year),
    ("pa", Period::Year),
    ("/hr", Period::Hour),
    ("/hour", Period::Hour),
    ("/h", Period::Hour),
    ("per hour", Period::Hour),
    ("an hour", Period::Hour),
    ("a hour", Period::Hour),
    ("hourly", Period::Hour),
    ("/mo", Period::Month),
    ("/month", Period::Month),
    ("per month", Period::Month),
    ("a month", Period::Month),
    ("monthly", Period::Month),
    ("/wk", Period::Week),
    ("/week", Period::Week),
    ("per week", Period::Week),
    ("a week", Period::Week),
    ("weekly", Period::Week),
    ("/day", Period::Day),
    ("per day", Period::Day),
    ("a day", Period::Day),
    ("daily", Period::Day),
    // French, German, Spanish, Portuguese and Dutch, as European postings write them.
    ("par an", Period::Year),
    ("/an", Period::Year),
    ("annuel", Period::Year),
    ("pro jahr", Period::Year),
    ("im jahr", Period::Year),
    ("jährlich", Period::Year),
    ("al año", Period::Year),
    ("por año", Period::Year),
    ("anual", Period::Year),
    ("anuales", Period::Year),
    ("por ano", Period::Year),
    ("ao ano", Period::Year),
    ("per jaar", Period::Year),
    ("par mois", Period::Month),
    ("/mois", Period::Month),
    ("mensuel", Period::Month),
    ("pro monat", Period::Month),
    ("im monat", Period::Month),
    ("monatlich", Period::Month),
    ("al mes", Period::Month),
    ("por mes", Period::Month),
    ("mensual", Period::Month),
    ("por mês", Period::Month),
    ("ao mês", Period::Month),
    ("per maand", Period::Month),
    ("par heure", Period::Hour),
    ("pro stunde", Period::Hour),
    ("por hora", Period::Hour),
    ("per uur", Period::Hour),
    ("par jour", Period::Day),
    ("pro tag", Period::Day),
    ("por día", Period::Day),
    ("por dia", Period::Day),
    ("per dag", Period::Day),
];

/// Words between a figure and its period ("€70.000 gross per year", "$120k base annually",
/// "42 K€ brut annuel").
const PERIOD_FILLERS: [&str; 8] = [
    "gross", "net", "brutto", "brut", "bruto", "brutos", "base", "(gross)",
];

/// A period marker at the start of `text` and its length. Compared in place, ASCII case
/// folded: `text` is the rest of the segment after a figure, and lower-casing a copy of it
/// for every figure made a long paragraph of figures quadratic (a 1.3 MB one took 4 s).
fn period_after(text: &str) -> Option<(Period, usize)> {
    let mut trimmed = text.trim_start();
    for filler in PERIOD_FILLERS {
        if let Some(rest) = strip_prefix_folded(trimmed, filler)
            && rest.starts_with([' ', '/'])
        {
            trimmed = rest.trim_start();
            break;
        }
    }
    let lead = text.len() - trimmed.len();
    // What is read: the white space and filler, then a marker's length at most.
    crate::work::count(crate::work::Loop::AfterFigure, lead + 16);
    // "/ hour" as "/hour": only a marker that starts with `/` can follow.
    let slash_spaced = trimmed.strip_prefix("/ ");
    // Most figures are followed by a byte no marker starts with, and the others by one a
    // few start with: the first byte is compared before the rest.
    let first = trimmed.as_bytes().first()?.to_ascii_lowercase();
    PERIOD_MARKERS.iter().find_map(|(marker, period)| {
        if marker.as_bytes()[0] != first {
            return None;
        }
        let after = match slash_spaced {
            Some(rest) => strip_prefix_folded(rest, marker.strip_prefix('/')?)?,
            None => strip_prefix_folded(trimmed, marker)?,
        };
        // A whole marker: "pa" is not "pay", "/h" is not "/hybrid".
        (!after.starts_with(|c: char| c.is_ascii_alphanumeric())).then_some((
            *period,
            lead + usize::from(slash_spaced.is_some()) + marker.len(),
        ))
    })
}

/// Whether `text` starts with one of `words`. The first bytes are compared before the rest:
/// each figure read as a pay statement is held against the hundred-odd words of
/// `NOT_PAY_AFTER` twice, and a call to compare each was 1 million calls on bulk.
fn starts_with_any(text: &str, words: &[&str]) -> bool {
    let Some(&first) = text.as_bytes().first() else {
        return false;
    };
    words
        .iter()
        .any(|w| w.as_bytes().first() == Some(&first) && text.starts_with(w))
}

/// `text` after `prefix` (lower-case ASCII), when it starts with it in any case.
fn strip_prefix_folded<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// A period named just before a figure: "Hourly: $40-$50", "Annual salary: …", "Day rate".
fn period_before(before: &str) -> Option<Period> {
    let near = tail(before, 30).to_ascii_lowercase();
    [
        ("hourly", Period::Hour),
        ("per hour", Period::Hour),
        ("day rate", Period::Day),
        ("daily rate", Period::Day),
        ("monthly", Period::Month),
        ("weekly", Period::Week),
        ("annual", Period::Year),
        ("yearly", Period::Year),
    ]
    .iter()
    .find(|(word, _)| near.contains(word))
    .map(|(_, p)| *p)
}

/// Whether a pay label ends `before`: "Salary:", "salary expectations:", "pay range is", "CTC
/// -". Figures without a currency are pay only right after one. Most figures are not pay
/// (years, counts), so only the last words are read, from the end, each lower-cased.
fn labelled_right_before(before: &str) -> bool {
    // Lower-cased on the stack: every number of every segment without a currency is read
    // here. No word of either list is longer than the buffer, so a longer word is a label
    // that is not a pay word.
    let mut buffer = [0u8; 16];
    for word in before
        .rsplit(|c: char| c.is_whitespace() || matches!(c, ':' | '-' | '(' | ')' | '+' | '*' | '='))
        .filter(|w| !w.is_empty())
    {
        let Some(lower) = crate::bytescan::lowered_in(word, &mut buffer) else {
            return false;
        };
        if matches!(
            lower,
            "range"
                | "band"
                | "expectations"
                | "expectation"
                | "is"
                | "of"
                | "from"
                | "between"
                | "gross"
                | "annual"
                | "yearly"
                | "monthly"
                | "hourly"
                | "base"
                | "approx."
                | "approximately"
                | "about"
                | "around"
                | "usd"
                | "eur"
                // "The expected salary range for this role is between", "the US base
                // salary range for this position at the start of employment is"
                | "for"
                | "this"
                | "the"
                | "role"
                | "position"
                | "job"
                | "at"
                | "start"
                | "employment"
                | "expected"
                | "target"
                | "us"
                // "Total Compensation (base salary + commissions) Range: 110K-125K"
                | "commissions"
                | "commission"
                | "bonus"
                | "total"
        ) {
            continue;
        }
        return matches!(
            lower,
            "salary"
                | "salaries"
                | "pay"
                | "compensation"
                | "wage"
                | "wages"
                | "rate"
                | "ctc"
                | "gehalt"
                | "salaire"
                | "sueldo"
                | "remuneration"
                | "ote"
                | "payrange"
                | "salary_range"
                | "salary_min"
                | "salary_max"
        );
    }
    false
}

/// Whether `near` (lower-cased text) has `word` as whole words. The texts are short, so
/// jumping from one of the word's first byte to the next (memchr) beats building a substring
/// searcher for each of the many words tried, and trying every offset (a fifth of reading
/// pay on bulk).
fn has_word(near: &str, word: &str) -> bool {
    let (hay, needle) = (near.as_bytes(), word.as_bytes());
    let Some(&first) = needle.first() else {
        return false;
    };
    memchr::memchr_iter(first, hay).any(|at| {
        hay[at..].starts_with(needle)
            && near[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
            && ends_a_word(near, at + word.len(), word)
    })
}

/// Whether `word`, found in `near` up to `end`, ends there as a word: nothing alphanumeric
/// follows, or the word itself ends in punctuation ("bonus:").
fn ends_a_word(near: &str, end: usize, word: &str) -> bool {
    near[end..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric())
        || word.ends_with(|c: char| !c.is_alphanumeric())
}

/// What a stipend is for, when it is not the pay: "a home office stipend of up to $750", "a
/// wellness stipend of $100 a month". An intern's "stipend of ₹20,000 a month" is the pay.
const STIPEND_PURPOSES: &[&str] = &[
    "office",
    "home",
    "remote",
    "wfh",
    "coworking",
    "co-working",
    "workspace",
    "setup",
    "equipment",
    "hardware",
    "tech",
    "technology",
    "phone",
    "mobile",
    "internet",
    "wellness",
    "wellbeing",
    "well-being",
    "health",
    "fitness",
    "gym",
    "learning",
    "education",
    "book",
    "books",
    "conference",
    "development",
    "training",
    "travel",
    "commuter",
    "commute",
    "transit",
    "transport",
    "meal",
    "meals",
    "lunch",
    "food",
    "childcare",
    "relocation",
];

/// Whether `near` (lower-cased, the words before a figure) names a stipend for a purpose
/// (`STIPEND_PURPOSES`), which makes its "stipend of" no pay word.
fn benefit_stipend(near: &str) -> bool {
    let mut previous = "";
    near.split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .any(|word| {
            let purposed = matches!(word, "stipend" | "stipends" | "allowance" | "allowances")
                && STIPEND_PURPOSES.contains(&previous);
            previous = word;
            purposed
        })
}

/// The entries of `NOT_PAY_BEFORE` that `near` (lower-cased, a few words) has as whole
/// words, as `has_word` finds them: one table probed at the words' starts, where a search
/// for each of the 92 entries was a sixth of reading pay on bulk.
fn not_pay_words_in(near: &str) -> impl Iterator<Item = &'static str> {
    static TABLE: OnceLock<LiteralScan> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        LiteralScan::new(NOT_PAY_BEFORE).expect("no entry of NOT_PAY_BEFORE is empty")
    });
    let mut found = Vec::new();
    table.find_overlapping_at(
        near.as_bytes(),
        crate::literal_scan::word_starts(near),
        &mut found,
    );
    found.into_iter().filter_map(move |f| {
        let word = NOT_PAY_BEFORE[f.literal as usize];
        ends_a_word(near, f.end, word).then_some(word)
    })
}

/// How far back from a figure its sentence is read, in bytes.
const BEFORE_REACH: usize = 400;

/// Where the sentence holding byte `at` starts, read back at most `BEFORE_REACH` bytes: text
/// that lost its line breaks has "sentences" of thousands of bytes and hundreds of figures.
/// The bytes that end a sentence are ASCII, so two vectorised searches find the last one
/// (a search for a set of characters, decoding each, was most of reading pay).
fn sentence_start(text: &str, at: usize) -> usize {
    let reach = ceil_char_boundary(text, at.saturating_sub(BEFORE_REACH));
    let bytes = &text.as_bytes()[reach..at];
    let last =
        memchr::memrchr3(b'.', b'!', b'?', bytes).max(memchr::memrchr3(b';', b'\n', b'|', bytes));
    last.map_or(reach, |i| reach + i + 1)
}

/// Labels of a pay range, looked for earlier in the sentence than its figures ("The base pay
/// range for this position in Canada is 74,000 - 102,000 / year").
const RANGE_LABELS: &[&str] = &[
    "pay range",
    "salary range",
    "compensation range",
    "base pay",
    "base salary",
];

/// Labels of a band, which say pay as a range's do where a figure has no currency of its own
/// but sits among words that usually are not pay ("the salary band for this level is …").
const BAND_LABELS: &[&str] = &["salary band", "pay band"];

/// Whether the words after a figure (lower-cased, its period passed) start with something
/// added to it: "+ shift allowance", ", plus truck allowance", "plus a bonus".
fn added_after(after: &str) -> bool {
    let rest = after.trim_start_matches([',', ' ']);
    rest.starts_with('+') || rest.starts_with("plus ") || rest.starts_with("& ")
}

/// One pay statement from one figure or a pair, or `None` when the figures are not pay.
fn read_statement(text: &str, a: &Figure, b: &Figure, pair: bool, announced: bool) -> Option<Pay> {
    // "5 years", "2024", "team of 40": most numbers carry no currency, and without one only a
    // figure right after a pay word is pay ("Salary: 50,000-60,000 per year"), not any number
    // in a sentence that mentions pay ("paid 14 times a year").
    let currency = match (a.currency, b.currency) {
        (Some("USD"), Some(code)) if code != "USD" => Some(code),
        (a, b) => a.or(b),
    };
    let magnitude = b.magnitude.or(a.magnitude);
    if currency.is_none() && a.value < 100.0 && magnitude.is_none() {
        return None;
    }
    let before = &text[sentence_start(text, a.range.start)..a.range.start];
    // "The base pay range for this position in Canada is 74,000 - 102,000 / year": a range
    // with its period, after a range's label earlier in the sentence, is pay in any currency.
    let labelled_range = || {
        pair && period_after(&text[b.range.end..]).is_some() && {
            let near = tail(before, 80).to_ascii_lowercase();
            RANGE_LABELS.iter().any(|label| near.contains(label))
        }
    };
    if currency.is_none() && !announced && !labelled_right_before(before) && !labelled_range() {
        return None;
    }
    let before_lower = before.to_ascii_lowercase();
    let after_text = &text[b.range.end..];
    // The next forty characters, lower-cased on the stack (four bytes each at most).
    let forty = after_text
        .char_indices()
        .nth(40)
        .map_or(after_text.len(), |(at, _)| at);
    let mut buffer = [0u8; 160];
    let after_lower = crate::bytescan::lowered_in(&after_text[..forty], &mut buffer).unwrap_or("");
    let after_trim = after_lower.trim_start();

    // A percentage, a date, a phone number, a version, 401(k); but a range in currency
    // between parentheses is pay ("Salary Range ($145,000 - $175,000)").
    // A label inside the parentheses too: "a base (range $75,000 - $100,000) plus commission".
    let in_parentheses = after_text.starts_with(')')
        && currency.is_some()
        && tail(&text[..a.range.start], 24)
            .rsplit_once('(')
            .is_some_and(|(_, inside)| {
                matches!(
                    inside.trim().to_ascii_lowercase().trim_end_matches(':'),
                    "" | "range"
                        | "base"
                        | "salary"
                        | "pay"
                        | "base salary"
                        | "salary range"
                        | "pay range"
                )
            });
    if after_text.starts_with(['%', '/', ')', '('])
        && period_after(after_text).is_none()
        && !in_parentheses
    {
        return None;
    }
    if text[a.digits.clone()] == *"401" {
        return None;
    }
    // Millions and billions are funding, revenue and markets, unless a period says pay.
    let large = magnitude.is_some_and(|m| m >= 1e6);
    // "$150k+ p.a.": the plus sits between the figure and its period.
    let plus = usize::from(after_text.starts_with('+'));
    let (mut period, period_len) = match period_after(&after_text[plus..]) {
        Some((p, len)) => (Some(p), plus + len),
        None => (None, 0),
    };
    period = period
        .or(b.period)
        .or(a.period)
        .or_else(|| period_before(before));
    let after_period = after_lower
        .get(period_len.min(after_lower.len())..)
        .unwrap_or("")
        .trim_start();
    // What an additive word starts is added to the figure, not what the figure is: "€38,000 –
    // €46,000 + shift allowance", "$105,000 – $85,000 per year, plus truck allowance".
    let named = if added_after(after_period) {
        ""
    } else {
        after_period
    };
    // The next few words name what the figure is: "$500 home office stipend", "$50M Series B".
    let next_words: Vec<&str> = named
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .take(3)
        .collect();
    let next = next_words.join(" ");
    if starts_with_any(after_trim, NOT_PAY_AFTER)
        || starts_with_any(after_period, NOT_PAY_AFTER)
        || NOT_PAY_NEAR_AFTER.iter().any(|w| has_word(&next, w))
        || BENEFIT_ACCOUNTS.iter().any(|w| named.contains(w))
        || beside_the_salary(&before_lower)
    {
        return None;
    }
    let last_words: Vec<&str> = before_lower
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .rev()
        .take(6)
        .collect();
    let near_before = last_words
        .iter()
        .rev()
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    // Australia's salary packaging and the UK's salary sacrifice are tax arrangements with
    // caps of their own ("Salary packaging of up to $15,900 a year"), not the pay.
    if ["salary packaging", "salary sacrifice", "salary-sacrifice"]
        .iter()
        .any(|p| near_before.contains(p))
    {
        return None;
    }
    if not_pay_words_in(&near_before)
        .any(|w| !(matches!(w, "in" | "by" | "over" | "more than" | "v") && currency.is_some()))
        && (!PAY_WORDS
            .iter()
            .filter(|w| !WEAK_PAY_WORDS.contains(w))
            .any(|w| has_word(&near_before, w))
            || benefit_stipend(&near_before))
    {
        // "budget of $1,000", "raised $120 million", "team of 40"; but "pay of up to $X",
        // and "the pay range for this role, dependent on education, … is: $X" (a range's
        // label earlier in the sentence).
        let range_label = RANGE_LABELS
            .iter()
            .chain(BAND_LABELS)
            .any(|label| before_lower.contains(label));
        if !has_word(&near_before, "salary") && !range_label {
            return None;
        }
    }
    // Job boards label their pay tag with a money bag right before the figure ("💰 CAD
    // $6,000~$7,000" for an intern's month): it says pay as a word would, but for a
    // placeholder ("💰 USD $1~$1") and millions, which a board's scraper took from the
    // funding ("💰 $50M - $12B").
    let tagged = !large
        && before.trim_end().ends_with(['\u{1f4b0}', '\u{1f4b5}'])
        && b.value * magnitude.unwrap_or(1.0) >= 5.0;
    let labelled = PAY_WORDS.iter().any(|w| has_word(&before_lower, w)) || tagged;
    // "1x salary up to $250,000": life-insurance cover, a multiple of pay.
    let multiple = tail(&before_lower, 30);
    if [
        "x salary",
        "x base",
        "times salary",
        "times your salary",
        "x annual",
    ]
    .iter()
    .any(|w| multiple.contains(w))
    {
        return None;
    }
    if large && period.is_none() && !labelled {
        return None;
    }
    // A small figure with no period and no pay word is a price or a perk ("$20 lunch credits",
    // "an average donation of $15"), not pay.
    let small = b.value * b.magnitude.or(a.magnitude).unwrap_or(1.0) < 1000.0;
    if small && period.is_none() && !labelled {
        return None;
    }
    let scale = |f: &Figure, other: &Figure| {
        let m = f.magnitude.or_else(|| {
            // "120-150k": the magnitude of the upper bound applies to the lower one.
            (pair && other.magnitude.is_some() && f.value < other.value * 10.0)
                .then_some(other.magnitude)
                .flatten()
        });
        f.value * m.unwrap_or(1.0)
    };
    let (mut lo, mut hi) = (scale(a, b), scale(b, a));
    if lo <= 0.0 || hi <= 0.0 {
        return None;
    }
    // "$177-$192,000", "$165,00 to $247,000": thousands left off the lower bound.
    if pair && lo < 1000.0 && hi >= 10_000.0 && (hi / 2.0..=hi).contains(&(lo * 1000.0)) {
        lo *= 1000.0;
    }
    // "$138,800 USD to $201,00 USD": and off the upper one.
    if pair && hi < 1000.0 && lo >= 10_000.0 && (lo..=lo * 2.0).contains(&(hi * 1000.0)) {
        hi *= 1000.0;
    }
    // A currency figure under 10,000 with neither a period nor a pay word is an amount of
    // something else ("small loans of $250-$2,500").
    if period.is_none() && !labelled && hi < 10_000.0 && magnitude.is_none() {
        return None;
    }
    // Amounts no one is paid per period: "$200 per year", "$20 a month" are perks; "$20m per
    // year" is revenue.
    if let Some(p) = period {
        let yearly = hi.max(lo) * p.per_year();
        let major = currency.is_none_or(|c| {
            matches!(
                c,
                "USD" | "EUR" | "GBP" | "CAD" | "AUD" | "CHF" | "NZD" | "SGD"
            )
        });
        if yearly < 1000.0 || (major && yearly > 20_000_000.0) {
            return None;
        }
    }
    let bound_before = {
        let near = tail(&before_lower, 24);
        // Not a bare "min"/"max": "MIN: $107,200 - MID: $134,000 - MAX: $160,800" names the
        // ends of one range, not three open-ended figures.
        let field = |s: &str| {
            near.match_indices(s)
                .any(|(at, _)| near[..at].ends_with('_') || near[at + s.len()..].starts_with('_'))
        };
        if near.contains("up to")
            || near.contains("upto")
            || (near.contains("maximum of") || field("max")) && !pair
        {
            Some(Bound::UpTo)
        } else if (field("min")
            || [
                "from",
                "starting at",
                "starting from",
                "starts at",
                "minimum of",
                "at least",
            ]
            .iter()
            .any(|w| has_word(near, w)))
            && !pair
        {
            Some(Bound::From)
        } else {
            None
        }
    };
    let plus_after = after_text.starts_with('+')
        || ["and up", "and above", "or more", "plus,"]
            .iter()
            .any(|w| after_period.starts_with(w));
    let bound = match (pair, bound_before) {
        (true, _) => Bound::Range,
        (false, Some(b)) => b,
        (false, None) if plus_after => Bound::From,
        (false, None) => Bound::Exact,
    };
    let end = b.range.end + period_len + usize::from(plus_after && after_text.starts_with('+'));
    let end = end.min(text.len());
    let (min, max) = match bound {
        Bound::UpTo => (None, Some(hi)),
        Bound::From => (Some(lo), None),
        _ => (Some(lo), Some(hi)),
    };
    let range = a.range.start..floor_char_boundary(text, end);
    Some(Pay {
        min,
        max,
        currency,
        period,
        bound,
        text: text[range.clone()].trim().to_string(),
        range,
    })
}

/// The last `len` bytes of `text` or a little fewer, starting on a character boundary.
fn tail(text: &str, len: usize) -> &str {
    let mut at = text.len().saturating_sub(len);
    while !text.is_char_boundary(at) {
        at += 1;
    }
    &text[at..]
}

/// Pay read from front-matter fields, with the keys it came from: one key, or a minimum and a
/// maximum field joined into one range.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldPay {
    pub keys: Vec<String>,
    pub pay: Pay,
}

/// Pay from front-matter fields (`salary`, `salary_min` with `salary_max`, `min_payrange`, …):
/// the key says the figure is pay, so no currency is needed. A currency field and a period
/// field beside them (schema.org's `baseSalary.currency` and `value.unitText`, Lever's
/// `salaryRange.currency` and `interval`) say what the figures are in: a euro salary is not
/// held to a dollar band, nor a monthly one to a yearly band.
pub fn from_fields<'f>(fields: impl Iterator<Item = (&'f str, &'f str)>) -> Vec<FieldPay> {
    let fields: Vec<(&str, &str, FieldRole)> = fields
        .map(|(key, value)| (key, value, field_role(key)))
        .collect();
    let mut out = Vec::new();
    let mut lows: Vec<(String, Pay)> = Vec::new();
    let mut highs: Vec<(String, Pay)> = Vec::new();
    let mut currency = None;
    let mut period = None;
    // A period field ("pay_period: HOURLY") says the pay fields beside it are rates: a bare
    // number among them is pay however small, as a minimum's or a maximum's is.
    let rated = fields
        .iter()
        .any(|&(_, value, role)| role == FieldRole::Period && period_named(value).is_some());
    for (key, value, role) in fields {
        match role {
            FieldRole::None => continue,
            FieldRole::Currency => {
                currency = currency.or_else(|| currency_named(value));
                continue;
            }
            FieldRole::Period => {
                period = period.or_else(|| period_named(value));
                continue;
            }
            _ => {}
        }
        let labelled = format!("salary: {value}");
        // A median or average of a range is a figure of pay too (LinkedIn's `med_salary`).
        let median = ["med", "avg", "average"].iter().any(|w| key.contains(w));
        let bounds = matches!(role, FieldRole::Min | FieldRole::Max) || rated || median;
        let Some(mut pay) = find(&labelled)
            .into_iter()
            .next()
            .or_else(|| bare_figure(value).filter(|_| bounds))
        else {
            continue;
        };
        let offset = "salary: ".len();
        pay.range = pay.range.start.saturating_sub(offset)..pay.range.end.saturating_sub(offset);
        match role {
            FieldRole::Min => {
                pay.bound = Bound::From;
                pay.max = None;
                lows.push((key.to_string(), pay));
            }
            FieldRole::Max => {
                pay.bound = Bound::UpTo;
                pay.min = None;
                highs.push((key.to_string(), pay));
            }
            _ => out.push(FieldPay {
                keys: vec![key.to_string()],
                pay,
            }),
        }
    }
    // A minimum and a maximum field make one range.
    match (lows.pop(), highs.pop()) {
        (Some((low_key, low)), Some((high_key, high))) => out.push(FieldPay {
            keys: vec![low_key, high_key],
            pay: Pay {
                max: high.max,
                bound: Bound::Range,
                currency: low.currency.or(high.currency),
                period: low.period.or(high.period),
                text: format!("{} – {}", low.text, high.text),
                ..low
            },
        }),
        (Some((key, pay)), None) | (None, Some((key, pay))) => out.push(FieldPay {
            keys: vec![key],
            pay,
        }),
        (None, None) => {}
    }
    for found in &mut out {
        found.pay.currency = found.pay.currency.or(currency);
        found.pay.period = found.pay.period.or(period);
    }
    out
}

/// A minimum or maximum field's value that is a number alone ("40", "52.50"): pay however
/// small, since the key says it is pay (an hourly rate in a `minValue`). Its range is in `"salary: "` and the value,
/// as `find`'s are.
fn bare_figure(value: &str) -> Option<Pay> {
    let trimmed = value.trim();
    let digits = trimmed.bytes().any(|b| b.is_ascii_digit())
        && trimmed
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',');
    let figure = number(trimmed).filter(|&v| digits && v > 0.0)?;
    let start = "salary: ".len() + (value.len() - value.trim_start().len());
    Some(Pay {
        min: Some(figure),
        max: Some(figure),
        currency: None,
        period: None,
        bound: Bound::Exact,
        text: trimmed.to_string(),
        range: start..start + trimmed.len(),
    })
}

/// The currency a field names: an ISO 4217 code ("EUR", "usd") or a marker ("$", "€").
fn currency_named(value: &str) -> Option<&'static str> {
    let value = value.trim();
    if value.len() == 3 && value.bytes().all(|b| b.is_ascii_alphabetic()) {
        let code = value.to_ascii_uppercase();
        return ISO_4217
            .match_indices(code.as_str())
            .find(|(at, _)| at % 4 == 0)
            .map(|(at, _)| &ISO_4217[at..at + 3]);
    }
    CURRENCIES
        .iter()
        .find(|(marker, _)| *marker == value)
        .map(|(_, code)| *code)
}

/// The active ISO 4217 codes, four bytes apart: a field's code is answered with a slice of
/// this, so that an unusual currency is still told apart from the dollar.
const ISO_4217: &str = "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND \
BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB \
EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY \
KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR \
MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF \
SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS \
UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWL";

/// The period a field names: schema.org's `unitText` ("YEAR", "HOUR"), Lever's `interval`
/// ("per-year-salary", "per-hour-wage"), or a word ("annual", "monthly").
fn period_named(value: &str) -> Option<Period> {
    let value = value.to_ascii_lowercase();
    [
        ("year", Period::Year),
        ("annum", Period::Year),
        ("annual", Period::Year),
        ("hour", Period::Hour),
        ("month", Period::Month),
        ("week", Period::Week),
        ("day", Period::Day),
        ("daily", Period::Day),
    ]
    .iter()
    .find(|(word, _)| value.contains(word))
    .map(|(_, period)| *period)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FieldRole {
    None,
    Whole,
    Min,
    Max,
    /// The currency of the pay fields beside it.
    Currency,
    /// The period of the pay fields beside it.
    Period,
}

fn field_role(key: &str) -> FieldRole {
    let key = key.to_ascii_lowercase();
    let pay = [
        "salary",
        "pay",
        "payrange",
        "pay_range",
        "compensation",
        "wage",
        "base_salary",
        "salary_range",
        "rate",
    ]
    .iter()
    .any(|w| key.contains(w));
    if key.contains("currency") {
        return FieldRole::Currency;
    }
    if !pay {
        return FieldRole::None;
    }
    if ["unittext", "unit", "interval", "period", "frequency"]
        .iter()
        .any(|w| key.ends_with(w))
    {
        FieldRole::Period
    } else if key.contains("min") || key.ends_with("_from") || key.ends_with("_low") {
        FieldRole::Min
    } else if key.contains("max") || key.ends_with("_to") || key.ends_with("_high") {
        FieldRole::Max
    } else {
        FieldRole::Whole
    }
}

/// Liquid template includes that render the salary (`{% include job/salary_range.html … %}`),
/// outside `{% comment %}` blocks: the page shows pay even though the source has no figure.
pub fn template_includes(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    // Most postings have no tag.
    if !crate::bytescan::holds_tag_opening(text.as_bytes(), b"%") {
        return out;
    }
    let mut i = 0;
    let mut in_comment = false;
    while let Some(open) = text[i..].find("{%") {
        let open = i + open;
        let Some(close) = text[open..].find("%}") else {
            break;
        };
        let close = open + close + 2;
        let tag = text[open + 2..close - 2].trim();
        if tag.starts_with("comment") {
            in_comment = true;
        } else if tag.starts_with("endcomment") {
            in_comment = false;
        } else if !in_comment
            && tag.starts_with("include")
            && (tag.contains("salary") || tag.contains("pay"))
        {
            out.push(open..close);
        }
        i = close;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// text, bound (`range`, `single`, `up-to`, `from`, `none`), min, max, currency, period.
    const CASES: &str = include_str!("salary_cases.tsv");

    #[test]
    fn a_bracket_that_only_converts_the_pay_is_not_a_second_statement() {
        let currencies = |text: &str| -> Vec<Option<&'static str>> {
            find(text).iter().map(|pay| pay.currency).collect()
        };
        assert_eq!(
            currencies("Pay: 9000 - 18.000 PLN/month net on B2B ( $2,250 - $4,500/month )."),
            [Some("PLN")]
        );
        // The bracket says more than the figure: a statement of its own.
        assert_eq!(
            currencies(
                "Salary: $150,000 - $170,000 a year (£120,000 - £130,000 a year in London)."
            ),
            [Some("USD"), Some("GBP")]
        );
        // The same currency in brackets is not a conversion.
        assert_eq!(
            currencies("Salary: $150,000 - $170,000 a year (or $75 - $85 an hour)."),
            [Some("USD"), Some("USD")]
        );
    }

    #[test]
    fn a_word_list_is_matched_at_the_start_of_a_text_only() {
        let words = ["series", "seed", "shares"];
        assert!(starts_with_any("seed round", &words));
        assert!(starts_with_any("shares", &words));
        assert!(!starts_with_any("share", &words));
        assert!(!starts_with_any("a series", &words));
        assert!(!starts_with_any("", &words));
    }

    #[test]
    fn real_world_pay_shapes_and_figures_that_are_not_pay() {
        let mut failures = Vec::new();
        let mut rows = 0;
        for line in CASES.lines().skip(1).filter(|l| !l.trim().is_empty()) {
            rows += 1;
            let cols: Vec<&str> = line.split('\t').collect();
            let (text, kind, min, max, currency, period) =
                (cols[0], cols[1], cols[2], cols[3], cols[4], cols[5]);
            let found = find(text);
            let got = match found.as_slice() {
                [] => "none".to_string(),
                [pay] => describe(pay),
                many => format!("{} statements: {many:?}", many.len()),
            };
            let bound = match kind {
                "single" => "exact",
                other => other,
            };
            let want = if kind == "none" {
                "none".to_string()
            } else {
                format!("{bound} {min}..{max} {currency} {period}")
            };
            if got != want {
                failures.push(format!("{text}\n    want {want}\n    got  {got}"));
            }
        }
        assert!(rows >= 40, "{rows} rows");
        assert!(
            failures.is_empty(),
            "{} of {rows} shapes misread:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    fn describe(pay: &Pay) -> String {
        let num = |v: Option<f64>| v.map(|v| format!("{v}")).unwrap_or_default();
        let bound = match pay.bound {
            Bound::Range => "range",
            Bound::Exact => "exact",
            Bound::UpTo => "up-to",
            Bound::From => "from",
            Bound::Template => "template",
        };
        let period = match pay.period {
            Some(Period::Hour) => "hour",
            Some(Period::Day) => "day",
            Some(Period::Week) => "week",
            Some(Period::Month) => "month",
            Some(Period::Year) => "year",
            None => "",
        };
        format!(
            "{bound} {}..{} {} {period}",
            num(pay.min),
            num(pay.max),
            pay.currency.unwrap_or("")
        )
    }

    #[test]
    fn the_words_of_a_statement_are_its_range() {
        let text = "Compensation: $120k-$150k + equity, remote.";
        let pay = &find(text)[0];
        assert_eq!(&text[pay.range.clone()], "$120k-$150k");
    }

    #[test]
    fn fields_make_one_range() {
        let found = from_fields(
            [
                ("salary_min", "120000"),
                ("salary_max", "150,000"),
                ("title", "x"),
            ]
            .into_iter(),
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].keys, ["salary_min", "salary_max"]);
        let pay = &found[0].pay;
        assert_eq!(
            (pay.min, pay.max, pay.bound),
            (Some(120000.0), Some(150000.0), Bound::Range)
        );
    }

    #[test]
    fn currency_and_period_fields_say_what_the_figures_are_in() {
        // schema.org's baseSalary, flattened as the JSON reader flattens it.
        let found = from_fields(
            [
                ("basesalary_currency", "EUR"),
                ("basesalary_value_minvalue", "60000"),
                ("basesalary_value_maxvalue", "70000"),
                ("basesalary_value_unittext", "YEAR"),
            ]
            .into_iter(),
        );
        assert_eq!(found.len(), 1);
        let pay = &found[0].pay;
        assert_eq!(
            (pay.currency, pay.period),
            (Some("EUR"), Some(Period::Year))
        );
        assert_eq!(pay.annual_usd(), None);
        // Lever's salaryRange: a monthly dollar range is a yearly one of twelve times it.
        let found = from_fields(
            [
                ("salaryrange_currency", "USD"),
                ("salaryrange_interval", "per-month-salary"),
                ("salaryrange_min", "12000"),
                ("salaryrange_max", "15000"),
            ]
            .into_iter(),
        );
        let pay = &found[0].pay;
        assert_eq!(
            (pay.currency, pay.period),
            (Some("USD"), Some(Period::Month))
        );
        assert_eq!(pay.annual_usd(), Some((Some(144_000.0), Some(180_000.0))));
        // A code outside the markers' table is still a currency; a figure's own marker wins.
        let found = from_fields([("salary", "£45k"), ("salary_currency", "czk")].into_iter());
        assert_eq!(found[0].pay.currency, Some("GBP"));
        let found = from_fields([("salary", "45000"), ("salary_currency", "czk")].into_iter());
        assert_eq!(found[0].pay.currency, Some("CZK"));
        // An hourly rate is pay however small: the key says so.
        let found = from_fields(
            [
                ("basesalary_currency", "USD"),
                ("basesalary_value_minvalue", "40"),
                ("basesalary_value_maxvalue", "52.50"),
                ("basesalary_value_unittext", "HOUR"),
            ]
            .into_iter(),
        );
        let pay = &found[0].pay;
        assert_eq!((pay.min, pay.max), (Some(40.0), Some(52.5)));
        assert_eq!(pay.annual_usd(), Some((Some(83_200.0), Some(109_200.0))));
        // No currency field: as before, the figure's own marker or none.
        let found = from_fields([("salary", "45000")].into_iter());
        assert_eq!((found[0].pay.currency, found[0].pay.period), (None, None));
        // A median hourly rate beside a period field (LinkedIn's dataset) is pay; a bare
        // small number under a pay key alone (a grade) is not.
        let found = from_fields(
            [
                ("pay_period", "HOURLY"),
                ("med_salary", "17.5"),
                ("currency", "USD"),
            ]
            .into_iter(),
        );
        let pay = &found[0].pay;
        assert_eq!(
            (pay.min, pay.max, pay.currency, pay.period),
            (Some(17.5), Some(17.5), Some("USD"), Some(Period::Hour))
        );
        assert!(from_fields([("salary_grade", "13")].into_iter()).is_empty());
    }

    #[test]
    fn iso_codes_are_four_bytes_apart() {
        assert_eq!(ISO_4217.len() % 4, 3);
        for (i, code) in ISO_4217.split(' ').enumerate() {
            assert_eq!(code.len(), 3, "{code}");
            assert_eq!(&ISO_4217[i * 4..i * 4 + 3], code);
        }
        assert_eq!(currency_named("SDG"), Some("SDG"));
        // "D S" straddles two codes: not a code.
        assert_eq!(currency_named("DSA"), None);
    }

    #[test]
    fn a_text_after_a_pay_label_is_labelled() {
        // The run-in label "**Compensation:**" is a segment of its own.
        assert!(is_pay_label("**Compensation:**"));
        assert!(is_pay_label("Salary range"));
        assert!(!is_pay_label("Benefits"));
        let text = "CAD $2,000 - $3,500";
        assert!(find(text).is_empty());
        let found = find_after_label(text);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].range.clone()], "CAD $2,000 - $3,500");
        assert_eq!((found[0].min, found[0].max), (Some(2000.0), Some(3500.0)));
        // Perks stay perks under the label.
        assert!(find_after_label("$500 home office stipend").is_empty());
    }

    #[test]
    fn ranges_listed_under_an_announcement_are_pay() {
        assert!(announces_ranges(
            "The United States new hire base salary target ranges for this full-time position are:"
        ));
        assert!(announces_ranges("**Salary range by location:**"));
        // A label without a list to come, or a colon without a label.
        assert!(!announces_ranges("The base salary depends on experience."));
        assert!(!announces_ranges("Our offices are in:"));
        let text = "Zone A: [132,400-196,950] + equity + benefits";
        assert!(find(text).is_empty());
        assert_eq!(
            announced_currency(
                "The United States new hire base salary target ranges for this position are:"
            ),
            Some("USD")
        );
        assert_eq!(announced_currency("Base salary ranges (CAD):"), Some("CAD"));
        // "us" the pronoun names no country.
        assert_eq!(announced_currency("Salary ranges for us:"), None);
        let found = find_announced(text, None);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].range.clone()], "132,400-196,950");
        assert_eq!(
            (found[0].min, found[0].max),
            (Some(132_400.0), Some(196_950.0))
        );
        assert_eq!(found[0].currency, None);
        // The announcement's currency, where the range names none.
        assert_eq!(find_announced(text, Some("USD"))[0].currency, Some("USD"));
        // Years, counts and single figures are not ranges of pay, even there.
        assert!(find_announced("Hired in 2020-2024", None).is_empty());
        assert!(find_announced("Zone A: 3-5 years", None).is_empty());
        assert!(find_announced("Zone A: 132,400 and equity", None).is_empty());
        // Pay with a currency reads as anywhere else.
        let found = find_announced("Zone B: $110,300 - $164,150", None);
        assert_eq!(found[0].currency, Some("USD"));
    }

    #[test]
    fn template_includes_outside_comments() {
        let text = "{% comment %}{% include job/salary_range.html min=\"$1\" %}{% endcomment %}\n{% include job/salary_range.html min=\"\" max=\"\" %}";
        let found = template_includes(text);
        assert_eq!(found.len(), 1);
        assert!(text[found[0].clone()].contains("min=\"\""));
    }

    /// `period_after` as it was: over a lower-cased copy of the whole rest of the text.
    fn period_after_lowered(text: &str) -> Option<(Period, usize)> {
        let lower = text.to_ascii_lowercase();
        let mut trimmed = lower.trim_start();
        for filler in PERIOD_FILLERS {
            if let Some(rest) = trimmed.strip_prefix(filler)
                && rest.starts_with([' ', '/'])
            {
                trimmed = rest.trim_start();
                break;
            }
        }
        let mut lead = lower.len() - trimmed.len();
        // "/ hour" as "/hour".
        let spaced;
        if trimmed.starts_with("/ ") {
            spaced = format!("/{}", &trimmed[2..]);
            trimmed = &spaced;
            lead += 1;
        }
        PERIOD_MARKERS.iter().find_map(|(marker, period)| {
            let after = trimmed.strip_prefix(marker)?;
            // A whole marker: "pa" is not "pay", "/h" is not "/hybrid".
            (!after.starts_with(|c: char| c.is_ascii_alphanumeric()))
                .then_some((*period, lead + marker.len()))
        })
    }

    #[test]
    fn period_markers_are_read_in_any_case_and_spacing() {
        for (text, expected) in [
            (" per Year and more", Some((Period::Year, 9))),
            ("/HR, remote", Some((Period::Hour, 3))),
            ("/ hour", Some((Period::Hour, 6))),
            ("/  year", Some((Period::Year, 7))),
            (" Gross P.A.", Some((Period::Year, 11))),
            ("  (GROSS) annually", Some((Period::Year, 18))),
            (" base/yr", Some((Period::Year, 8))),
            (" pay", None),
            ("/hybrid", None),
            (" per yéar", None),
            ("", None),
        ] {
            assert_eq!(period_after(text), expected, "{text:?}");
            assert_eq!(period_after_lowered(text), expected, "{text:?}");
        }
    }

    /// The table finds, as whole words, the entries a search for each finds.
    fn not_pay_words_by_search(near: &str) -> Vec<&'static str> {
        let mut words: Vec<&str> = NOT_PAY_BEFORE
            .iter()
            .copied()
            .filter(|w| has_word(near, w))
            .collect();
        words.sort_unstable();
        words
    }

    fn not_pay_words_by_table(near: &str) -> Vec<&'static str> {
        let mut words: Vec<&str> = not_pay_words_in(near).collect();
        words.sort_unstable();
        words.dedup();
        words
    }

    #[test]
    fn the_not_pay_table_finds_what_a_search_for_each_word_finds() {
        for near in [
            "raised in a series a funding round of",
            "a referral bonus of up to",
            "sign-on bonus: ad&d cover",
            "covered coverage cover",
            "recovered undercover",
            "prämie von",
            "401(k) match of",
            "team of more than",
            "signing bonus:",
            "",
        ] {
            assert_eq!(
                not_pay_words_by_table(near),
                not_pay_words_by_search(near),
                "{near:?}"
            );
        }
        assert_eq!(
            not_pay_words_by_table("a budget of"),
            ["budget", "budget of"]
        );
        assert!(not_pay_words_by_table("the recovered budgets").is_empty());
    }

    proptest::proptest! {
        #[test]
        fn period_markers_read_in_place_as_over_a_lower_cased_copy(
            text in r"[ /A-Za-z.()é\x{a0}]{0,3}(gross|Net|BASE|\(gross\))?[ /]{0,3}(per |a |P|/|an )?(Year|yr|hour|HR|month|mo|week|day|annum|a\.?|ly|ually)?[a-zé ,.]{0,4}",
        ) {
            proptest::prop_assert_eq!(period_after(&text), period_after_lowered(&text));
        }

        #[test]
        fn the_not_pay_table_agrees_with_a_search_for_each_word(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "budget", "budget of", "of", "more than", "bonus:", "bonus", "ad&d", "401",
                    "in", "by", "v", "over", "prämie", "é", "re", "s", "1", "(k)", " ", " ", ",",
                    ":", "-", "&", "cover", "ed", "age",
                ]),
                0..12,
            ),
        ) {
            let near: String = pieces.concat();
            proptest::prop_assert_eq!(not_pay_words_by_table(&near), not_pay_words_by_search(&near));
        }
    }
}
