"""The "History" section of detail pages: the record's own recorded changes."""

from django import template
from django.urls import reverse

from ..tracking.feed import read_changes

register = template.Library()

HISTORY_SHOWN = 20


@register.inclusion_tag("sanctions/includes/record_history.html")
def record_history(record):
    """The latest changes of ``record``, newest first, with old and new values."""
    page = read_changes({}, HISTORY_SHOWN, record=record, newest_first=True)
    url = reverse("sanctions:change_list") + f"?model={record._meta.model_name}"
    kind = record._meta.verbose_name
    return {"changes": page.changes, "more": page.has_more, "all_url": url, "kind": kind}
