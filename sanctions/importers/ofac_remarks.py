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

# Labels of documents and numbers, and the kind of identifier each is.
IDENTIFIER_LABELS = {
    "Diplomatic Passport": "passport",
    "Passport": "passport",
    "National ID No.": "national_id",
    "National Identification Number": "national_id",
    "National Foreign ID Number": "national_id",
    "Personal ID Card": "national_id",
    "Identification Number": "national_id",
    "Cedula No.": "national_id",
    "C.U.R.P.": "national_id",
    "D.N.I.": "national_id",
    "SSN": "national_id",
    "Electoral Registry No.": "national_id",
    "Credencial electoral": "national_id",
    "I.F.E.": "national_id",
    "Tax ID No.": "tax_id",
    "R.F.C.": "tax_id",
    "RFC": "tax_id",
    "NIT #": "tax_id",
    "RUC #": "tax_id",
    "RIF #": "tax_id",
    "RTN": "tax_id",
    "V.A.T. Number": "tax_id",
    "US FEIN": "tax_id",
    "Registration ID": "registration",
    "Registration Number": "registration",
    "UK Company Number": "registration",
    "Company Number": "registration",
    "Company ID:": "registration",
    "Business Registration Document #": "registration",
    "Business Registration Number": "registration",
    "Commercial Registry Number": "registration",
    "Trade License No.": "registration",
    "Certificate of Incorporation Number": "registration",
    "Legal Entity Number": "registration",
    "Registered Charity No.": "registration",
    "Public Registration Number": "registration",
    "Chamber of Commerce Number": "registration",
    "Matricula Mercantil No": "registration",
    "Folio Mercantil No.": "registration",
    "Vessel Registration Identification IMO": "imo",
    "MMSI": "mmsi",
    "Aircraft Construction Number (also called L/N or S/N or F/N)": "aircraft_serial",
    "Aircraft Manufacturer's Serial Number (MSN)": "aircraft_serial",
    "Aircraft Tail Number": "registration",
    "SWIFT/BIC": "swift_bic",
    "Email Address": "email",
    "Website": "website",
    "Residency Number": "other",
    "Travel Document Number": "other",
    "Driver's License No.": "other",
    "Birth Certificate Number": "other",
    "D-U-N-S Number": "other",
}
# Longest first, so that "Diplomatic Passport" wins over "Passport".
_LABEL = re.compile(
    "^(" + "|".join(map(re.escape, sorted(IDENTIFIER_LABELS, key=len, reverse=True))) + ") "
)
_ALT = re.compile(r"^alt\.\s+", re.I)
_ALIAS = re.compile(r"^(a\.k\.a\.|f\.k\.a\.|n\.k\.a\.)\s+'(.+)'$", re.I)
_DOCUMENT = re.compile(
    r"^(?P<number>.+?)(?:\s*\((?P<country>[^)]*)\))?(?P<note>\s+(?:issued|expires).*)?$", re.I
)
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
    found = _LABEL.match(item)
    if found is None:
        return
    label = found.group(1)
    kind = IDENTIFIER_LABELS[label]
    match = _DOCUMENT.match(item[len(label) :].strip())
    number = match.group("number").strip().removeprefix("No. ").removeprefix("# ")
    in_brackets = (match.group("country") or "").strip()
    country = country_code(in_brackets)
    notes = [label if kind == "other" or label.startswith("Diplomatic") else ""]
    if in_brackets and not country:
        notes.append(f"({in_brackets})")
    notes.append((match.group("note") or "").strip())
    note = " ".join(part for part in notes if part)
    facts.identifiers.append(
        Identifier(kind=kind, number=number[:200], country=country, note=note[:500])
    )
