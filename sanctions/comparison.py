"""Two subjects side by side: which facts agree, which conflict, which only one states.

Pure: it compares facts already read (``Fact``: the text shown, a key compared with the other
side's, the source), with no database access, so every rule is tested on plain values. The
review page of a proposed pair (``admin_resolution``) reads the facts and shows the result.
"""

from dataclasses import dataclass, field

AGREE = "agree"
CONFLICT = "conflict"
ONLY = ""  # stated by one side only: neither agrees nor conflicts


@dataclass(frozen=True)
class Fact:
    """One fact of one subject: ``key`` is what is compared (a folded name, a country code,
    a (first day, last day) range for a date of birth); ``source`` says who states it."""

    text: str
    key: object
    source: str = ""


@dataclass(frozen=True)
class Rule:
    """How one kind of fact compares.

    ``overlap``: keys are day ranges that agree when they overlap (else keys agree when
    equal). ``exclusive``: two sides that both state values of this kind (a kind, dates of
    birth, nationalities) and share none conflict. ``distinct``:
    the same key on both sides conflicts (one list listing the two as separate entries).
    """

    label: str
    overlap: bool = False
    exclusive: bool = False
    distinct: bool = False


RULES = {
    "kind": Rule("Kind", exclusive=True),
    "gender": Rule("Gender", exclusive=True),
    "names": Rule("Names and aliases"),
    "birth_dates": Rule("Dates of birth", overlap=True, exclusive=True),
    "nationalities": Rule("Nationalities", exclusive=True),
    "birth_places": Rule("Places of birth"),
    "identifiers": Rule("Identifiers"),
    "addresses": Rule("Addresses"),
    "designations": Rule("Designations"),
    "list_entries": Rule("List entries", distinct=True),
}


@dataclass
class Row:
    """One kind of fact of the two subjects, each fact with its mark."""

    kind: str
    label: str
    left: list = field(default_factory=list)  # [(Fact, mark)]
    right: list = field(default_factory=list)

    @property
    def mark(self):
        """CONFLICT if any fact conflicts, else AGREE if any agrees, else ONLY."""
        marks = {mark for _fact, mark in [*self.left, *self.right]}
        return CONFLICT if CONFLICT in marks else AGREE if AGREE in marks else ONLY


def compare(left, right):
    """Rows for every kind of fact in RULES, in that order, from two ``{kind: [Fact]}``."""
    rows = []
    for kind, rule in RULES.items():
        mine, theirs = left.get(kind, []), right.get(kind, [])
        row = Row(kind, rule.label)
        row.left = [(fact, _mark(rule, fact, theirs, mine)) for fact in mine]
        row.right = [(fact, _mark(rule, fact, mine, theirs)) for fact in theirs]
        rows.append(row)
    return rows


def summary(rows):
    """How many kinds of fact agree and how many conflict: ``(agreeing, conflicting)``."""
    marks = [row.mark for row in rows]
    return marks.count(AGREE), marks.count(CONFLICT)


def _mark(rule, fact, others, own):
    """A fact's mark against the other side's facts (``own``: its side's, the fact among
    them). An exclusive kind conflicts only when the two sides share no value at all: a
    second nationality or an alternative date of birth on one side is no contradiction."""
    if any(_same(rule, fact.key, other.key) for other in others):
        return CONFLICT if rule.distinct else AGREE
    if rule.exclusive and others:
        shared = any(_same(rule, mine.key, other.key) for mine in own for other in others)
        return ONLY if shared else CONFLICT
    return ONLY


def _same(rule, key, other):
    if rule.overlap:
        (start, end), (other_start, other_end) = key, other
        return start <= other_end and other_start <= end
    return key == other
