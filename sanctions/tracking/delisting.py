"""Delisting and relisting as steps of the record, as the admin actions run them.

A delisting keeps the designation and records its date and source; a relisting is a new
designation that names the one it renews, so the delisted period stays on the record.
``timeline()`` adds those sources and relistings to the designation timeline.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ..models import Citation, Designation
from .history import designation_timeline


class WorkflowError(Exception):
    """A delisting or relisting that does not apply to this designation."""


SOURCE_NEEDED = _("Give the source of the delisting: an article or a notice URL.")


def check_delisting(designation, day, article=None, url=""):
    """The one rule of a delisting, whichever way an analyst enters it (the Delist action or
    the "Delisted on" field): a date not before the listing and a source that says so."""
    if designation.delisted_on is not None:
        raise WorkflowError(
            _("%(designation)s is already delisted.") % {"designation": designation}
        )
    if designation.listed_on and day < designation.listed_on:
        raise WorkflowError(
            _("%(designation)s: the delisting date %(day)s is before the listing date %(listed)s.")
            % {"designation": designation, "day": day, "listed": designation.listed_on}
        )
    if article is None and not url:
        raise WorkflowError(SOURCE_NEEDED)


def check_relisting(designation, day):
    if designation.delisted_on is None:
        raise WorkflowError(_("%(designation)s is not delisted.") % {"designation": designation})
    if day < designation.delisted_on:
        raise WorkflowError(
            _(
                "%(designation)s: the relisting date %(day)s is before the delisting "
                "date %(delisted)s."
            )
            % {"designation": designation, "day": day, "delisted": designation.delisted_on}
        )


@transaction.atomic
def delist(designation, day, article=None, url="", user=None):
    """End a designation on ``day``, citing the article or notice that says so."""
    check_delisting(designation, day, article, url)
    designation.delisted_on = day
    designation.delisting_article = article
    designation.delisting_url = url or (article.url if article else "")
    designation._change_reason = "delisted"
    designation._history_user = user
    designation.save()
    if article is not None:
        Citation.objects.get_or_create(article=article, designation=designation)
    return designation


@transaction.atomic
def relist(designation, day, article=None, url="", user=None):
    """A new designation from ``day`` renewing a delisted one, with the same grounds."""
    check_relisting(designation, day)
    renewed = Designation(
        subject=designation.subject,
        agency=designation.agency,
        program=designation.program,
        listed_on=day,
        reason=designation.reason,
        reference="",
        source_url=url or (article.url if article else ""),
        relisted_from=designation,
    )
    renewed._change_reason = "relisted"
    renewed._history_user = user
    renewed.save()
    renewed.authorities.set(designation.authorities.all())
    renewed.measures.set(designation.measures.all())
    if article is not None:
        Citation.objects.create(article=article, designation=renewed, subject=renewed.subject)
    return renewed


def timeline(designations):
    """The designation timeline, with relistings named and each delisting's source."""
    events = [
        event
        for event in designation_timeline(designations)
        if not (event.kind == "amended" and _only_delisting_source(event.changed))
    ]
    for event in events:
        designation = event.designation
        if event.kind == "listed" and designation.relisted_from_id:
            event.kind = "relisted"
        if event.kind == "delisted":
            article = designation.delisting_article
            event.source_label = article.title if article else designation.delisting_url
            event.source_url = designation.delisting_url or (article.url if article else "")
            event.source_page = article.get_absolute_url() if article else ""
    return events


DELISTING_SOURCE = {
    str(Designation._meta.get_field(name).verbose_name)
    for name in ("delisting_article", "delisting_url")
}


def _only_delisting_source(changed):
    # Recorded with the delisting itself, which the timeline already shows with its source.
    return {str(name) for name in changed} <= DELISTING_SOURCE
