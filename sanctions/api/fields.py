"""The building blocks of the API's serializers: read-only fields, the read-only base
serializer, API addresses and the brief references of one record to another.

A reference to another record is always brief: ``id``, ``url`` (its API address) and
``name``, plus the keys scripts filter by (``slug``, ``code``).
"""

from operator import attrgetter
from urllib.parse import quote

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..choices import DesignationStatus
from ..models import Agency, Designation, LegalAuthority, Measure, Program, SourceArticle, Subject

# --- Fields -------------------------------------------------------------------------------


@extend_schema_field(
    {
        "type": "string",
        "pattern": "^([A-Z]{2})?$",
        "example": "KP",
        "description": "ISO 3166-1 alpha-2 code (EU and UN for supranational bodies); "
        "empty when unknown.",
    }
)
class CountryCodeField(serializers.Field):
    """A country as its code: "KP", or "" when unknown."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return value.code or ""


class BlankAsNullMixin:
    """Read-only; an empty value ("" as stored) is null: the schema's format or vocabulary
    then holds for every value given."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value):
        return super().to_representation(value) if value else None


class OptionalURLField(BlankAsNullMixin, serializers.URLField):
    """A web address, or null when there is none."""


class OptionalChoiceField(BlankAsNullMixin, serializers.ChoiceField):
    """One of a vocabulary, or null when unknown."""


class StatusField(serializers.ChoiceField):
    """Status today by the model's one rule: active, delisted, or null (neither yet)."""

    def __init__(self, **kwargs):
        super().__init__(
            choices=DesignationStatus.choices, allow_null=True, read_only=True, **kwargs
        )

    def get_attribute(self, instance):
        return instance.status() or None


class PartValuesField(serializers.ListField):
    """One attribute of each of a subject's parts, e.g. the names of its aliases."""

    child = serializers.CharField()

    def __init__(self, attribute, **kwargs):
        self.attribute = attrgetter(attribute)
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, manager):
        return list(dict.fromkeys(str(self.attribute(part)) for part in manager.all()))


class FactSourceSerializer(serializers.Serializer):
    """Where a fact comes from: a list entry, or an analyst."""

    kind = serializers.ChoiceField(
        choices=[("list", "list"), ("analyst", "analyst")],
        help_text="list: an official list entry gives it; analyst: an analyst entered it.",
    )
    label = serializers.CharField(
        help_text='As the subject page names it: "OFAC SDN, uid 23213", "UN KPi.042", '
        '"analyst, 3 Dec 2026" (the day the analyst entered it).'
    )
    list = serializers.CharField(
        allow_null=True, help_text="The list (a list= filter value); null for an analyst's."
    )
    entry_id = serializers.CharField(
        allow_null=True, help_text="The list's own ID of the entry; null for an analyst's."
    )
    reference = serializers.CharField(
        allow_null=True,
        help_text="The entry's reference (a UN reference number), or empty; null for an analyst's.",
    )


def fact_source_field():
    """A fact's ``source``, read from its ``fact_source``."""
    return FactSourceSerializer(
        source="fact_source", read_only=True, help_text="Where this fact comes from."
    )


class ReadSerializer(serializers.ModelSerializer):
    # Every field read-only: the API never writes, and its schema then marks every field as
    # always present. (A docstring here would describe every schema component.)

    def get_extra_kwargs(self):
        extra_kwargs = super().get_extra_kwargs()
        for name in self.Meta.fields:
            extra_kwargs.setdefault(name, {})["read_only"] = True
        return extra_kwargs


class ApiUrlField(serializers.HyperlinkedIdentityField):
    """A record's API address, without DRF's echo of the request's ``?format=``.

    A CSV row must link to the record's JSON, not to a CSV the detail view does not offer.
    The address is resolved once per serializer and filled in for each record: resolving it
    per record was a sixth of the time of a large CSV export.
    """

    placeholder = "0lookup0"  # fits both an id and a slug route
    _template = None

    def get_url(self, obj, view_name, request, format):
        return self.address(request, getattr(obj, self.lookup_field))

    def address(self, request, lookup):
        """The API address of the record whose lookup field (id or slug) is ``lookup``."""
        if self._template is None:
            kwargs = {self.lookup_url_kwarg: self.placeholder}
            self._template = request.build_absolute_uri(reverse(self.view_name, kwargs=kwargs))
        return self._template.replace(self.placeholder, quote(str(lookup)))


def api_url(view_name, lookup_field="pk"):
    return ApiUrlField(view_name=f"api:{view_name}-detail", lookup_field=lookup_field)


def whole_record(list_serializer, *own):
    """The fields of a record's detail: its list item's, then its own long ones, the passages
    of articles cited, and its bookkeeping (``last_updated`` stays last, as in the list)."""
    return [*list_serializer.Meta.fields[:-1], *own, "citations", "created", "last_updated"]


# --- Brief references ---------------------------------------------------------------------


class AgencyBriefSerializer(ReadSerializer):
    """A reference to an agency."""

    url = api_url("agency", "slug")

    class Meta:
        model = Agency
        fields = ["id", "url", "slug", "name", "acronym"]


class LegalAuthorityBriefSerializer(ReadSerializer):
    """A reference to a legal authority; its name is its title."""

    url = api_url("authority", "slug")
    name = serializers.CharField(source="title", read_only=True)

    class Meta:
        model = LegalAuthority
        fields = ["id", "url", "slug", "name"]


class ProgramBriefSerializer(ReadSerializer):
    """A reference to a program."""

    url = api_url("program", "slug")
    csv_label = "code"

    class Meta:
        model = Program
        fields = ["id", "url", "slug", "code", "name"]


class MeasureBriefSerializer(ReadSerializer):
    """A reference to a measure."""

    url = api_url("measure", "slug")

    class Meta:
        model = Measure
        fields = ["id", "url", "slug", "name"]


class SubjectBriefSerializer(ReadSerializer):
    """A reference to a subject."""

    url = api_url("subject")

    class Meta:
        model = Subject
        fields = ["id", "url", "name", "kind"]


class DesignationBriefSerializer(ReadSerializer):
    """A reference to a designation; its name says whose, by whom, under what."""

    # Its name needs the designation's subject, agency and program: select them.

    url = api_url("designation")
    name = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = Designation
        fields = ["id", "url", "name"]


class SourceArticleBriefSerializer(ReadSerializer):
    """A reference to an article; its name is its title."""

    url = api_url("article")
    name = serializers.CharField(source="title", read_only=True)

    class Meta:
        model = SourceArticle
        fields = ["id", "url", "name", "kind", "publisher", "published_on"]
