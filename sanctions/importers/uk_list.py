"""The UK Sanctions List of the FCDO (``UK-Sanctions-List.csv`` and ``.xml``), the UK's one list
since OFSI's Consolidated List stopped on 28 January 2026.

Both forms carry the same fields. The XML: root ``Designations`` (``DateGenerated``
dd/mm/yyyy), one ``Designation`` per entry with ``UniqueID`` (e.g. ``RUS0251``),
``OFSIGroupID``, ``UNReferenceNumber``, ``RegimeName``, ``IndividualEntityShip``,
``DateDesignated``, ``Names/Name`` (``Name1``…``Name6``, ``NameType``, ``AliasStrength``),
``NonLatinNames``, ``UKStatementofReasons``, ``SanctionsImposed`` (``|``-separated),
addresses, and individual, entity or ship details in nested groups. The CSV: a first line
``Report Date: dd-Mon-yyyy``, a header of 58 columns, one row per name (and per further
address or document), rows of one entry sharing its ``Unique ID``.

Both are read into one :class:`Record` per entry, by the same field names, so that one
builder makes every entry. The XML is read as a stream.
"""

import datetime
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.text import slugify

from .common import clean, clip, gender_of, script_of, try_stored_date
from .countries import country_code
from .files import csv_rows, decode_windows_1252, read_bytes, refuse_empty
from .records import (
    Address,
    Alias,
    AuthorityInfo,
    BirthDate,
    BirthPlace,
    Entry,
    Identifier,
    ImportFileError,
    Listing,
    Nationality,
    ParsedList,
    Warnings,
)
from .reference import LISTS
from .xmlstream import XMLStream

FORMAT = "uk-sanctions-list"
SLUG = "uk-sanctions-list"
OFSI_SLUG = "uk-ofsi-conlist"
AGENCY = LISTS[SLUG].agency
KINDS = {"individual": "person", "entity": "organization", "ship": "vessel"}
NAME_KINDS = {"primary name": "", "primary name variation": "spelling", "alias": "aka"}
LANGUAGES = {
    "arabic": "ar",
    "belarusian": "be",
    "bosnian": "bs",
    "bulgarian": "bg",
    "chinese": "zh",
    "greek": "el",
    "hebrew": "he",
    "korean": "ko",
    "persian": "fa",
    "romanian; moldavian; moldovan": "ro",
    "russian": "ru",
    "serbian": "sr",
    "turkish": "tr",
    "ukrainian": "uk",
}
MEASURES = {
    "asset freeze": "asset-freeze",
    "travel ban": "travel-ban",
    "arms embargo": "arms-embargo",
    "trust services sanctions": "investment-ban",
}
# The fields of a Record, each read from a CSV column and from an XML element (leaf name).
SINGLE = {
    "unique_id": ("Unique ID", "UniqueID"),
    "group_id": ("OFSI Group ID", "OFSIGroupID"),
    "un_reference": ("UN Reference Number", "UNReferenceNumber"),
    "regime": ("Regime Name", "RegimeName"),
    "kind": ("Designation Type", "IndividualEntityShip"),
    "source": ("Designation source", "DesignationSource"),
    "sanctions": ("Sanctions Imposed", "SanctionsImposed"),
    "other": ("Other Information", "OtherInformation"),
    "reasons": ("UK Statement of Reasons", "UKStatementofReasons"),
    "designated": ("Date Designated", "DateDesignated"),
    "last_updated": ("Last Updated", "LastUpdated"),
}
MULTIPLE = {
    "titles": ("Title", "Title"),
    "positions": ("Position", "Position"),
    "genders": ("Gender", "Gender"),
    "dobs": ("D.O.B", "DOB"),
    "nationalities": ("Nationality(/ies)", "Nationality"),
    "phones": ("Phone number", "PhoneNumber"),
    "websites": ("Website", "Website"),
    "emails": ("Email address", "EmailAddress"),
    "entity_types": ("Type of entity", "TypeOfEntity"),
    "subsidiaries": ("Subsidiaries", "Subsidiary"),
    "parents": ("Parent company", "ParentCompany"),
    "registrations": ("Business registration number (s)", "BusinessRegistrationNumber"),
    "imo": ("IMO number", "IMONumber"),
    "owners": ("Current owner/operator (s)", "CurrentOwnerOperator"),
    "previous_owners": ("Previous owner/operator (s)", "PreviousOwnerOperator"),
    "flags": ("Current believed flag of ship", "CurrentBelievedFlagOfShip"),
    "previous_flags": ("Previous flags", "PreviousFlag"),
    "ship_types": ("Type of ship", "TypeOfShip"),
    "tonnage": ("Tonnage of ship", "TonnageOfShip"),
    "length": ("Length of ship", "LengthOfShip"),
    "year_built": ("Year Built", "YearBuilt"),
    "hin": ("Hull identification number (HIN)", "HullIdentificationNumber"),
}
# Groups of fields that belong together: (CSV columns, XML group element, XML leaves).
NAME_PARTS = ("Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name 6")
GROUPS = {
    "names": (
        (*NAME_PARTS, "Name type", "Alias strength"),
        "Name",
        ("Name1", "Name2", "Name3", "Name4", "Name5", "Name6", "NameType", "AliasStrength"),
    ),
    "non_latin": (
        ("Name non-latin script", "Non-latin script type", "Non-latin script language"),
        "NonLatinName",
        ("NameNonLatinScript", "NonLatinScriptType", "NonLatinScriptLanguage"),
    ),
    "addresses": (
        (*(f"Address Line {n}" for n in range(1, 7)), "Address Postal Code", "Address Country"),
        "Address",
        (*(f"AddressLine{n}" for n in range(1, 7)), "AddressPostalCode", "AddressCountry"),
    ),
    "passports": (
        ("Passport number", "Passport additional information"),
        None,
        ("PassportNumber", "PassportAdditionalInformation"),
    ),
    "national_ids": (
        ("National Identifier number", "National Identifier additional information"),
        None,
        ("NationalIdentifierNumber", "NationalIdentifierAdditionalInformation"),
    ),
    "births": (
        ("Town of birth", "Country of birth"),
        "Location",
        ("TownOfBirth", "CountryOfBirth"),
    ),
}
REQUIRED_COLUMNS = ("Unique ID", "Name 6", "Name type", "Regime Name", "Designation Type")
COLUMNS = {
    *(csv for csv, _ in SINGLE.values()),
    *(csv for csv, _ in MULTIPLE.values()),
    *(column for columns, _, _ in GROUPS.values() for column in columns),
}
_MMSI = re.compile(r"\bMMSI\s*:?\s*(\d{9})\b", re.I)
_REPORT_DATE = re.compile(r"report date:\s*(\d{1,2}-[A-Za-z]{3}-\d{4})", re.I)


@dataclass
class Record:
    """One designation of the list, as read from either form: text values, de-duplicated."""

    line: int
    values: dict = field(default_factory=dict)  # SINGLE field → text
    lists: dict = field(default_factory=dict)  # MULTIPLE field or group → [values or tuples]

    def add(self, name, value):
        if value and value not in self.lists.setdefault(name, []):
            self.lists[name].append(value)

    def set(self, name, value):
        if value and not self.values.get(name):
            self.values[name] = value

    def get(self, name):
        return self.values.get(name, "")

    def all(self, name):
        return self.lists.get(name, [])


def parse(paths, *, list_date=None):
    """Read the UK Sanctions List, CSV or XML (or a folder holding one of them)."""
    path = _the_file(paths)
    if _looks_like_xml(path):
        records, file_date, source = _read_xml(path)
    else:
        records, file_date, source = _read_csv(path)
    builder = _Builder(source.name)
    entries = [builder.entry(record) for record in records]
    return [
        ParsedList(
            slug=SLUG,
            format=FORMAT,
            files=[source],
            entries=entries,
            list_date=list_date or file_date,
            warnings=builder.warnings.lines(),
            authorities=builder.authorities,
        )
    ]


def _the_file(paths):
    files = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(sorted([*path.glob("*.csv"), *path.glob("*.xml")]))
        else:
            files.append(path)
    if len(files) != 1:
        found = ", ".join(map(str, files)) or "none"
        message = f"give one CSV or XML file (found {found})"
        raise ImportFileError(", ".join(map(str, paths)), "", message)
    return files[0]


def _looks_like_xml(path):
    try:
        with open(path, "rb") as file:
            start = file.read(512).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError as error:
        raise ImportFileError(path, "", f"cannot be read ({error.strerror})") from None
    return start.startswith(b"<")


# --- XML -------------------------------------------------------------------------------------


def _check_root(root, namespace, name):
    if root.tag != "Designations":
        hint = ""
        if root.tag in ("ArrayOfFinancialSanctionsTarget", "FinancialSanctionsTarget"):
            hint = ": an OFSI Consolidated List file (the 2022 format), not the UK Sanctions List"
        message = f"root element is {root.tag}, not the UK Sanctions List's Designations{hint}"
        raise ImportFileError(name, "line 1", message)


def _read_xml(path):
    stream = XMLStream(path, path.name, {"Designation", "DateGenerated"}, _check_root)
    records, file_date = [], None
    for element, line in stream:
        if element.tag == "DateGenerated":
            file_date = _day(clean(element.text), path.name, line, "DateGenerated")
        else:
            records.append(_xml_record(element, line))
    if not records:
        raise ImportFileError(path.name, "", "no Designation elements: not the UK Sanctions List")
    return records, file_date, stream.source


def _xml_record(element, line):
    record = Record(line=line)
    for name, (_, tag) in SINGLE.items():
        record.set(name, clean(element.findtext(tag)))
    for name, (_, tag) in MULTIPLE.items():
        for node in element.iter(tag):
            record.add(name, clean(node.text))
    for name, (_, group, leaves) in GROUPS.items():
        for node in _group_nodes(element, group, leaves[0]):
            record.add(name, tuple(clean(node.findtext(leaf)) for leaf in leaves))
    return record


def _group_nodes(element, group, first_leaf):
    """The elements holding one item of a group: named, or (passports, national IDs, whose
    wrappers are named differently in different files) whatever holds the first leaf."""
    if group is not None:
        return [node for node in element.iter(group) if len(node)]
    return [node for node in element.iter() if node.find(first_leaf) is not None]


# --- CSV -------------------------------------------------------------------------------------


def _read_csv(path):
    data, source = read_bytes(path)
    refuse_empty(data, source.name)
    text = decode_windows_1252(data, source.name)
    rows = list(csv_rows(text, source.name))
    file_date, header, rows = _csv_header(rows, source.name)
    records = OrderedDict()
    for line, cells in rows:
        if len(cells) != len(header):
            raise ImportFileError(
                source.name,
                f"line {line}",
                f"expected {len(header)} columns, found {len(cells)}; truncated line?",
            )
        row = {column: clean(cell) for column, cell in zip(header, cells, strict=True)}
        unique_id = row["Unique ID"]
        if not unique_id:
            raise ImportFileError(source.name, f"line {line}", "Unique ID is empty")
        _csv_into(records.setdefault(unique_id, Record(line=line)), row)
    if not records:
        raise ImportFileError(source.name, "", "no data rows")
    return list(records.values()), file_date, source


def _csv_header(rows, name):
    file_date = None
    if rows and _REPORT_DATE.search(" ".join(rows[0][1])):
        line, cells = rows.pop(0)
        text = _REPORT_DATE.search(" ".join(cells)).group(1)
        try:
            file_date = datetime.datetime.strptime(text, "%d-%b-%Y").date()
        except ValueError:
            raise ImportFileError(
                name, f"line {line}", f"Report Date {text!r} is not a date"
            ) from None
    if not rows:
        raise ImportFileError(name, "", "no header row: empty or truncated file")
    line, header = rows[0]
    header = [clean(cell) for cell in header]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        second = [clean(cell) for cell in rows[1][1]] if len(rows) > 1 else []
        if "Group ID" in header + second and "Unique ID" not in header:
            message = "an OFSI Consolidated List file: import it with uk-ofsi-csv"
        else:
            message = f"not the UK Sanctions List layout (missing {', '.join(missing)})"
        raise ImportFileError(name, f"line {line}", message)
    return file_date, header, rows[1:]


def _csv_into(record, row):
    for name, (column, _) in SINGLE.items():
        record.set(name, row.get(column, ""))
    for name, (column, _) in MULTIPLE.items():
        record.add(name, row.get(column, ""))
    for name, (columns, _, _) in GROUPS.items():
        values = tuple(row.get(column, "") for column in columns)
        if any(values):
            record.add(name, values)


def _day(text, name, line, label):
    try:
        return datetime.datetime.strptime(text, "%d/%m/%Y").date() if text else None
    except ValueError:
        raise ImportFileError(
            name, f"line {line}", f"{label} {text!r} is not a dd/mm/yyyy date"
        ) from None


# --- entries ---------------------------------------------------------------------------------


class _Builder:
    """Makes the entry of a Record, whichever form it was read from."""

    def __init__(self, name):
        self.name, self.warnings, self.authorities = name, Warnings(), {}
        self.first_of_group = {}

    def fail(self, record, message):
        unique_id = record.get("unique_id") or "?"
        raise ImportFileError(self.name, f"line {record.line}", f"{unique_id}: {message}")

    def entry(self, record):
        unique_id = record.get("unique_id")
        if not unique_id:
            self.fail(record, "UniqueID is empty")
        kind = KINDS.get(record.get("kind").lower())
        if kind is None:
            self.fail(
                record, f"designation type {record.get('kind')!r} is not Individual, Entity or Ship"
            )
        names = [_Name(*parts) for parts in record.all("names") if any(parts[:6])]
        primary = next((n for n in names if n.type == "primary name"), names[0] if names else None)
        if primary is None:
            self.fail(record, "no name")
        where = f"{self.name} line {record.line}"
        return Entry(
            entry_id=unique_id,
            kind=kind,
            name=primary.listed(),  # shown by importers.parse
            listed_name=primary.listed(),
            reference=record.get("un_reference"),
            gender=_gender(record) if kind == "person" else "",
            position=clip("; ".join([*record.all("titles"), *record.all("positions")]), 500),
            description=_description(record),
            remarks=record.get("other"),
            aliases=self._aliases(names, primary, record),
            birth_dates=self._birth_dates(record, where),
            nationalities=self._nationalities(record, where),
            birth_places=_birth_places(record),
            identifiers=_identifiers(record),
            addresses=self._addresses(record, where),
            listings=[self._listing(record)],
            same_as=self._same_as(record),
            continues=(OFSI_SLUG, record.get("group_id")) if record.get("group_id") else None,
            origin=where,
        )

    def _same_as(self, record):
        found = []
        if record.get("un_reference"):
            found.append(("un-consolidated", record.get("un_reference")))
        group = record.get("group_id")
        if group:
            # Another designation of the same party (another regime) shares its Group ID.
            first = self.first_of_group.setdefault(group, record.get("unique_id"))
            if first != record.get("unique_id"):
                found.append((SLUG, first))
        return found

    @staticmethod
    def _aliases(names, primary, record):
        aliases = []
        for name in names:
            if name is primary or name.listed().lower() == primary.listed().lower():
                continue
            strength = name.strength.lower()
            aliases.append(
                Alias(
                    name=clip(name.listed(), 300),
                    kind=NAME_KINDS.get(name.type, "aka") or "aka",
                    quality="weak" if strength.startswith("low") else "strong",
                )
            )
        for text, _script, language in record.all("non_latin"):
            if text:
                aliases.append(
                    Alias(
                        name=clip(text, 300),
                        kind="original_script",
                        script=script_of(text),
                        language=LANGUAGES.get(language.lower(), ""),
                    )
                )
        return aliases

    def _birth_dates(self, record, where):
        dates = []
        for text in record.all("dobs"):
            # The list masks the unknown parts of a date: dd/mm/1945, dd/03/1958.
            value = try_stored_date(re.sub(r"(?i)\b(dd|mm)\b", "00", text), self.warnings, where)
            if value:
                dates.append(BirthDate(value=value))
        return dates

    def _nationalities(self, record, where):
        found = []
        for text in record.all("nationalities"):
            code = country_code(text)
            if code:
                found.append(Nationality(country=code))
            else:
                self.warnings.add(where, f"nationality {text!r} not recognised")
        return found

    def _addresses(self, record, where):
        found = []
        for *lines, postcode, country in record.all("addresses"):
            code = country_code(country)
            if country and not code:
                self.warnings.add(where, f"country {country!r} not recognised")
            parts = [line for line in lines if line] + [postcode, country]
            full = ", ".join(part for part in parts if part)
            if full:
                found.append(Address(full=full, city=clip(lines[5], 200), country=code))
        return found

    def _listing(self, record):
        regime = record.get("regime")
        if not regime:
            self.fail(record, "RegimeName is empty")
        designated = _day(record.get("designated"), self.name, record.line, "DateDesignated")
        return Listing(
            agency=AGENCY,
            program=regime_code(regime),
            program_name=clip(regime, 300),
            listed_on=designated,
            reason=record.get("reasons"),
            reference=record.get("unique_id"),
            measures=_measures(record.get("sanctions")),
            authorities=(self._authority(regime),) if "regulations" in regime.lower() else (),
        )

    def _authority(self, regime):
        """The regime's regulations, a statutory instrument, as a legal authority."""
        slug = f"uk-{slugify(regime_code(regime))}"[:100].rstrip("-")
        self.authorities.setdefault(
            slug, AuthorityInfo(title=clip(regime, 300), kind="regulation", country="GB")
        )
        return slug


@dataclass(frozen=True)
class _Name:
    part1: str
    part2: str
    part3: str
    part4: str
    part5: str
    part6: str
    raw_type: str
    strength: str

    @property
    def type(self):
        return self.raw_type.lower()

    def given(self):
        return " ".join(
            p for p in (self.part1, self.part2, self.part3, self.part4, self.part5) if p
        )

    def listed(self):
        """As OFSI listed names: "SURNAME, Given names" (the list's own words)."""
        given = self.given()
        return f"{self.part6}, {given}" if given and self.part6 else (self.part6 or given)


def regime_code(regime):
    """A program code from a regime's regulations: "The Russia (Sanctions) (EU Exit)
    Regulations 2019" is "Russia", as OFSI's lists named the regime."""
    text = re.sub(r"^the\s+", "", clean(regime), flags=re.I)
    text = re.sub(r"\s+Regulations(\s+\d{4})?$", "", text)
    text = text.replace("(EU Exit)", "").replace("(International Sanctions)", "(International)")
    text = re.sub(r"\((?:United Nations\s+)?Sanctions\)", "", text)
    text = re.sub(r"\s+Sanctions$", "", clean(text))
    return clip(clean(text), 50)


def _measures(text):
    found = set()
    for item in text.split("|"):
        folded = clean(item).lower()
        if folded in MEASURES:
            found.add(MEASURES[folded])
        elif "shipping" in folded or "port" in folded or "trade" in folded:
            found.add("trade-restrictions")
    return tuple(sorted(found))


def _country_at_start(text):
    """The country a document's note starts with: "North Korea passport" is KP."""
    words = text.split()
    for count in range(len(words), 0, -1):
        code = country_code(" ".join(words[:count]))
        if code:
            return code
    return ""


def _gender(record):
    for text in record.all("genders"):
        if gender_of(text):
            return gender_of(text)
    return ""


def _birth_places(record):
    places = []
    for town, country in record.all("births"):
        place = ", ".join(part for part in (town, country) if part)
        if place:
            places.append(BirthPlace(place=clip(place, 300), country=country_code(country)))
    return places


def _identifiers(record):
    found = []
    for group, kind in (("passports", "passport"), ("national_ids", "national_id")):
        for number, information in record.all(group):
            if number:
                found.append(
                    Identifier(
                        kind=kind,
                        number=clip(number, 200),
                        country=_country_at_start(information),
                        note=clip(information, 500),
                    )
                )
    simple = (
        ("registrations", "registration"),
        ("emails", "email"),
        ("websites", "website"),
    )
    for name, kind in simple:
        found.extend(Identifier(kind=kind, number=clip(v, 200)) for v in record.all(name))
    for value in record.all("imo"):
        number = re.sub(r"(?i)^imo\s*", "", value)
        found.append(Identifier(kind="imo", number=clip(number, 200)))
    # As OFSI's list did, ships' MMSI numbers are only in the other information.
    found.extend(Identifier(kind="mmsi", number=m) for m in _MMSI.findall(record.get("other")))
    found.extend(
        Identifier(kind="other", number=clip(v, 200), note="phone number")
        for v in record.all("phones")
    )
    found.extend(
        Identifier(kind="other", number=clip(v, 200), note="hull identification number")
        for v in record.all("hin")
    )
    return found


DESCRIPTIONS = (
    ("entity_types", "Type of entity"),
    ("parents", "Parent company"),
    ("subsidiaries", "Subsidiaries"),
    ("ship_types", "Type of ship"),
    ("flags", "Flag"),
    ("previous_flags", "Previous flags"),
    ("tonnage", "Tonnage"),
    ("length", "Length"),
    ("year_built", "Year built"),
    ("owners", "Current owner/operator"),
    ("previous_owners", "Previous owner/operator"),
)


def _description(record):
    return "; ".join(
        f"{label}: {', '.join(record.all(name))}"
        for name, label in DESCRIPTIONS
        if record.all(name)
    )
