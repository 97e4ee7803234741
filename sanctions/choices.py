"""Vocabularies shared by models, filters, the API and importers."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries import Countries
from django_countries.data import COUNTRIES

# The one table of the codes sanctions lists use beyond ISO 3166-1, and their names.
# Kosovo has no ISO 3166-1 code but every sanctions list uses the user-assigned "XK": it is a
# country like any other (settings.COUNTRIES_OVERRIDE gives it to django-countries).
EXTRA_COUNTRIES = {"XK": _("Kosovo")}
# Supranational bodies issue sanctions (an agency's or an authority's country), but nobody
# is a national of them.
SUPRANATIONAL = {"EU": _("European Union"), "UN": _("United Nations")}
ISSUER_EXTRA_COUNTRIES = {**EXTRA_COUNTRIES, **SUPRANATIONAL}

COUNTRY_CODES = sorted([*COUNTRIES, *EXTRA_COUNTRIES])
AGENCY_COUNTRY_CODES = sorted([*COUNTRY_CODES, *SUPRANATIONAL])


class IssuerCountries(Countries):
    """Countries plus the supranational bodies that issue sanctions (EU, UN)."""

    override = ISSUER_EXTRA_COUNTRIES


class SubjectKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANIZATION = "organization", _("Organization")
    VESSEL = "vessel", _("Vessel")
    AIRCRAFT = "aircraft", _("Aircraft")


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")
    OTHER = "other", _("Other")


class AliasKind(models.TextChoices):
    AKA = "aka", _("also known as (a.k.a.)")
    FKA = "fka", _("formerly known as (f.k.a.)")
    NKA = "nka", _("now known as (n.k.a.)")
    SPELLING = "spelling", _("spelling variant")
    ORIGINAL_SCRIPT = "original_script", _("original script")


class AliasQuality(models.TextChoices):
    STRONG = "strong", _("strong")
    WEAK = "weak", _("weak")


class NationalityKind(models.TextChoices):
    NATIONALITY = "nationality", _("nationality")
    CITIZENSHIP = "citizenship", _("citizenship")


class IdentifierKind(models.TextChoices):
    PASSPORT = "passport", _("passport")
    NATIONAL_ID = "national_id", _("national ID")
    TAX_ID = "tax_id", _("tax ID")
    REGISTRATION = "registration", _("registration number")
    IMO = "imo", _("IMO number")
    MMSI = "mmsi", _("MMSI")
    CALL_SIGN = "call_sign", _("call sign")
    AIRCRAFT_SERIAL = "aircraft_serial", _("aircraft serial number")
    SWIFT_BIC = "swift_bic", _("SWIFT/BIC")
    DIGITAL_CURRENCY = "digital_currency", _("digital currency address")
    ISIN = "isin", _("ISIN (securities)")
    EMAIL = "email", _("email address")
    WEBSITE = "website", _("website")
    OTHER = "other", _("other")


class RelationshipKind(models.TextChoices):
    FAMILY = "family", _("family member of")
    ASSOCIATE = "associate", _("associate of")
    LEADER = "leader", _("leader or official of")
    OWNED_BY = "owned_by", _("owned or controlled by")
    ACTING_FOR = "acting_for", _("acting for or on behalf of")
    LINKED = "linked", _("linked to")


class AuthorityKind(models.TextChoices):
    EXECUTIVE_ORDER = "executive_order", _("executive order")
    STATUTE = "statute", _("statute")
    REGULATION = "regulation", _("regulation")
    UNSC_RESOLUTION = "unsc_resolution", _("UN Security Council resolution")
    EU_DECISION = "eu_decision", _("EU decision")
    EU_REGULATION = "eu_regulation", _("EU regulation")
    OTHER = "other", _("other")


class ProgramStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    ENDED = "ended", _("ended")


class DesignationStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    DELISTED = "delisted", _("delisted")


class ArticleKind(models.TextChoices):
    NEWS = "news", _("news report")
    PRESS_RELEASE = "press_release", _("press release")
    OFFICIAL_NOTICE = "official_notice", _("official notice")
    OTHER = "other", _("other")


class SourceList(models.TextChoices):
    """The official lists the importers know; the slug is the ``list=`` filter value."""

    US_OFAC_SDN = "us-ofac-sdn", _("OFAC Specially Designated Nationals (SDN) List")
    US_OFAC_CONS = "us-ofac-cons", _("OFAC Consolidated (non-SDN) List")
    UN_CONSOLIDATED = "un-consolidated", _("UN Security Council Consolidated List")
    UK_OFSI_CONLIST = "uk-ofsi-conlist", _("UK OFSI Consolidated List")
    OPENSANCTIONS = "opensanctions", _("OpenSanctions")
    EU_FSF = "eu-fsf", _("EU Consolidated Financial Sanctions List")
    UK_SANCTIONS_LIST = "uk-sanctions-list", _("UK Sanctions List (FCDO)")


# Where each publisher shows one entry of its list, ``{entry_id}`` standing for the list's own
# id (URL-quoted). A list without a stable page per entry has none: the UN's consolidated list
# has narrative summaries only for some regimes, under addresses that change; the UK's OFSI
# list has no page per entry.
ENTRY_URLS = {
    SourceList.US_OFAC_SDN: "https://sanctionssearch.ofac.treas.gov/Details.aspx?id={entry_id}",
    SourceList.US_OFAC_CONS: "https://sanctionssearch.ofac.treas.gov/Details.aspx?id={entry_id}",
    SourceList.OPENSANCTIONS: "https://www.opensanctions.org/entities/{entry_id}/",
}


# How a fact's source names a list entry: "OFAC SDN, uid 23213", "UN KPi.042". The second
# form serves entries without a reference (a UN entry is known by its reference number).
SOURCE_LABELS = {
    SourceList.US_OFAC_SDN: ("OFAC SDN, uid {entry_id}", None),
    SourceList.US_OFAC_CONS: ("OFAC non-SDN, uid {entry_id}", None),
    SourceList.UN_CONSOLIDATED: ("UN {reference}", "UN, DATAID {entry_id}"),
    SourceList.UK_OFSI_CONLIST: ("UK OFSI, group {entry_id}", None),
    SourceList.OPENSANCTIONS: ("OpenSanctions {entry_id}", None),
    SourceList.EU_FSF: ("EU FSF, id {entry_id}", None),
    SourceList.UK_SANCTIONS_LIST: ("UK Sanctions List, {entry_id}", None),
}


class ImportFormat(models.TextChoices):
    OFAC_CSV = "ofac-csv", _("OFAC CSV files")
    OFAC_XML = "ofac-xml", _("OFAC advanced XML (SDN_ADVANCED.XML, CONS_ADVANCED.XML)")
    UN_XML = "un-xml", _("UN Consolidated List XML")
    UK_OFSI_CSV = "uk-ofsi-csv", _("UK OFSI Consolidated List CSV")
    FTM = "ftm", _("OpenSanctions FollowTheMoney JSON lines")
    EU_FSF_XML = "eu-fsf-xml", _("EU Financial Sanctions Files XML")
    UK_SANCTIONS_LIST = "uk-sanctions-list", _("UK Sanctions List CSV or XML")


class PairDecision(models.TextChoices):
    """What an analyst (or ``xref``'s automatic merge) decided about a proposed pair."""

    SAME = "same", _("same party")
    NOT_SAME = "not_same", _("not the same")
    UNSURE = "unsure", _("unsure")


class ChangeAction(models.TextChoices):
    ADDED = "added", _("added")
    RELISTED = "relisted", _("listed again")
    CHANGED = "changed", _("changed")
    REMOVED = "removed", _("removed from the list")
