"""The domain model: who is sanctioned, by whom, under what, since when, and who says so.

One module per sub-domain; everything is re-exported here, so ``from sanctions.models
import Subject`` works wherever the model is used. Lower modules never import higher ones:
``base`` ← ``reference`` ← ``parties`` ← ``designations`` ← ``sources``; ``imports`` and
``resolution`` need only ``parties``.
"""

from .base import (
    BOOKKEEPING_FIELDS,
    StaleRecordError,
    TimeStampedModel,
    URLField,
    country_constraint,
)
from .designations import Designation, DesignationQuerySet
from .imports import ImportChange, ImportRun, ListEntry, ListEntryQuerySet, empty_list
from .parties import (
    Address,
    Alias,
    BirthDate,
    BirthPlace,
    Identifier,
    Nationality,
    Relationship,
    Subject,
    SubjectManager,
    SubjectPart,
    SubjectQuerySet,
)
from .reference import Agency, LegalAuthority, Measure, Program
from .resolution import (
    SubjectMerge,
    SubjectPair,
    SubjectPairQuerySet,
    XrefRun,
    resolution_counts,
)
from .sources import Citation, SourceArticle

__all__ = [
    "BOOKKEEPING_FIELDS",
    "Address",
    "Agency",
    "Alias",
    "BirthDate",
    "BirthPlace",
    "Citation",
    "Designation",
    "DesignationQuerySet",
    "Identifier",
    "ImportChange",
    "ImportRun",
    "LegalAuthority",
    "ListEntry",
    "ListEntryQuerySet",
    "Measure",
    "Nationality",
    "Program",
    "Relationship",
    "SourceArticle",
    "StaleRecordError",
    "Subject",
    "SubjectMerge",
    "SubjectPair",
    "SubjectPairQuerySet",
    "XrefRun",
    "resolution_counts",
    "SubjectPart",
    "SubjectManager",
    "SubjectQuerySet",
    "TimeStampedModel",
    "URLField",
    "country_constraint",
    "empty_list",
]
