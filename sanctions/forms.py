"""How the shared FilterSets look in a reader's browser.

The FilterSets (``filtersets.py``) are shared with the API and keep their fields, names and
meaning. The web lists only swap widgets (date pickers, drop-downs, check boxes, number boxes)
and add a "rows per page" field. Every widget reads the query string the way the FilterSet's
own widget does, so a URL filters the same rows on the web and in the API (an empty value,
``agency=`` from an untouched drop-down, means "no filter" in both).
"""

import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.choices import BlankChoiceIterator
from django.utils.dateparse import parse_datetime
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_filters import Filter, OrderingFilter
from django_filters.widgets import BaseCSVWidget

from .filters import ISO_DATE_FORMATS, NUMBERED_VALUE

# Small fixed vocabularies read best as check boxes; everything else is a drop-down.
CHECKBOX_FILTERS = {"kind", "status"}
# Filters that take a record's id: a drop-down of every subject would be far too long.
ID_FILTERS = {"subject"}
WEB_LABELS = {"program": _("Program"), "subject": _("Subject number")}
# The FilterSets' help is written for the API (slugs, ISO codes); a reader of the web lists
# picks from menus, so the help speaks of what the filter means.
WEB_HELP = {
    "subject": _("The number in the subject's page address, e.g. 1 for /subjects/1/."),
    "changed_since": _("Changed at or after this moment (UTC)."),
    "agency": _("The agency that designated them."),
    "program": _("The sanctions program, e.g. DPRK2."),
    "authority": _("The law or order the designation rests on."),
    "measure": _("What the designation does, e.g. an asset freeze."),
    "nationality": _("A nationality or citizenship."),
    "list": _("The official list that names them."),
    "entry_id": _("The list's own number for the entry, e.g. an OFAC uid."),
    "identifier": _("A passport, ID, registration or IMO number, written any way."),
    "listed_after": _("Listed on or after this day."),
    "listed_before": _("Listed on or before this day."),
    "delisted_after": _("Delisted on or after this day."),
    "delisted_before": _("Delisted on or before this day."),
    "active_on": _("In force on this day."),
}

DEFAULT_PAGE_SIZE = settings.TRACKER_PAGE_SIZE
MAX_PAGE_SIZE = settings.TRACKER_MAX_PAGE_SIZE
PAGE_SIZES = (25, 50, 100, 200, 500)


def non_empty(data, name):
    """Every value of a repeatable parameter, without the blanks an untouched field sends."""
    return [value for value in data.getlist(name) if value != ""]


class SearchInput(forms.TextInput):
    input_type = "search"


class DatePicker(forms.DateInput):
    """``<input type=date>``: the browser's picker, which reads and writes ISO dates."""

    input_type = "date"

    def format_value(self, value):
        # A picker shows only a full ISO value, so "2018-12-1" (which the filter accepts) is
        # written out. Anything else ("12/10/2018") is refused by the filter and shown as typed,
        # for a reader without a picker to correct: no guess at which day it meant.
        if isinstance(value, str):
            for input_format in ISO_DATE_FORMATS:
                try:
                    return datetime.datetime.strptime(value, input_format).date().isoformat()
                except ValueError:
                    continue
        return super().format_value(value)


class DateTimePicker(forms.DateTimeInput):
    """``<input type=datetime-local>`` showing any ISO date-time the filter accepts, in UTC."""

    input_type = "datetime-local"

    def format_value(self, value):
        parsed = parse_datetime(value) if isinstance(value, str) else value
        if not isinstance(parsed, datetime.datetime):
            return super().format_value(value)
        if timezone.is_aware(parsed):
            parsed = timezone.make_naive(parsed)
        return parsed.strftime("%Y-%m-%dT%H:%M")


class Dropdown(forms.SelectMultiple):
    """A drop-down with an "Any" choice for the usual single value.

    Repeated parameters (``agency=a&agency=b``) combine with OR; when the URL holds several,
    the drop-down becomes a multiple select so that submitting the form keeps them all. A
    value that is not among the choices (a program code such as ``DPRK2``) is shown as it is.
    """

    def value_from_datadict(self, data, files, name):
        return non_empty(data, name)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if len(context["widget"]["value"]) <= 1:
            context["widget"]["attrs"].pop("multiple", None)
        return context

    def optgroups(self, name, value, attrs=None):
        groups = super().optgroups(name, value, attrs)
        known = {str(option["value"]) for _, options, _ in groups for option in options}
        for extra in (item for item in value if item not in known):
            option = self.create_option(name, extra, extra, True, len(groups), attrs=attrs)
            groups.append((None, [option], len(groups)))
        return groups


class NumberInputs(forms.NumberInput):
    """One number box per value of a repeatable id parameter (``subject=1&subject=2``)."""

    label = ""  # the field's, for naming the boxes after the first

    def value_from_datadict(self, data, files, name):
        return non_empty(data, name)

    def render(self, name, value, attrs=None, renderer=None):
        values = [item for item in (value or []) if item not in (None, "")] or [""]
        boxes = []
        for index, item in enumerate(values):
            box_attrs = dict(attrs or {})
            if index and box_attrs.get("id"):
                box_attrs["id"] = f"{box_attrs['id']}_{index}"
            if index and self.label:
                # Only the first box is the <label>'s; the others are named for screen readers.
                number = index + 1
                box_attrs["aria-label"] = NUMBERED_VALUE % {"label": self.label, "number": number}
            boxes.append(super().render(name, item, box_attrs, renderer))
        return mark_safe("".join(boxes))  # each box is already escaped by the widget template


class HiddenCSVInput(BaseCSVWidget, forms.HiddenInput):
    """The sort order, kept as it is while the reader changes filters."""

    surrogate = forms.HiddenInput


class PageSizeFilter(Filter):
    """Rows per page: read by the list's paginator, it leaves the rows as they are."""

    field_class = forms.TypedChoiceField

    def filter(self, qs, value):
        return qs


def page_size_filter(data):
    """A "rows per page" drop-down that also keeps any valid size typed into the URL."""
    sizes = set(PAGE_SIZES)
    current = data.get("page_size", "")
    if current.isdigit() and 0 < int(current) <= MAX_PAGE_SIZE:
        sizes.add(int(current))
    choices = [("", str(DEFAULT_PAGE_SIZE))]
    choices += [(size, str(size)) for size in sorted(sizes) if size != DEFAULT_PAGE_SIZE]
    message = _("Choose a whole number from 1 to %(max)s.") % {"max": MAX_PAGE_SIZE}
    return PageSizeFilter(
        label=_("Rows per page"),
        choices=choices,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": message},
    )


def web_widget(name, filter_, field):
    """The widget a browser shows for one filter, or None to keep the FilterSet's own."""
    if isinstance(filter_, OrderingFilter):
        return HiddenCSVInput()
    if name == "q":
        return SearchInput()
    if name in ID_FILTERS:
        many = isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
        return NumberInputs(attrs={"min": 1}) if many else forms.NumberInput(attrs={"min": 1})
    if isinstance(field, forms.DateTimeField):
        return DateTimePicker()
    if isinstance(field, forms.DateField):
        return DatePicker()
    if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        return forms.CheckboxSelectMultiple() if name in CHECKBOX_FILTERS else Dropdown()
    return None


def adapt_filter_form(filterset):
    """Give a FilterSet's form the widgets, labels and page size field of the web lists."""
    # Added before the form is built from the filters, so that it is validated with them.
    filterset.filters["page_size"] = page_size_filter(filterset.data)
    form = filterset.form
    form.label_suffix = ""
    for name, filter_ in filterset.filters.items():
        field = form.fields[name]
        widget = web_widget(name, filter_, field)
        if widget is not None:
            field.widget = widget
            if isinstance(widget, Dropdown):
                widget.choices = BlankChoiceIterator(field.choices, [("", _("Any"))])
            elif isinstance(widget, forms.CheckboxSelectMultiple):
                widget.choices = [(value, capfirst(label)) for value, label in field.choices]
        field.label = WEB_LABELS.get(name, field.label)
        field.help_text = WEB_HELP.get(name, field.help_text)
        if isinstance(field.widget, NumberInputs):
            field.widget.label = str(field.label)
    return filterset


def web_change_form(form):
    """The change feed's form as /changes/ shows it: date pickers with their format, record
    types and actions as check boxes by their names, the cursor hidden."""
    fields = form.fields
    for name in ("since", "until"):
        fields[name].widget = DateTimePicker()
    fields["since"].help_text = _("Changes at or after this moment (UTC), e.g. 2026-11-30 09:00.")
    fields["until"].help_text = _("Changes before this moment (UTC).")
    fields["model"].widget = forms.CheckboxSelectMultiple()
    fields["model"].widget.choices = [
        (value, capfirst(label.split("(", 1)[-1].rstrip(")")))
        for value, label in fields["model"].choices
    ]
    fields["model"].help_text = _("Only changes to these kinds of records.")
    fields["action"].widget = forms.CheckboxSelectMultiple(choices=fields["action"].choices)
    fields["action"].help_text = ""
    fields["program"].help_text = _(
        "Changes to designations under these programs: codes such as DPRK2, separated by commas."
    )
    fields["import_run"].help_text = _("Changes written by this import run (its number).")
    fields["cursor"].widget = forms.HiddenInput()
    fields["page_size"].widget = forms.NumberInput(attrs={"min": 1, "max": MAX_PAGE_SIZE})
    fields["page_size"].label = _("Rows per page")
    form.label_suffix = ""
    return form
