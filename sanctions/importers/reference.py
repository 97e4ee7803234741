"""The reference data imports need: issuing agencies, and what a new program starts with.

An import creates an agency or a program the first time a list names it. A new program's
name and legal authorities come from the program reference, ``fixtures/programs.json``: only
well-known, published mappings (OFAC's program tags with their executive orders, statutes and
regulations; the UN regimes with their Security Council resolutions). From then on the
mapping lives in the database (Program.authorities), where analysts extend or correct it in
the admin, and imports use what is there; they never change a program that exists (migration
0008 completed, once, the programs created before the reference knew them).
"""

import json
import re
from dataclasses import dataclass
from pathlib import Path

# slug: (name, acronym, country, website, parent slug)
AGENCIES = {
    "us-treasury": ("U.S. Department of the Treasury", "", "US", "https://home.treasury.gov/", ""),
    "us-ofac": (
        "Office of Foreign Assets Control",
        "OFAC",
        "US",
        "https://ofac.treasury.gov/",
        "us-treasury",
    ),
    "un-security-council": (
        "United Nations Security Council",
        "UNSC",
        "UN",
        "https://www.un.org/securitycouncil/",
        "",
    ),
    "uk-ofsi": (
        "Office of Financial Sanctions Implementation",
        "OFSI",
        "GB",
        "https://www.gov.uk/government/organisations/office-of-financial-sanctions-implementation",
        "",
    ),
    "eu-council": (
        "Council of the European Union",
        "",
        "EU",
        "https://www.consilium.europa.eu/",
        "",
    ),
}


@dataclass(frozen=True)
class Authority:
    title: str
    kind: str
    country: str
    citation: str = ""


@dataclass(frozen=True)
class KnownProgram:
    name: str
    authorities: tuple[str, ...]
    status: str = "active"


# The program tags and their legal authorities, a fixture the project ships: imports create a
# new program from it, and migration 0008 completes programs created before it existed.
REFERENCE_FILE = Path(__file__).resolve().parents[2] / "fixtures" / "programs.json"


def _load_reference(path=REFERENCE_FILE):
    data = json.loads(path.read_text(encoding="utf-8"))
    authorities = {slug: Authority(**fields) for slug, fields in data["authorities"].items()}
    programs = {
        (item["agency"], item["code"]): KnownProgram(
            item["name"], tuple(item["authorities"]), item.get("status", "active")
        )
        for item in data["programs"]
    }
    return authorities, programs


AUTHORITIES, PROGRAMS = _load_reference()
_EO_TAG = re.compile(r"-EO(\d{5})$")


def known_program(agency, code):
    """What the reference says of a program; a tag ending in -EO<number> names its order.

    OFAC names its newer programs after the executive order (RUSSIA-EO14024): a tag the
    reference does not list yet still gets its order rather than nothing.
    """
    known = PROGRAMS.get((agency, code))
    if known is None and agency == "us-ofac" and (match := _EO_TAG.search(code)):
        number = match.group(1)
        label = code[: match.start()].replace("-", " ").title()
        known = KnownProgram(f"{label} (E.O. {number})", (f"eo-{number}",))
    return known


def known_authority(slug):
    """The reference's authority for a slug, executive orders beyond it included."""
    if slug in AUTHORITIES:
        return AUTHORITIES[slug]
    if match := re.fullmatch(r"eo-(\d{5})", slug):
        return Authority(f"Executive Order {match.group(1)}", "executive_order", "US")
    return None


@dataclass(frozen=True)
class ListInfo:
    """An official list: who issues it and what its entries' designations do."""

    agency: str  # "" for aggregators, whose entries name each issuer themselves
    measures: tuple[str, ...] = ()
    # The reference outlives the entry ID: an ID re-issued with the same reference is the
    # same entry (the UN's DATAID and reference number).
    stable_reference: bool = False


LISTS = {
    "us-ofac-sdn": ListInfo("us-ofac", ("asset-freeze", "transaction-ban")),
    "us-ofac-cons": ListInfo("us-ofac"),
    "un-consolidated": ListInfo(
        "un-security-council", ("asset-freeze", "travel-ban"), stable_reference=True
    ),
    "uk-ofsi-conlist": ListInfo("uk-ofsi", ("asset-freeze",)),
    "opensanctions": ListInfo(""),
    "eu-fsf": ListInfo("eu-council", ("asset-freeze",)),
    "uk-sanctions-list": ListInfo("uk-ofsi"),
}
