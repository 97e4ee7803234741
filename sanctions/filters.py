"""The reusable parts of the FilterSets: widgets, form fields, filters and their factories.

Every FilterSet of :mod:`.filtersets` is built from these, so that a kind of parameter
(a slug, an id, an ISO date, a program, an ordering) is read and refused the same way on
every list, on the web and in the API (docs/filters.md).
"""

import datetime
import re

import django_filters as filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db.models import F, Value
from django.db.models.functions import Replace, Upper
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
    SourceList,
)
from .models import Identifier, Program, Subject

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
    label = ""  # the field's, for naming the boxes after the first

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value or [""], attrs)
        for number, subwidget in enumerate(context["widget"]["subwidgets"], 1):
            subwidget["type"] = self.input_type
            if number > 1 and self.label:
                # Only the first box is the <label>'s; the others are named for screen readers.
                label = NUMBERED_VALUE % {"label": self.label, "number": number}
                subwidget["attrs"]["aria-label"] = label
        return context

    def id_for_label(self, id_):
        # The boxes are numbered as a MultiWidget's are: the label names the first.
        return f"{id_}_0" if id_ else id_


NUMBERED_VALUE = _("%(label)s, value %(number)s")


class LabelledBoxes:
    """A field whose widget may be a box per value: the widget names the others after the
    field's label."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.widget.label = self.label or ""


class MultipleCharField(LabelledBoxes, forms.Field):
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

    The choices are only loaded when a form shows them (the web's drop-down).
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", program_choices)  # a callable is evaluated lazily
        super().__init__(*args, **kwargs)

    def validate(self, value):
        # Any text may be a code; one that names no program filters to nothing.
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        for item in value:
            ProhibitNullCharactersValidator()(item)


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
        if result is None:
            return None
        try:
            # In UTC: some moments have none (year 1 at 00:00+01:00), and PostgreSQL refuses
            # offsets past 15:59 that ISO 8601 allows (-16:43).
            return result.astimezone(datetime.UTC)
        except OverflowError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


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

    def nulls_last(self, name):
        path = name.lstrip("-")
        # Only where there can be empty values: an index read backwards gives a descending
        # order with them first, so NULLS LAST on a column without any would keep
        # PostgreSQL from reading the order from an index.
        nulls_last = True if self.nullable(path) else None
        if name.startswith("-"):
            return F(path).desc(nulls_last=nulls_last)
        return F(path).asc(nulls_last=nulls_last)

    def nullable(self, path):
        """Whether the field at ``path`` (``subject__name``) can be empty: it, or a link on
        the way to it."""
        model = self.model
        for part in path.split("__"):
            field = model._meta.get_field(part)
            if field.null:
                return True
            model = field.related_model or model
        return False


def choice_filter(choices, label, help_text, **kwargs):
    """Any of a fixed vocabulary; the error lists the vocabulary."""
    kwargs.setdefault("error_messages", {"invalid_choice": invalid_choice(values_of(choices))})
    return filters.MultipleChoiceFilter(
        choices=choices, label=label, help_text=help_text, distinct=False, **kwargs
    )


SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
LARGEST_ID = 2**63 - 1  # the largest id any database stores
MAX_VALUES = 50  # values of one repeated parameter: each is a condition in the query
MAX_QUERY_WORDS = 20  # words of a free-text query (q): each is a condition in the query
MAX_QUERY_LENGTH = 300


class ReferenceField(ModelMultipleChoiceField):
    """Records named by a key (an id, a slug): checked for form, not looked up.

    A well-formed key that names no record filters to nothing, as any other value that
    matches nothing: the schema can say what a key looks like, not which records exist. The
    choices still list the records, for the web's drop-downs.
    """

    def clean(self, value):
        # Nothing is [], not Django's empty QuerySet: django-filter calls a filter's method
        # for any value but [], (), {}, "" and None, and would filter everything out.
        if not value and not self.required:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        return [self.key(str(item).strip(), item) for item in values]

    def key(self, text, raw):
        raise NotImplementedError


class IdMultipleChoiceField(LabelledBoxes, ReferenceField):
    """Records by id: whole numbers from 1 to the largest a database stores."""

    def key(self, text, raw):
        if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= LARGEST_ID:
            raise ValidationError(
                self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": raw}
            )
        return int(text)


class SlugMultipleChoiceField(ReferenceField):
    """Records by slug: letters, digits, hyphens and underscores."""

    def key(self, text, raw):
        if not re.fullmatch(SLUG_PATTERN, text):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": raw}
            )
        return text


class SlugMultipleChoiceFilter(filters.ModelMultipleChoiceFilter):
    """Records named by slug in the query (``agency=us-ofac``), matched by their slug."""

    field_class = SlugMultipleChoiceField

    def get_filter_predicate(self, v):
        return {f"{self.field_name}__slug": v}


def slug_filter(queryset, label, help_text, field_name, method=None):
    """Any of several reference records, named by slug (``?agency=us-ofac&agency=uk-ofsi``)."""
    return SlugMultipleChoiceFilter(
        queryset=queryset,
        to_field_name="slug",
        field_name=field_name,
        method=method,
        label=label,
        help_text=help_text,
        distinct=False,
        error_messages={
            "invalid_choice": _(
                "“%(value)s” is not a slug: use letters, digits, hyphens and underscores."
            ),
        },
    )


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
            "invalid_pk_value": _("“%(pk)s” is not a subject id (a whole number from 1)."),
        },
    )


class QueryField(forms.CharField):
    """Free text to search for, of at most ``MAX_QUERY_WORDS`` words and ``MAX_QUERY_LENGTH``
    characters: each word is a condition, and SQLite refuses a query of too many."""

    # The words as the schema's pattern counts them: runs between ASCII blanks.
    blanks = re.compile(r"[ \t\n\r]+")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", MAX_QUERY_LENGTH)
        super().__init__(*args, **kwargs)

    def validate(self, value):
        super().validate(value)
        if len([word for word in self.blanks.split(value) if word]) > MAX_QUERY_WORDS:
            raise ValidationError(
                _("Use at most %(max)d words."),
                code="too_many_words",
                params={"max": MAX_QUERY_WORDS},
            )


class QueryFilter(filters.CharFilter):
    field_class = QueryField


def issuer_country_filter(field_name, help_text):
    """Any of several issuing countries: a country code, or EU or UN."""
    return filters.MultipleChoiceFilter(
        choices=issuer_country_choices,
        field_name=field_name,
        label=_("Country"),
        help_text=help_text,
        distinct=False,
        error_messages={"invalid_choice": INVALID_ISSUER_COUNTRY},
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


def list_filter(help_text, **kwargs):
    """Any of the official lists the importers know, by slug (``?list=us-ofac-sdn``)."""
    return choice_filter(SourceList.choices, _("Official list"), help_text, **kwargs)


def entry_id_filter(help_text, **kwargs):
    """Any of several ids that lists give their entries (an OFAC uid, a UN DATAID), exactly."""
    return MultipleCharFilter(
        label=_("Entry ID on the list"), help_text=help_text, distinct=False, **kwargs
    )


# What identifier numbers are written with or without: "PD 123-456" is "pd123456".
NUMBER_PUNCTUATION = " -./_:,;#()'\"\\"


def folded_number(number):
    """A number in capitals without spaces and punctuation, as IdentifierFilter compares it."""
    for character in NUMBER_PUNCTUATION:
        number = number.replace(character, "")
    return number.upper()


def folded_number_expression(field):
    """:func:`folded_number` in the database, for the identifiers' ``field``."""
    folded = Upper(field)
    for character in NUMBER_PUNCTUATION:
        folded = Replace(folded, Value(character), Value(""))
    return folded


def holding_identifiers(queryset, subject_field, numbers):
    """The records of ``queryset`` whose subject (``subject_field``) has an identifier of any
    of ``numbers``, compared by :func:`folded_number`."""
    folded = {folded_number(number) for number in numbers} - {""}
    held = Identifier.objects.annotate(folded=folded_number_expression("number")).filter(
        folded__in=folded
    )
    return queryset.filter(**{f"{subject_field}__in": held.values("subject_id")})


def identifier_filter(subject_field, help_text):
    """Any of several identifier numbers, in any case, with or without spaces and
    punctuation; ``subject_field`` leads from the records to their subject's id."""

    def by_number(queryset, name, value: list[str]):
        return holding_identifiers(queryset, subject_field, value)

    return MultipleCharFilter(
        method=by_number, label=_("Identifier number"), help_text=help_text, distinct=False
    )


class BaseFilterSet(filters.FilterSet):
    """Blank values are dropped before validation: ``?status=&q=`` filters nothing."""

    def __init__(self, data=None, *args, **kwargs):
        # Counted as given, blank values too: the schema's maxItems counts every value.
        self.given_counts = {}
        if data is not None:
            data = as_multi_value_dict(data)
            self.given_counts = {key: len(values) for key, values in data.lists()}
            data = without_blank_values(data)
        super().__init__(data, *args, **kwargs)

    def is_valid(self):
        valid = super().is_valid()
        for name in self.filters:
            if self.given_counts.get(name, 0) > MAX_VALUES:
                message = _("Give at most %(max)d values.") % {"max": MAX_VALUES}
                if message not in self.form.errors.get(name, []):
                    self.form.add_error(name, message)
                valid = False
        return valid


def as_multi_value_dict(data):
    if hasattr(data, "lists"):
        return data
    # A plain dict from code rather than a request's QueryDict.
    return MultiValueDict(
        {key: value if isinstance(value, list | tuple) else [value] for key, value in data.items()}
    )


def without_blank_values(data):
    data = as_multi_value_dict(data)
    cleaned = data.copy()
    for key, values in data.lists():
        kept = [value for value in values if str(value).strip()]
        if kept:
            cleaned.setlist(key, kept)
        else:
            del cleaned[key]
    return cleaned
