"""The UK OFSI Consolidated List, CSV (the layout used until 2022), one row per name.

Rows that share a ``Group ID`` are one entry: one row per alias and per date-of-birth
variant. OFSI publishes the file in Windows-1252, with a first line ``Last Updated,dd/mm/yyyy``
above the header. Also read: the variant whose header has one extra empty column in front
(as in the excerpt kept in reference-data): the data columns are then taken by the header
shifted by one. Any other header is refused, naming the columns that do not fit.
"""

import datetime
import re
from collections import OrderedDict
from pathlib import Path

from ..identifiers import canonical_un_reference, quoted_un_reference
from .common import clean, clip, try_stored_date
from .countries import country_code
from .files import csv_rows, decode_windows_1252, read_bytes, refuse_empty
from .records import (
    Address,
    Alias,
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

FORMAT = "uk-ofsi-csv"
SLUG = "uk-ofsi-conlist"
AGENCY = LISTS[SLUG].agency
GIVEN_NAMES = ("Name 1", "Name 2", "Name 3", "Name 4", "Name 5")
ADDRESS_LINES = tuple(f"Address {n}" for n in range(1, 7)) + ("Post/Zip Code",)
COLUMNS = (
    "Name 6",
    *GIVEN_NAMES,
    "Title",
    "DOB",
    "Town of Birth",
    "Country of Birth",
    "Nationality",
    "Passport Details",
    "NI Number",
    "Position",
    *ADDRESS_LINES,
    "Country",
    "Other Information",
    "Group Type",
    "Alias Type",
    "Regime",
    "Listed On",
    "Last Updated",
    "Group ID",
)
# Columns later files of this layout added; read where present.
OPTIONAL_COLUMNS = ("Alias Quality", "UK Sanctions List Date Designated")
POSITION = ("Title", "Position")
KINDS = {"individual": "person", "entity": "organization", "ship": "vessel"}
ALIAS_KINDS = {"prime alias": "aka", "aka": "aka", "fka": "fka", "nka": "nka"}
_ENUMERATION = re.compile(r"\(?\b(?:\d{1,2}|[a-h])\)\s*")
_IMO = re.compile(r"\bIMO\s*(?:number|no\.?)?\s*:?\s*(\d{7})\b", re.I)
_MMSI = re.compile(r"\bMMSI\s*:?\s*(\d{9})\b", re.I)
_DOCUMENT_NUMBER = re.compile(r"\b(?=[A-Z0-9/-]*\d)[A-Z]{0,3}[0-9][A-Z0-9/-]{3,}\b")


def parse(paths, *, list_date=None):
    """Read the ConList.csv file (or a folder holding one CSV file)."""
    path = _the_file(paths)
    data, source = read_bytes(path)
    refuse_empty(data, source.name)
    _refuse_the_uk_sanctions_list(data, source.name)
    text = decode_windows_1252(data, source.name)
    rows = list(csv_rows(text, source.name))
    _refuse_the_uk_sanctions_list(rows[:2], source.name)
    file_date, columns, rows = _header(rows, source.name)
    warnings = Warnings()
    groups = _groups(rows, columns, source.name)
    entries = [_entry(group_id, records, warnings) for group_id, records in groups.items()]
    return [
        ParsedList(
            slug=SLUG,
            format=FORMAT,
            files=[source],
            entries=entries,
            list_date=list_date or file_date,
            warnings=warnings.lines(),
        )
    ]


def _the_file(paths):
    files = []
    for path in map(Path, paths):
        files.extend(sorted(path.glob("*.csv")) if path.is_dir() else [path])
    if len(files) != 1:
        found = ", ".join(map(str, files)) or "none"
        raise ImportFileError(", ".join(map(str, paths)), "", f"give one CSV file (found {found})")
    return files[0]


NEW_LIST = (
    "the FCDO's UK Sanctions List, which replaced this list: "
    "import it with `manage.py import_list uk-sanctions-list`"
)


def _refuse_the_uk_sanctions_list(start, name):
    """The list that replaced OFSI's is refused here with the command that reads it."""
    if isinstance(start, bytes):
        found = start.lstrip(b"\xef\xbb\xbf \t\r\n")[:1000].find(b"<Designations") >= 0
    else:
        cells = [clean(cell) for _, row in start for cell in row]
        found = "Unique ID" in cells or any(cell.startswith("Report Date:") for cell in cells)
    if found:
        raise ImportFileError(name, "", NEW_LIST)


def _header(rows, name):
    """The list date, the column names and the data rows; refuses an unknown layout."""
    file_date = None
    if rows and clean(rows[0][1][0]).lower() == "last updated":
        line, cells = rows.pop(0)
        file_date = _day(cells[1] if len(cells) > 1 else "", name, line)
    if not rows:
        raise ImportFileError(name, "", "no header row: empty or truncated file")
    line, header = rows[0]
    header = [clean(cell) for cell in header]
    widths = {len(cells) for _, cells in rows[1:]}
    if header and header[0] == "" and widths == {len(header) - 1}:
        header = header[1:]  # one empty column too many in front of the header
    missing = [column for column in COLUMNS if column not in header]
    unknown = [c for c in header if c not in COLUMNS and c not in OPTIONAL_COLUMNS]
    if missing or unknown:
        problems = "; ".join(
            part
            for part in (
                f"missing {', '.join(missing)}" if missing else "",
                f"unknown {', '.join(repr(c) for c in unknown)}" if unknown else "",
            )
            if part
        )
        raise ImportFileError(name, f"line {line}", f"not the OFSI ConList layout ({problems})")
    return file_date, header, rows[1:]


def _day(text, name, line):
    text = clean(text)
    try:
        return datetime.datetime.strptime(text, "%d/%m/%Y").date() if text else None
    except ValueError:
        raise ImportFileError(name, f"line {line}", f"{text!r} is not a dd/mm/yyyy date") from None


def _groups(rows, columns, name):
    """Rows by Group ID, in the order the file first names each group."""
    groups = OrderedDict()
    for line, cells in rows:
        if len(cells) != len(columns):
            raise ImportFileError(
                name,
                f"line {line}",
                f"expected {len(columns)} columns, found {len(cells)}; truncated line?",
            )
        record = {column: clean(cell) for column, cell in zip(columns, cells, strict=True)}
        if not record["Group ID"].isdigit():
            raise ImportFileError(
                name, f"line {line}", f"Group ID {record['Group ID']!r} is not a number"
            )
        record["_where"] = f"{name} line {line}"
        record["_listed_on"] = _day(record["Listed On"], name, line)
        groups.setdefault(record["Group ID"], []).append(record)
    if not groups:
        raise ImportFileError(name, "", "no data rows")
    return groups


def _entry(group_id, records, warnings):
    primary = next((r for r in records if r["Alias Type"].lower() == "prime alias"), records[0])
    where = primary["_where"]
    kind = _kind(primary, where)
    other = _unique(record["Other Information"] for record in records)
    remarks = " ".join(other)
    if kind == "organization" and _IMO.search(remarks):
        kind = "vessel"  # OFSI types some ships "Entity"; an IMO number says what they are
    # The UN entry's reference in the UN's own numbering (the UK often quotes the old one).
    quoted = next((found for text in other if (found := quoted_un_reference(text))), "")
    reference = canonical_un_reference(quoted)
    return Entry(
        entry_id=group_id,
        kind=kind,
        name=_listed_name(primary),  # shown by importers.parse
        listed_name=_listed_name(primary),
        reference=reference,
        position=clip("; ".join(_unique(r[c] for r in records for c in POSITION)), 500),
        remarks=remarks,
        aliases=_aliases(records, primary),
        birth_dates=_birth_dates(records, warnings),
        nationalities=_nationalities(records, warnings),
        birth_places=_birth_places(records),
        identifiers=_identifiers(records, remarks),
        addresses=_addresses(records, warnings),
        listings=[
            Listing(
                agency=AGENCY,
                program=_program_code(primary["Regime"]),
                program_name=primary["Regime"],
                listed_on=primary["_listed_on"],
                measures=LISTS[SLUG].measures,
            )
        ],
        same_as=[("un-consolidated", reference)] if reference else [],
        origin=where,
    )


def _kind(record, where):
    kind = KINDS.get(record["Group Type"].lower())
    if kind is None:
        raise ImportFileError(
            where, "", f"Group Type {record['Group Type']!r} is not Individual, Entity or Ship"
        )
    return kind


def _program_code(regime):
    # Codes hold 50 characters; the longest regime names lose their bracketed part.
    return regime if len(regime) <= 50 else regime.split(" (")[0][:50]


def _unique(values):
    return list(OrderedDict.fromkeys(value for value in values if value))


def _given(record):
    return " ".join(record[column] for column in GIVEN_NAMES if record[column])


def _listed_name(record):
    given = _given(record)
    return f"{record['Name 6']}, {given}" if given else record["Name 6"]


def _aliases(records, primary):
    aliases = []
    for record in records:
        if record is primary or not record["Name 6"]:
            continue
        kind = ALIAS_KINDS.get(record["Alias Type"].lower(), "aka")
        quality = "weak" if record.get("Alias Quality", "").lower() == "low" else "strong"
        aliases.append(Alias(name=clip(_listed_name(record), 300), kind=kind, quality=quality))
    return [a for a in aliases if a.name.lower() != _listed_name(primary).lower()]


def _birth_dates(records, warnings):
    dates = []
    for record in records:
        if record["DOB"]:
            value = try_stored_date(record["DOB"], warnings, record["_where"])
            if value:
                dates.append(BirthDate(value=value))
    return dates


def _items(text):
    """The items of an enumeration, "(1) Iraq (2) Syria" or "1) Iraq 2) Syria"."""
    items = [clean(item).strip(" ,;.") for item in _ENUMERATION.split(text)]
    return [item for item in items if item]


def _nationalities(records, warnings):
    found = []
    for text in _unique(record["Nationality"] for record in records):
        for item in _items(text):
            code = country_code(item)
            if code:
                found.append(Nationality(country=code))
            else:
                warnings.add(records[0]["_where"], f"nationality {item!r} not recognised")
    return found


def _birth_places(records):
    places = []
    for record in records:
        towns, countries = _items(record["Town of Birth"]), _items(record["Country of Birth"])
        if len(towns) > 1 and len(countries) == len(towns):
            pairs = zip(towns, countries, strict=True)
        else:
            pairs = [(", ".join(towns), ", ".join(countries))]
        for town, country in pairs:
            place = ", ".join(part for part in (town, country) if part)
            if place:
                code = country_code(country) or country_code(town.split(",")[-1])
                places.append(BirthPlace(place=clip(place, 300), country=code))
    return places


def _identifiers(records, remarks):
    found = []
    for column, kind in (("Passport Details", "passport"), ("NI Number", "national_id")):
        for text in _unique(record[column] for record in records):
            for item in _items(text):
                number = _DOCUMENT_NUMBER.search(item)
                if number:
                    found.append(
                        Identifier(
                            kind=kind,
                            number=number.group(0),
                            country=_country_in(item),
                            note=clip(item, 500),
                        )
                    )
    for pattern, kind in ((_IMO, "imo"), (_MMSI, "mmsi")):
        found.extend(Identifier(kind=kind, number=m.group(1)) for m in pattern.finditer(remarks))
    return found


def _country_in(text):
    """A country named in brackets or by an adjective: "(Iraq)", "(Qatari passport …)"."""
    for inside in re.findall(r"\(([^)]*)\)", text):
        for words in (inside, inside.split(" ")[0]):
            code = country_code(words)
            if code:
                return code
    return ""


def _addresses(records, warnings):
    found = []
    for record in records:
        lines = [record[column] for column in ADDRESS_LINES if record[column]]
        country_text = record["Country"]
        # Some rows put the country on the last address line and leave Country empty.
        code = country_code(country_text) or (country_code(lines[-1]) if lines else "")
        if country_text and not code:
            warnings.add(record["_where"], f"country {country_text!r} not recognised")
        parts = [*lines, country_text]
        if any(parts):
            found.append(Address(full=", ".join(p for p in parts if p), country=code))
    return found
