"""The UN Security Council Consolidated List, XML (sc-sanctions.xsd, no namespace).

``INDIVIDUALS/INDIVIDUAL`` and ``ENTITIES/ENTITY`` carry a stable ``DATAID``, the reference
number (``KPi.042``), the regime (``UN_LIST_TYPE``) and the listing date. Many elements are
present but empty, and text keeps the editors' hard line breaks. The XML is parsed with
defusedxml: no DTDs, entities or external references.
"""

import datetime
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from .common import clean, clip, gender_of, script_of, try_stored_date
from .countries import country_code, country_name
from .files import read_bytes, refuse_binary, refuse_empty
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

FORMAT = "un-xml"
SLUG = "un-consolidated"
AGENCY = LISTS[SLUG].agency
ROOT = "CONSOLIDATED_LIST"
KINDS = {"INDIVIDUAL": "person", "ENTITY": "organization"}
QUALITIES = {"good": ("aka", "strong"), "low": ("aka", "weak"), "a.k.a.": ("aka", "strong")}
QUALITIES.update({"f.k.a.": ("fka", "strong"), "n.k.a.": ("nka", "strong"), "": ("aka", "strong")})
KNOWN_ELEMENTS = {
    "DATAID",
    "VERSIONNUM",
    "FIRST_NAME",
    "SECOND_NAME",
    "THIRD_NAME",
    "FOURTH_NAME",
    "UN_LIST_TYPE",
    "REFERENCE_NUMBER",
    "LISTED_ON",
    "GENDER",
    "COMMENTS1",
    "TITLE",
    "DESIGNATION",
    "NATIONALITY",
    "LIST_TYPE",
    "LAST_DAY_UPDATED",
    "NAME_ORIGINAL_SCRIPT",
    "INDIVIDUAL_ALIAS",
    "ENTITY_ALIAS",
    "INDIVIDUAL_ADDRESS",
    "ENTITY_ADDRESS",
    "INDIVIDUAL_DATE_OF_BIRTH",
    "INDIVIDUAL_PLACE_OF_BIRTH",
    "INDIVIDUAL_DOCUMENT",
    "SORT_KEY",
    "SORT_KEY_LAST_MOD",
    "SUBMITTED_BY",
}
_GENDER_REMARK = re.compile(r"\bgender:\s*(male|female)\b", re.I)


class _LineNumbers(ET.TreeBuilder):
    """A tree builder that remembers the line each element starts on, for messages."""

    def __init__(self):
        super().__init__()
        self.lines, self.parser = {}, None

    def start(self, tag, attrs):
        element = super().start(tag, attrs)
        self.lines[element] = self.parser.parser.CurrentLineNumber
        return element


def parse(paths, *, list_date=None):
    """Read one UN Consolidated List XML file (or a folder holding exactly one)."""
    path = _the_file(paths)
    data, source = read_bytes(path)
    refuse_empty(data, source.name)
    refuse_binary(data, source.name)
    root, lines = _parse_xml(data, source.name)
    reader = _Reader(source.name, lines)
    entries = [reader.entry(element) for element in _records(root, source.name)]
    _refuse_repeated_ids(entries, source.name)
    return [
        ParsedList(
            slug=SLUG,
            format=FORMAT,
            files=[source],
            entries=entries,
            list_date=list_date or _date_generated(root, source.name),
            warnings=reader.warnings.lines(),
        )
    ]


def _the_file(paths):
    files = []
    for path in map(Path, paths):
        files.extend(sorted(path.glob("*.xml")) if path.is_dir() else [path])
    if len(files) != 1:
        found = ", ".join(map(str, files)) or "none"
        raise ImportFileError(", ".join(map(str, paths)), "", f"give one XML file (found {found})")
    return files[0]


def _parse_xml(data, name):
    builder = _LineNumbers()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True)
    builder.parser = parser
    try:
        parser.feed(data)
        root = parser.close()
    except ET.ParseError as error:
        line, column = error.position
        raise ImportFileError(
            name, f"line {line}, column {column}", f"malformed XML ({error.msg}); truncated?"
        ) from None
    except DefusedXmlException as error:
        # The UN list has no DTD: one is an HTML page, or entities that would expand
        # (billion laughs) or read other files, none of which is parsed.
        message = f"refused: a DTD or entity declaration, which the UN list never has ({error})"
        raise ImportFileError(name, "", message) from None
    if root.tag != ROOT:
        raise ImportFileError(name, "line 1", f"root element is {root.tag}, not {ROOT}")
    return root, builder.lines


def _records(root, name):
    records = [*root.iterfind("INDIVIDUALS/INDIVIDUAL"), *root.iterfind("ENTITIES/ENTITY")]
    if not records:
        raise ImportFileError(name, "", "no INDIVIDUAL or ENTITY elements: not the UN list")
    return records


def _refuse_repeated_ids(entries, name):
    """Two records with one DATAID would be merged into one entry: refuse the file."""
    first = {}
    for entry in entries:
        seen = first.setdefault(entry.entry_id, entry)
        if seen is not entry:
            raise ImportFileError(
                name,
                entry.origin.removeprefix(f"{name} "),
                f"DATAID {entry.entry_id} repeated (first at {seen.origin})",
            )


def _date_generated(root, name):
    text = root.get("dateGenerated", "")
    try:
        return datetime.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        raise ImportFileError(name, "line 2", f"dateGenerated {text!r} is not a date") from None


def _text(element, path):
    found = element.find(path)
    return clean(found.text) if found is not None else ""


def _values(element, path):
    return [clean(value.text) for value in element.iterfind(path) if clean(value.text)]


class _Reader:
    """Turns INDIVIDUAL and ENTITY elements into entries, collecting warnings."""

    def __init__(self, name, lines):
        self.name, self.lines, self.warnings = name, lines, Warnings()

    def where(self, element):
        return f"{self.name} line {self.lines.get(element, '?')}"

    def fail(self, element, message):
        dataid = _text(element, "DATAID") or "?"
        raise ImportFileError(
            self.name,
            f"line {self.lines.get(element, '?')}",
            f"{element.tag} DATAID {dataid}: {message}",
        )

    def entry(self, element):
        kind = KINDS[element.tag]
        dataid, names = _text(element, "DATAID"), self._names(element)
        if not dataid.isdigit():
            self.fail(element, "DATAID is missing or not a number")
        if not names:
            self.fail(element, "FIRST_NAME is empty")
        for required in ("UN_LIST_TYPE", "REFERENCE_NUMBER"):
            if not _text(element, required):
                self.fail(element, f"{required} is empty")
        self._warn_unknown(element)
        remarks = _text(element, "COMMENTS1")
        return Entry(
            entry_id=dataid,
            kind=kind,
            name=" ".join(names),  # shown by importers.parse
            listed_name=" ".join(names),
            reference=_text(element, "REFERENCE_NUMBER"),
            gender=self._gender(element, remarks) if kind == "person" else "",
            position=clip("; ".join(self._positions(element)), 500),
            remarks=remarks,
            aliases=self._aliases(element),
            birth_dates=self._birth_dates(element),
            nationalities=self._nationalities(element),
            birth_places=self._birth_places(element),
            identifiers=self._documents(element),
            addresses=self._addresses(element),
            listings=[self._listing(element, kind)],
            origin=self.where(element),
        )

    @staticmethod
    def _positions(element):
        return _values(element, "TITLE/VALUE") + _values(element, "DESIGNATION/VALUE")

    @staticmethod
    def _names(element):
        parts = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
        return [_text(element, part) for part in parts if _text(element, part)]

    def _warn_unknown(self, element):
        for child in element:
            if child.tag not in KNOWN_ELEMENTS:
                self.warnings.add(self.where(child), f"element {child.tag} not imported")

    @staticmethod
    def _gender(element, remarks):
        found = _GENDER_REMARK.search(remarks)
        return gender_of(_text(element, "GENDER")) or (gender_of(found.group(1)) if found else "")

    def _aliases(self, element):
        aliases = []
        for alias in element.iterfind(f"{element.tag}_ALIAS"):
            name = _text(alias, "ALIAS_NAME")
            quality = _text(alias, "QUALITY").lower()
            if not name:
                continue
            if quality not in QUALITIES:
                self.warnings.add(self.where(alias), f"alias QUALITY {quality!r} unknown")
            kind, strength = QUALITIES.get(quality, ("aka", "strong"))
            aliases.append(Alias(name=clip(name, 300), kind=kind, quality=strength))
        for name in _values(element, "NAME_ORIGINAL_SCRIPT"):
            aliases.append(
                Alias(name=clip(name, 300), kind="original_script", script=script_of(name))
            )
        return aliases

    def _birth_dates(self, element):
        dates = []
        for birth in element.iterfind("INDIVIDUAL_DATE_OF_BIRTH"):
            text = self._date_text(birth)
            if text:
                value = try_stored_date(text, self.warnings, self.where(birth))
                if value:
                    dates.append(BirthDate(value=value, note=clip(_text(birth, "NOTE"), 300)))
        for alias in element.iterfind("INDIVIDUAL_ALIAS"):
            text, name = _text(alias, "DATE_OF_BIRTH"), _text(alias, "ALIAS_NAME")
            value = try_stored_date(text, self.warnings, self.where(alias)) if text else None
            if value:
                dates.append(BirthDate(value=value, note=clip(f"as {name}", 300)))
        return dates

    @staticmethod
    def _date_text(birth):
        """The date in words parse_fuzzy_date reads, from the UN's typed elements."""
        kind = _text(birth, "TYPE_OF_DATE").upper()
        date, year = _day(_text(birth, "DATE")), _text(birth, "YEAR")
        if kind == "BETWEEN":
            return f"{_text(birth, 'FROM_YEAR')} to {_text(birth, 'TO_YEAR')}"
        value = date or year
        return f"circa {value}" if value and kind == "APPROXIMATELY" else value

    def _nationalities(self, element):
        found = []
        for value in _values(element, "NATIONALITY/VALUE"):
            code = country_code(value)
            if code:
                found.append(Nationality(country=code))
            else:
                self.warnings.add(self.where(element), f"nationality {value!r} not recognised")
        return found

    def _birth_places(self, element):
        places = []
        for place in element.iterfind("INDIVIDUAL_PLACE_OF_BIRTH"):
            parts = [_text(place, tag) for tag in ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY")]
            text = ", ".join(part for part in parts if part)
            if text:
                places.append(BirthPlace(place=clip(text, 300), country=country_code(parts[3])))
        return places

    def _addresses(self, element):
        addresses = []
        for address in element.iterfind(f"{element.tag}_ADDRESS"):
            street, city, state, zip_code, country = (
                _text(address, tag)
                for tag in ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY")
            )
            code = country_code(country)
            if country and not code:
                self.warnings.add(self.where(address), f"country {country!r} not recognised")
            parts = (street, city, state, zip_code, country_name(code) if code else country)
            full = ", ".join(part for part in parts if part)
            note = _text(address, "NOTE")
            if full or note:
                addresses.append(
                    Address(
                        full=full or note, city=clip(city, 200), country=code, note=clip(note, 500)
                    )
                )
        return addresses

    def _documents(self, element):
        return [
            document
            for node in element.iterfind("INDIVIDUAL_DOCUMENT")
            if (document := self._document(node)) is not None
        ]

    @staticmethod
    def _document(node):
        number = _text(node, "NUMBER")
        if not number:
            return None
        types = [_text(node, "TYPE_OF_DOCUMENT"), _text(node, "TYPE_OF_DOCUMENT2")]
        label = " / ".join(t for t in types if t)
        country = country_code(_text(node, "ISSUING_COUNTRY") or _text(node, "COUNTRY_OF_ISSUE"))
        issued = " ".join(
            part
            for part in (
                f"issued {_text(node, 'DATE_OF_ISSUE')}" if _text(node, "DATE_OF_ISSUE") else "",
                f"in {_text(node, 'CITY_OF_ISSUE')}" if _text(node, "CITY_OF_ISSUE") else "",
            )
            if part
        )
        note = "; ".join(part for part in (label, issued, _text(node, "NOTE")) if part)
        return Identifier(
            kind=_document_kind(label),
            number=clip(number, 200),
            country=country,
            note=clip(note, 500),
        )

    def _listing(self, element, kind):
        listed_on = _day(_text(element, "LISTED_ON"))
        try:
            listed = datetime.date.fromisoformat(listed_on) if listed_on else None
        except ValueError:
            self.fail(element, f"LISTED_ON {listed_on!r} is not a date")
        measures = LISTS[SLUG].measures if kind == "person" else ("asset-freeze",)
        return Listing(
            agency=AGENCY,
            program=_text(element, "UN_LIST_TYPE"),
            listed_on=listed,
            reference=_text(element, "REFERENCE_NUMBER"),
            measures=measures,
        )


_ZONED_DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:Z|[+-]\d{2}:\d{2})$")


def _day(text):
    """An xs:date without its time zone: "2015-04-07-04:00" is 7 April 2015."""
    match = _ZONED_DAY.match(text)
    return match.group(1) if match else text


def _document_kind(label):
    folded = label.lower()
    if any(word in folded for word in ("passport", "pasaporte", "passeport")):
        return "passport"
    if any(word in folded for word in ("identification", "identity", "id card", "national id")):
        return "national_id"
    return "other"
