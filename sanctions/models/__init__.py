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
from .designations import Designation, DesignationQuerySet, designation_status
from .imports import ImportChange, ImportRun, ListEntry, ListEntryQuerySet, empty_list
from .parties import (
    PER_SOURCE_FIELDS,
    SUBJECT_PARTS,
    Address,
    Alias,
    BirthDate,
    BirthPlace,
    FactSource,
    Identifier,
    Nationality,
    Relationship,
    ShownValue,
    Subject,
    SubjectManager,
    SubjectPart,
    SubjectQuerySet,
    agreed_gender,
    attach_status,
    grouped_facts,
    joined_values,
    shown_values_of,
    within_subject,
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
    "PER_SOURCE_FIELDS",
    "SUBJECT_PARTS",
    "Address",
    "Agency",
    "Alias",
    "BirthDate",
    "BirthPlace",
    "Citation",
    "Designation",
    "designation_status",
    "DesignationQuerySet",
    "FactSource",
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
    "ShownValue",
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
    "agreed_gender",
    "attach_status",
    "country_constraint",
    "empty_list",
    "grouped_facts",
    "joined_values",
    "shown_values_of",
    "within_subject",
]
