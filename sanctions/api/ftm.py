"""A subject as FollowTheMoney (FtM) entities, the form OpenSanctions publishes.

One entity for the subject (Person, Organization, Vessel or Airplane), one Sanction per
designation, one Passport or Identification per identity document. IDs are built from the
tracker's own primary keys ("st-subject-12", "st-sanction-40"), so an export names the same
records the same way every time. Every property is a list of strings; countries are lower-case
ISO codes. ``importers/ftm.py`` reads these back (a test round-trips them).
"""

from django_countries import countries

from ..choices import AliasKind, AliasQuality, IdentifierKind, SubjectKind

ID_PREFIX = "st"
DATASET = "sanctions_tracker"
SCHEMAS = {
    SubjectKind.PERSON: "Person",
    SubjectKind.ORGANIZATION: "Organization",
    SubjectKind.VESSEL: "Vessel",
    SubjectKind.AIRCRAFT: "Airplane",
}
# Identifier kinds written as properties of the subject, by schema (FtM's own names).
LEGAL_ENTITY_IDS = {
    IdentifierKind.TAX_ID: "taxNumber",
    IdentifierKind.REGISTRATION: "registrationNumber",
    IdentifierKind.SWIFT_BIC: "swiftBic",
    IdentifierKind.EMAIL: "email",
    IdentifierKind.WEBSITE: "website",
}
IDENTIFIER_PROPERTIES = {
    "Person": LEGAL_ENTITY_IDS,
    "Organization": LEGAL_ENTITY_IDS,
    "Vessel": {
        IdentifierKind.IMO: "imoNumber",
        IdentifierKind.MMSI: "mmsi",
        IdentifierKind.CALL_SIGN: "callSign",
        IdentifierKind.REGISTRATION: "registrationNumber",
    },
    "Airplane": {
        IdentifierKind.AIRCRAFT_SERIAL: "serialNumber",
        IdentifierKind.REGISTRATION: "registrationNumber",
    },
}
# Identity documents: their own entities, which carry the issuing country.
DOCUMENTS = {IdentifierKind.PASSPORT: "Passport", IdentifierKind.NATIONAL_ID: "Identification"}
ALIAS_PROPERTIES = {AliasKind.FKA: "previousName"}
# A vessel's particulars (sanctions.vessels keys) to Vessel properties; "flag" is a country.
VESSEL_PROPERTIES = {
    "vessel_type": "type",
    "tonnage": "tonnage",
    "gross_registered_tonnage": "grossRegisteredTonnage",
    "year_built": "buildDate",
}
# The OpenSanctions dataset of an agency's list, where there is one.
AGENCY_DATASETS = {
    "us-ofac": "us_ofac_sdn",
    "un-security-council": "un_sc_sanctions",
    "eu-council": "eu_fsf",
    "uk-ofsi": "gb_hmt_sanctions",
}


def entity_id(kind, pk):
    return f"{ID_PREFIX}-{kind}-{pk}"


def subject_entities(subject, request):
    """The FtM entities of a subject (prefetched as the API's detail view prefetches it)."""
    schema = SCHEMAS[subject.kind]
    main = _entity(subject, schema, "subject", _properties(subject, schema))
    main["caption"] = subject.name
    main["properties"]["sourceUrl"] = [request.build_absolute_uri(subject.get_absolute_url())]
    entities = [main]
    entities.extend(
        _sanction(designation, main["id"]) for designation in subject.designations.all()
    )
    entities.extend(
        _document(identifier, main["id"])
        for identifier in _unique(subject.identifiers.all())
        if identifier.kind in DOCUMENTS
    )
    return entities


def _entity(record, schema, kind, properties, datasets=(DATASET,)):
    cleaned = {
        name: list(dict.fromkeys(v for v in values if v)) for name, values in properties.items()
    }
    return {
        "id": entity_id(kind, record.pk),
        "schema": schema,
        "properties": {name: values for name, values in cleaned.items() if values},
        "datasets": list(datasets),
        "last_change": record.last_updated.isoformat(),
    }


def _properties(subject, schema):
    aliases = _unique(subject.aliases.all())
    properties = {
        "name": [subject.name],
        "alias": [a.name for a in aliases if _alias_property(a) == "alias"],
        "weakAlias": [a.name for a in aliases if _alias_property(a) == "weakAlias"],
        "previousName": [a.name for a in aliases if _alias_property(a) == "previousName"],
        "notes": [subject.shown_text("remarks")],
        "description": [subject.shown_text("description")],
        "address": [address.full for address in _unique(subject.addresses.all())],
        "topics": ["sanction"] if subject.status() == "active" else [],
    }
    by_kind = IDENTIFIER_PROPERTIES[schema]
    for identifier in _unique(subject.identifiers.all()):
        if identifier.kind in by_kind:
            properties.setdefault(by_kind[identifier.kind], []).append(identifier.number)
    if schema == "Person":
        properties.update(_person(subject))
    if schema == "Vessel":
        properties.update(_vessel(subject))
    return properties


def _alias_property(alias):
    if alias.quality == AliasQuality.WEAK:
        return "weakAlias"
    return ALIAS_PROPERTIES.get(alias.kind, "alias")


def _person(subject):
    nationalities = _unique(subject.nationalities.all())
    return {
        "gender": [subject.shown_gender()],
        "position": [subject.shown_text("position")],
        "birthDate": [d for b in _unique(subject.birth_dates.all()) for d in _ftm_dates(b.value)],
        "birthPlace": [place.place for place in _unique(subject.birth_places.all())],
        "nationality": [n.country.code.lower() for n in nationalities if n.kind == "nationality"],
        "citizenship": [n.country.code.lower() for n in nationalities if n.kind != "nationality"],
    }


def _vessel(subject):
    details = subject.vessel_details()
    properties = {name: details.values(key) for key, name in VESSEL_PROPERTIES.items()}
    properties["flag"] = [code for text in details.values("flag") if (code := _country(text))]
    properties["pastFlags"] = [
        code
        for text in details.values("previous_flags")
        for part in text.split(",")
        if (code := _country(part))
    ]
    return properties


def _sanction(designation, subject_id):
    agency, program = designation.agency, designation.program
    dataset = AGENCY_DATASETS.get(agency.slug)
    properties = {
        "entity": [subject_id],
        "authority": [agency.name],
        "country": [agency.country.code.lower()] if agency.country else [],
        "program": [program.code] if program else [],
        "programId": [program.slug] if program else [],
        "startDate": [_iso(designation.listed_on)],
        "listingDate": [_iso(designation.listed_on)],
        "endDate": [_iso(designation.delisted_on)],
        "status": [designation.status()],
        "reason": [designation.reason],
        "authorityId": [designation.reference],
        "provisions": [measure.name for measure in designation.measures.all()],
        "sourceUrl": [designation.source_url],
    }
    datasets = (DATASET, dataset) if dataset else (DATASET,)
    return _entity(designation, "Sanction", "sanction", properties, datasets)


def _document(identifier, subject_id):
    properties = {
        "holder": [subject_id],
        "number": [identifier.number],
        "country": [identifier.country.code.lower()] if identifier.country else [],
        "type": [identifier.note],
    }
    return _entity(identifier, DOCUMENTS[identifier.kind], "identification", properties)


def _unique(rows):
    """Each fact once: rows from several sources state it several times."""
    seen = {}
    for row in rows:
        seen.setdefault(row.fact_key(), row)
    return list(seen.values())


def _ftm_dates(value):
    """FtM dates (partial ISO) of a stored date of birth: circa drops, a range gives both ends."""
    return [part for part in value.rstrip("~").split("/") if part]


def _iso(day):
    return day.isoformat() if day else ""


def _country(text):
    """An ISO code (lower case) for a country as the lists write it ("Korea, North")."""
    text = text.strip()
    if len(text) == 2 and text.upper() in countries:
        return text.lower()
    first, comma, rest = text.partition(",")
    for name in (text, f"{rest.strip()} {first}" if comma else ""):
        if name and (code := countries.by_name(name)):
            return code.lower()
    return ""
