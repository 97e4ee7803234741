"""The EU's consolidated Financial Sanctions Files (FSF), XML schema 1.1.

Root ``export`` (namespace ``http://eu.europa.ec/fpi/fsd/export``, ``generationDate``), one
``sanctionEntity`` per listed person or enterprise: ``logicalId`` (the entry's ID),
``euReferenceNumber``, ``unitedNationId``, ``designationDate``, ``designationDetails``; its
``regulation`` elements (the legal acts, each with its ``programme``) and its details, each an
element of attributes: ``nameAlias``, ``citizenship``, ``birthdate``, ``identification``,
``address``, with ``remark`` children. The file is read as a stream (see xmlstream).
"""

import datetime
import re
from collections import OrderedDict
from pathlib import Path

from .common import clean, clip, gender_of, script_of, stored_date
from .countries import country_code
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

FORMAT = "eu-fsf-xml"
SLUG = "eu-fsf"
AGENCY = LISTS[SLUG].agency
ROOT = "export"
NAMESPACE = "http://eu.europa.ec/fpi/fsd/export"
KINDS = {"person": "person", "enterprise": "organization", "P": "person", "E": "organization"}
IDENTIFICATION_KINDS = {
    "passport": "passport",
    "id": "national_id",
    "regnumber": "registration",
    "fiscalcode": "tax_id",
    "tax": "tax_id",
    "swiftbic": "swift_bic",
    "imo": "imo",
    "email": "email",
    "website": "website",
}
# The names of the programme codes the EU uses most, for programs an import creates.
PROGRAMMES = {
    "AFG": "Afghanistan",
    "BLR": "Belarus",
    "CAF": "Central African Republic",
    "COD": "Democratic Republic of the Congo",
    "IRN": "Iran",
    "IRQ": "Iraq",
    "LBY": "Libya",
    "MMR": "Myanmar (Burma)",
    "PRK": "Democratic People's Republic of Korea",
    "RUS": "Russia",
    "SDN": "Sudan",
    "SOM": "Somalia",
    "SSD": "South Sudan",
    "SYR": "Syria",
    "TAQA": "ISIL (Da'esh) and Al-Qaida",
    "TERR": "Terrorist groups (CP 931)",
    "UKR": "Ukraine: territorial integrity",
    "VEN": "Venezuela",
    "YEM": "Yemen",
    "ZWE": "Zimbabwe",
}
AUTHORITY_KINDS = {"regulation": "eu_regulation", "decision": "eu_decision"}
# Flags of an identity document, as the notes say them.
DOCUMENT_FLAGS = {
    "diplomatic": "diplomatic",
    "knownExpired": "known expired",
    "knownFalse": "known false",
    "reportedLost": "reported lost",
    "revokedByIssuer": "revoked by issuer",
}
_NUMBER = re.compile(r"(\d{2,4})/(\d+)")


def parse(paths, *, list_date=None):
    """Read one EU FSF XML file (or a folder holding exactly one)."""
    path = _the_file(paths)
    stream = XMLStream(path, path.name, {"sanctionEntity"}, _check_root)
    reader = _Reader(path.name)
    entries = [reader.entry(element, line) for element, line in stream]
    if not entries:
        raise ImportFileError(path.name, "", "no sanctionEntity elements: not the EU FSF list")
    return [
        ParsedList(
            slug=SLUG,
            format=FORMAT,
            files=[stream.source],
            entries=entries,
            list_date=list_date or _generation_date(stream.root, path.name),
            warnings=reader.warnings.lines(),
            authorities=reader.authorities,
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


def _check_root(root, namespace, name):
    if root.tag != ROOT or namespace not in ("", NAMESPACE):
        found = f"{{{namespace}}}{root.tag}" if namespace else root.tag
        raise ImportFileError(name, "line 1", f"root element is {found}, not the EU FSF {ROOT}")


def _generation_date(root, name):
    text = root.get("generationDate", "")
    try:
        return datetime.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        raise ImportFileError(name, "line 1", f"generationDate {text!r} is not a date") from None


def _attr(element, name):
    return clean(element.get(name))


def _true(element, name):
    return _attr(element, name).lower() == "true"


def _remarks(element):
    return [clean(node.text) for node in element.iterfind("remark") if clean(node.text)]


def _unique(values):
    return list(OrderedDict.fromkeys(value for value in values if value))


class _Reader:
    """Turns sanctionEntity elements into entries; collects the legal acts they name."""

    def __init__(self, name):
        self.name, self.warnings, self.authorities = name, Warnings(), {}

    def where(self, line):
        return f"{self.name} line {line}"

    def fail(self, line, logical_id, message):
        raise ImportFileError(self.name, f"line {line}", f"sanctionEntity {logical_id}: {message}")

    def entry(self, element, line):
        logical_id = _attr(element, "logicalId")
        if not logical_id.isdigit():
            self.fail(line, logical_id or "?", "logicalId is missing or not a number")
        kind = self._kind(element, line, logical_id)
        names = [node for node in element.iterfind("nameAlias") if self._whole_name(node)]
        if not names:
            self.fail(line, logical_id, "no nameAlias with a name")
        primary = _primary(names)
        listed_name = self._whole_name(primary)
        un_id = _attr(element, "unitedNationId")
        positions = "; ".join(_positions(names))
        return Entry(
            entry_id=logical_id,
            kind=kind,
            name=listed_name,  # shown by importers.parse
            listed_name=listed_name,
            reference=_attr(element, "euReferenceNumber"),
            gender=_gender(names) if kind == "person" else "",
            # An enterprise's "function" says what it does, not a post it holds.
            position=clip(positions, 500) if kind == "person" else "",
            description=positions if kind != "person" else "",
            remarks=" ".join(_remarks(element)),
            aliases=[self._alias(n) for n in names if n is not primary],
            birth_dates=self._birth_dates(element, line),
            nationalities=self._citizenships(element, line),
            birth_places=_birth_places(element),
            identifiers=[
                i for node in element.iterfind("identification") if (i := _identifier(node))
            ],
            addresses=[a for node in element.iterfind("address") if (a := _address(node))],
            listings=self._listings(element, line, logical_id),
            same_as=[("un-consolidated", un_id)] if un_id else [],
            origin=self.where(line),
        )

    def _kind(self, element, line, logical_id):
        subject_type = element.find("subjectType")
        codes = [] if subject_type is None else [_attr(subject_type, "code")]
        codes += [] if subject_type is None else [_attr(subject_type, "classificationCode")]
        for code in codes:
            if code in KINDS:
                return KINDS[code]
        self.fail(
            line,
            logical_id,
            f"subjectType {'/'.join(codes) or 'missing'}: not person or enterprise",
        )

    @staticmethod
    def _whole_name(node):
        whole = _attr(node, "wholeName")
        parts = (_attr(node, part) for part in ("firstName", "middleName", "lastName"))
        return clip(whole or " ".join(part for part in parts if part), 300)

    def _alias(self, node):
        name = self._whole_name(node)
        return Alias(
            name=name,
            quality="strong" if _true(node, "strong") else "weak",
            script=script_of(name),
            language=_attr(node, "nameLanguage").lower()[:8],
        )

    def _birth_dates(self, element, line):
        dates = []
        for node in element.iterfind("birthdate"):
            text = _date_text(node)
            if not text:
                continue
            try:
                value = stored_date(text)
            except ValueError as error:
                self.warnings.add(self.where(line), f"birth date {text!r} not understood ({error})")
                continue
            calendar = _attr(node, "calendarType")
            note = f"{calendar.lower()} calendar" if calendar not in ("", "GREGORIAN") else ""
            note = "; ".join(part for part in (note, *_remarks(node)) if part)
            dates.append(BirthDate(value=value, note=clip(note, 300)))
        return dates

    def _citizenships(self, element, line):
        found = []
        for node in element.iterfind("citizenship"):
            code = _country(node)
            if code:
                found.append(Nationality(country=code, kind="citizenship"))
            elif _attr(node, "countryDescription") not in ("", "UNKNOWN"):
                description = _attr(node, "countryDescription")
                self.warnings.add(self.where(line), f"citizenship {description!r} not recognised")
        return found

    def _listings(self, element, line, logical_id):
        """One listing per programme the entry's legal acts belong to."""
        programmes = OrderedDict()
        for node in element.iterfind("regulation"):
            programme = _attr(node, "programme")
            slug = self._authority(node)
            programmes.setdefault(programme, []).append(slug)
        if not programmes:
            self.fail(line, logical_id, "no regulation")
        listed_on = self._date(element, "designationDate", line, logical_id)
        return [
            Listing(
                agency=AGENCY,
                program=clip(programme, 50),
                program_name=PROGRAMMES.get(programme, ""),
                listed_on=listed_on,
                reason=_attr(element, "designationDetails"),
                reference=_attr(element, "euReferenceNumber"),
                measures=LISTS[SLUG].measures,
                authorities=tuple(sorted(set(slugs) - {""})),
            )
            for programme, slugs in programmes.items()
        ]

    def _date(self, element, name, line, logical_id):
        text = _attr(element, name)
        try:
            return datetime.date.fromisoformat(text[:10]) if text else None
        except ValueError:
            self.fail(line, logical_id, f"{name} {text!r} is not a date")

    def _authority(self, node):
        """The legal act's slug, recording the act for References to find or create."""
        number_title = _attr(node, "numberTitle")
        if not number_title:
            return ""
        kind = AUTHORITY_KINDS.get(_attr(node, "regulationType").lower(), "eu_regulation")
        number = _NUMBER.search(number_title)
        key = number.group(0) if number else number_title
        slug = clip(f"eu-{kind.removeprefix('eu_')}-{re.sub(r'[^0-9a-z]+', '-', key.lower())}", 100)
        slug = slug.strip("-")
        if slug not in self.authorities:
            organisation = _attr(node, "organisationType").capitalize() or "Council"
            word = "Decision" if kind == "eu_decision" else "Regulation"
            url = clean(node.findtext("publicationUrl"))
            self.authorities[slug] = AuthorityInfo(
                title=clip(f"{organisation} {word} {number_title}", 300),
                kind=kind,
                country="EU",
                citation=clip(number_title, 200),
                enacted_on=_iso_day(_attr(node, "publicationDate")),
                url=url[:500] if url.startswith(("http://", "https://")) else "",
            )
        return slug


def _primary(names):
    """The entry's main name: the first strong name in no other language, else the first."""
    for node in names:
        if _true(node, "strong") and _attr(node, "nameLanguage").lower() in ("", "en"):
            return node
    return names[0]


def _gender(names):
    for node in names:
        gender = gender_of(_attr(node, "gender"))
        if gender:
            return gender
    return ""


def _positions(names):
    return _unique(
        value for node in names for value in (_attr(node, "title"), _attr(node, "function"))
    )


def _date_text(node):
    """The birth date in words parse_fuzzy_date reads: a day, a month, a year or a range."""
    full = _attr(node, "birthdate")
    year, month, day = (_attr(node, f) for f in ("year", "monthOfYear", "dayOfMonth"))
    start, end = _attr(node, "yearRangeFrom"), _attr(node, "yearRangeTo")
    if full:
        text = full[:10]
    elif year:
        text = year + (f"-{int(month):02d}" if month.isdigit() else "")
        text += f"-{int(day):02d}" if month.isdigit() and day.isdigit() else ""
    elif start and end:
        text = f"{start} to {end}"
    else:
        return ""
    return f"circa {text}" if _true(node, "circa") else text


def _country(node):
    code = _attr(node, "countryIso2Code").upper()
    return country_code(code) or country_code(_attr(node, "countryDescription"))


def _birth_places(element):
    places = []
    for node in element.iterfind("birthdate"):
        parts = [_attr(node, f) for f in ("place", "city", "region")]
        description = _attr(node, "countryDescription")
        parts.append(description.title() if description not in ("", "UNKNOWN") else "")
        place = ", ".join(_unique(parts))
        if place:
            places.append(BirthPlace(place=clip(place, 300), country=_country(node)))
    return places


def _identifier(node):
    code = _attr(node, "identificationTypeCode").lower()
    flags = [text for flag, text in DOCUMENT_FLAGS.items() if _true(node, flag)]
    issued = [
        f"{label} {_attr(node, field)}"
        for label, field in (
            ("issued", "issueDate"),
            ("by", "issuedBy"),
            ("valid from", "validFrom"),
            ("valid to", "validTo"),
        )
        if _attr(node, field)
    ]
    note = "; ".join(
        part
        for part in (
            _attr(node, "identificationTypeDescription"),
            ", ".join(flags),
            " ".join(issued),
            _attr(node, "nameOnDocument") and f"name on document {_attr(node, 'nameOnDocument')}",
            *_remarks(node),
        )
        if part
    )
    number = _attr(node, "number") or _attr(node, "latinNumber")
    if not number:
        return None
    return Identifier(
        kind=IDENTIFICATION_KINDS.get(code, "other"),
        number=clip(number, 200),
        country=_country(node),
        note=clip(note, 500),
    )


def _address(node):
    parts = [_attr(node, f) for f in ("street", "poBox", "zipCode", "city", "place", "region")]
    description = _attr(node, "countryDescription")
    parts.append(description.title() if description not in ("", "UNKNOWN") else "")
    contacts = [
        f"{_attr(info, 'key').lower()}: {_attr(info, 'value')}"
        for info in node.iterfind("contactInfo")
        if _attr(info, "value")
    ]
    note = "; ".join([*contacts, *_remarks(node)])
    full = ", ".join(part for part in parts if part)
    if not (full or note):
        return None
    return Address(
        full=full or note,
        city=clip(_attr(node, "city"), 200),
        country=_country(node),
        note=clip(note, 500),
    )


def _iso_day(text):
    try:
        return datetime.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None
