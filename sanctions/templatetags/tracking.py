"""The "History" section of detail pages: the record's own recorded changes."""

from django import template
from django.urls import reverse

from ..models import Subject
from ..tracking.feed import read_changes
from ..tracking.readable import readable

register = template.Library()

HISTORY_SHOWN = 20


@register.inclusion_tag("sanctions/includes/record_history.html")
def record_history(record):
    """The latest changes of ``record``, newest first, with old and new values; a subject's
    include those of the parts of its record shown on its page."""
    parts = isinstance(record, Subject)
    page = read_changes({}, HISTORY_SHOWN, record=record, newest_first=True, parts=parts)
    url = reverse("sanctions:change_list") + f"?model={record._meta.model_name}"
    kind = record._meta.verbose_name
    return {
        "changes": readable(page.changes),
        "more": page.has_more,
        "all_url": url,
        "kind": kind,
        "show_record": parts,
    }
