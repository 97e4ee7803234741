"""OFAC's CSV files: the SDN list (sdn, add, alt, sdn_comments) and the non-SDN consolidated
list (cons_prim, cons_add, cons_alt, cons_comments).

The files have no header row and fixed columns (OFAC "SDN data specification"). Nulls are
written ``-0-`` (with a trailing space); several programs share one cell as ``A] [B``;
the files OFAC publishes end in CRLF and a Ctrl-Z byte. Everything about a person except
the name, title and addresses is free text in Remarks (see ofac_remarks), which continues
in the comments file when it is too long.
"""

from collections import defaultdict
from pathlib import Path

from ..names import normalize_name
from .common import clean
from .countries import country_code, country_name
from .files import csv_rows, decode_windows_1252, read_bytes, refuse_empty, strip_ctrl_z
from .ofac_remarks import parse_remarks
from .records import (
    Address,
    Alias,
    Entry,
    Identifier,
    ImportFileError,
    Link,
    Listing,
    ParsedList,
    Warnings,
)
from .reference import LISTS

FORMAT = "ofac-csv"
AGENCY = "us-ofac"
SEARCH_URL = "https://sanctionssearch.ofac.treas.gov/Details.aspx?id={uid}"
# The file sets: list slug and the name of each file's role.
FILE_SETS = {
    "us-ofac-sdn": {
        "main": "sdn.csv",
        "add": "add.csv",
        "alt": "alt.csv",
        "comments": "sdn_comments.csv",
    },
    "us-ofac-cons": {
        "main": "cons_prim.csv",
        "add": "cons_add.csv",
        "alt": "cons_alt.csv",
        "comments": "cons_comments.csv",
    },
}
COLUMNS = {"main": 12, "add": 6, "alt": 5, "comments": 2}
KINDS = {"individual": "person", "vessel": "vessel", "aircraft": "aircraft", None: "organization"}
ALIAS_TYPES = {"aka": "aka", "fka": "fka", "nka": "nka"}
NULLS = {"-0-", "-0"}  # "-0" is "-0- " cut short by a file's last line


def null(cell):
    """A cell's text, or "" for OFAC's null marker."""
    text = clean(cell)
    return "" if text in NULLS else text


def parse(paths, *, list_date=None):
    """Read OFAC CSV files (or folders holding them) into one ParsedList per list."""
    found = _find_files(paths)
    return [_parse_set(slug, roles, list_date) for slug, roles in found.items()]


def _find_files(paths):
    roles_by_name = {
        name: (slug, role) for slug, names in FILE_SETS.items() for role, name in names.items()
    }
    found = defaultdict(dict)
    for path in _expand(paths, roles_by_name):
        slug, role = roles_by_name[path.name.lower()]
        found[slug][role] = path
    if not found:
        raise ImportFileError(", ".join(map(str, paths)), "", "no OFAC CSV files (sdn.csv …)")
    for slug, roles in found.items():
        missing = [FILE_SETS[slug][role] for role in ("main", "add", "alt") if role not in roles]
        if missing:
            raise ImportFileError(", ".join(missing), "", "missing: OFAC publishes them together")
    return found


def _expand(paths, known):
    for path in map(Path, paths):
        if path.is_dir():
            yield from (child for child in sorted(path.iterdir()) if child.name.lower() in known)
        elif path.name.lower() in known:
            yield path
        else:
            expected = ", ".join(sorted(known))
            raise ImportFileError(path, "", f"not an OFAC CSV file name (expected {expected})")


def _parse_set(slug, roles, list_date):
    warnings = Warnings()
    files, rows = [], {}
    for role in ("main", "add", "alt", "comments"):
        if role in roles:
            data, source = read_bytes(roles[role])
            if role != "comments":  # OFAC publishes an empty comments file at times
                refuse_empty(data, source.name)
            files.append(source)
            rows[role] = list(_checked_rows(data, source.name, role))
    entries, linked_to = _entries(slug, rows, warnings)
    _resolve_links(entries, linked_to, warnings)
    return ParsedList(
        slug=slug,
        format=FORMAT,
        files=files,
        entries=list(entries.values()),
        list_date=list_date,
        warnings=warnings.lines(),
    )


def _checked_rows(data, name, role):
    """(line, cells) for each row, after checking the column count and the entry number."""
    # OFAC's specification allows Windows-1252; its files are ASCII, which both read alike.
    text = decode_windows_1252(strip_ctrl_z(data, name), name)
    for line, cells in csv_rows(text, name):
        if len(cells) != COLUMNS[role]:
            raise ImportFileError(
                name,
                f"line {line}",
                f"expected {COLUMNS[role]} columns, found {len(cells)}: not OFAC's layout "
                "for this file, or a truncated line",
            )
        if not cells[0].strip().isdigit():
            raise ImportFileError(name, f"line {line}", f"ent_num {cells[0]!r} is not a number")
        yield line, [cells[0].strip(), *cells[1:]]


def _entries(slug, rows, warnings):
    names = FILE_SETS[slug]
    comments = {cells[0]: cells[1] for _, cells in rows.get("comments", [])}
    entries, linked_to = {}, {}
    for line, cells in rows["main"]:
        where = f"{names['main']} line {line}"
        if cells[0] in entries:
            raise ImportFileError(names["main"], f"line {line}", f"ent_num {cells[0]} repeated")
        overflow = comments.get(cells[0], "")
        entries[cells[0]], linked_to[cells[0]] = _entry(slug, cells, overflow, where, warnings)
    for role, add in (("add", _add_address), ("alt", _add_alias)):
        for line, cells in rows[role]:
            entry = entries.get(cells[0])
            if entry is None:
                raise ImportFileError(
                    names[role], f"line {line}", f"ent_num {cells[0]} is not in {names['main']}"
                )
            add(entry, cells, f"{names[role]} line {line}", warnings)
    return entries, linked_to


def _entry(slug, cells, overflow, where, warnings):
    """The entry of one sdn.csv row, and the names its Remarks link it to."""
    uid, name, sdn_type, programs, title, call_sign = cells[:6]
    kind = KINDS.get(null(sdn_type) or None)
    if kind is None:
        raise ImportFileError(
            where, "", f"SDN_Type {clean(sdn_type)!r} is not individual, vessel, aircraft or -0-"
        )
    listed_name = clean(name)
    # The comments file continues Remarks mid-word: join without a separator.
    remarks = clean((null(cells[11]) + overflow) if overflow else null(cells[11]))
    facts = parse_remarks(remarks, warnings, where)
    entry = Entry(
        entry_id=uid,
        kind=kind,
        name=listed_name,  # shown by importers.parse
        listed_name=listed_name,
        gender=facts.gender if kind == "person" else "",
        position=null(title),
        description=_vessel_description(cells) if kind == "vessel" else "",
        remarks=remarks,
        aliases=facts.aliases,
        birth_dates=facts.birth_dates,
        nationalities=facts.nationalities,
        birth_places=facts.birth_places,
        identifiers=facts.identifiers,
        listings=_listings(slug, uid, programs, facts.secondary_sanctions, where),
        origin=where,
    )
    if null(call_sign):
        entry.identifiers.append(Identifier(kind="call_sign", number=null(call_sign)))
    return entry, facts.linked_to


def _listings(slug, uid, programs, secondary, where):
    """One listing per program tag: "[NPWMD] [IFSR]" is written "NPWMD] [IFSR"."""
    codes = [clean(code.strip("[] ")) for code in null(programs).split("] [")]
    codes = [code for code in codes if code]
    if not codes:
        raise ImportFileError(where, "", "no program")
    measures = LISTS[slug].measures + (("secondary-sanctions",) if secondary else ())
    url = SEARCH_URL.format(uid=uid)
    return [
        Listing(agency=AGENCY, program=code, measures=measures, source_url=url) for code in codes
    ]


VESSEL_COLUMNS = (
    (6, "Vessel type"),
    (7, "Tonnage"),
    (8, "Gross registered tonnage"),
    (9, "Flag"),
    (10, "Owner"),
)


def _vessel_description(cells):
    return "; ".join(f"{label}: {null(cells[i])}" for i, label in VESSEL_COLUMNS if null(cells[i]))


def _add_address(entry, cells, where, warnings):
    street, city, country_text, note = (null(cell) for cell in cells[2:6])
    if not (street or city or country_text or note):
        return  # OFAC's placeholder row: the entry has no known address
    code = country_code(country_text)
    if country_text and not code:
        warnings.add(where, f"country {country_text!r} not recognised")
    country_text = country_name(code) if code else country_text
    full = ", ".join(part for part in (street, city, country_text) if part) or note
    entry.addresses.append(Address(full=full, city=city[:200], country=code, note=note[:500]))


def _add_alias(entry, cells, where, warnings):
    kind = ALIAS_TYPES.get(null(cells[2]).lower())
    if kind is None:
        raise ImportFileError(where, "", f"alt_type {cells[2]!r} is not aka, fka or nka")
    name = null(cells[3])
    if not name:
        raise ImportFileError(where, "", "alt_name is empty")
    # A strong alias that repeats a weak one from Remarks replaces it.
    entry.aliases = [alias for alias in entry.aliases if alias.name.lower() != name.lower()]
    entry.aliases.insert(0, Alias(name=name, kind=kind))


def _resolve_links(entries, linked_to, warnings):
    """ "Linked To: NAME" names another entry by its listed name: find its ID."""
    by_name = defaultdict(list)
    for entry in entries.values():
        by_name[normalize_name(entry.listed_name)].append(entry.entry_id)
    for entry in entries.values():
        for name in linked_to[entry.entry_id]:
            targets = by_name.get(normalize_name(name), [])
            if len(targets) == 1 and targets[0] != entry.entry_id:
                entry.links.append(Link(target=targets[0]))
            else:
                problem = "names no entry of" if not targets else "is ambiguous in"
                warnings.add(entry.origin, f"Linked To {name!r} {problem} this list")
