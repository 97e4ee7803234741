"""A vessel's particulars: flag, IMO number, call sign, type, tonnage, owner.

The lists give them in two places: numbers as identifiers (IMO, MMSI, call sign) and the rest
as ``Label: value`` parts of the description, as each importer writes it ("Vessel type:
General Cargo; Tonnage: 2597; Flag: Cuba" from OFAC, "Type of ship: ...; Flag: ..." from the
UK). Pure: no database.
"""

from django.utils.translation import gettext_lazy as _

# Each particular: (key, label); the key names it in the API.
FIELDS = (
    ("flag", _("Flag")),
    ("imo_number", _("IMO number")),
    ("call_sign", _("Call sign")),
    ("mmsi", _("MMSI")),
    ("vessel_type", _("Vessel type")),
    ("tonnage", _("Tonnage")),
    ("gross_registered_tonnage", _("Gross registered tonnage")),
    ("owner", _("Owner or operator")),
    ("previous_flags", _("Previous flags")),
    ("previous_owners", _("Previous owners or operators")),
    ("length", _("Length")),
    ("year_built", _("Year built")),
)
# Shown on a vessel's page even when not known.
ALWAYS_SHOWN = ("flag", "imo_number", "call_sign")
# Identifier kinds that are particulars.
IDENTIFIER_FIELDS = {"imo": "imo_number", "call_sign": "call_sign", "mmsi": "mmsi"}
# Description labels (lower case), as the importers write them, to particulars.
DESCRIPTION_LABELS = {
    "vessel type": "vessel_type",
    "type of ship": "vessel_type",
    "tonnage": "tonnage",
    "tonnage of ship": "tonnage",
    "gross registered tonnage": "gross_registered_tonnage",
    "flag": "flag",
    "current believed flag of ship": "flag",
    "previous flags": "previous_flags",
    "owner": "owner",
    "current owner/operator": "owner",
    "previous owner/operator": "previous_owners",
    "length": "length",
    "year built": "year_built",
}


def split_description(text):
    """The particulars a description states ([(key, value)]) and the rest of it as text."""
    found, rest = [], []
    for part in text.split(";"):
        label, colon, value = part.partition(":")
        key = DESCRIPTION_LABELS.get(label.strip().lower()) if colon else None
        if key and value.strip():
            found.append((key, value.strip()))
        elif part.strip():
            rest.append(part.strip())
    return found, "; ".join(rest)
