"""What a screener needs beside the score: is the party still sanctioned, by whom, under
which program and list, since when, and under which official entry ids.

Loaded for the candidates of a whole batch at once (two queries, whatever their number), so
that a delisted party is never mistaken for a listed one (docs/screening.md, "Context").
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from ..choices import DesignationStatus
from ..models import Designation, ListEntry


@dataclass
class CandidateContext:
    """Status (active, delisted or "" for never in force), designations and list entries."""

    status: str = ""
    delisted_on: object = None  # the day the last designation in force ended
    designations: list = field(default_factory=list)
    list_entries: list = field(default_factory=list)

    def as_dict(self):
        return {
            "status": self.status,
            "delisted_on": self.delisted_on.isoformat() if self.delisted_on else None,
            "designations": self.designations,
            "list_entries": self.list_entries,
        }


def attach_context(results, on=None):
    """Give every candidate of every query's results its ``context`` (a CandidateContext)."""
    candidates = [candidate for found in results for candidate in found]
    subject_ids = {candidate.subject.pk for candidate in candidates}
    contexts = load_contexts(subject_ids, on)
    for candidate in candidates:
        candidate.context = contexts[candidate.subject.pk]
    return results


def load_contexts(subject_ids, on=None):
    """{subject id: CandidateContext} in two queries."""
    day = on or timezone.localdate()
    contexts = {pk: CandidateContext() for pk in subject_ids}
    active_ids = set(
        Designation.objects.filter(subject_id__in=subject_ids)
        .active(day)
        .values_list("pk", flat=True)
    )
    rows = (
        Designation.objects.filter(subject_id__in=subject_ids)
        .select_related("agency", "program", "list_entry")
        .order_by("subject_id", "listed_on", "pk")
    )
    for designation in rows:
        _add_designation(
            contexts[designation.subject_id], designation, designation.pk in active_ids
        )
    entries = ListEntry.objects.filter(subject_id__in=subject_ids).order_by("list", "entry_id")
    for entry in entries:
        contexts[entry.subject_id].list_entries.append(
            {
                "list": entry.list,
                "entry_id": entry.entry_id,
                "reference": entry.reference,
                "removed_on": entry.removed_on.isoformat() if entry.removed_on else None,
            }
        )
    for context in contexts.values():
        _settle_status(context, day)
    return contexts


def _add_designation(context, designation, active):
    program = designation.program
    context.designations.append(
        {
            "agency": designation.agency.acronym or designation.agency.name,
            "program": program.code if program else "",
            "list": designation.list_entry.list if designation.list_entry_id else "",
            "listed_on": _iso(designation.listed_on),
            "delisted_on": _iso(designation.delisted_on),
            "active": active,
        }
    )


def _settle_status(context, day):
    if any(d["active"] for d in context.designations):
        context.status = DesignationStatus.ACTIVE
        return
    ended = [d["delisted_on"] for d in context.designations if d["delisted_on"]]
    ended = [value for value in ended if value <= day.isoformat()]
    if ended:
        context.status = DesignationStatus.DELISTED
        context.delisted_on = date.fromisoformat(max(ended))


def _iso(day):
    return day.isoformat() if day else None
