"""OFAC's advanced XML (``sdn_advanced.xsd``): SDN_ADVANCED.XML and CONS_ADVANCED.XML.

One file holds, in this order, the reference value sets every other element points into by
numeric ID (feature types, document types, countries, legal bases...), the locations, the
identity documents, the parties (``DistinctParty``: names, features), the relationships
between parties and the sanctions entries (list, events with dates and legal bases,
measures and program tags). The SDN file is about 118 MB: it is streamed, each element
cleared once read, and only compact records are kept until the parties are put together.

The same entries as the CSV files, under the same uids (``FixedRef``), and written the way
the CSV importer writes them (names "LAST, First", identifiers by the labels OFAC's Remarks
use, the vessel description) so that an entry is the same list entry whichever format brought
it. Safe parsing: a DTD (and so any entity declaration) is refused before parsing starts, and
ElementTree never reads external entities.
"""

import datetime
import hashlib
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.text import slugify

from .common import clean, clip, script_of, stored_date
from .countries import country_code, country_name, place_country
from .files import refuse_binary
from .ofac_remarks import IDENTIFIER_LABELS, identifier_of
from .records import (
    Address,
    Alias,
    BirthDate,
    BirthPlace,
    Entry,
    ImportFileError,
    Link,
    Listing,
    Nationality,
    ParsedList,
    SourceFile,
    Warnings,
)
from .reference import LISTS, Authority, known_authority

FORMAT = "ofac-xml"
AGENCY = "us-ofac"
ROOT = "Sanctions"
SDN_LIST = "sdn list"
SEARCH_URL = "https://sanctionssearch.ofac.treas.gov/Details.aspx?id={uid}"
CHUNK = 1 << 16
SECTIONS = {"Locations", "IDRegDocuments", "DistinctParties", "ProfileRelationships"}
SECTIONS |= {"SanctionsEntries", "SanctionsEntryLinks"}
ALIAS_KINDS = {"a.k.a.": "aka", "f.k.a.": "fka", "n.k.a.": "nka"}
PARTY_KINDS = {"individual": "person", "vessel": "vessel", "aircraft": "aircraft"}
RELATION_KINDS = {
    "owned or controlled by": "owned_by",
    "associate of": "associate",
    "family member of": "family",
    "leader or official of": "leader",
    "principal executive officer": "leader",
    "acting for or on behalf of": "acting_for",
}
# Sanctions types (other than "Program", which carries the tag) and the measures they are.
MEASURES = (
    ("block", ("asset-freeze", "transaction-ban")),
    ("reject", ("transaction-ban",)),
    ("directive", ("investment-ban",)),
    ("561", ("transaction-ban",)),
)
# Scripts as OFAC names them, as ISO 15924 codes; Latin is the tracker's default ("").
SCRIPTS = {"latin": "", "cyrillic": "Cyrl", "arabic": "Arab", "chinese": "Hani", "korean": "Hang"}
SCRIPTS |= {"chinese simplified": "Hani", "chinese traditional": "Hani", "hebrew": "Hebr"}
# The vessel's features, written as the CSV importer writes the vessel columns.
VESSEL = {
    "vessel type": "Vessel type",
    "vessel tonnage": "Tonnage",
    "vessel gross registered tonnage": "Gross registered tonnage",
    "vessel flag": "Flag",
    "vessel owner": "Owner",
}
# Features kept in the remarks, as OFAC's CSV Remarks write them: known, so not reported.
REMARK_FEATURES = (
    "additional sanctions information",
    "executive order",
    "transactions prohibited",
    "caatsa section",
    "ifca determination",
    "organization established date",
    "organization type",
    "target type",
    "other vessel",
    "former vessel",
    "aircraft",
    "equity ticker",
    "listing date",
    "effective date",
    "phone number",
    "registration country",
    "passport",
    "location",
)
STATUTES = (
    ("cisada", "cisada"),
    ("kingpin", "kingpin-act"),
    ("caatsa", "caatsa"),
    ("nkspea", "nkspea-2016"),
    ("ifca", "ifca"),
    ("iran sanctions act", "isa"),
    ("immigration and nationality act", "ina-219"),
    ("hizballah", "hifpaa"),
    ("global magnitsky", "global-magnitsky-act"),
    ("magnitsky", "magnitsky-act"),
)
_EXECUTIVE_ORDER = re.compile(r"^Executive Order (\d{5})\b")


def parse(paths, *, list_date=None):
    """Read one OFAC advanced XML file (or a folder holding exactly one)."""
    path = _the_file(paths)
    reader = _Reader(path.name)
    source = reader.read(path)
    return [reader.parsed_list(source, list_date)]


def _the_file(paths):
    files = []
    for path in map(Path, paths):
        files.extend(sorted(path.glob("*.[xX][mM][lL]")) if path.is_dir() else [path])
    if len(files) != 1:
        found = ", ".join(map(str, files)) or "none"
        raise ImportFileError(", ".join(map(str, paths)), "", f"give one XML file (found {found})")
    return files[0]


# --- compact records kept while streaming ---------------------------------------------------


@dataclass
class _Party:
    entry: Entry
    profile: str
    identities: list
    secondary: bool = False


@dataclass
class _SanctionsEntry:
    list_name: str
    events: list = field(default_factory=list)  # (event type, date or None, legal basis id)
    measures: list = field(default_factory=list)  # (sanctions type, comment)


@dataclass
class _Location:
    parts: dict
    country: str


class _Reader:
    """Streams one file; the parts are put together once every section is read."""

    def __init__(self, name):
        self.name = name
        self.warnings = Warnings()
        self.ns, self.depth, self.root, self.section = "", 0, None, None
        self.refs = {}
        self.issued = None
        self.locations, self.documents = {}, defaultdict(list)
        self.parties, self.links = [], defaultdict(list)
        self.entries = defaultdict(list)

    # --- streaming ----------------------------------------------------------------------

    def read(self, path):
        digest, size, head = hashlib.sha256(), 0, b""
        parser = ET.XMLPullParser(events=("start", "end"))
        try:
            with open(path, "rb") as file:
                while chunk := file.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    if head is not None:
                        head = self._check_head(head + chunk)
                    parser.feed(chunk)
                    self._events(parser)
            if size == 0 or head is not None and not head.strip(b" \t\r\n\xef\xbb\xbf"):
                raise ImportFileError(self.name, "", "the file is empty: a failed download?")
            parser.close()
            self._events(parser)
        except OSError as error:
            raise ImportFileError(self.name, "", f"cannot be read ({error.strerror})") from None
        except ET.ParseError as error:
            line, column = error.position
            message = f"malformed XML ({error.msg}); truncated?"
            raise ImportFileError(self.name, f"line {line}, column {column}", message) from None
        if self.root is None:
            raise ImportFileError(self.name, "", "no XML element found")
        return SourceFile(name=self.name, sha256=digest.hexdigest(), size=size)

    def _check_head(self, head):
        """Refuse a DTD (where entities are declared) in the prolog; None once past it."""
        refuse_binary(head[:4096], self.name)
        text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        while text.startswith((b"<?", b"<!--")):
            end = text.find(b"?>" if text.startswith(b"<?") else b"-->")
            if end < 0:
                return head
            text = text[end + 2 :].lstrip(b"-> \t\r\n")
        if text.startswith(b"<!"):
            message = "refused: a DTD or entity declaration, which OFAC's XML never has"
            raise ImportFileError(self.name, "", message)
        return None if text.startswith(b"<") else head

    def _events(self, parser):
        for event, element in parser.read_events():
            if event == "start":
                self._start(element)
            else:
                self._end(element)

    def _start(self, element):
        self.depth += 1
        if self.depth == 1:
            self.root = element
            self.ns, _, local = element.tag.rpartition("}")
            self.ns = f"{self.ns}}}" if self.ns else ""
            if local != ROOT:
                raise ImportFileError(self.name, "line 1", f"root element is {local}, not {ROOT}")
        elif self.depth == 2:
            self.section = element

    def _end(self, element):
        if self.depth == 3 and self._local(self.section.tag) in SECTIONS:
            self._item(self._local(self.section.tag), element)
            self.section.remove(element)  # the first child: the ones before it are gone
        elif self.depth == 2:
            local = self._local(element.tag)
            if local == "ReferenceValueSets":
                self._reference_values(element)
            elif local == "DateOfIssue":
                self.issued = self._date(element)
            self.root.remove(element)
        self.depth -= 1

    def _item(self, section, element):
        handlers = {
            "Locations": self._location,
            "IDRegDocuments": self._document,
            "DistinctParties": self._party,
            "ProfileRelationships": self._relationship,
            "SanctionsEntries": self._sanctions_entry,
        }
        if section in handlers:
            handlers[section](element)

    # --- element helpers -----------------------------------------------------------------

    def _local(self, tag):
        return tag.rpartition("}")[2]

    def _q(self, path):
        return "/".join(f"{self.ns}{part}" for part in path.split("/"))

    def _find(self, element, path):
        return element.find(self._q(path))

    def _all(self, element, path):
        return element.iterfind(self._q(path))

    def _text(self, element, path):
        found = self._find(element, path)
        return clean(found.text) if found is not None else ""

    def fail(self, element, message):
        attributes = " ".join(f"{k}={v}" for k, v in list(element.attrib.items())[:2])
        raise ImportFileError(self.name, "", f"{self._local(element.tag)} {attributes}: {message}")

    def ref(self, kind, element, attribute, required=True):
        """The reference value an ID attribute points to, as (text, attributes)."""
        value_id = element.get(attribute)
        if value_id is None:
            if required:
                self.fail(element, f"attribute {attribute} is missing")
            return "", {}
        found = self.refs.get(kind, {}).get(value_id)
        if found is None:
            self.fail(element, f"{attribute} {value_id} is not in ReferenceValueSets/{kind}Values")
        return found

    def country(self, element, attribute):
        text, attributes = self.ref("Country", element, attribute, required=False)
        return country_code(attributes.get("ISO2", "")) or country_code(text)

    def _reference_values(self, element):
        for value_set in element:
            kind = self._local(value_set.tag).removesuffix("Values")
            self.refs[kind] = {
                value.get("ID"): (clean(value.text), dict(value.attrib)) for value in value_set
            }

    def _date(self, element):
        try:
            parts = [int(self._text(element, tag) or 0) for tag in ("Year", "Month", "Day")]
            return datetime.date(*parts)
        except ValueError:
            self.fail(element, "Year, Month and Day are not a date")

    # --- sections --------------------------------------------------------------------------

    def _location(self, element):
        parts = {}
        for part in self._all(element, "LocationPart"):
            kind = self.ref("LocPartType", part, "LocPartTypeID")[0].upper()
            values = [self._text(v, "Value") for v in self._all(part, "LocationPartValue")]
            parts[kind] = ", ".join(value for value in values if value)
        country = ""
        for found in self._all(element, "LocationCountry"):
            country = country or self.country(found, "CountryID")
        for found in self._all(element, "LocationAreaCode"):
            text, attributes = self.ref("AreaCode", found, "AreaCodeID", required=False)
            country = country or country_code(text) or country_code(attributes.get("Description"))
        # Countries of nationality are locations with a bare part: "Switzerland".
        country = country or next(filter(None, map(country_code, parts.values())), "")
        self.locations[element.get("ID")] = _Location(parts, country)

    def _document(self, element):
        label = self.ref("IDRegDocType", element, "IDRegDocTypeID")[0]
        number = self._text(element, "IDRegistrationNo")
        if not number:
            return
        dates = []
        for document_date in self._all(element, "DocumentDate"):
            kind = self.ref("IDRegDocDateType", document_date, "IDRegDocDateTypeID")[0].lower()
            day = self._period_start(self._find(document_date, "DatePeriod"))
            if day:
                word = "expires" if "expir" in kind else "issued"
                dates.append(f"{word} {day.strftime('%d %b %Y')}")
        country = self.country(element, "IssuedBy-CountryID")
        comment = self._text(element, "Comment")
        identifier = identifier_of(label, number, country, [*dates, comment])
        if identifier.kind == "other" and label not in IDENTIFIER_LABELS:
            self.warnings.add(
                f"{self.name} IDRegDocument ID={element.get('ID')}",
                f"document type {label!r} kept as other",
            )
        self.documents[element.get("IdentityID")].append(identifier)

    def _party(self, element):
        uid = element.get("FixedRef", "")
        if not uid.isdigit():
            self.fail(element, "FixedRef is missing or not a number")
        profile = self._find(element, "Profile")
        if profile is None:
            self.fail(element, "no Profile")
        party = _PartyReader(self, uid, profile).read()
        party.entry.remarks = "; ".join(
            part for part in (self._text(element, "Comment"), party.entry.remarks) if part
        )
        self.parties.append(party)

    def _relationship(self, element):
        kind_name = self.ref("RelationType", element, "RelationTypeID")[0]
        source, target = element.get("From-ProfileID"), element.get("To-ProfileID")
        if not source or not target:
            self.fail(element, "From-ProfileID or To-ProfileID is missing")
        kind = RELATION_KINDS.get(kind_name.lower(), "linked")
        self.links[source].append((target, kind, kind_name))

    def _sanctions_entry(self, element):
        profile = element.get("ProfileID")
        if not profile:
            self.fail(element, "attribute ProfileID is missing")
        record = _SanctionsEntry(self.ref("List", element, "ListID")[0])
        for event in self._all(element, "EntryEvent"):
            kind = self.ref("EntryEventType", event, "EntryEventTypeID")[0]
            date = self._find(event, "Date")
            basis = event.get("LegalBasisID")
            if basis is not None:
                self.ref("LegalBasis", event, "LegalBasisID")
            record.events.append((kind, self._date(date) if date is not None else None, basis))
        for measure in self._all(element, "SanctionsMeasure"):
            kind = self.ref("SanctionsType", measure, "SanctionsTypeID")[0]
            record.measures.append((kind, self._text(measure, "Comment")))
        self.entries[profile].append(record)

    # --- dates -------------------------------------------------------------------------------

    def _day(self, element):
        if element is None or not self._text(element, "Year"):
            return None
        return self._date(element)

    def _period_start(self, period):
        if period is None:
            return None
        return self._day(self._find(period, "Start/From")) or self._day(self._find(period, "From"))

    def period_text(self, period):
        """A DatePeriod in the words OFAC's Remarks use ("circa 1950", "1961 to 1963")."""
        start = self._find(period, "Start")
        end = self._find(period, "End")
        first = self._day(self._find(start, "From")) if start is not None else None
        last = self._day(self._find(end, "To")) if end is not None else None
        last = last or (self._day(self._find(end, "From")) if end is not None else None)
        if first is None:
            return ""
        text = _span_text(first, last or first)
        circa = start.get("Approximate") == "true" or (
            end is not None and end.get("Approximate") == "true"
        )
        return f"circa {text}" if circa else text

    # --- putting it together -------------------------------------------------------------

    def parsed_list(self, source, list_date):
        if not self.parties:
            raise ImportFileError(self.name, "", "no DistinctParty elements: not OFAC's list")
        lists = {
            record.list_name.lower() for records in self.entries.values() for record in records
        }
        slug = "us-ofac-sdn" if lists <= {SDN_LIST} else "us-ofac-cons"
        uids = {party.profile: party.entry.entry_id for party in self.parties}
        authorities = {}
        entries = []
        for party in self.parties:
            records = [r for r in self.entries.get(party.profile, []) if _on(slug, r.list_name)]
            if not records:
                self.warnings.add(
                    party.entry.origin, "no sanctions entry on this list: not imported"
                )
                continue
            party.entry.listings = self._listings(slug, party, records, authorities)
            party.entry.identifiers += [
                identifier
                for identity in party.identities
                for identifier in self.documents[identity]
            ]
            party.entry.links = self._links(party, uids)
            entries.append(party.entry)
        return ParsedList(
            slug=slug,
            format=FORMAT,
            files=[source],
            entries=entries,
            list_date=list_date or self.issued,
            warnings=self.warnings.lines(),
            authorities=authorities,
        )

    def _links(self, party, uids):
        links = []
        for target, kind, name in self.links.get(party.profile, []):
            if target in uids:
                links.append(Link(target=uids[target], kind=kind, description=clip(name, 300)))
            else:
                self.warnings.add(
                    party.entry.origin, f"relationship to profile {target} not in the file"
                )
        return links

    def _listings(self, slug, party, records, authorities):
        tags, measures, bases, dates = [], set(LISTS[slug].measures), [], []
        for record in records:
            for kind, comment in record.measures:
                if kind.lower() == "program":
                    tags += [comment] if comment and comment not in tags else []
                else:
                    measures |= self._measures(kind, party)
            for kind, day, basis in record.events:
                if day and (not kind or "creat" in kind.lower() or "designat" in kind.lower()):
                    dates.append(day)
                if basis is not None and basis not in bases:
                    bases.append(basis)
        if not tags:
            raise ImportFileError(
                self.name, "", f"DistinctParty FixedRef={party.entry.entry_id}: no program"
            )
        if party.secondary:
            measures.add("secondary-sanctions")
        by_tag = self._bases_by_tag(bases, tags, authorities)
        url = SEARCH_URL.format(uid=party.entry.entry_id)
        return [
            Listing(
                agency=AGENCY,
                program=tag,
                listed_on=min(dates) if dates else None,
                measures=tuple(sorted(measures)),
                authorities=tuple(by_tag[tag]),
                source_url=url,
            )
            for tag in tags
        ]

    def _measures(self, kind, party):
        for word, measures in MEASURES:
            if word in kind.lower():
                return set(measures)
        self.warnings.add(party.entry.origin, f"sanctions type {kind!r} is no known measure")
        return set()

    def _bases_by_tag(self, bases, tags, authorities):
        """Each tag's legal bases: those naming its program, else every basis of the entry."""
        by_tag, general = {tag: [] for tag in tags}, []
        for basis in bases:
            text, attributes = self.refs["LegalBasis"][basis]
            slug = self._authority(text, attributes, authorities)
            if slug is None:
                continue
            program = self.refs.get("SanctionsProgram", {}).get(
                attributes.get("SanctionsProgramID")
            )
            if program and program[0] in by_tag:
                by_tag[program[0]].append(slug)
            else:
                general.append(slug)
        return {tag: sorted(set(slugs + general)) for tag, slugs in by_tag.items()}

    def _authority(self, text, attributes, authorities):
        """The slug of a legal basis, its Authority noted for the import to create."""
        short = clean(attributes.get("LegalBasisShortRef", "")) or text
        if short.lower() in ("", "unknown"):
            return None
        match = _EXECUTIVE_ORDER.match(short) or _EXECUTIVE_ORDER.match(text)
        if match:
            slug = f"eo-{match.group(1)}"
        else:
            folded = f"{short} {text}".lower()
            slug = next((s for word, s in STATUTES if word in folded), None)
            slug = slug or f"ofac-{slugify(short)}"[:100]
        known = known_authority(slug)
        kind = "regulation" if "regulation" in text.lower() else "other"
        authorities.setdefault(slug, known or Authority(clip(text or short, 300), kind, "US"))
        return slug


def _on(slug, list_name):
    """Whether a sanctions entry's list is the one this file stands for."""
    return (list_name.lower() == SDN_LIST) == (slug == "us-ofac-sdn")


def _span_text(first, last):
    """Two days as a date in words: the day, the month, the year or a range of them."""
    if first == last:
        return first.strftime("%d %b %Y")
    whole_years = (first.month, first.day, last.month, last.day) == (1, 1, 12, 31)
    if whole_years:
        return str(first.year) if first.year == last.year else f"{first.year} to {last.year}"
    next_month = (last + datetime.timedelta(days=1)).day == 1
    if first.day == 1 and next_month and (first.year, first.month) == (last.year, last.month):
        return first.strftime("%b %Y")
    return f"{first.strftime('%d %b %Y')} to {last.strftime('%d %b %Y')}"


class _PartyReader:
    """One DistinctParty's profile: its kind, names and features."""

    def __init__(self, reader, uid, profile):
        self.reader, self.uid, self.profile = reader, uid, profile
        self.where = f"{reader.name} DistinctParty FixedRef={uid}"
        self.remarks, self.vessel, self.positions = [], {}, []

    def read(self):
        reader = self.reader
        subtype, attributes = reader.ref("PartySubType", self.profile, "PartySubTypeID")
        party_type = reader.refs.get("PartyType", {}).get(attributes.get("PartyTypeID"), ("",))[0]
        kind = PARTY_KINDS.get(subtype.lower()) or PARTY_KINDS.get(
            party_type.lower(), "organization"
        )
        identities = list(reader._all(self.profile, "Identity"))
        if not identities:
            reader.fail(self.profile, "no Identity")
        entry = Entry(entry_id=self.uid, kind=kind, name="", origin=self.where)
        for identity in identities:
            self._names(entry, identity)
        if not entry.listed_name:
            reader.fail(self.profile, "no primary name (an Alias with Primary=true)")
        entry.name = entry.listed_name  # shown by importers.parse
        self.party = _Party(
            entry, self.profile.get("ID", self.uid), [i.get("ID") for i in identities]
        )
        for feature in reader._all(self.profile, "Feature"):
            self._feature(entry, feature)
        if kind != "person":
            entry.gender = ""
        entry.position = clip("; ".join(self.positions), 500)
        if kind == "vessel":
            entry.description = "; ".join(
                f"{label}: {self.vessel[label]}"
                for label in VESSEL.values()
                if label in self.vessel
            )
        entry.remarks = "; ".join(self.remarks)
        return self.party

    # --- names -------------------------------------------------------------------------

    def _names(self, entry, identity):
        reader = self.reader
        part_types = {
            group.get("ID"): reader.ref("NamePartType", group, "NamePartTypeID")[0]
            for group in reader._all(identity, "NamePartGroups/MasterNamePartGroup/NamePartGroup")
        }
        for alias in reader._all(identity, "Alias"):
            alias_type = reader.ref("AliasType", alias, "AliasTypeID")[0].lower()
            primary = alias.get("Primary") == "true"
            weak = alias.get("LowQuality") == "true"
            for number, name in enumerate(reader._all(alias, "DocumentedName")):
                text, script = self._name(name, part_types)
                if not text:
                    continue
                if primary and number == 0 and not entry.listed_name:
                    entry.listed_name = text
                elif primary or script:
                    entry.aliases.append(
                        Alias(
                            clip(text, 300), "original_script" if script else "aka", script=script
                        )
                    )
                else:
                    kind = ALIAS_KINDS.get(alias_type, "aka")
                    entry.aliases.append(Alias(clip(text, 300), kind, "weak" if weak else "strong"))

    def _name(self, name, part_types):
        """A documented name as OFAC's CSV writes it ("LAST, First Middle"), and its script."""
        reader = self.reader
        parts, scripts = [], set()
        for part in reader._all(name, "DocumentedNamePart/NamePartValue"):
            value = clean(part.text)
            if not value:
                continue
            part_type = part_types.get(part.get("NamePartGroupID"), "")
            parts.append((part_type.lower(), value))
            script_name = reader.refs.get("Script", {}).get(part.get("ScriptID"), ("",))[0]
            scripts.add(SCRIPTS.get(script_name.lower(), script_of(value)))
        last = [value for kind, value in parts if kind == "last name"]
        rest = [value for kind, value in parts if kind != "last name"]
        text = (
            f"{' '.join(last)}, {' '.join(rest)}"
            if last and rest
            else " ".join(v for _, v in parts)
        )
        return text, next((s for s in sorted(scripts) if s), "")

    # --- features ------------------------------------------------------------------------

    def _feature(self, entry, feature):
        reader = self.reader
        name = reader.ref("FeatureType", feature, "FeatureTypeID")[0]
        folded = name.lower()
        for version in reader._all(feature, "FeatureVersion"):
            value, country, location = self._version_value(version)
            self._add_feature(entry, name, folded, value, country, location)

    def _version_value(self, version):
        """The text of a feature version, a country it names, and its location."""
        reader = self.reader
        texts, country, location = [], "", None
        for detail in reader._all(version, "VersionDetail"):
            text = clean(detail.text)
            if detail.get("DetailReferenceID"):
                text = text or reader.ref("DetailReference", detail, "DetailReferenceID")[0]
            if text:
                texts.append(text)
        period = reader._find(version, "DatePeriod")
        if period is not None:
            texts.append(reader.period_text(period))
        found = reader._find(version, "VersionLocation")
        if found is not None:
            location = reader.locations.get(found.get("LocationID"))
            if location is None:
                reader.fail(found, "LocationID names no Location")
            country = location.country
        return "; ".join(t for t in texts if t), country, location

    def _add_feature(self, entry, name, folded, value, country, location):
        if folded == "birthdate":
            self._birth_date(entry, value)
        elif folded == "place of birth":
            place = value or _location_text(location)
            if place:
                entry.birth_places.append(
                    BirthPlace(clip(place, 300), country or place_country(place))
                )
        elif folded in (
            "nationality country",
            "citizenship country",
            "nationality of registration",
        ):
            self._nationality(entry, folded, value, country)
        elif folded == "gender":
            entry.gender = value.lower() if value.lower() in ("male", "female") else entry.gender
        elif folded == "title":
            self.positions.append(value)
        elif folded == "location":
            if location is not None and (address := _address(location)) is not None:
                entry.addresses.append(address)
        elif folded in VESSEL:
            self.vessel[VESSEL[folded]] = value
        elif folded.startswith("secondary sanctions risk"):
            self.party_secondary()
            self.remarks.append(f"{name} {value}".strip())
        else:
            self._other_feature(entry, name, folded, value, country)

    def party_secondary(self):
        self.party.secondary = True

    def _other_feature(self, entry, name, folded, value, country):
        if name in IDENTIFIER_LABELS or folded.startswith("digital currency address - "):
            identifier = identifier_of(name, value, country)
            entry.identifiers += [identifier] if identifier else []
            return
        # Never dropped: kept as OFAC's CSV Remarks write it, and reported when unknown.
        self.remarks.append(f"{name} {value}".strip())
        if not folded.startswith(REMARK_FEATURES):
            self.reader.warnings.add(self.where, f"feature type {name!r} kept in the remarks")

    def _birth_date(self, entry, value):
        try:
            entry.birth_dates.append(BirthDate(stored_date(value)))
        except ValueError as error:
            self.reader.warnings.add(self.where, f"birth date {value!r} not understood ({error})")

    def _nationality(self, entry, folded, value, country):
        code = country or country_code(value)
        if not code:
            self.reader.warnings.add(self.where, f"{folded} {value!r}: country not recognised")
            return
        kind = "citizenship" if folded.startswith("citizenship") else "nationality"
        entry.nationalities.append(Nationality(code, kind))


def _location_text(location):
    if location is None:
        return ""
    parts = [location.parts.get(k, "") for k in ("CITY", "STATE/PROVINCE", "REGION")]
    parts.append(country_name(location.country))
    return ", ".join(part for part in parts if part)


def _address(location):
    """A location as the CSV's add.csv writes it: street, "City, State Postal", country."""
    parts = location.parts
    street = ", ".join(parts[k] for k in ("ADDRESS1", "ADDRESS2", "ADDRESS3") if parts.get(k))
    city = ", ".join(parts[k] for k in ("CITY", "STATE/PROVINCE") if parts.get(k))
    city = " ".join(part for part in (city, parts.get("POSTAL CODE", "")) if part)
    note = ", ".join(parts[k] for k in ("REGION", "UNKNOWN") if parts.get(k))
    full = ", ".join(part for part in (street, city, country_name(location.country)) if part)
    if not (full or note):
        return None
    return Address(
        full=full or note, city=clip(city, 200), country=location.country, note=clip(note, 500)
    )
