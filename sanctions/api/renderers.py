"""CSV export of the API lists, and the negotiation that picks it (``?format=csv``).

The rows are written by the project's one CSV writer (``sanctions/csvfiles.py``), which
escapes spreadsheet formulas.
"""

import json

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from .. import csvfiles

MULTI_VALUE_SEPARATOR = "; "


class CSVRenderer(BaseRenderer):
    """Announces ``text/csv`` to content negotiation (``?format=csv`` or ``Accept: text/csv``).

    The list views stream the CSV themselves (see :func:`csv_response`) so that a large
    export is never held in memory; anything else they answer (an error) is sent as JSON.
    """

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        raise NotImplementedError("List views stream their CSV; see csv_response().")


class ContentNegotiation(DefaultContentNegotiation):
    """An unknown ``?format=`` is a 400 naming the formats, not DRF's bare 404."""

    def filter_renderers(self, renderers, format):
        matching = [renderer for renderer in renderers if renderer.format == format]
        if not matching:
            allowed = ", ".join(renderer.format for renderer in renderers)
            message = _("Use one of: {allowed}.").format(allowed=allowed)
            raise ValidationError({self.settings.URL_FORMAT_OVERRIDE: [message]})
        return matching


class CsvListMixin:
    """A viewset whose lists answer ``?format=csv`` too (the list view streams the CSV).

    What a CSV request gets besides its CSV (a bad parameter, no login) is JSON.
    """

    content_negotiation_class = ContentNegotiation

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(response, Response) and isinstance(response.accepted_renderer, CSVRenderer):
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = JSONRenderer.media_type
        return response


def csv_response(serializer, queryset, chunk_size, rows=None):
    """Stream ``queryset`` as CSV, one row per record, in the columns of ``serializer``.

    ``rows(serializer, queryset, chunk_size)`` makes the rows (``serialized_rows`` unless
    given; ``csvrows`` reads the large lists in bulk). Rows are read ``chunk_size`` at a time
    and each chunk is sent as it is written, so memory stays flat however long the list is.
    """
    name = slugify(queryset.model._meta.verbose_name_plural)
    filename = f"{name}-{timezone.localdate().isoformat()}.csv"
    rows = (rows or serialized_rows)(serializer, queryset, chunk_size)
    pieces = csvfiles.in_chunks(list(serializer.fields), rows, chunk_size)
    return csvfiles.csv_response(pieces, filename)


def serialized_rows(serializer, queryset, chunk_size):
    """One row per record, through the serializer (with the queryset's prefetches)."""
    for record in queryset.iterator(chunk_size=chunk_size):
        yield csv_row(serializer, serializer.to_representation(record))


def csv_row(serializer, data):
    """Flatten one list item: a reference becomes its label, a list is joined with "; "."""
    return [csv_value(field, data[name]) for name, field in serializer.fields.items()]


def csv_value(field, value):
    if value is None:
        return ""
    if isinstance(field, serializers.ListSerializer):
        return MULTI_VALUE_SEPARATOR.join(csv_value(field.child, item) for item in value)
    if isinstance(field, serializers.ListField):
        return MULTI_VALUE_SEPARATOR.join(str(item) for item in value)
    if isinstance(field, serializers.BaseSerializer):
        # A brief reference: its name (or the field its serializer names, a program's code).
        return str(value[getattr(field, "csv_label", "name")])
    # A number stays a number: the CSV writer escapes only text that looks like a formula.
    return value if isinstance(value, int | float) else str(value)


class FtmRenderer(BaseRenderer):
    """FollowTheMoney entities as JSON lines (``?format=ftm``), as OpenSanctions publishes them.

    An error (a dict) is written as one line of JSON, so a client reading lines still reads it.
    """

    media_type = "application/x-ndjson"
    format = "ftm"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        lines = data if isinstance(data, list) else [data]
        return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines).encode()
