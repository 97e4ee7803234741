"""``/changes/feed/``: the change feed as Atom, filterable like ``/changes/``."""

import re

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from .feed import DEFAULT_PAGE_SIZE, ChangeFilterForm, read_changes

# What XML 1.0 cannot carry at all, even escaped: most control characters, lone surrogates,
# U+FFFE and U+FFFF. A record's text may hold them (a form feed pasted from a PDF).
NOT_IN_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text):
    """``text`` without the characters an XML document cannot hold."""
    return NOT_IN_XML.sub("", str(text))


class ChangeFeed(Feed):
    """The latest changes matching the parameters, newest first, one entry per change.

    Readers log in as on the site, or send ``Authorization: Token <key>`` as scripts do.
    """

    feed_type = Atom1Feed
    title = "Sanctions Tracker: changes"
    subtitle = "Every recorded change to sanctioned parties, designations and their sources."

    def __call__(self, request, *args, **kwargs):
        if not settings.TRACKER_PUBLIC_READ and not _reader(request):
            return redirect_to_login(request.get_full_path())
        form = ChangeFilterForm(request.GET)
        if not form.is_valid():
            lines = [f"{name}: {' '.join(errors)}\n" for name, errors in form.errors.items()]
            return HttpResponseBadRequest("".join(lines), content_type="text/plain; charset=utf-8")
        self.params = form.cleaned_data
        return super().__call__(request, *args, **kwargs)

    def link(self):
        return reverse("sanctions:change_list")

    def items(self):
        size = self.params.get("page_size") or DEFAULT_PAGE_SIZE
        return read_changes(self.params, size, newest_first=True).changes

    def item_title(self, change):
        return xml_text(f"{change.model_label.capitalize()} {change.action}: {change.name}")

    def item_description(self, change):
        lines = [f"{item['field']}: {item['old']} → {item['new']}" for item in change.changes]
        return xml_text("\n".join(lines) or change.reason)

    def item_link(self, change):
        return change.url or f"{reverse('sanctions:change_list')}?model={change.model_name}"

    def item_guid(self, change):
        return f"tag:sanctions-tracker,change:{change.id}"

    item_guid_is_permalink = False

    def item_pubdate(self, change):
        return change.when

    def item_updateddate(self, change):
        return change.when

    def item_author_name(self, change):
        return xml_text(change.who or "a script")


def _reader(request):
    if request.user.is_authenticated:
        return True
    try:
        found = TokenAuthentication().authenticate(request)
    except AuthenticationFailed:
        return False
    return found is not None
