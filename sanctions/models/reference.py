"""Reference data: agencies, legal authorities, programs and measures."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from ..choices import AGENCY_COUNTRY_CODES, AuthorityKind, IssuerCountries, ProgramStatus
from .base import History, SlugModel, SlugQuerySet, URLField, country_constraint


class Agency(SlugModel):
    """A body that issues sanctions: OFAC, the State Department, the UN Security Council."""

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent agency"),
        help_text=_("The body this one belongs to, e.g. OFAC belongs to the U.S. Treasury."),
    )
    country = CountryField(
        _("country"),
        countries=IssuerCountries,
        blank=True,
        help_text=_("ISO 3166-1 code; EU or UN for supranational bodies."),
    )
    website = URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)

    history = History()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        constraints = [
            country_constraint("agency_country_known", codes=AGENCY_COUNTRY_CODES),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")),
                name="agency_not_own_parent",
                violation_error_message=_("An agency cannot be its own parent."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return reverse("sanctions:agency_detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("An agency cannot be its own ancestor.")})
            ancestor = ancestor.parent


class LegalAuthority(SlugModel):
    """A legal instrument designations rest on: an executive order, a statute, a resolution."""

    title = models.CharField(_("title"), max_length=300, help_text=_("Executive Order 13687"))
    kind = models.CharField(_("kind"), max_length=30, choices=AuthorityKind.choices)
    citation = models.CharField(
        _("citation"),
        max_length=200,
        blank=True,
        help_text=_("Formal citation, e.g. Pub. L. 114-122, 130 Stat. 93."),
    )
    country = CountryField(_("country"), countries=IssuerCountries, blank=True)
    enacted_on = models.DateField(_("enacted on"), null=True, blank=True)
    url = URLField(_("URL"), blank=True, max_length=500)
    summary = models.TextField(_("summary"), blank=True)

    history = History()

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("legal authority")
        verbose_name_plural = _("legal authorities")
        constraints = [
            country_constraint("legalauthority_country_known", codes=AGENCY_COUNTRY_CODES),
            models.CheckConstraint(
                condition=Q(kind__in=AuthorityKind.values),
                name="legalauthority_kind_valid",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("sanctions:authority_detail", kwargs={"slug": self.slug})


class ProgramQuerySet(SlugQuerySet):
    def by_code_or_slug(self, values):
        """Programs named by their agency's code in any case (DPRK2, dprk2) or by their slug.

        People type the code they read on a list; links and scripts carry the slug. Every
        filter that takes a program (the lists, the API, screening, the change feed) reads
        it this way.
        """
        # No code or slug holds a NUL, and PostgreSQL refuses one in a query: such a value
        # names no program.
        values = [value for value in values if "\x00" not in value]
        condition = Q(slug__in=values)
        for value in values:
            condition |= Q(code__iexact=value)
        return self.filter(condition)

    def unknown_names(self, values):
        """The values, in the order given, that are neither a program's code nor its slug."""
        slugs, codes = set(), set()
        for slug, code in self.by_code_or_slug(values).values_list("slug", "code"):
            slugs.add(slug)
            codes.add(code.casefold())
        return [value for value in values if value not in slugs and value.casefold() not in codes]


class Program(SlugModel):
    """A sanctions program or regime as its agency names it (OFAC DPRK2, UN DPRK)."""

    code = models.CharField(
        _("code"), max_length=50, help_text=_("The agency's own tag, e.g. DPRK2 or SDGT.")
    )
    name = models.CharField(_("name"), max_length=300, blank=True)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="programs", verbose_name=_("agency")
    )
    authorities = models.ManyToManyField(
        LegalAuthority,
        blank=True,
        related_name="programs",
        verbose_name=_("legal authorities"),
        help_text=_("The instruments this program rests on; imports use this mapping."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ProgramStatus.choices, default=ProgramStatus.ACTIVE
    )
    url = URLField(_("URL"), blank=True, max_length=500)
    description = models.TextField(_("description"), blank=True)

    objects = ProgramQuerySet.as_manager()
    history = History(m2m_fields=[authorities])

    class Meta:
        ordering = ["code", "id"]
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "code"],
                name="program_code_unique_per_agency",
                violation_error_message=_("This agency already has a program with this code."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=ProgramStatus.values), name="program_status_valid"
            ),
        ]

    def __str__(self):
        return f"{self.code} — {self.name}" if self.name else self.code

    def get_absolute_url(self):
        return reverse("sanctions:program_detail", kwargs={"slug": self.slug})


class Measure(SlugModel):
    """What a designation does: asset freeze, transaction ban, travel ban, arms embargo."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)

    history = History()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self):
        return self.name
