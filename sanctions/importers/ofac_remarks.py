"""OFAC's Remarks: "DOB 15 Jan 1950; Gender Male; Passport 123 (Iran); Linked To: X."

OFAC keeps birth dates, places, nationalities, documents and links only in this free text,
as ";"-separated "Key value" items; "alt." marks a further value of the same key. Items
this module does not know (titles, "all offices worldwide") stay in the remarks, which are
always stored as written.
"""

import re
from dataclasses import dataclass, field

from .common import clean, stored_date
from .countries import country_code, place_country
from .records import Alias, BirthDate, BirthPlace, Identifier, Nationality

# Labels of documents and numbers, and the kind of identifier each is. The CSV's Remarks and
# the XML's document and feature types use the same labels: OFAC writes one from the other.
IDENTIFIER_LABELS = {
    "Diplomatic Passport": "passport",
    "Passport": "passport",
    "Stateless Person Passport": "passport",
    "National ID No.": "national_id",
    "National Identification Number": "national_id",
    "National Foreign ID Number": "national_id",
    "Personal ID Card": "national_id",
    "Identification Number": "national_id",
    "Cedula No.": "national_id",
    "C.U.R.P.": "national_id",
    "D.N.I.": "national_id",
    "N.I.E.": "national_id",
    "SSN": "national_id",
    "Electoral Registry No.": "national_id",
    "Credencial electoral": "national_id",
    "I.F.E.": "national_id",
    "Kenyan ID No.": "national_id",
    "Turkish Identification Number": "national_id",
    "Bosnian Personal ID No.": "national_id",
    "Citizen's Card Number": "national_id",
    "Refugee ID Card": "national_id",
    "Stateless Person ID Card": "national_id",
    "Tax ID No.": "tax_id",
    "R.F.C.": "tax_id",
    "RFC": "tax_id",
    "NIT #": "tax_id",
    "RUC #": "tax_id",
    "RIF #": "tax_id",
    "RTN": "tax_id",
    "C.I.F.": "tax_id",
    "V.A.T. Number": "tax_id",
    "US FEIN": "tax_id",
    "Fiscal Code": "tax_id",
    "Italian Fiscal Code": "tax_id",
    "Iranian Tax Identification No.": "tax_id",
    "Romanian Tax Registration": "tax_id",
    "Numero Unico de Identificacao Tributaria (NUIT)": "tax_id",
    "Registration ID": "registration",
    "Registration Number": "registration",
    "UK Company Number": "registration",
    "Company Number": "registration",
    "Company ID:": "registration",
    "Business Registration Document #": "registration",
    "Business Registration Number": "registration",
    "Commercial Registry Number": "registration",
    "C.R. No.": "registration",
    "Romanian C.R.": "registration",
    "Trade License No.": "registration",
    "License": "registration",
    "Certificate of Incorporation Number": "registration",
    "Legal Entity Number": "registration",
    "Registered Charity No.": "registration",
    "Public Registration Number": "registration",
    "Chamber of Commerce Number": "registration",
    "Dubai Chamber of Commerce Membership No.": "registration",
    "Matricula Mercantil No": "registration",
    "Folio Mercantil No.": "registration",
    "Government Gazette Number": "registration",
    "Unified Social Credit Code (USCC)": "registration",
    "Enterprise Number": "registration",
    "Central Registration System Number": "registration",
    "Global Intermediary Identification Number": "registration",
    "MSB Registration Number": "registration",
    "Afghan Money Service Provider License Number": "registration",
    "ISIN": "isin",
    "Vessel Registration Identification IMO": "imo",
    "Vessel Registration Identification": "imo",
    "MMSI": "mmsi",
    "Vessel Call Sign": "call_sign",
    "Aircraft Construction Number (also called L/N or S/N or F/N)": "aircraft_serial",
    "Aircraft Manufacturer's Serial Number (MSN)": "aircraft_serial",
    "Aircraft Tail Number": "registration",
    "SWIFT/BIC": "swift_bic",
    "Email Address": "email",
    "Website": "website",
    "BIK (RU)": "other",
    "Residency Number": "other",
    "Travel Document Number": "other",
    "Driver's License No.": "other",
    "Birth Certificate Number": "other",
    "D-U-N-S Number": "other",
    "Pilot License Number": "other",
    "Immigration No.": "other",
    "Serial No.": "other",
    "Romanian Permanent Resident": "other",
    "Tarjeta Profesional": "other",
    "Telephone No.": "other",
    "Phone Number": "other",
}
_LABEL = re.compile(
    "^(" + "|".join(map(re.escape, sorted(IDENTIFIER_LABELS, key=len, reverse=True))) + ") "
)
# "Digital Currency Address - XBT 1AjZ...": the currency is part of the label.
_CURRENCY = re.compile(r"^Digital Currency Address - ([A-Z0-9]+)\s+(\S+)$")
# Any other "Label Number" pair OFAC writes: a label ending as identifiers' labels do, then a
# value with a digit in it ("Chamber of Commerce Membership No. 123", "Seafarer ID 9...").
_LABELLED = re.compile(
    r"^(?P<label>[A-Z][\w.'()/&-]*(?: [\w.'()/&-]+){0,6}? (?:No\.?|Number|#|ID|Code|Card))"
    r":? (?P<rest>\S*\d.*)$"
)
_GENERIC_KINDS = (
    ("passport", "passport"),
    ("tax", "tax_id"),
    ("fiscal", "tax_id"),
    ("vat", "tax_id"),
    ("regist", "registration"),
    ("company", "registration"),
    ("commerc", "registration"),
    ("licen", "registration"),
    ("incorporat", "registration"),
    ("gazette", "registration"),
    ("identi", "national_id"),
    (" id", "national_id"),
)
_ALT = re.compile(r"^alt\.\s+", re.I)
_ALIAS = re.compile(r"^(a\.k\.a\.|f\.k\.a\.|n\.k\.a\.)\s+'(.+)'$", re.I)
ALIAS_KINDS = {"a.k.a.": "aka", "f.k.a.": "fka", "n.k.a.": "nka"}
SECONDARY = ("secondary sanctions risk", "subject to secondary sanctions")


@dataclass
class RemarkFacts:
    """What the Remarks say, in the records' terms."""

    gender: str = ""
    aliases: list = field(default_factory=list)
    birth_dates: list = field(default_factory=list)
    birth_places: list = field(default_factory=list)
    nationalities: list = field(default_factory=list)
    identifiers: list = field(default_factory=list)
    linked_to: list = field(default_factory=list)  # names of other entries
    secondary_sanctions: bool = False


def split_items(remarks):
    """The ";"-separated items, without the full stop that ends the last one."""
    text = clean(remarks)
    if text.endswith("."):
        text = text[:-1]
    return [item.strip() for item in text.split(";") if item.strip()]


def parse_remarks(remarks, warnings, where):
    """Read every item of an entry's Remarks; unknown items are left alone."""
    facts = RemarkFacts()
    for item in split_items(remarks):
        if any(marker in item.lower() for marker in SECONDARY):
            facts.secondary_sanctions = True
            continue
        _read_item(_ALT.sub("", item), facts, warnings, where)
    return facts


def _read_item(item, facts, warnings, where):
    key, _, value = item.partition(" ")
    value = value.strip()
    if key == "DOB":
        _add_birth_date(value, facts, warnings, where)
    elif key in ("POB", "POB:"):
        facts.birth_places.append(BirthPlace(place=value, country=place_country(value)))
    elif item.startswith("Nationality of Registration "):
        _add_nationality(
            "nationality", item.removeprefix("Nationality of Registration "), facts, warnings, where
        )
    elif key in ("nationality", "citizen"):
        _add_nationality(key, value, facts, warnings, where)
    elif key == "Gender":
        facts.gender = value.lower() if value.lower() in ("male", "female") else facts.gender
    elif item.startswith("Linked To:"):
        facts.linked_to.append(item.removeprefix("Linked To:").strip())
    elif _ALIAS.match(item):
        marker, name = _ALIAS.match(item).groups()
        facts.aliases.append(Alias(name=name, kind=ALIAS_KINDS[marker.lower()], quality="weak"))
    else:
        _read_identifier(item, facts)


def _add_birth_date(value, facts, warnings, where):
    try:
        facts.birth_dates.append(BirthDate(value=stored_date(value)))
    except ValueError as error:
        warnings.add(where, f"DOB {value!r} not understood ({error})")


def _add_nationality(key, value, facts, warnings, where):
    code = country_code(value)
    if not code:
        warnings.add(where, f"{key} {value!r}: country not recognised")
        return
    kind = "citizenship" if key == "citizen" else "nationality"
    facts.nationalities.append(Nationality(country=code, kind=kind))


def _read_identifier(item, facts):
    found = _LABEL.match(item) or _CURRENCY.match(item) or _LABELLED.match(item)
    if found is None:
        return
    if found.re is _CURRENCY:
        label, value = f"Digital Currency Address - {found.group(1)}", found.group(2)
    elif found.re is _LABEL:
        label, value = found.group(1), item[len(found.group(1)) :].strip()
    else:
        label, value = found.group("label"), found.group("rest")
    number, in_brackets, notes = split_document(value)
    country = country_code(in_brackets)
    if in_brackets and not country:
        notes.insert(0, f"({in_brackets})")
    identifier = identifier_of(label, number, country, notes)
    if identifier is not None:
        facts.identifiers.append(identifier)


def identifier_of(label, number, country="", notes=()):
    """An Identifier from a label OFAC uses (Remarks, XML document and feature types).

    The kind comes from the label; a label it does not know gives "other", with the label in
    the note so that nothing is lost. The currency of a digital currency address is its note.
    None when there is no number.
    """
    number = _PREFIX.sub("", clean(number)).strip(" ,;")
    if not number:
        return None
    currency = re.match(r"^Digital Currency Address - (\w+)$", label)
    if currency:
        kind, lead = "digital_currency", currency.group(1)
    else:
        kind = IDENTIFIER_LABELS.get(label) or _generic_kind(label)
        lead = label if kind == "other" or label.startswith(("Diplomatic", "Stateless")) else ""
    if kind == "imo":
        number = re.sub(r"^IMO\s*", "", number)
    note = " ".join(part for part in (lead, *notes) if part)
    return Identifier(kind=kind, number=number[:200], country=country, note=note[:500])


def _generic_kind(label):
    folded = f" {label.lower()}"
    return next((kind for word, kind in _GENERIC_KINDS if word in folded), "other")


_PREFIX = re.compile(r"^(?:No\.?:?|Number:?|#|Booklet)\s*", re.I)
_DATE_WORDS = (
    r"issued|expires|expired|issue date|expire date|expiration date|expiry date|date of issue"
)
_DATES = re.compile(rf"(?:^|,?\s+)(?=(?:{_DATE_WORDS})\b)", re.I)
_WORDS = {"issue date": "issued", "date of issue": "issued", "expire date": "expires"}
_WORDS |= {"expiration date": "expires", "expiry date": "expires"}


def split_document(text):
    """A document's text as (number, country in words, notes).

    OFAC writes "X0906223 (Switzerland) issued 13 Feb 2010 expires 12 Feb 2020", and also
    "No.: 0310857, Eritrea, Issue Date 21 August 2006, Expire Date 20 August 2008",
    "#H0044232 (Iraq)" or "Booklet A5250088": the number alone is the number.
    """
    text = clean(text)
    found = _DATES.search(text)
    dates = ""
    if found:
        text, dates = text[: found.start()], text[found.end() :]
        for words, word in _WORDS.items():
            dates = re.sub(rf"\b{words}\b:?", word, dates, flags=re.I)
        dates = dates.replace(", ", " ").strip(" .")
    bracket = re.match(r"^([^,(]*?)\s*\(([^)]*)\)[\s,]*(.*)$", text)
    number, country, rest = text, "", []
    if bracket:
        number, country, rest = bracket.group(1), bracket.group(2).strip(), [bracket.group(3)]
    elif "," in text and any(country_code(part) for part in text.split(",")[1:]):
        number, *rest = [part.strip() for part in text.split(",")]
    elif (tail := re.match(r"^(\S+) ([A-Z][a-z]+(?: [A-Z][a-z]+)*)$", text)) and country_code(
        tail.group(2)
    ):
        number, country = tail.group(1), tail.group(2)  # "AF465508 Colombia"
    notes = []
    for part in filter(None, rest):
        if not country and country_code(part):
            country = part
        else:
            notes.append(part)
    return number, country, [*notes, dates] if dates else notes
