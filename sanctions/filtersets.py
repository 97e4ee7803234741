"""One FilterSet per listable model, shared by the web lists and the API.

Parameter names are a public contract (see docs/filters.md): users' scripts rely on them.
Repeating a parameter combines its values with OR; different parameters combine with AND.
A blank value (``?status=``) means the parameter was not given. A bad value is a form error
that says what is allowed; the API answers it with a 400 naming the parameter.
"""

import datetime
import operator
import re
from functools import reduce

import django_filters as filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db.models import Exists, F, OuterRef, Q
from django.utils.datastructures import MultiValueDict
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_filters.constants import EMPTY_VALUES
from django_filters.fields import IsoDateTimeField, ModelMultipleChoiceField

from .choices import (
    AGENCY_COUNTRY_CODES,
    COUNTRY_CODES,
    EXTRA_COUNTRIES,
    ISSUER_EXTRA_COUNTRIES,
    ArticleKind,
    AuthorityKind,
    DesignationStatus,
    ProgramStatus,
    SourceList,
    SubjectKind,
)
from .models import (
    Agency,
    Citation,
    Designation,
    LegalAuthority,
    ListEntry,
    Measure,
    Nationality,
    Program,
    SourceArticle,
    Subject,
)

# Only ISO dates: "01/02/2018" means a different day on each side of the Atlantic.
ISO_DATE_FORMATS = ["%Y-%m-%d"]


def country_choices():
    names = {**dict(countries), **EXTRA_COUNTRIES}
    return sorted(
        ((code, f"{names[code]} ({code})") for code in COUNTRY_CODES), key=lambda c: str(c[1])
    )


def issuer_country_choices():
    names = dict(countries)
    names.update(ISSUER_EXTRA_COUNTRIES)
    return [(code, f"{names.get(code, code)} ({code})") for code in AGENCY_COUNTRY_CODES]


def invalid_choice(allowed):
    """An error message that lists what is allowed; Django fills in ``%(value)s``."""
    return format_lazy(_("“%(value)s” is not allowed; use one of: {allowed}."), allowed=allowed)


def values_of(choices):
    return ", ".join(value for value, _label in choices)


INVALID_COUNTRY = _(
    "“%(value)s” is not a country code; use ISO 3166-1 alpha-2 in capitals, e.g. KP."
)
INVALID_ISSUER_COUNTRY = _(
    "“%(value)s” is not a country code; use ISO 3166-1 alpha-2 in capitals (e.g. US), or EU or UN."
)


# --- Widgets, fields and filters ----------------------------------------------------------


class MultipleTextInput(forms.MultipleHiddenInput):
    """A text box per value of a repeated parameter (``?subject=1&subject=2``).

    Free values such as ids and publishers cannot be offered as a list of options (there may
    be a hundred thousand subjects), so each is typed; one empty box is shown when none is.
    """

    input_type = "text"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value or [""], attrs)
        for subwidget in context["widget"]["subwidgets"]:
            subwidget["type"] = self.input_type
        return context


class MultipleCharField(forms.Field):
    """Several free-text values, each stripped; blank values are dropped."""

    widget = MultipleTextInput

    def to_python(self, value):
        if not value:
            return []
        if not isinstance(value, list | tuple):
            value = [value]
        return [str(item).strip() for item in value if str(item).strip()]

    def validate(self, value):
        super().validate(value)
        for item in value:
            ProhibitNullCharactersValidator()(item)


class MultipleCharFilter(filters.MultipleChoiceFilter):
    """Any of several free-text values (``?publisher=AFP&publisher=Reuters``)."""

    field_class = MultipleCharField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.null_value = None  # "null" is a publisher's name like any other, not NULL


class ProgramChoiceField(forms.MultipleChoiceField):
    """Programs named by their agency's code (DPRK2, any case) or by their slug.

    The choices are only loaded when a form shows them; validating asks the database once.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", program_choices)  # a callable is evaluated lazily
        super().__init__(*args, **kwargs)

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        if not value:
            return
        slugs, codes = set(), set()
        for slug, code in Program.objects.values_list("slug", "code"):
            slugs.add(slug)
            codes.add(code.casefold())
        for item in value:
            if item not in slugs and item.casefold() not in codes:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )


def program_choices():
    programs = Program.objects.select_related("agency").order_by("code", "id")
    return [
        (program.slug, f"{program.code} ({program.agency.acronym or program.agency.name})")
        for program in programs
    ]


class ProgramFilter(filters.MultipleChoiceFilter):
    field_class = ProgramChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "error_messages",
            {
                "invalid_choice": _(
                    "“%(value)s” is not the code (e.g. DPRK2) or the slug of any program."
                )
            },
        )
        super().__init__(*args, **kwargs)


class ChangedSinceField(IsoDateTimeField):
    """An ISO 8601 date-time; a bare date means its midnight. Without an offset, UTC.

    An unencoded "+" in a query string arrives as a space, so "...T00:00:00+02:00" typed
    into a URL arrives as "...T00:00:00 02:00": the space before the offset is read as "+".
    """

    default_error_messages = {
        "invalid": _(
            "Enter an ISO 8601 date-time such as 2024-01-01T00:00:00Z, or a date (2024-01-01)."
        ),
    }
    unencoded_offset = re.compile(r"(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}(?::?\d{2})?)$")

    def to_python(self, value):
        if isinstance(value, str):
            value = self.unencoded_offset.sub(r"\1+\2", value.strip())
        result = super().to_python(value)
        if result is not None:
            try:
                # Databases compare in UTC; some moments have none (year 1 at 00:00+01:00).
                result.astimezone(datetime.UTC)
            except OverflowError:
                raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        return result


class ChangedSinceFilter(filters.IsoDateTimeFilter):
    field_class = ChangedSinceField


class OrderingFilter(filters.OrderingFilter):
    """Sort by the documented fields only, ties broken by id so that pages never overlap.

    Unknown dates sort last in either direction, on every database.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = values_of(self.extra["choices"])
        self.extra.setdefault("error_messages", {"invalid_choice": invalid_choice(allowed)})
        if not self.extra.get("help_text"):
            self.extra["help_text"] = format_lazy(
                _("Sort by {allowed}: a leading - reverses; several, comma-separated."),
                allowed=values_of(self.extra["choices"][::2]),
            )

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        ordering = [self.get_ordering_value(param) for param in value if param]
        if not ordering:
            return qs
        names = [name.lstrip("-") for name in ordering]
        if "id" not in names:
            ordering.append("id")
        return qs.order_by(*(self.nulls_last(name) for name in ordering))

    @staticmethod
    def nulls_last(name):
        if name.startswith("-"):
            return F(name[1:]).desc(nulls_last=True)
        return F(name).asc(nulls_last=True)


def choice_filter(choices, label, help_text, **kwargs):
    """Any of a fixed vocabulary; the error lists the vocabulary."""
    kwargs.setdefault("error_messages", {"invalid_choice": invalid_choice(values_of(choices))})
    return filters.MultipleChoiceFilter(
        choices=choices, label=label, help_text=help_text, distinct=False, **kwargs
    )


class SlugMultipleChoiceFilter(filters.ModelMultipleChoiceFilter):
    """Records named by slug in the query and matched as records (``agency=<Agency>``).

    django-filter would match ``agency="us-ofac"``, comparing a slug with an id.
    """

    def get_filter_predicate(self, v):
        return {self.field_name: v}


def slug_filter(queryset, label, help_text, field_name, method=None):
    """Any of several reference records, named by slug (``?agency=us-ofac&agency=uk-ofsi``)."""
    noun = queryset.model._meta.verbose_name
    return SlugMultipleChoiceFilter(
        queryset=queryset,
        to_field_name="slug",
        field_name=field_name,
        method=method,
        label=label,
        help_text=help_text,
        distinct=False,
        error_messages={
            "invalid_choice": format_lazy(
                _("“%(value)s” is not the slug of any {noun}."), noun=noun
            ),
        },
    )


class IdMultipleChoiceField(ModelMultipleChoiceField):
    """Records by id; an id too large for any database is no record, not a database error."""

    largest_id = 2**63 - 1

    def clean(self, value):
        # Nothing is [], not Django's empty QuerySet: django-filter calls a filter's method
        # for any value but [], (), {}, "" and None, and would filter everything out.
        if not value and not self.required:
            return []
        return super().clean(value)

    def _check_values(self, value):
        for item in value:
            if str(item).isdigit() and int(item) > self.largest_id:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )
        return super()._check_values(value)


class IdMultipleChoiceFilter(filters.ModelMultipleChoiceFilter):
    field_class = IdMultipleChoiceField


def subject_id_filter(field_name, method=None):
    return IdMultipleChoiceFilter(
        queryset=Subject.objects.all(),
        field_name=field_name,
        method=method,
        label=_("Subject (id)"),
        help_text=_("The id of a subject; repeat for several."),
        widget=MultipleTextInput,
        distinct=False,
        error_messages={
            "invalid_choice": _("“%(value)s” is not the id of any subject."),
            "invalid_pk_value": _("“%(pk)s” is not a subject id (a whole number)."),
        },
    )


def date_filter(field_name, lookup_expr, label, help_text, method=None):
    return filters.DateFilter(
        field_name=field_name,
        lookup_expr=lookup_expr,
        method=method,
        label=label,
        help_text=help_text,
        input_formats=ISO_DATE_FORMATS,
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD, e.g. 2018-12-10.")},
    )


def active_on_filter():
    return date_filter(
        "designations__listed_on",
        "lte",
        _("Active on"),
        _(
            "A designation in force on this day (YYYY-MM-DD): listed on or before it (or with "
            "no listing date) and not delisted on or before it."
        ),
        method="by_designation",
    )


def changed_since_filter():
    return ChangedSinceFilter(
        field_name="last_updated",
        lookup_expr="gte",
        label=_("Changed since"),
        help_text=_(
            "Records changed at or after this moment: an ISO 8601 date-time such as "
            "2024-01-01T00:00:00Z (UTC unless an offset is given), or a date."
        ),
    )


class BaseFilterSet(filters.FilterSet):
    """Blank values are dropped before validation: ``?status=&q=`` filters nothing."""

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = without_blank_values(data)
        super().__init__(data, *args, **kwargs)


def without_blank_values(data):
    if not hasattr(data, "lists"):
        # A plain dict from code rather than a request's QueryDict.
        data = MultiValueDict(
            {
                key: value if isinstance(value, list | tuple) else [value]
                for key, value in data.items()
            }
        )
    cleaned = data.copy()
    for key, values in data.lists():
        kept = [value for value in values if str(value).strip()]
        if kept:
            cleaned.setlist(key, kept)
        else:
            del cleaned[key]
    return cleaned


# --- Designation conditions ---------------------------------------------------------------


class DesignationConditions:
    """The designation filters, applied together to one designation.

    "OFAC under E.O. 13687 in 2018" means one designation that meets all three, not three
    designations that each meet one.
    """

    names = (
        "agency",
        "program",
        "authority",
        "measure",
        "status",
        "listed_after",
        "listed_before",
        "delisted_after",
        "delisted_before",
        "active_on",
    )
    bounds = {
        "listed_after": "listed_on__gte",
        "listed_before": "listed_on__lte",
        "delisted_after": "delisted_on__gte",
        "delisted_before": "delisted_on__lte",
    }

    @classmethod
    def apply(cls, designations, data):
        """Designations that meet every condition in ``data`` except ``status``."""
        if data.get("agency"):
            designations = designations.filter(agency__in=data["agency"])
        if data.get("program"):
            designations = designations.filter(program_matches(data["program"]))
        if data.get("authority"):
            through = Designation.authorities.through.objects.filter(
                legalauthority__in=data["authority"]
            )
            designations = designations.filter(pk__in=through.values("designation_id"))
        if data.get("measure"):
            through = Designation.measures.through.objects.filter(measure__in=data["measure"])
            designations = designations.filter(pk__in=through.values("designation_id"))
        for name, lookup in cls.bounds.items():
            if data.get(name):
                designations = designations.filter(**{lookup: data[name]})
        if data.get("active_on"):
            designations = designations.active(on=data["active_on"])
        return designations

    @staticmethod
    def by_status(designations, statuses):
        """Designations active today, delisted by today, or either."""
        statuses = set(statuses or ())
        # The QuerySet rules OR-ed directly: a "pk IN (subquery)" inside the subjects'
        # EXISTS took minutes on SQLite with 20,000 designations.
        chosen = []
        if DesignationStatus.ACTIVE in statuses:
            chosen.append(designations.active())
        if DesignationStatus.DELISTED in statuses:
            chosen.append(designations.delisted())
        return reduce(operator.or_, chosen) if chosen else designations


def program_matches(values):
    """A Q for programs given by code (any case) or slug."""
    query = Q()
    for value in values:
        query |= Q(program__slug=value) | Q(program__code__iexact=value)
    return query


class DesignationConditionsFilterSet(BaseFilterSet):
    """Its designation filters are applied together, in ``filter_queryset()``."""

    def by_designation(self, queryset, name, value):
        # Applied all at once in filter_queryset(), on one designation.
        return queryset

    def designation_conditions(self):
        return {name: self.form.cleaned_data.get(name) for name in DesignationConditions.names}


# --- FilterSets ---------------------------------------------------------------------------


class SubjectFilterSet(DesignationConditionsFilterSet):
    q = filters.CharFilter(
        label=_("Name or alias"),
        method="filter_q",
        help_text=_(
            "Words of a name or alias, in any order; case, accents and punctuation do not "
            "matter (Ryong-hae, RYONG HAE and ryong hae are the same)."
        ),
    )
    kind = choice_filter(SubjectKind.choices, _("Kind"), _("The kind of subject."))
    nationality = filters.MultipleChoiceFilter(
        choices=country_choices,
        field_name="nationalities__country",
        method="filter_nationality",
        label=_("Nationality"),
        help_text=_("A nationality or citizenship: ISO 3166-1 alpha-2 code, e.g. KP."),
        error_messages={"invalid_choice": INVALID_COUNTRY},
    )
    agency = slug_filter(
        Agency.objects.all(),
        _("Agency"),
        _("Designated by this agency: its slug, e.g. us-ofac."),
        "designations__agency",
        "by_designation",
    )
    program = ProgramFilter(
        label=_("Program (code or slug)"),
        field_name="designations__program__code",
        method="by_designation",
        help_text=_("A program's code (DPRK2, any case) or slug (us-ofac-dprk2)."),
    )
    authority = slug_filter(
        LegalAuthority.objects.all(),
        _("Legal authority"),
        _("Designated under this legal authority: its slug, e.g. eo-13687."),
        "designations__authorities",
        "by_designation",
    )
    measure = slug_filter(
        Measure.objects.all(),
        _("Measure"),
        _("Designated with this measure: its slug, e.g. asset-freeze."),
        "designations__measures",
        "by_designation",
    )
    status = choice_filter(
        DesignationStatus.choices,
        _("Status"),
        _(
            "active: a designation is in force today; delisted: designated before, "
            "none in force today."
        ),
        method="by_designation",
    )
    listed_after = date_filter(
        "designations__listed_on",
        "gte",
        _("Listed on or after"),
        _("A designation listed on or after this day (YYYY-MM-DD)."),
        method="by_designation",
    )
    listed_before = date_filter(
        "designations__listed_on",
        "lte",
        _("Listed on or before"),
        _("A designation listed on or before this day (YYYY-MM-DD)."),
        method="by_designation",
    )
    active_on = active_on_filter()
    changed_since = changed_since_filter()
    ordering = OrderingFilter(
        fields=[("name", "name"), ("kind", "kind"), ("last_updated", "last_updated"), ("id", "id")],
        label=_("Order by"),
    )
    # Official lists (import issue): subjects with an entry on the list, listed or removed.
    list = filters.MultipleChoiceFilter(
        choices=SourceList.choices,
        label=_("Official list"),
        help_text=_("Subjects with an entry on this official list, e.g. us-ofac-sdn."),
        method="filter_list",
    )

    class Meta:
        model = Subject
        fields = [
            "q",
            "kind",
            "nationality",
            "agency",
            "program",
            "authority",
            "measure",
            "status",
            "listed_after",
            "listed_before",
            "active_on",
            "changed_since",
            "list",
        ]

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_nationality(self, queryset, name, value):
        held = Nationality.objects.filter(subject=OuterRef("pk"), country__in=value)
        return queryset.filter(Exists(held))

    def filter_list(self, queryset, name, value):
        entries = ListEntry.objects.filter(list__in=value, subject=OuterRef("pk"))
        return queryset.filter(Exists(entries))

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.designation_conditions()
        if not any(data.values()):
            return queryset
        designations = DesignationConditions.apply(Designation.objects.all(), data)
        if set(data.get("status") or ()) == {DesignationStatus.DELISTED}:
            # Delisted subjects: a matching designation has ended and none is still in force.
            ended = designations.delisted().filter(subject=OuterRef("pk"))
            running = designations.active().filter(subject=OuterRef("pk"))
            return queryset.filter(Exists(ended)).exclude(Exists(running))
        designations = DesignationConditions.by_status(designations, data.get("status"))
        return queryset.filter(Exists(designations.filter(subject=OuterRef("pk"))))


class DesignationFilterSet(DesignationConditionsFilterSet):
    subject = subject_id_filter("subject")
    agency = slug_filter(
        Agency.objects.all(),
        _("Agency"),
        _("The designating agency: its slug, e.g. us-ofac."),
        "agency",
        "by_designation",
    )
    program = ProgramFilter(
        label=_("Program (code or slug)"),
        field_name="program__code",
        method="by_designation",
        help_text=_("A program's code (DPRK2, any case) or slug (us-ofac-dprk2)."),
    )
    authority = slug_filter(
        LegalAuthority.objects.all(),
        _("Legal authority"),
        _("A legal authority of the designation: its slug, e.g. eo-13687."),
        "authorities",
        "by_designation",
    )
    measure = slug_filter(
        Measure.objects.all(),
        _("Measure"),
        _("A measure of the designation: its slug, e.g. asset-freeze."),
        "measures",
        "by_designation",
    )
    status = choice_filter(
        DesignationStatus.choices,
        _("Status"),
        _("active: in force today; delisted: delisted on or before today."),
        method="by_designation",
    )
    listed_after = date_filter(
        "listed_on", "gte", _("Listed on or after"), _("Listed on or after this day.")
    )
    listed_before = date_filter(
        "listed_on", "lte", _("Listed on or before"), _("Listed on or before this day.")
    )
    delisted_after = date_filter(
        "delisted_on", "gte", _("Delisted on or after"), _("Delisted on or after this day.")
    )
    delisted_before = date_filter(
        "delisted_on", "lte", _("Delisted on or before"), _("Delisted on or before this day.")
    )
    active_on = active_on_filter()
    changed_since = changed_since_filter()
    ordering = OrderingFilter(
        fields=[
            ("listed_on", "listed_on"),
            ("delisted_on", "delisted_on"),
            ("subject__name", "subject"),
            ("agency__name", "agency"),
            ("last_updated", "last_updated"),
            ("id", "id"),
        ],
        label=_("Order by"),
    )
    # Official lists (import issue): designations kept in step with an entry of the list.
    list = filters.MultipleChoiceFilter(
        choices=SourceList.choices,
        field_name="list_entry__list",
        label=_("Official list"),
        help_text=_("Designations kept in step with this official list, e.g. us-ofac-sdn."),
    )

    class Meta:
        model = Designation
        fields = [
            "subject",
            "agency",
            "program",
            "authority",
            "measure",
            "status",
            "listed_after",
            "listed_before",
            "delisted_after",
            "delisted_before",
            "active_on",
            "changed_since",
            "list",
        ]

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.designation_conditions()
        # The dates were applied by their own filters; apply() would only repeat them.
        data.update(dict.fromkeys(DesignationConditions.bounds))
        queryset = DesignationConditions.apply(queryset, data)
        return DesignationConditions.by_status(queryset, data.get("status"))


class SourceArticleFilterSet(BaseFilterSet):
    q = filters.CharFilter(
        label=_("Title or text"),
        method="filter_q",
        help_text=_("Words of the title, summary or text, in any order; case does not matter."),
    )
    kind = choice_filter(ArticleKind.choices, _("Kind"), _("The kind of article."))
    publisher = MultipleCharFilter(
        lookup_expr="iexact",
        label=_("Publisher"),
        help_text=_("The publisher's name, exactly but in any case, e.g. AFP."),
        distinct=False,
    )
    published_after = date_filter(
        "published_on", "gte", _("Published on or after"), _("Published on or after this day.")
    )
    published_before = date_filter(
        "published_on",
        "lte",
        _("Published on or before"),
        _("Published on or before this day."),
    )
    subject = subject_id_filter("citations__subject", method="filter_subject")
    ordering = OrderingFilter(
        fields=[("published_on", "published_on"), ("title", "title"), ("id", "id")],
        label=_("Order by"),
    )

    class Meta:
        model = SourceArticle
        fields = ["q", "kind", "publisher", "published_after", "published_before", "subject"]

    def filter_q(self, queryset, name, value):
        query = Q()
        for word in value.split():
            query &= Q(title__icontains=word) | Q(summary__icontains=word) | Q(text__icontains=word)
        return queryset.filter(query)

    def filter_subject(self, queryset, name, value):
        """Articles cited for the subject itself or for one of its designations."""
        cited = Citation.objects.filter(article=OuterRef("pk")).filter(
            Q(subject__in=value) | Q(designation__subject__in=value)
        )
        return queryset.filter(Exists(cited))


class AgencyFilterSet(BaseFilterSet):
    q = filters.CharFilter(
        label=_("Name or acronym"),
        method="filter_q",
        help_text=_("Part of the name, acronym or slug; case does not matter."),
    )
    country = filters.MultipleChoiceFilter(
        choices=issuer_country_choices,
        label=_("Country"),
        help_text=_("ISO 3166-1 alpha-2 code (e.g. US), or EU or UN."),
        distinct=False,
        error_messages={"invalid_choice": INVALID_ISSUER_COUNTRY},
    )
    ordering = OrderingFilter(
        fields=[("name", "name"), ("acronym", "acronym"), ("id", "id")], label=_("Order by")
    )

    class Meta:
        model = Agency
        fields = ["q", "country"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(acronym__icontains=value) | Q(slug__icontains=value)
        )


class LegalAuthorityFilterSet(BaseFilterSet):
    q = filters.CharFilter(
        label=_("Title or citation"),
        method="filter_q",
        help_text=_("Part of the title, citation or slug; case does not matter."),
    )
    country = filters.MultipleChoiceFilter(
        choices=issuer_country_choices,
        label=_("Country"),
        help_text=_("ISO 3166-1 alpha-2 code (e.g. US), or EU or UN."),
        distinct=False,
        error_messages={"invalid_choice": INVALID_ISSUER_COUNTRY},
    )
    kind = choice_filter(AuthorityKind.choices, _("Kind"), _("The kind of instrument."))
    ordering = OrderingFilter(
        fields=[("title", "title"), ("enacted_on", "enacted_on"), ("id", "id")],
        label=_("Order by"),
    )

    class Meta:
        model = LegalAuthority
        fields = ["q", "country", "kind"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value) | Q(citation__icontains=value) | Q(slug__icontains=value)
        )


class ProgramFilterSet(BaseFilterSet):
    q = filters.CharFilter(
        label=_("Code or name"),
        method="filter_q",
        help_text=_("Part of the code, name or slug; case does not matter."),
    )
    country = filters.MultipleChoiceFilter(
        choices=issuer_country_choices,
        field_name="agency__country",
        label=_("Country"),
        help_text=_("The country of the program's agency: ISO 3166-1 alpha-2, or EU or UN."),
        distinct=False,
        error_messages={"invalid_choice": INVALID_ISSUER_COUNTRY},
    )
    status = choice_filter(ProgramStatus.choices, _("Status"), _("Whether the program runs."))
    agency = slug_filter(
        Agency.objects.all(),
        _("Agency"),
        _("The program's agency: its slug, e.g. us-ofac."),
        "agency",
    )
    ordering = OrderingFilter(
        fields=[("code", "code"), ("name", "name"), ("id", "id")], label=_("Order by")
    )

    class Meta:
        model = Program
        fields = ["q", "country", "status", "agency"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            Q(code__icontains=value) | Q(name__icontains=value) | Q(slug__icontains=value)
        )


class MeasureFilterSet(BaseFilterSet):
    q = filters.CharFilter(
        label=_("Name"),
        method="filter_q",
        help_text=_("Part of the name or slug; case does not matter."),
    )
    ordering = OrderingFilter(fields=[("name", "name"), ("id", "id")], label=_("Order by"))

    class Meta:
        model = Measure
        fields = ["q"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(slug__icontains=value))
