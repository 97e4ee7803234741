"""The change feed: every recorded change to every record, oldest first, page by page.

It reads the history django-simple-history keeps (one historical table per model); there is
no second record of changes. A change is one history row: when, who (a user, or the import
run named in the row's change reason), what (added, changed, deleted), which record, and
for an edit each changed field with its old and new value (from the record's previous row).

**Order and cursor.** Changes are ordered by (``history_date``, model name, ``history_id``),
a total order. A cursor is the position of the last change a reader got; the next page is
everything after it. Each page costs one indexed, limited query per historical table (plus
one per table on the page for the previous rows), whatever the size of history.

**Exactly once.** A change is stamped when it is written but becomes visible when its
transaction commits, possibly later. So the feed only serves changes older than a short
*settle delay* (``TRACKER_CHANGES_SETTLE_SECONDS``): a transaction that commits within
it is never skipped by a reader whose cursor moved on. Imports, which hold a transaction
for longer, restamp their rows with the time they finish (``importers.history.restamp_import``).
"""

import base64
import binascii
import datetime
from dataclasses import dataclass, field
from heapq import merge
from typing import Any

from django import forms
from django.conf import settings
from django.db.models import OuterRef, Q, Subquery
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ..filters import ChangedSinceField
from ..models import BOOKKEEPING_FIELDS, ImportRun, Program
from .history import ACTIONS, SHOWN_ON_PARENT, SOURCES, m2m_links

ACTION_CODES = {name: code for code, name in ACTIONS.items()}
MAX_PAGE_SIZE = settings.TRACKER_MAX_PAGE_SIZE
DEFAULT_PAGE_SIZE = settings.TRACKER_PAGE_SIZE
# The API's detail routes, for the models that have one: (route name, lookup field).
API_ROUTES = {
    "subject": ("api:subject-detail", "pk"),
    "designation": ("api:designation-detail", "pk"),
    "agency": ("api:agency-detail", "slug"),
    "legalauthority": ("api:authority-detail", "slug"),
    "program": ("api:program-detail", "slug"),
    "measure": ("api:measure-detail", "slug"),
    "sourcearticle": ("api:article-detail", "pk"),
}
FEED_SOURCES = {model._meta.model_name: source for source in SOURCES for model in source[:1]}
MODEL_CHOICES = sorted(
    (name, f"{name} ({source[0]._meta.verbose_name})") for name, source in FEED_SOURCES.items()
)


def settle_delay():
    return datetime.timedelta(seconds=getattr(settings, "TRACKER_CHANGES_SETTLE_SECONDS", 2))


# --- Positions and cursors ----------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Position:
    """Where a change stands in the feed's total order."""

    when: datetime.datetime
    model: str
    history_id: int

    def encode(self):
        text = f"{self.when.isoformat()}|{self.model}|{self.history_id}"
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, cursor):
        """The position a cursor names; ValueError when it is not one of ours."""
        try:
            text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
            when, model, history_id = text.split("|")
            position = cls(datetime.datetime.fromisoformat(when), model, int(history_id))
        except (ValueError, binascii.Error, UnicodeDecodeError) as error:
            raise ValueError("not a cursor") from error
        if position.model not in FEED_SOURCES or position.when.tzinfo is None:
            raise ValueError("not a cursor")
        return position

    def after(self, model_name):
        """A Q for a model's history rows that come after this position."""
        if model_name > self.model:
            return Q(history_date__gte=self.when)
        if model_name < self.model:
            return Q(history_date__gt=self.when)
        return Q(history_date__gt=self.when) | Q(
            history_date=self.when, history_id__gt=self.history_id
        )

    def before(self, model_name):
        """A Q for a model's history rows that come before this position."""
        if model_name < self.model:
            return Q(history_date__lte=self.when)
        if model_name > self.model:
            return Q(history_date__lt=self.when)
        return Q(history_date__lt=self.when) | Q(
            history_date=self.when, history_id__lt=self.history_id
        )


# --- Filters ------------------------------------------------------------------------------


class CursorField(forms.CharField):
    default_error_messages = {
        "invalid": _("Use the cursor of a previous answer (its “next” link), unchanged.")
    }

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return Position.decode(value)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class CommaMultipleChoiceField(forms.MultipleChoiceField):
    """Several values, repeated (``?model=a&model=b``) or comma-separated (``?model=a,b``)."""

    def to_python(self, value):
        values = super().to_python(value)
        return [part.strip() for item in values for part in item.split(",") if part.strip()]


class ChangeFilterForm(forms.Form):
    """The feed's parameters, the same on the API, the web page and the Atom feed."""

    since = ChangedSinceField(
        required=False,
        label=_("Since"),
        help_text=_("Changes at or after this ISO 8601 date-time (a date means its midnight)."),
    )
    until = ChangedSinceField(
        required=False, label=_("Until"), help_text=_("Changes before this date-time.")
    )
    model = CommaMultipleChoiceField(
        required=False,
        choices=MODEL_CHOICES,
        label=_("Record type"),
        help_text=_("Only these kinds of records, e.g. designation or subject,alias."),
    )
    action = CommaMultipleChoiceField(
        required=False,
        choices=[(name, name) for name in ACTIONS.values()],
        label=_("Action"),
        help_text=_("added, changed or deleted."),
    )
    user = forms.CharField(
        required=False, max_length=150, label=_("User"), help_text=_("Changes by this username.")
    )
    program = forms.CharField(
        required=False,
        max_length=200,
        label=_("Program"),
        help_text=_(
            "Only changes to designations under these programs: codes (DPRK2) or slugs, "
            "comma-separated. With action=added it follows new designations of a program."
        ),
    )
    import_run = forms.IntegerField(
        required=False,
        min_value=1,
        label=_("Import run"),
        help_text=_("Changes written by this import run (its id)."),
    )
    cursor = CursorField(
        required=False, label=_("Cursor"), help_text=_("Where the previous page ended.")
    )
    page_size = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_PAGE_SIZE,
        label=_("Page size"),
        help_text=format_lazy(
            _("Changes per page, from 1 to {maximum} (default {default})."),
            maximum=MAX_PAGE_SIZE,
            default=DEFAULT_PAGE_SIZE,
        ),
    )

    def clean_program(self):
        """The ids of the programs named by code (any case) or slug; unknown names are errors."""
        names = [name.strip() for name in self.cleaned_data["program"].split(",") if name.strip()]
        ids = []
        for name in names:
            found = list(Program.objects.by_code_or_slug([name]).values_list("id", flat=True))
            if not found:
                raise forms.ValidationError(
                    _("No program has the code or slug “%(name)s”."), params={"name": name}
                )
            ids += found
        return ids

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", _("“until” is before “since”."))
        return cleaned


# --- Reading the feed ---------------------------------------------------------------------


@dataclass
class FeedChange:
    """One change to one record, as readers of the feed see it."""

    position: Position
    action: str
    model: Any
    record_id: Any
    name: str
    url: str
    api_url: str
    user: Any
    reason: str
    import_run: dict | None
    changes: list = field(default_factory=list)
    version: Any = None  # the record's version: every row of one save has the same

    @property
    def when(self):
        return self.position.when

    @property
    def id(self):
        return f"{self.position.model}-{self.position.history_id}"

    @property
    def model_name(self):
        return self.model._meta.model_name

    @property
    def model_label(self):
        return self.model._meta.verbose_name

    @property
    def who(self):
        if self.user is not None:
            return self.user.get_username()
        if self.import_run:
            return f"import run {self.import_run['id']}"
        return ""


@dataclass
class Page:
    changes: list
    cursor: Position | None  # where the next page starts (the last change, or the given one)
    has_more: bool
    horizon: datetime.datetime


def read_changes(params, page_size=DEFAULT_PAGE_SIZE, record=None, newest_first=False, parts=False):
    """A page of changes matching cleaned ``ChangeFilterForm`` data.

    ``record`` (a model instance) limits the feed to that record's own changes; with
    ``parts``, a subject's changes include those of its parts, designations, citations and
    relationships (the records shown on its page).
    ``newest_first`` reads backwards from the newest, up to now: for people, not polling.
    """
    horizon = timezone.now() - (datetime.timedelta() if newest_first else settle_delay())
    names = params.get("model") or []
    if record is not None:
        names = [record._meta.model_name]
        if parts:
            names += [name for name, source in FEED_SOURCES.items() if _has_subject(source[0])]
    if params.get("program"):
        # Only designations carry a program.
        names = [name for name in names or ["designation"] if name == "designation"]
        if not names:
            return Page(changes=[], cursor=params.get("cursor"), has_more=False, horizon=horizon)
    sources = [source for name, source in FEED_SOURCES.items() if not names or name in names]
    per_model = [
        _rows(source, params, horizon, page_size + 1, record, newest_first) for source in sources
    ]
    rows = list(merge(*per_model, key=lambda row: row.feed_position, reverse=newest_first))
    page, has_more = rows[:page_size], len(rows) > page_size
    changes = _describe(page)
    last = page[-1].feed_position if page else params.get("cursor")
    return Page(changes=changes, cursor=last, has_more=has_more, horizon=horizon)


def _rows(source, params, horizon, limit, record, newest_first):
    model, _label, _url, related = source
    name = model._meta.model_name
    history = model.history.model
    rows = history.objects.select_related("history_user", *related).filter(
        _conditions(name, params, horizon, newest_first)
    )
    if record is not None:
        same = model is type(record)
        rows = rows.filter(id=record.pk) if same else rows.filter(subject_id=record.pk)
    order = ("history_date", "history_id")
    if newest_first:
        order = ("-history_date", "-history_id")
    previous = history.objects.filter(id=OuterRef("id")).filter(
        Q(history_date__lt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
    )
    previous = previous.order_by("-history_date", "-history_id").values("history_id")[:1]
    rows = rows.annotate(previous_id=Subquery(previous)).order_by(*order)[:limit]
    for row in rows:
        row.feed_position = Position(row.history_date, name, row.history_id)
        row.feed_source = source
        yield row


def _has_subject(model):
    """A record shown on its subject's page: an alias, a designation, a citation..."""
    return any(f.name == "subject" and f.is_relation for f in model._meta.concrete_fields)


def _conditions(name, params, horizon, newest_first=False):
    query = Q(history_date__lte=horizon)
    if params.get("since"):
        query &= Q(history_date__gte=params["since"])
    if params.get("until"):
        query &= Q(history_date__lt=params["until"])
    if params.get("cursor"):
        cursor = params["cursor"]
        query &= cursor.before(name) if newest_first else cursor.after(name)
    if params.get("action"):
        query &= Q(history_type__in=[ACTION_CODES[action] for action in params["action"]])
    if params.get("user"):
        query &= Q(history_user__username=params["user"])
    if params.get("import_run"):
        query &= Q(history_change_reason__startswith=ImportRun.reason_prefix(params["import_run"]))
    if params.get("program"):
        query &= Q(program_id__in=params["program"])
    return query


def _describe(rows):
    """FeedChanges for history rows; the previous rows are read in one query per model."""
    previous = _previous_rows(rows)
    links = m2m_links([*rows, *previous.values()])
    return [
        _change(row, previous.get((row.feed_position.model, row.previous_id)), links)
        for row in rows
    ]


def _previous_rows(rows):
    wanted = {}
    for row in rows:
        if row.history_type == "~" and row.previous_id:
            wanted.setdefault(row.feed_source[0], set()).add(row.previous_id)
    found = {}
    for model, ids in wanted.items():
        for row in model.history.model.objects.filter(history_id__in=ids):
            found[(model._meta.model_name, row.history_id)] = row
    return found


def _change(row, before, links):
    model, label, url, _related = row.feed_source
    name = model._meta.model_name
    reason = row.history_change_reason or ""
    gone = row.history_type == "-" and model not in SHOWN_ON_PARENT
    return FeedChange(
        position=row.feed_position,
        action=ACTIONS[row.history_type],
        model=model,
        record_id=row.id,
        name=str(label(row)),
        url="" if gone else url(row),
        api_url="" if row.history_type == "-" else _api_url(name, row),
        user=row.history_user,
        reason=reason,
        import_run=ImportRun.parse_change_reason(reason),
        changes=_field_changes(row, before, links),
        version=getattr(row, "version", None),
    )


def _api_url(name, row):
    if name not in API_ROUTES:
        return ""
    route, lookup = API_ROUTES[name]
    try:
        return reverse(route, kwargs={lookup: getattr(row, "id" if lookup == "pk" else lookup)})
    except NoReverseMatch:
        return ""


def _field_changes(row, before, links):
    """Each changed field: name, old and new value (for an addition, each value set)."""
    if row.history_type == "-":
        return []
    model = row.instance_type
    changes = []
    for tracked in row.tracked_fields:
        if tracked.name in BOOKKEEPING_FIELDS:
            continue
        new = getattr(row, tracked.attname)
        old = getattr(before, tracked.attname) if before is not None else None
        if before is None and row.history_type == "~":
            continue  # no earlier row to compare with (e.g. history began with an edit)
        if new != old and not (before is None and new in ("", None)):
            changes.append({"field": tracked.name, "old": plain(old), "new": plain(new)})
    name = model._meta.model_name
    for m2m in model._meta.many_to_many:
        new = links.get((name, row.history_id), {}).get(m2m.name, set())
        old = links.get((name, before.history_id), {}).get(m2m.name, set()) if before else set()
        if new != old and (before is not None or row.history_type == "+"):
            changes.append({"field": m2m.name, "old": sorted(old), "new": sorted(new)})
    return changes


def plain(value):
    """A value as JSON carries it: dates in ISO 8601, countries and the like as text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return str(value)
