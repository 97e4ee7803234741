"""OpenSanctions data in FollowTheMoney (FtM) form: entities as JSON lines, and delta files.

An entities file is a whole version of the list: one ``{"id", "schema", "properties", …}``
object per line, every property a list of strings. A delta file (``entities.delta.json``)
holds ``{"op": "ADD" | "MOD" | "DEL", "entity": {…}}`` lines: only what changed since the
previous version. Persons, organizations, vessels and aircraft become subjects; Address,
Sanction, Identification and link entities (Family, Ownership, …) become their parts.
"""

import datetime
import json
import re
from collections import defaultdict
from pathlib import Path

from .common import clean, clip, gender_of, script_of, try_stored_date
from .countries import country_code
from .files import decode_utf8, read_bytes, strip_ctrl_z
from .records import (
    Address,
    Alias,
    BirthDate,
    BirthPlace,
    Entry,
    Identifier,
    ImportFileError,
    Link,
    Listing,
    Nationality,
    ParsedList,
    Warnings,
)

FORMAT = "ftm"
SLUG = "opensanctions"
ENTITY_URL = "https://www.opensanctions.org/entities/{id}/"
KINDS = {
    "Person": "person",
    "Organization": "organization",
    "Company": "organization",
    "LegalEntity": "organization",
    "PublicBody": "organization",
    "Vessel": "vessel",
    "Airplane": "aircraft",
}
# Link schemas: (property naming the subject, property naming the related entity, kind).
LINKS = {
    "Family": ("person", "relative", "family"),
    "Associate": ("person", "associate", "associate"),
    "Ownership": ("asset", "owner", "owned_by"),
    "Directorship": ("director", "organization", "leader"),
    "Membership": ("member", "organization", "associate"),
    "Employment": ("employee", "employer", "associate"),
    "Representation": ("agent", "client", "acting_for"),
    "UnknownLink": ("subject", "object", "linked"),
}
IDENTIFIERS = {
    "registrationNumber": "registration",
    "ogrnCode": "registration",
    "taxNumber": "tax_id",
    "innCode": "tax_id",
    "vatCode": "tax_id",
    "idNumber": "national_id",
    "passportNumber": "passport",
    "imoNumber": "imo",
    "mmsi": "mmsi",
    "callSign": "call_sign",
    "swiftBic": "swift_bic",
    "email": "email",
    "website": "website",
    "leiCode": "other",
    "dunsCode": "other",
    "serialNumber": "aircraft_serial",
}
# OpenSanctions datasets whose issuer is an agency the tracker knows.
DATASET_AGENCIES = {
    "eu_fsf": "eu-council",
    "us_ofac_sdn": "us-ofac",
    "us_ofac_cons": "us-ofac",
    "un_sc_sanctions": "un-security-council",
    "gb_hmt_sanctions": "uk-ofsi",
}
# Source IDs (``referents``) that name an entry of a list the tracker imports itself.
REFERENTS = {"ofac-": "us-ofac-sdn", "gb-hmt-": "uk-ofsi-conlist"}
OPS = {"ADD", "MOD", "DEL"}
_VERSION = re.compile(r"^(\d{8})\d{6}-\w+$")


def parse(paths, *, list_date=None):
    """Read entities files and delta files (or a deltas folder with its delta.json)."""
    index_warnings = Warnings()
    files = [path for path in map(Path, paths) for path in _expand(path, index_warnings)]
    if not files:
        raise ImportFileError(", ".join(map(str, paths)), "", "no FtM JSON files found")
    parsed = [_parse_file(path, list_date) for path in files]
    parsed[0].warnings[:0] = index_warnings.lines()
    return parsed


def _expand(path, warnings):
    if not path.is_dir():
        return [path]
    deltas = sorted(path.glob("*/entities.delta.json"), key=lambda p: p.parent.name)
    index = path / "delta.json"
    if index.exists():
        listed = _read_index(index)
        for version in sorted(set(listed) - {p.parent.name for p in deltas}):
            warnings.add(str(index), f"delta version {version} is listed but not here")
    return deltas or sorted(path.glob("*.json"))


def _read_index(index):
    try:
        return json.loads(index.read_text("utf-8")).get("versions", {})
    except (ValueError, AttributeError):
        raise ImportFileError(index, "", "not a delta.json index of versions") from None


def _parse_file(path, list_date):
    warnings = Warnings()
    # Every delta file has the same name; its version folder tells them apart.
    versioned = _VERSION.match(path.parent.name)
    data, source = read_bytes(path, f"{path.parent.name}/{path.name}" if versioned else None)
    lines = _json_lines(decode_utf8(strip_ctrl_z(data, source.name), source.name), source.name)
    is_delta = bool(lines) and "op" in lines[0][1]
    entities, removed = _entities(lines, is_delta, source.name)
    reader = _Reader(entities, warnings)
    entries = [reader.entry(entity) for entity in entities.values() if entity["schema"] in KINDS]
    return ParsedList(
        slug=SLUG,
        format=FORMAT,
        files=[source],
        entries=entries,
        list_date=list_date or _version_date(path),
        is_delta=is_delta,
        removed=removed,
        warnings=warnings.lines(),
    )


def _json_lines(text, name):
    lines = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as error:
            message = f"not JSON ({error.msg}); truncated?"
            raise ImportFileError(name, f"line {number}", message) from None
        if not isinstance(record, dict):
            raise ImportFileError(name, f"line {number}", "not a JSON object")
        lines.append((number, record))
    if not lines:
        raise ImportFileError(name, "", "empty file")
    return lines


def _entities(lines, is_delta, name):
    """Entities by ID, and the IDs a delta deletes."""
    entities, removed, seen = {}, [], {}
    for number, record in lines:
        if is_delta != ("op" in record):
            raise ImportFileError(name, f"line {number}", "mixes delta operations and entities")
        op = record.get("op", "ADD")
        if op not in OPS:
            raise ImportFileError(name, f"line {number}", f"op {op!r} is not ADD, MOD or DEL")
        entity = _checked(record.get("entity") if is_delta else record, name, number)
        # A second line for one ID would silently replace the first: which one is the list?
        first = seen.setdefault(entity["id"], number)
        if first != number:
            message = f"id {entity['id']!r} repeated (first on line {first})"
            raise ImportFileError(name, f"line {number}", message)
        if op == "DEL":
            removed.append(entity["id"])
        else:
            entities[entity["id"]] = entity
    return entities, removed


def _checked(entity, name, number):
    if not isinstance(entity, dict):
        raise ImportFileError(name, f"line {number}", "no entity object")
    properties = entity.get("properties", {})
    valid = (
        isinstance(entity.get("id"), str)
        and isinstance(entity.get("schema"), str)
        and isinstance(properties, dict)
        and all(
            isinstance(values, list) and all(isinstance(v, str) for v in values)
            for values in properties.values()
        )
    )
    if not valid:
        raise ImportFileError(
            name, f"line {number}", "not an FtM entity (id, schema, properties of lists of text)"
        )
    entity["_where"] = f"{name} line {number}"
    return entity


def _version_date(path):
    match = _VERSION.match(path.parent.name)
    return datetime.datetime.strptime(match.group(1), "%Y%m%d").date() if match else None


class _Reader:
    """Turns subject entities into entries, with the parts other entities give them."""

    def __init__(self, entities, warnings):
        self.warnings = warnings
        self.addresses = {}
        self.sanctions = defaultdict(list)
        self.documents = defaultdict(list)
        self.links = defaultdict(list)
        for entity in entities.values():
            self._index(entity)

    def _index(self, entity):
        schema, props = entity["schema"], entity["properties"]
        if schema == "Address":
            for key in [entity["id"], *entity.get("referents", [])]:
                self.addresses[key] = entity
        elif schema == "Sanction":
            for target in props.get("entity", []):
                self.sanctions[target].append(entity)
        elif schema in ("Identification", "Passport"):
            for holder in props.get("holder", []):
                self.documents[holder].append(entity)
        elif schema in LINKS:
            source, related, kind = LINKS[schema]
            for subject in props.get(source, []):
                self.links[subject].extend(
                    Link(target=t, kind=kind) for t in props.get(related, [])
                )

    def entry(self, entity):
        props, where = entity["properties"], entity["_where"]
        kind = KINDS[entity["schema"]]
        names = props.get("name", [])
        name = clean(entity.get("caption") or (names[0] if names else "")) or entity["id"]
        return Entry(
            entry_id=entity["id"],
            kind=kind,
            name=clip(name, 300),  # shown by importers.parse
            listed_name=name,
            gender=gender_of(_first(props, "gender")) if kind == "person" else "",
            position=clip("; ".join(_all(props, "title") + _all(props, "position")), 500),
            description="; ".join(_all(props, "description")),
            remarks="; ".join(_all(props, "notes")),
            aliases=self._aliases(props, name),
            birth_dates=self._birth_dates(props, where),
            nationalities=self._nationalities(props, where),
            birth_places=_birth_places(props),
            identifiers=self._identifiers(entity),
            addresses=self._addresses(props),
            links=self.links.get(entity["id"], []),
            listings=self._listings(entity),
            same_as=_same_as(entity),
            origin=where,
        )

    @staticmethod
    def _aliases(props, name):
        aliases = []
        for prop, kind, quality in (
            ("name", "aka", "strong"),
            ("alias", "aka", "strong"),
            ("previousName", "fka", "strong"),
            ("weakAlias", "aka", "weak"),
        ):
            for value in _all(props, prop):
                if value.lower() != name.lower():
                    aliases.append(
                        Alias(
                            name=clip(value, 300),
                            kind=kind,
                            quality=quality,
                            script=script_of(value),
                        )
                    )
        return aliases

    def _birth_dates(self, props, where):
        values = (try_stored_date(text, self.warnings, where) for text in _all(props, "birthDate"))
        return [BirthDate(value=value) for value in values if value]

    def _nationalities(self, props, where):
        found = []
        for prop, kind in (("nationality", "nationality"), ("citizenship", "citizenship")):
            for value in _all(props, prop):
                code = country_code(value.upper()) if len(value) == 2 else country_code(value)
                if code:
                    found.append(Nationality(country=code, kind=kind))
                else:
                    self.warnings.add(where, f"{prop} {value!r} not recognised")
        return found

    def _identifiers(self, entity):
        props = entity["properties"]
        found = [
            Identifier(kind=kind, number=clip(value, 200))
            for prop, kind in IDENTIFIERS.items()
            for value in _all(props, prop)
        ]
        for document in self.documents.get(entity["id"], []):
            doc = document["properties"]
            kind = "passport" if document["schema"] == "Passport" else "national_id"
            country = country_code(_first(doc, "country").upper())
            found.extend(
                Identifier(
                    kind=kind,
                    number=clip(number, 200),
                    country=country,
                    note=clip("; ".join(_all(doc, "type")), 500),
                )
                for number in _all(doc, "number")
            )
        return found

    def _addresses(self, props):
        found = [Address(full=text) for text in _all(props, "address")]
        for reference in _all(props, "addressEntity"):
            address = self.addresses.get(reference)
            if address is None:
                continue  # not in this file; OpenSanctions exports it with its own entity
            values = address["properties"]
            full = _first(values, "full") or clean(address.get("caption", ""))
            country = country_code(_first(values, "country").upper())
            found.append(
                Address(full=full, city=clip(_first(values, "city"), 200), country=country)
            )
        return found

    def _listings(self, entity):
        sanctions = self.sanctions.get(entity["id"], [])
        if sanctions:
            return [listing for s in sanctions if (listing := _sanction_listing(s))]
        # No Sanction entities: one designation per dataset of an issuer the tracker knows.
        listed_on = _iso_date(_first(entity["properties"], "createdAt"))
        url = ENTITY_URL.format(id=entity["id"])
        agencies = sorted(
            {DATASET_AGENCIES[d] for d in entity.get("datasets", []) if d in DATASET_AGENCIES}
        )
        return [Listing(agency=agency, listed_on=listed_on, source_url=url) for agency in agencies]


def _sanction_listing(sanction):
    agencies = [DATASET_AGENCIES[d] for d in sanction.get("datasets", []) if d in DATASET_AGENCIES]
    if not agencies:
        return None
    props = sanction["properties"]
    return Listing(
        agency=agencies[0],
        program=clip(_first(props, "program"), 50),
        listed_on=_iso_date(_first(props, "listingDate") or _first(props, "startDate")),
        reason="; ".join(_all(props, "reason")),
        reference=clip(_first(props, "unscId") or _first(props, "authorityId"), 300),
        source_url=_first(props, "sourceUrl")[:500],
    )


def _same_as(entity):
    found = []
    for referent in entity.get("referents", []):
        for prefix, slug in REFERENTS.items():
            if referent.startswith(prefix) and referent[len(prefix) :].isdigit():
                found.append((slug, referent[len(prefix) :]))
    return found


def _all(props, name):
    return [clean(value) for value in props.get(name, []) if clean(value)]


def _first(props, name):
    values = _all(props, name)
    return values[0] if values else ""


def _birth_places(props):
    countries = _all(props, "birthCountry")
    country = country_code(countries[0].upper()) if len(countries) == 1 else ""
    return [
        BirthPlace(place=clip(place, 300), country=country) for place in _all(props, "birthPlace")
    ]


def _iso_date(text):
    try:
        return datetime.date.fromisoformat(text[:10]) if len(text) >= 10 else None
    except ValueError:
        return None
