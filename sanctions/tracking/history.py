"""The recorded history (django-simple-history) as readers see it.

``historied_models()`` and ``record_initial_history()`` serve loading and seeding;
``recent_changes()`` lists the latest changes to any record for the dashboard;
``designation_timeline()`` turns a subject's designations and their history into the
listed / amended / delisted events of its page.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from ..models import (
    BOOKKEEPING_FIELDS,
    Address,
    Agency,
    Alias,
    BirthDate,
    BirthPlace,
    Citation,
    Designation,
    Identifier,
    LegalAuthority,
    Measure,
    Nationality,
    Program,
    Relationship,
    SourceArticle,
    Subject,
)

# The kinds of history row by simple-history's code, in the words of the change feed's API
# (its ``action`` values); translated where people read them.
ACTIONS = {"+": gettext_noop("added"), "~": gettext_noop("changed"), "-": gettext_noop("deleted")}
# History rows this soon after a record's first one belong to its entry (save, then m2m).
ENTRY_WINDOW = datetime.timedelta(minutes=1)


@dataclass(frozen=True)
class Change:
    """One recorded change to one record (``count`` alike ones in a row, on the dashboard)."""

    when: datetime.datetime
    action: str
    record_type: str
    label: str
    url: str
    user: Any
    count: int = 1

    def says(self):
        """What the line reads (links aside: ten designations of one subject by one agency
        read alike)."""
        return (self.action, self.record_type, self.label, self.user)


def _url(name, **kwargs):
    return reverse(f"sanctions:{name}", kwargs=kwargs)


def _name(record):
    return record.name if record is not None else _("a deleted record")


def _short_agency(agency):
    return (agency.acronym or agency.name) if agency else ""


def _subject_part(row):
    return f"{row.instance} ({_name(row.subject)})"


def _subject_url(row):
    return _url("subject_detail", pk=row.subject_id)


PARTS = (Alias, BirthDate, Nationality, BirthPlace, Identifier, Address)
# Records shown on their parent's page (a subject's, an article's): it outlives their deletion.
SHOWN_ON_PARENT = {*PARTS, Relationship, Citation}
# For each recorded model: its history rows' label, the page to link to, and the related
# rows the label needs (fetched in the same query).
SOURCES = [
    (Subject, lambda r: r.name, lambda r: _url("subject_detail", pk=r.id), ()),
    (
        Designation,
        lambda r: f"{_name(r.subject)} — {_short_agency(r.agency)}",
        lambda r: _url("designation_detail", pk=r.id),
        ("subject", "agency"),
    ),
    (Agency, lambda r: r.name, lambda r: _url("agency_detail", slug=r.slug), ()),
    (LegalAuthority, lambda r: r.title, lambda r: _url("authority_detail", slug=r.slug), ()),
    (Program, lambda r: r.code, lambda r: _url("program_detail", slug=r.slug), ()),
    (Measure, lambda r: r.name, lambda r: "", ()),
    (SourceArticle, lambda r: r.title, lambda r: _url("article_detail", pk=r.id), ()),
    (
        Citation,
        lambda r: r.article.title if r.article else "",
        lambda r: _url("article_detail", pk=r.article_id),
        ("article",),
    ),
    (
        Relationship,
        lambda r: f"{_name(r.subject)} → {_name(r.related)}",
        _subject_url,
        ("subject", "related"),
    ),
    *[(part, _subject_part, _subject_url, ("subject",)) for part in PARTS],
]


def recent_changes(limit=10):
    """The latest changes, newest first, one per record (one query per recorded model)."""
    changes = []
    for model, label, url, related in SOURCES:
        # A few more rows than shown: a record entered just now has several (save, then m2m).
        rows = model.history.select_related("history_user", *related)[: limit * 3]
        changes += [
            _change(model, row, action, label, url) for row, action in _latest_per_record(rows)
        ]
    changes.sort(key=lambda change: change.when, reverse=True)
    return _grouped(changes)[:limit]


def _grouped(changes):
    """Alike changes in a row (an import amending every designation of one subject under
    one agency) as one line with their number: ten identical lines say nothing more."""
    grouped = []
    for change in changes:
        if grouped and grouped[-1].says() == change.says():
            grouped[-1] = replace(grouped[-1], count=grouped[-1].count + 1)
        else:
            grouped.append(change)
    return grouped


def _latest_per_record(rows):
    """Each record's newest row and its action: "+" when that row finishes the record's entry."""
    latest = {}
    for row in rows:  # newest first
        if row.id not in latest:
            latest[row.id] = (row, row.history_type)
            continue
        newest, action = latest[row.id]
        # The same hand, moments later: the m2m rows that complete one entry, not an edit.
        just_entered = (
            newest.history_user_id == row.history_user_id
            and newest.history_date - row.history_date < ENTRY_WINDOW
        )
        if action == "~" and row.history_type == "+" and just_entered:
            latest[row.id] = (newest, "+")
    return latest.values()


def _change(model, row, action, label, url):
    gone = action == "-" and model not in SHOWN_ON_PARENT
    return Change(
        when=row.history_date,
        action=_(ACTIONS[action]),
        record_type=model._meta.verbose_name,
        label=label(row),
        url="" if gone else url(row),
        user=row.history_user,
    )


@dataclass
class Event:
    """A dated moment in a designation's life: listed, amended or delisted."""

    kind: str
    day: datetime.date | None
    designation: Designation
    changed: list = field(default_factory=list)

    @property
    def sort_key(self):
        # Listings without a date come first: they were in force before anything we know.
        return (self.day is not None, self.day or datetime.date.min, self.kind != "listed")


def designation_timeline(designations):
    """Listed, amended and delisted events of these designations, oldest first."""
    designations = list(designations)
    events = [Event("listed", d.listed_on, d) for d in designations]
    events += [Event("delisted", d.delisted_on, d) for d in designations if d.delisted_on]
    events += amendments(designations)
    return sorted(events, key=lambda event: event.sort_key)


def amendments(designations):
    """An event for each recorded change of a designation after it was entered.

    The day is the day the change was recorded. Rows written while the record was entered
    (its save, then its authorities and measures, moments later) are the entry, not changes.
    A change that only sets the delisting date is the delisting, shown on its official date.
    """
    by_id = {designation.pk: designation for designation in designations}
    history = Designation.history.filter(id__in=by_id).order_by("id", "history_date", "history_id")
    rows = list(history)
    recorded_links = m2m_links(rows)
    events, previous, entered, links = [], {}, {}, {}
    for row in rows:
        before = previous.get(row.id)
        previous[row.id] = row
        entered.setdefault(row.id, row.history_date)
        links_before = links.get(row.id, EMPTY_LINKS)
        links[row.id] = _links_of(row, recorded_links, links_before)
        if before is None or row.history_date - entered[row.id] < ENTRY_WINDOW:
            continue
        changed = _changed_fields(before, row, links_before, links[row.id])
        if changed:
            events.append(Event("amended", row.history_date.date(), by_id[row.id], changed))
    return events


EMPTY_LINKS = {"authorities": frozenset(), "measures": frozenset()}


def _links_of(row, recorded_links, links_before):
    """The authority and measure ids a designation had at this history row.

    Imports write their "changed" rows in bulk, without links (see importers/history.py):
    a "changed" row that recorded none kept the links of the row before it. (A "created"
    row always records its links: signals, imports and ``record_initial_history`` do.)
    """
    recorded = recorded_links.get((Designation._meta.model_name, row.history_id))
    if recorded is not None or row.history_type == "+":
        return {**EMPTY_LINKS, **(recorded or {})}
    return links_before


def m2m_links(rows):
    """For each (model name, history id) that recorded links: the related ids of each
    many-to-many field it recorded. One query per model and field, whatever the rows."""
    by_model = defaultdict(list)
    for row in rows:
        by_model[row.instance_type].append(row.history_id)
    links = {}
    for model, history_ids in by_model.items():
        for m2m in model._meta.many_to_many:
            through = getattr(model.history.model, m2m.name, None)
            if through is None:
                continue  # a many-to-many field whose history is not kept
            column = m2m.m2m_reverse_field_name()
            pairs = through.model.objects.filter(history__in=history_ids)
            for history_id, related in pairs.values_list("history_id", column):
                key = (model._meta.model_name, history_id)
                links.setdefault(key, {}).setdefault(m2m.name, set()).add(related)
    return links


def _changed_fields(before, after, links_before, links_after):
    delta = after.diff_against(before, excluded_fields=["authorities", "measures"])
    names = [
        change.field
        for change in delta.changes
        if change.field not in BOOKKEEPING_FIELDS
        and not (change.field == "delisted_on" and before.delisted_on is None)
    ]
    for name in ("authorities", "measures"):
        if set(links_before[name]) != set(links_after[name]):
            names.append(name)
    return [Designation._meta.get_field(name).verbose_name for name in sorted(names)]


def historied_models():
    """The app's models that keep history (not the historical models themselves)."""
    for model in apps.get_app_config("sanctions").get_models():
        if getattr(model._meta, "simple_history_manager_attribute", None):
            yield model


def record_initial_history(reason):
    """Write a "created" history row for every record that has none (e.g. after loaddata).

    ``loaddata`` saves raw rows, which history signals skip; without this the first edit of a
    seeded record would have nothing to be compared against. The rows record the records'
    many-to-many links too, as simple-history does on a save: a designation's timeline
    compares its authorities and measures with them. Each row is dated when its record says
    it was last updated, so that a seeded record's History and its "Record updated" agree.
    """
    written = 0
    for model in historied_models():
        history = model.history
        recorded = history.filter(history_type="+").values("id")
        missing = list(model.objects.exclude(pk__in=recorded))
        if missing:
            # loaddata's many-to-many links leave "changed" rows on records that have no
            # first row yet: not edits, and dated after it they would read as amendments.
            history.filter(id__in=[record.pk for record in missing]).delete()
            for record in missing:
                record._history_date = getattr(record, "last_updated", None) or timezone.now()
            rows = history.bulk_history_create(missing, default_change_reason=reason)
            record_m2m_history(model, rows or [])  # None while history is switched off
            written += len(missing)
    return written


def record_m2m_history(model, history_rows, batch_size=500):
    """The current many-to-many links of the records of these history rows, on the rows."""
    history_model = model.history.model
    for m2m_field in getattr(history_model, "_history_m2m_fields", ()):
        through = m2m_field.remote_field.through
        source = through._meta.get_field(m2m_field.m2m_field_name()).attname
        m2m_history = getattr(history_model, m2m_field.name).model
        columns = [f.attname for f in through._meta.concrete_fields]
        for start in range(0, len(history_rows), batch_size):
            # Record id -> its new history row, for the links of this batch of records.
            rows = {row.id: row.history_id for row in history_rows[start : start + batch_size]}
            links = through.objects.filter(**{f"{source}__in": rows}).values(*columns)
            m2m_history.objects.bulk_create(
                [m2m_history(history_id=rows[link[source]], **link) for link in links],
                batch_size=batch_size,
            )
