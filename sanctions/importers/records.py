"""Plain records: what every format module produces and the apply step consumes.

A format module knows its files and nothing of the database; the apply step knows the
database and nothing of file formats. These dataclasses are the whole contract between them.
"""

import hashlib
import json
from dataclasses import dataclass, field, fields
from datetime import date


class ImportFileError(Exception):
    """A file cannot be imported: which file, where in it, and what is wrong."""

    def __init__(self, file, where, message):
        super().__init__(file, where, message)
        self.file, self.where, self.message = file, where, message

    def __str__(self):
        place = f"{self.file} {self.where}" if self.where else str(self.file)
        return f"{place}: {self.message}"


@dataclass(frozen=True)
class SourceFile:
    """A file an import read, as the import run records it."""

    name: str
    sha256: str
    size: int

    @classmethod
    def of(cls, name, data):
        return cls(name=name, sha256=hashlib.sha256(data).hexdigest(), size=len(data))


# A field added to a record after snapshots were stored: left out of a snapshot while empty,
# so that adding it does not change the digest of every entry imported before.
LATER = {"later": True}


@dataclass(frozen=True)
class Alias:
    name: str
    kind: str = "aka"
    quality: str = "strong"
    script: str = ""
    language: str = ""


@dataclass(frozen=True)
class BirthDate:
    value: str  # the stored form of sanctions.dates (1950-01-15, 1961/1963, 1950~)
    note: str = ""


@dataclass(frozen=True)
class Nationality:
    country: str
    kind: str = "nationality"


@dataclass(frozen=True)
class BirthPlace:
    place: str
    country: str = ""


@dataclass(frozen=True)
class Identifier:
    kind: str
    number: str
    country: str = ""
    note: str = ""


@dataclass(frozen=True)
class Address:
    full: str
    city: str = ""
    country: str = ""
    note: str = ""


@dataclass(frozen=True)
class Link:
    """A link to another entry of the same list ("Linked To:"), by that entry's ID."""

    target: str
    kind: str = "linked"
    description: str = ""


@dataclass(frozen=True)
class Listing:
    """One designation the entry stands for: an agency's program, with what the list says."""

    agency: str
    program: str = ""
    program_name: str = ""
    listed_on: date | None = None
    reason: str = ""
    reference: str = ""
    source_url: str = ""
    measures: tuple[str, ...] = ()
    # The legal authorities (slugs) the list names for this listing itself (OFAC's XML legal
    # bases, EU regulations and decisions); without them the designation rests on its
    # program's authorities. Their details are in ParsedList.authorities.
    authorities: tuple[str, ...] = field(default=(), metadata=LATER)


@dataclass(frozen=True)
class AuthorityInfo:
    """A legal act a list names (an EU regulation), to be found or created by its slug."""

    title: str
    kind: str
    country: str = ""
    citation: str = ""
    enacted_on: date | None = None
    url: str = ""


# How two parts are recognised as the same part, in the dict form stored in ListEntry.data.
# The alias key mirrors the database's unique lower(name) per subject.
PART_KEYS = {
    "aliases": lambda part: part["name"].lower(),
    "birth_dates": lambda part: part["value"],
    "nationalities": lambda part: (part["country"], part["kind"]),
    "birth_places": lambda part: part["place"],
    "identifiers": lambda part: (part["kind"], part["number"], part["country"]),
    "addresses": lambda part: " ".join(part["full"].lower().split()),
    "links": lambda part: (part["target"], part["kind"]),
    "listings": lambda part: (part["agency"], part["program"]),
}
SUBJECT_FIELDS = ("kind", "name", "gender", "position", "description", "remarks")
# What an import writes on the subject. The others are the list's own values: they stay in its
# entry's snapshot (ListEntry.data) and are shown with their source, beside other lists' values
# and the analyst's (models.parties.PER_SOURCE_FIELDS).
SUBJECT_WRITTEN_FIELDS = ("kind", "name")


@dataclass
class Entry:
    """One entry of a list, in the tracker's terms."""

    entry_id: str
    kind: str
    name: str
    listed_name: str = ""
    reference: str = ""
    gender: str = ""
    position: str = ""
    description: str = ""
    remarks: str = ""
    aliases: list[Alias] = field(default_factory=list)
    birth_dates: list[BirthDate] = field(default_factory=list)
    nationalities: list[Nationality] = field(default_factory=list)
    birth_places: list[BirthPlace] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    listings: list[Listing] = field(default_factory=list)
    # The same party on another list, as (list slug, entry ID or reference): a hard link.
    same_as: list[tuple[str, str]] = field(default_factory=list)
    # The entry of a list this list replaced that this entry carries on (the UK Sanctions
    # List's OFSI Group ID), as (list slug, entry ID); not part of the snapshot.
    continues: tuple[str, str] | None = field(default=None, compare=False)
    # Where the entry starts ("sdn.csv line 12"), for messages; not part of the snapshot.
    origin: str = field(default="", compare=False)

    def snapshot(self):
        """The entry as JSON-ready data: parts de-duplicated by key and sorted.

        Order in the file does not matter, so re-ordered rows are not a change.
        """
        data = {name: getattr(self, name) for name in SUBJECT_FIELDS}
        data.update(entry_id=self.entry_id, listed_name=self.listed_name)
        data["reference"] = self.reference
        data["same_as"] = [list(pair) for pair in sorted({tuple(p) for p in self.same_as})]
        for name, key in PART_KEYS.items():
            parts = {}
            for part in getattr(self, name):
                item = _plain(part)
                parts.setdefault(key(item), item)
            data[name] = [parts[k] for k in sorted(parts, key=str)]
        return data


def _plain(part):
    """A part as JSON values: dates as ISO text, tuples as lists."""
    item = {}
    for spec in fields(part):
        value = getattr(part, spec.name)
        if spec.metadata.get("later") and not value:
            continue
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        item[spec.name] = value
    return item


def digest(snapshot):
    """A short fingerprint of a snapshot: equal digests mean the list said the same."""
    text = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class ParsedList:
    """One version of one list, read from its files."""

    slug: str  # the list, e.g. us-ofac-sdn
    format: str
    files: list[SourceFile]
    entries: list[Entry]
    list_date: date | None = None
    # A delta names its changes: entries it does not mention stay as they are.
    is_delta: bool = False
    removed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Legal authorities the files define (slug → AuthorityInfo or reference.Authority), for
    # the listings that name them.
    authorities: dict = field(default_factory=dict)


# What one format of a list says and another of the same list cannot say, or says in its own
# words: OFAC's CSV files have no listing dates, legal bases or measures of their own, their
# Remarks hold everything the XML keeps as typed facts, and "Linked To" is every relationship
# the XML types ("owned or controlled by"). When an entry's previous snapshot came from another
# format, these are left out of the comparison (a change is what both formats could have
# said), or written as the coarser format writes them, and the previous value does not count
# for the merge (the new format's value is taken as new). ``None`` drops the field.
FORMAT_FIELDS = {
    "remarks": None,
    "listings": {"listed_on": None, "authorities": None, "measures": None, "reason": None},
    "links": {"kind": "linked", "description": ""},
}


def common_ground(snapshot):
    """The snapshot as any format of the list could have written it."""
    data = dict(snapshot)
    for name, replaced in FORMAT_FIELDS.items():
        if replaced is None:
            data.pop(name, None)
        elif name in data:
            data[name] = [_coarser(item, replaced) for item in data[name]]
    return data


def _coarser(item, replaced):
    item = {key: value for key, value in item.items() if replaced.get(key, "") is not None}
    item.update({key: value for key, value in replaced.items() if value is not None})
    return item


class Warnings:
    """What an import read but could not map, each message once with where it first occurred."""

    def __init__(self):
        self._seen = {}

    def add(self, where, message):
        first, count = self._seen.get(message, (where, 0))
        self._seen[message] = (first, count + 1)

    def lines(self):
        return [
            f"{first}: {message}" + (f" ({count} times)" if count > 1 else "")
            for message, (first, count) in self._seen.items()
        ]
