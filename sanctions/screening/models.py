"""The name index: every name of every subject, folded, with the keys that find it.

Derived data, rebuilt from subjects and aliases by :mod:`sanctions.screening.index`; it has
no history of its own and is never edited by hand.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IndexedName(models.Model):
    """One Latin spelling of one name of a subject (its own name or an alias)."""

    subject = models.ForeignKey(
        "sanctions.Subject",
        on_delete=models.CASCADE,
        related_name="indexed_names",
        verbose_name=_("subject"),
    )
    alias = models.ForeignKey(
        "sanctions.Alias",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indexed_names",
        verbose_name=_("alias"),
        help_text=_("Empty for the subject's own name."),
    )
    name = models.CharField(_("name as written"), max_length=300)
    spelling = models.CharField(_("folded Latin spelling"), max_length=500)
    weak = models.BooleanField(_("weak alias"), default=False)

    class Meta:
        ordering = ["subject", "id"]
        verbose_name = _("indexed name")
        verbose_name_plural = _("indexed names")

    def __str__(self):
        return self.spelling


class NameKey(models.Model):
    """A search key of an indexed name: a word, its consonant outline, or two words joined."""

    name = models.ForeignKey(
        IndexedName, on_delete=models.CASCADE, related_name="keys", verbose_name=_("name")
    )
    # Repeated from the name so that filters on subjects need no join through it.
    subject = models.ForeignKey(
        "sanctions.Subject",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("subject"),
    )
    key = models.CharField(_("key"), max_length=64)
    # How many words the name has: of two names sharing a query's keys, the shorter ranks first.
    words = models.PositiveSmallIntegerField(_("words"), default=1)

    class Meta:
        ordering = ["key", "id"]
        verbose_name = _("name key")
        verbose_name_plural = _("name keys")
        indexes = [models.Index(fields=["key", "name"], name="namekey_key_name_idx")]

    def __str__(self):
        return self.key
