"""Identifiers as lists write them, folded so that the same number compares equal.

Pure functions (no database, no models), shared by the importers' hard links and by
cross-list resolution (:mod:`sanctions.resolution`).

UN reference numbers come in two numberings. Today's is ``<regime><i|e>.<number>``:
``QDi.012``, ``KPe.018``, ``TAi.155``. Before it, the 1267 Committee wrote
``<Q|T><I|E>.<initial>.<number>.<year>``: ``QI.A.12.01`` (Al-Qaida, individual, name starting
with A, number 12, listed in 2001) is today's ``QDi.012``; ``QE.A.146.14`` is ``QDe.146``;
``TI.A.155.11`` (Taliban) is ``TAi.155``: the number carried over, so the new reference
follows from the old one. The Iran committee's old references (``E.29.I.11``, ``I.47.C.1``)
do not: the UN keeps them in the entry's comments ("[Old Reference # E.29.I.11]"), and the
UK and EU lists still quote some of them. docs/resolution.md has the rules.
"""

import re

# Today's numbering: two letters for the regime, i (individual) or e (entity), a number.
_NEW = re.compile(r"^([A-Z]{2})([IE])\.(\d{1,4})$", re.I)
# The 1267 Committee's numbering before 2014 (Al-Qaida) and 2011 (Taliban).
_OLD_1267 = re.compile(r"^([QT])([IE])\.([A-Z])\.(\d{1,4})\.(\d{2})$", re.I)
_OLD_REGIMES = {"Q": "QD", "T": "TA"}
# The Iran committee's old numbering: E.29.I.11, I.47.C.1, E.03.III.10.
OLD_IRAN_REFERENCE = re.compile(r"^([EI])\.(\d{2})\.([A-Z]{1,4})\.(\d{1,3})$", re.I)

# Any of them, where a list quotes one in free text ("UN Ref QI.A.12.01.", "UN Ref:QDI.282").
UN_REFERENCE_PATTERN = (
    r"(?:[A-Z]{2}[IE]\.\d{1,4}"  # today's
    r"|[QT][IE]\.[A-Z]\.\d{1,4}\.\d{2}"  # the 1267 Committee's old one
    r"|[EI]\.\d{2}\.[A-Z]{1,4}\.\d{1,3})"  # the Iran committee's old one
)
_QUOTED = re.compile(r"\bUN\s*Ref\.?\s*(?:No\.?\s*)?:?\s*(" + UN_REFERENCE_PATTERN + r")\b", re.I)
_OLD_NOTE = re.compile(r"Old\s+Reference\s*#\s*(" + UN_REFERENCE_PATTERN + r")\b", re.I)


def canonical_un_reference(text):
    """The UN reference in today's numbering where it follows from the text, else the old
    reference in one spelling; "" for anything that is not a UN reference.

    "QDI.282" → "QDi.282"; "QI.A.12.01" → "QDi.012"; "QE.A.146.14" → "QDe.146";
    "KPi.67" → "KPi.067"; "e.29.i.11" → "E.29.I.11".
    """
    text = (text or "").strip().rstrip(".")
    if found := _NEW.match(text):
        regime, kind, number = found.groups()
        return f"{regime.upper()}{kind.lower()}.{int(number):03d}"
    if found := _OLD_1267.match(text):
        regime, kind, _initial, number, _year = found.groups()
        return f"{_OLD_REGIMES[regime.upper()]}{kind.lower()}.{int(number):03d}"
    if found := OLD_IRAN_REFERENCE.match(text):
        kind, resolution, part, number = found.groups()
        return f"{kind.upper()}.{resolution}.{part.upper()}.{int(number)}"
    return ""


def quoted_un_reference(text):
    """The first UN reference a list quotes in free text ("UN Ref QI.A.12.01."), as written
    (without a final full stop); "" if none."""
    found = _QUOTED.search(text or "")
    return found.group(1) if found else ""


def old_un_references(comments):
    """The old references the UN names in an entry's comments, canonical."""
    return [canonical_un_reference(m) for m in _OLD_NOTE.findall(comments or "")]


def un_reference_keys(reference, comments=""):
    """Every canonical UN reference an entry stands for: its own (or the one it quotes) and
    the old ones its comments name."""
    keys = {canonical_un_reference(reference), *old_un_references(comments)}
    return keys - {""}


# --- document and register numbers ------------------------------------------------------

_HAS_DIGIT = re.compile(r"\d")
# Short words before a number that are not part of it ("No. 12345").
_NOT_PREFIXES = {"NO", "NR", "N", "NUM", "ID", "REF", "DE", "DU"}
# Fewer significant characters than this and a number is too likely to recur by chance.
MIN_NUMBER_LENGTH = 5


def fold_number(text):
    """A document or register number folded for comparison, "" if too short to compare.

    Case, spaces and punctuation go ("BN 4196361" and "bn-4196361" agree); words around
    it go too ("British passport number C00146605" is C00146605): only the words holding a
    digit are kept, with a short letter prefix standing before one ("BN 4196361"). A number
    of digits only loses its leading zeros ("00490327" and "490327" agree).
    """
    words = (text or "").upper().split()
    kept = []
    for index, word in enumerate(words):
        token = "".join(char for char in word if char.isalnum())
        follows = index + 1 < len(words) and _HAS_DIGIT.search(words[index + 1])
        prefix = token.isalpha() and len(token) <= 3 and token not in _NOT_PREFIXES
        if _HAS_DIGIT.search(token) or (prefix and follows):
            kept.append(token)
    if not any(_HAS_DIGIT.search(token) for token in kept):
        return ""
    folded = "".join(kept)
    if folded.isdigit():
        folded = folded.lstrip("0")
    return folded if len(folded) >= MIN_NUMBER_LENGTH else ""
