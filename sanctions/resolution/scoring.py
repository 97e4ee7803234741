"""Scoring a pair of subjects: names, shared identifiers, dates of birth, nationality, kind.

Pure functions of two :class:`Profile` values and a name score: no database access, so that
each rule can be read and tested on plain values. The weights are in :mod:`.weights`;
docs/resolution.md explains the rules.
"""

from dataclasses import dataclass, field

from ..choices import SubjectKind
from .weights import (
    AUTO_MERGE_MIN_NAME,
    BIRTH_DATE_AGREES,
    BIRTH_DATE_CONFLICT,
    BIRTH_DATE_EXACT,
    BIRTH_DATE_NEAR,
    KIND_CONFLICT,
    KIND_DIFFERS,
    NATIONALITY_AGREES,
    NATIONALITY_CONFLICT,
    NEAR_DAYS,
    OTHER_IDENTIFIER_LIFT,
    STRONG_IDENTIFIER_LIFT,
)


@dataclass(frozen=True)
class Key:
    """One identifier of a subject as blocking compares it."""

    kind: str  # "un_reference", or an Identifier kind
    folded: str  # the number folded (sanctions.identifiers)
    number: str = ""  # as the list wrote it
    country: str = ""

    @property
    def block(self):
        """What two subjects must share to be compared on this identifier."""
        return (IDENTIFIER_GROUPS.get(self.kind, self.kind), self.folded)


# Kinds that lists confuse with one another compare as one.
IDENTIFIER_GROUPS = {
    "passport": "document",
    "national_id": "document",
    "tax_id": "register",
    "registration": "register",
}
# Identifiers that name one party the world over, whatever the country says.
UNIQUE_KINDS = {"un_reference", "imo", "swift_bic"}
# Numbers issued by a country: strong only where both lists name the same country.
COUNTRY_KINDS = {"document", "register"}


@dataclass
class Profile:
    """What resolution compares of one subject."""

    pk: int
    kind: str
    name: str
    lists: frozenset = frozenset()
    keys: list = field(default_factory=list)  # [Key]
    birth_dates: list = field(default_factory=list)  # [(value, earliest, latest)]
    nationalities: frozenset = frozenset()


@dataclass
class PairScore:
    score: float
    explanation: dict
    automatic: bool  # a strong shared identifier and nothing in conflict


def shared_identifiers(a, b):
    """[(Key of a, Key of b, strong)] of the identifiers both subjects carry."""
    by_block = {}
    for key in b.keys:
        by_block.setdefault(key.block, []).append(key)
    shared, seen = [], set()
    for key in a.keys:
        for other in by_block.get(key.block, []):
            countries = {key.country, other.country} - {""}
            if len(countries) > 1:
                continue  # the same number from two countries: two documents
            group = key.block[0]
            strong = group in UNIQUE_KINDS or (
                group in COUNTRY_KINDS and bool(key.country) and key.country == other.country
            )
            if (key.block, strong) not in seen:
                seen.add((key.block, strong))
                shared.append((key, other, strong))
    return shared


def compare_birth_dates(a, b):
    """(effect, result): "exact", "agrees", "near", "conflict" or "unknown"."""
    if not a.birth_dates or not b.birth_dates:
        return 0.0, "unknown"
    pairs = [(x, y) for x in a.birth_dates for y in b.birth_dates]
    overlapping = [(x, y) for x, y in pairs if x[1] <= y[2] and y[1] <= x[2]]
    if any(x[1] == x[2] == y[1] == y[2] for x, y in overlapping):
        return BIRTH_DATE_EXACT, "exact"
    if overlapping:
        return BIRTH_DATE_AGREES, "agrees"
    gap = min(min(abs((x[1] - y[2]).days), abs((y[1] - x[2]).days)) for x, y in pairs)
    if gap <= NEAR_DAYS:
        return BIRTH_DATE_NEAR, "near"
    return BIRTH_DATE_CONFLICT, "conflict"


def compare_nationalities(a, b):
    if not a.nationalities or not b.nationalities:
        return 0.0, "unknown"
    if a.nationalities & b.nationalities:
        return NATIONALITY_AGREES, "agrees"
    return NATIONALITY_CONFLICT, "conflict"


def compare_kinds(a, b):
    if a.kind == b.kind:
        return 0.0, "agrees"
    if SubjectKind.PERSON in (a.kind, b.kind):
        return KIND_CONFLICT, "conflict"
    return KIND_DIFFERS, "differs"  # an organization and a vessel: lists type ships loosely


def score_pair(a, b, name):
    """The pair's score from 0 to 1, its explanation, and whether it may merge on its own.

    ``name`` is (name score, a's name, b's name): the best of every name of a against every
    name of b. A shared identifier lifts the name score towards 1 (a strong one further);
    dates of birth, nationalities and kinds then add to it or take from it.
    """
    name_score, name_a, name_b = name
    shared = shared_identifiers(a, b)
    strong = any(is_strong for *_, is_strong in shared)
    lift = STRONG_IDENTIFIER_LIFT if strong else OTHER_IDENTIFIER_LIFT if shared else 0.0
    score = 1 - (1 - name_score) * (1 - lift)
    effects = {
        "birth_date": compare_birth_dates(a, b),
        "nationality": compare_nationalities(a, b),
        "kind": compare_kinds(a, b),
    }
    score = max(0.0, min(1.0, score + sum(effect for effect, _ in effects.values())))
    results = {feature: result for feature, (_, result) in effects.items()}
    automatic = (
        strong
        and name_score >= AUTO_MERGE_MIN_NAME
        and results["birth_date"] in ("exact", "agrees", "unknown")
        and results["nationality"] != "conflict"
        and results["kind"] == "agrees"
    )
    explanation = {
        "identifiers": [
            {
                "kind": key.kind,
                "numbers": [key.number, other.number],
                "countries": [key.country, other.country],
                "strong": is_strong,
            }
            for key, other, is_strong in shared
        ],
        "name": {"score": round(name_score, 3), "names": [name_a, name_b]},
        "birth_date": _feature(effects["birth_date"], *(_dates(p) for p in (a, b))),
        "nationality": _feature(effects["nationality"], *(sorted(p.nationalities) for p in (a, b))),
        "kind": _feature(effects["kind"], a.kind, b.kind),
        "lists": [sorted(a.lists), sorted(b.lists)],
        "automatic": automatic,
    }
    return PairScore(round(score, 3), explanation, automatic)


def _feature(effect, first, second):
    value, result = effect
    return {"result": result, "effect": round(value, 3), "values": [first, second]}


def _dates(profile):
    return [value for value, *_ in profile.birth_dates]


def may_pair(a, b):
    """Subjects from different lists: no list in common, and at least one listed."""
    return bool(a.lists or b.lists) and not (a.lists & b.lists)
