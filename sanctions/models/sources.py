"""Sources: the articles and notices that report sanctions, and the passages cited."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..choices import ArticleKind
from .base import History, TimeStampedModel, URLField
from .designations import Designation
from .parties import Subject


class SourceArticle(TimeStampedModel):
    """A news report, press release or official notice that reports sanctions."""

    kind = models.CharField(
        _("kind"), max_length=20, choices=ArticleKind.choices, default=ArticleKind.NEWS
    )
    url = URLField(_("URL"), blank=True, max_length=500)
    title = models.CharField(_("title"), max_length=500)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    author = models.CharField(_("author"), max_length=200, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    language = models.CharField(
        _("language"), max_length=8, blank=True, help_text=_("ISO 639 code, e.g. en.")
    )
    summary = models.TextField(_("summary"), blank=True)
    text = models.TextField(_("text"), blank=True)

    history = History()

    class Meta:
        ordering = [models.F("published_on").desc(nulls_last=True), "title", "id"]
        verbose_name = _("source article")
        verbose_name_plural = _("source articles")
        constraints = [
            models.UniqueConstraint(
                fields=["url"],
                condition=~Q(url=""),
                name="sourcearticle_url_unique",
                violation_error_message=_("An article with this URL is already recorded."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ArticleKind.values), name="sourcearticle_kind_valid"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("sanctions:article_detail", kwargs={"pk": self.pk})


class Citation(TimeStampedModel):
    """A passage of an article that supports a subject's record or a designation."""

    article = models.ForeignKey(
        SourceArticle,
        on_delete=models.CASCADE,
        related_name="citations",
        verbose_name=_("article"),
    )
    subject = models.ForeignKey(
        Subject,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="citations",
        verbose_name=_("subject"),
    )
    designation = models.ForeignKey(
        Designation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="citations",
        verbose_name=_("designation"),
    )
    quote = models.TextField(_("quote"), blank=True, help_text=_("The words that support it."))

    history = History()

    class Meta:
        ordering = ["article", "id"]
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        constraints = [
            models.CheckConstraint(
                condition=Q(subject__isnull=False) | Q(designation__isnull=False),
                name="citation_links_something",
                violation_error_message=_("A citation must link to a subject or a designation."),
            ),
        ]

    def __str__(self):
        return f"{self.article} → {self.designation or self.subject}"

    def save(self, *args, **kwargs):
        # A designation's citation is also its subject's: the subject's page shows it.
        if self.designation_id and not self.subject_id:
            self.subject_id = self.designation.subject_id
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        # A subject being created in the same save (an inline of its add form) has no id yet.
        subject = self.subject if self.subject_id else self._state.fields_cache.get("subject")
        if subject is None and not self.designation_id:
            raise ValidationError(_("A citation must link to a subject or a designation."))
        if subject is not None and self.designation_id and not self._cites_own_designation(subject):
            raise ValidationError(
                {
                    "designation": _(
                        "This is a designation of another subject (%(other)s): cite it on "
                        "that subject's page, or choose one of this subject's designations."
                    )
                    % {"other": self.designation.subject}
                }
            )

    def _cites_own_designation(self, subject):
        return self.designation.subject_id == subject.pk
