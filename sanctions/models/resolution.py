"""Cross-list resolution: pairs of subjects that may be one party, and the merges made of them.

Both are data with history, never flags on subjects: a pair keeps every decision taken on it
(who, when, the score at the time), and a merge keeps what moved so that a split puts it back.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from ..choices import PairDecision, SourceList
from .base import History, TimeStampedModel
from .parties import Subject


def empty_dict():
    return {}


class SubjectPairQuerySet(models.QuerySet):
    def waiting(self):
        """Pairs no one has decided yet, or marked unsure: the review queue. A pair with a
        subject merged into a third since is left out: that subject no longer stands for
        itself, and ``xref`` proposes its survivor instead."""
        return self.filter(
            Q(decision="") | Q(decision=PairDecision.UNSURE),
            subject_a__merged_into__isnull=True,
            subject_b__merged_into__isnull=True,
        )

    def of(self, first, second):
        """The pair of these two subjects (ids or instances), in either order."""
        low, high = sorted(getattr(s, "pk", s) for s in (first, second))
        return self.filter(subject_a_id=low, subject_b_id=high)


class SubjectPair(TimeStampedModel):
    """Two subjects, from different lists, that may be the same party, and the decision on it."""

    subject_a = models.ForeignKey(
        Subject,
        on_delete=models.CASCADE,
        related_name="pairs_as_a",
        verbose_name=_("first subject"),
        help_text=_("The subject with the lower id."),
    )
    subject_b = models.ForeignKey(
        Subject,
        on_delete=models.CASCADE,
        related_name="pairs_as_b",
        verbose_name=_("second subject"),
    )
    score = models.FloatField(
        _("score"), help_text=_("How likely the two are one party, from 0 to 1.")
    )
    explanation = models.JSONField(
        _("explanation"),
        default=empty_dict,
        blank=True,
        help_text=_("The evidence behind the score: shared identifiers, names, dates."),
    )
    decision = models.CharField(
        _("decision"), max_length=10, choices=PairDecision.choices, blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_score = models.FloatField(
        _("score when decided"), null=True, blank=True, editable=False
    )
    automatic = models.BooleanField(
        _("decided automatically"),
        default=False,
        help_text=_("Merged by xref: a strong shared identifier and nothing in conflict."),
    )

    objects = SubjectPairQuerySet.as_manager()
    history = History()

    class Meta:
        ordering = ["-score", "id"]
        verbose_name = _("proposed pair")
        verbose_name_plural = _("proposed pairs")
        indexes = [models.Index(fields=["decision", "-score"], name="subjectpair_queue_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_a", "subject_b"],
                name="subjectpair_unique",
                violation_error_message=_("This pair is already proposed."),
            ),
            models.CheckConstraint(
                condition=Q(subject_a__lt=F("subject_b")),
                name="subjectpair_ordered",
                violation_error_message=_("A pair is two different subjects, lower id first."),
            ),
            models.CheckConstraint(
                condition=Q(decision__in=[*PairDecision.values, ""]),
                name="subjectpair_decision_valid",
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=1),
                name="subjectpair_score_range",
            ),
        ]

    def __str__(self):
        return f"{self.subject_a} ↔ {self.subject_b}"

    def clean(self):
        super().clean()
        if self.subject_a_id and self.subject_b_id and self.subject_a_id >= self.subject_b_id:
            raise ValidationError(_("A pair is two different subjects, lower id first."))


class SubjectMerge(TimeStampedModel):
    """One subject absorbed into another; ``moved`` lists what moved, so a split undoes it."""

    survivor = models.ForeignKey(
        Subject,
        on_delete=models.PROTECT,
        related_name="merges",
        verbose_name=_("survivor"),
        help_text=_("The subject that holds everything after the merge."),
    )
    absorbed = models.ForeignKey(
        Subject,
        on_delete=models.PROTECT,
        related_name="absorptions",
        verbose_name=_("absorbed subject"),
        help_text=_("Its page and API URL redirect to the survivor until the merge is split."),
    )
    pair = models.ForeignKey(
        SubjectPair,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merges",
        verbose_name=_("pair"),
    )
    moved = models.JSONField(
        _("moved records"),
        default=empty_dict,
        blank=True,
        help_text=_("The ids of the records that moved to the survivor, by model."),
    )
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("merged by"),
    )
    automatic = models.BooleanField(_("automatic"), default=False)
    split_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("split by"),
    )
    split_at = models.DateTimeField(
        _("split at"), null=True, blank=True, help_text=_("Empty while the merge holds.")
    )

    history = History()

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("subject merge")
        verbose_name_plural = _("subject merges")
        constraints = [
            models.CheckConstraint(
                condition=~Q(survivor=F("absorbed")),
                name="subjectmerge_two_subjects",
                violation_error_message=_("A subject cannot be merged into itself."),
            ),
            models.UniqueConstraint(
                fields=["absorbed"],
                condition=Q(split_at__isnull=True),
                name="subjectmerge_one_holding_per_absorbed",
                violation_error_message=_("This subject is already merged into another."),
            ),
        ]

    def __str__(self):
        return f"{self.absorbed} → {self.survivor}"


class XrefRun(models.Model):
    """One completed run of cross-list resolution (``manage.py xref``): what it did, and
    from when the next incremental run looks for new and changed subjects."""

    started = models.DateTimeField(_("started"))
    finished = models.DateTimeField(_("finished"))
    incremental = models.BooleanField(
        _("incremental"), default=False, help_text=_("Only subjects new or changed since.")
    )
    last_import_run = models.PositiveIntegerField(
        _("last import run"),
        default=0,
        help_text=_("The newest import run when it started: the next run reads the later ones."),
    )
    subjects = models.PositiveIntegerField(_("subjects compared"), default=0)
    proposed = models.PositiveIntegerField(_("pairs proposed"), default=0)
    updated = models.PositiveIntegerField(_("pairs updated"), default=0)
    merged = models.PositiveIntegerField(_("subjects merged"), default=0)
    skipped = models.PositiveIntegerField(
        _("pairs skipped"), default=0, help_text=_("Pairs an analyst had already decided.")
    )

    class Meta:
        ordering = ["-started", "-id"]
        verbose_name = _("xref run")
        verbose_name_plural = _("xref runs")

    def __str__(self):
        return f"xref {self.started:%Y-%m-%d %H:%M}"


# The counterparts of a UN listing that the dashboard follows: the agencies' countries.
COUNTERPARTS = {"ofac": "US", "uk": "GB", "eu": "EU"}


def resolution_counts():
    """How far cross-list resolution got, in three queries whatever the number of rows:
    ``on_several_lists`` (subjects with entries on two lists or more), ``waiting`` (pairs in
    the review queue), ``un_listed`` (subjects on the UN list today) and, for each of
    COUNTERPARTS, how many of those carry a designation by that country's agencies too."""
    # List entries and designations point at subjects from modules above this one.
    ListEntry = Subject._meta.get_field("list_entries").related_model
    Designation = Subject._meta.get_field("designations").related_model
    several = (
        ListEntry.objects.filter(subject__merged_into__isnull=True)
        .values("subject")
        .annotate(lists=Count("list", distinct=True))
        .filter(lists__gt=1)
    )
    un_entry = ListEntry.objects.filter(
        subject=OuterRef("pk"), list=SourceList.UN_CONSOLIDATED, removed_on__isnull=True
    )
    designated = {
        name: Exists(Designation.objects.filter(subject=OuterRef("pk"), agency__country=country))
        for name, country in COUNTERPARTS.items()
    }
    linked = Subject.objects.filter(Exists(un_entry)).aggregate(
        un_listed=Count("pk"),
        **{name: Count("pk", filter=Q(condition)) for name, condition in designated.items()},
    )
    return {
        "on_several_lists": several.count(),
        "waiting": SubjectPair.objects.waiting().count(),
        **linked,
    }
