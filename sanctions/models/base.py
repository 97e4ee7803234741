"""Bookkeeping shared by every record: timestamps, a version for locking, slugs, URLs."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..choices import COUNTRY_CODES

# Fields that say nothing about the party or the sanction: the key, the bookkeeping below, and
# values derived from other fields. History views, the change feed and conflict messages
# leave them out.
BOOKKEEPING_FIELDS = frozenset(
    {"id", "created", "last_updated", "version", "search_text", "sort_name"}
)


def country_constraint(name, field="country", codes=COUNTRY_CODES):
    """A database check that a country column holds a known ISO 3166-1 code or nothing."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__in": codes}) | Q(**{field: ""}),
        name=name,
        violation_error_message=_("Unknown country code."),
    )


class History(HistoricalRecords):
    """django-simple-history's history, indexed on (``history_date``, ``history_id``).

    The change feed and the dashboard read history in that order; an import writes thousands
    of rows with one ``history_date``, so an index on the date alone leaves a sort of every
    row of that date to each page.
    """

    def get_meta_options(self, model):
        options = super().get_meta_options(model)
        order = models.Index(
            fields=["history_date", "history_id"], name=f"{model._meta.model_name}_hist_order"
        )
        options["indexes"] = [*options.get("indexes", ()), order]
        return options


class URLField(models.URLField):
    """A URL field whose form adds ``https://`` when an editor leaves the scheme out."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


class StaleRecordError(Exception):
    """A save based on a version of a record that someone else has since changed."""

    def __init__(self, record, expected):
        self.record = record
        self.expected = expected
        super().__init__(
            f"{record._meta.verbose_name} {record.pk} was changed by someone else since "
            f"version {expected} was read; nothing was saved."
        )


class TimeStampedModel(models.Model):
    """Bookkeeping: dates kept apart from the domain's own dates, and a version for locking.

    ``version`` counts the saves of a record. Every save of an existing record is an
    ``UPDATE ... WHERE version = <the version this instance was read at>`` that bumps it;
    when another save came first no row matches and :class:`StaleRecordError` is raised, so
    an edit based on an outdated copy is refused instead of silently overwriting (optimistic
    locking). Bulk writes bump it themselves (see ``importers/history.py``).
    """

    created = models.DateTimeField(_("created"), auto_now_add=True, editable=False)
    last_updated = models.DateTimeField(
        _("last updated"), auto_now=True, editable=False, db_index=True
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        help_text=_("How many times the record was saved; an edit must start from the latest."),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding or kwargs.get("force_insert"):
            return super().save(*args, **kwargs)
        self._expected_version = self.version
        self.version = self._expected_version + 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        try:
            return super().save(*args, **kwargs)
        except BaseException:
            self.version = self._expected_version
            raise
        finally:
            self._expected_version = None

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        expected = getattr(self, "_expected_version", None)
        if expected is None:
            return super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update)
        current = base_qs.filter(version=expected)
        if super()._do_update(current, using, pk_val, values, update_fields, forced_update):
            return True
        if base_qs.filter(pk=pk_val).exists():
            raise StaleRecordError(self, expected)
        return False  # deleted meanwhile: Django inserts it again, as it always has


class SlugQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class SlugModel(TimeStampedModel):
    """Reference data, identified in fixtures and URLs by its slug."""

    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("Short stable identifier used in URLs, filters and fixtures, e.g. us-ofac."),
    )

    objects = SlugQuerySet.as_manager()

    class Meta:
        abstract = True

    def natural_key(self):
        return (self.slug,)
