"""What the read API shows: full records, lighter list items and brief references.

Every serializer names its fields: a new model field must not leak into the API unnoticed.
A reference to another record is always brief: ``id``, ``url`` (its API address) and ``name``,
plus the keys scripts filter by (``slug``, ``code``). A record's own web address on another
site (an article's, a law's) is ``external_url``, since ``url`` is the API's.
"""

from operator import attrgetter

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..choices import Gender, SubjectKind
from ..dates import display_fuzzy_date
from ..models import (
    PER_SOURCE_FIELDS,
    Address,
    Agency,
    Alias,
    BirthDate,
    BirthPlace,
    Citation,
    Designation,
    Identifier,
    LegalAuthority,
    ListEntry,
    Measure,
    Nationality,
    Program,
    Relationship,
    SourceArticle,
    Subject,
)
from .fields import (
    AgencyBriefSerializer,
    CountryCodeField,
    DesignationBriefSerializer,
    FactSourceSerializer,
    LegalAuthorityBriefSerializer,
    MeasureBriefSerializer,
    OptionalChoiceField,
    OptionalURLField,
    PartValuesField,
    ProgramBriefSerializer,
    ReadSerializer,
    SourceArticleBriefSerializer,
    StatusField,
    SubjectBriefSerializer,
    api_url,
    fact_source_field,
    whole_record,
)

# --- Reference data -----------------------------------------------------------------------


class AgencySerializer(ReadSerializer):
    """A body that issues sanctions."""

    url = api_url("agency", "slug")
    parent = AgencyBriefSerializer(read_only=True, allow_null=True)
    country = CountryCodeField()
    website = OptionalURLField()

    class Meta:
        model = Agency
        fields = [
            "id",
            "url",
            "slug",
            "name",
            "acronym",
            "parent",
            "country",
            "website",
            "description",
            "created",
            "last_updated",
        ]


class LegalAuthoritySerializer(ReadSerializer):
    """A legal instrument designations rest on."""

    url = api_url("authority", "slug")
    country = CountryCodeField()
    external_url = OptionalURLField(source="url")

    class Meta:
        model = LegalAuthority
        fields = [
            "id",
            "url",
            "slug",
            "title",
            "kind",
            "citation",
            "country",
            "enacted_on",
            "external_url",
            "summary",
            "created",
            "last_updated",
        ]


class ProgramSerializer(ReadSerializer):
    """A sanctions program or regime as its agency names it."""

    # Needs the agency (select it) and the authorities (prefetch them).

    url = api_url("program", "slug")
    agency = AgencyBriefSerializer(read_only=True)
    authorities = LegalAuthorityBriefSerializer(many=True, read_only=True)
    external_url = OptionalURLField(source="url")

    class Meta:
        model = Program
        fields = [
            "id",
            "url",
            "slug",
            "code",
            "name",
            "agency",
            "authorities",
            "status",
            "external_url",
            "description",
            "created",
            "last_updated",
        ]


class MeasureSerializer(ReadSerializer):
    """What a designation does: asset freeze, travel ban..."""

    url = api_url("measure", "slug")

    class Meta:
        model = Measure
        fields = ["id", "url", "slug", "name", "description", "created", "last_updated"]


# --- The parts of a subject ---------------------------------------------------------------


# Each part carries its ``source``: the same fact from two lists is two parts, one per list.


class AliasSerializer(ReadSerializer):
    """Another name of the subject."""

    source = fact_source_field()

    class Meta:
        model = Alias
        fields = ["name", "kind", "quality", "script", "language", "source"]


class BirthDateSerializer(ReadSerializer):
    """A date of birth: exact, partial, a range or approximate."""

    display = serializers.SerializerMethodField(
        help_text="As a reader writes it: 15 Jan 1950, 1961 to 1963, circa 1950."
    )
    source = fact_source_field()

    class Meta:
        model = BirthDate
        fields = ["value", "display", "earliest", "latest", "note", "source"]
        extra_kwargs = {
            "value": {
                "help_text": "Exact (1950-01-15), partial (1950, 1950-01), a range "
                "(1961/1963) or approximate (1950~)."
            }
        }

    def get_display(self, birth_date) -> str:
        return display_fuzzy_date(birth_date.value)


class NationalitySerializer(ReadSerializer):
    """A nationality or citizenship."""

    country = CountryCodeField()
    source = fact_source_field()

    class Meta:
        model = Nationality
        fields = ["country", "kind", "source"]


class BirthPlaceSerializer(ReadSerializer):
    """A place of birth."""

    country = CountryCodeField()
    source = fact_source_field()

    class Meta:
        model = BirthPlace
        fields = ["place", "country", "source"]


class IdentifierSerializer(ReadSerializer):
    """A document or register number."""

    country = CountryCodeField()
    source = fact_source_field()

    class Meta:
        model = Identifier
        fields = ["kind", "number", "country", "note", "source"]


class AddressSerializer(ReadSerializer):
    """A known address."""

    country = CountryCodeField()
    source = fact_source_field()

    class Meta:
        model = Address
        fields = ["full", "city", "country", "note", "source"]


class RelationshipSerializer(ReadSerializer):
    """A link from one subject to another."""

    # Needs both subjects: select them.

    subject = SubjectBriefSerializer(read_only=True)
    related = SubjectBriefSerializer(read_only=True)
    source = fact_source_field()

    class Meta:
        model = Relationship
        fields = ["subject", "kind", "related", "description", "source"]


# --- Designations and citations -----------------------------------------------------------


class DesignationCitationSerializer(ReadSerializer):
    """A passage of an article that supports the designation."""

    # Needs the article: select it.

    article = SourceArticleBriefSerializer(read_only=True)

    class Meta:
        model = Citation
        fields = ["article", "quote"]


class SubjectCitationSerializer(ReadSerializer):
    """A passage supporting a subject's record or one of its designations."""

    article = SourceArticleBriefSerializer(read_only=True)
    designation = DesignationBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Citation
        fields = ["article", "designation", "quote"]


class ArticleCitationSerializer(ReadSerializer):
    """A passage of an article and what it supports."""

    subject = SubjectBriefSerializer(read_only=True, allow_null=True)
    designation = DesignationBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Citation
        fields = ["subject", "designation", "quote"]


class DesignationListSerializer(ReadSerializer):
    """A designation in a list."""

    # Needs subject, agency and program (select them), authorities and measures (prefetch).

    url = api_url("designation")
    subject = SubjectBriefSerializer(read_only=True)
    agency = AgencyBriefSerializer(read_only=True)
    program = ProgramBriefSerializer(read_only=True, allow_null=True)
    authorities = LegalAuthorityBriefSerializer(many=True, read_only=True)
    measures = MeasureBriefSerializer(many=True, read_only=True)
    status = StatusField()
    source_url = OptionalURLField()

    class Meta:
        model = Designation
        fields = [
            "id",
            "url",
            "subject",
            "agency",
            "program",
            "authorities",
            "measures",
            "listed_on",
            "delisted_on",
            "status",
            "reference",
            "source_url",
            "last_updated",
        ]


class DesignationSerializer(DesignationListSerializer):
    """A designation's whole record, with the passages of articles that support it."""

    # Needs its citations prefetched with their articles, besides what a list item needs.

    citations = DesignationCitationSerializer(many=True, read_only=True)

    class Meta(DesignationListSerializer.Meta):
        fields = whole_record(DesignationListSerializer, "reason")


class SubjectDesignationSerializer(DesignationListSerializer):
    """A designation inside its subject's record: everything but the subject."""

    class Meta(DesignationListSerializer.Meta):
        fields = [
            "id",
            "url",
            "agency",
            "program",
            "authorities",
            "measures",
            "listed_on",
            "delisted_on",
            "status",
            "reason",
            "reference",
            "source_url",
        ]


# --- Subjects -----------------------------------------------------------------------------


class ListEntrySerializer(ReadSerializer):
    """An entry of an official list that the subject is on (or was, until ``removed_on``)."""

    # Needs ListEntry.objects.with_seen_dates() for first_seen and last_seen.

    list_name = serializers.CharField(source="get_list_display", help_text="The list's name.")
    first_seen = serializers.DateField(
        allow_null=True, help_text="The date of the first import of the list that had the entry."
    )
    last_seen = serializers.DateField(
        allow_null=True,
        help_text="The date of the last import of the list that had the entry.",
    )
    external_url = serializers.CharField(
        source="publisher_url",
        help_text="The publisher's own page for the entry; empty where the list has none.",
    )

    class Meta:
        model = ListEntry
        fields = [
            "list",
            "list_name",
            "entry_id",
            "reference",
            "name",
            "first_seen",
            "last_seen",
            "removed_on",
            "external_url",
        ]


class SubjectListSerializer(ReadSerializer):
    """A subject in a list: names, dates of birth and nationalities, but not the rest."""

    # Needs with_status() and its aliases, dates of birth and nationalities prefetched.

    url = api_url("subject")
    status = StatusField()
    aliases = PartValuesField("name", help_text="The names of its aliases.")
    birth_dates = PartValuesField("value", help_text="Its dates of birth, as stored.")
    nationalities = PartValuesField("country.code", help_text="Country codes.")

    class Meta:
        model = Subject
        fields = [
            "id",
            "url",
            "kind",
            "name",
            "status",
            "aliases",
            "birth_dates",
            "nationalities",
            "last_updated",
        ]


@extend_schema_field(SubjectCitationSerializer(many=True))
class SubjectCitationsField(serializers.Field):
    """Citations of the subject and of its designations, each once, in citation order.

    Needs ``citations`` and ``designations__citations`` prefetched with their articles.
    """

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, subject):
        citations = {citation.pk: citation for citation in subject.citations.all()}
        for designation in subject.designations.all():
            citations.update((citation.pk, citation) for citation in designation.citations.all())
        ordered = sorted(citations.values(), key=attrgetter("article_id", "pk"))
        return SubjectCitationSerializer(ordered, many=True, context=self.context).data


class SourcedValueSerializer(serializers.Serializer):
    """One source's value of a single-valued field."""

    value = serializers.CharField()
    source = FactSourceSerializer()


def _particular(help_text):
    return serializers.ListField(child=serializers.CharField(), help_text=help_text)


class VesselSerializer(serializers.Serializer):
    """A vessel's particulars from its identifiers and its lists' descriptions: each a list of
    the values its sources give (empty when none does)."""

    flag = _particular("The flag state, as the lists write it.")
    imo_number = _particular("IMO numbers.")
    call_sign = _particular("Radio call signs.")
    mmsi = _particular("MMSI numbers.")
    vessel_type = _particular("The type of vessel: 'Crude Oil Tanker'.")
    tonnage = _particular("Tonnage.")
    gross_registered_tonnage = _particular("Gross registered tonnage.")
    owner = _particular("The owner or operator, as the lists name it.")
    previous_flags = _particular("Former flags.")
    previous_owners = _particular("Former owners or operators.")
    length = _particular("Length.")
    year_built = _particular("The year it was built.")

    def to_representation(self, details):
        return {key: [shown.value for shown in values] for key, _label, values in details.fields}


class ValuesBySourceSerializer(serializers.Serializer):
    """Each source's own value of the fields lists may disagree on."""

    gender = SourcedValueSerializer(many=True)
    position = SourcedValueSerializer(many=True)
    description = SourcedValueSerializer(many=True)
    remarks = SourcedValueSerializer(many=True)

    def to_representation(self, subject):
        return {
            name: [
                {"value": value, "source": FactSourceSerializer(source).data}
                for value, source in subject.values_by_source(name)
            ]
            for name in PER_SOURCE_FIELDS
        }


class SubjectSerializer(ReadSerializer):
    """A subject's whole record: everything an analyst needs in one call."""

    # See SubjectViewSet.get_queryset() for what it needs selected and prefetched.

    url = api_url("subject")
    # Shown values: the analyst's if set, else the lists' (values_by_source has each).
    gender = OptionalChoiceField(
        choices=Gender.choices,
        source="shown_gender",
        help_text="The analyst's, else the lists' when all that give one agree; else null.",
    )
    position = serializers.SerializerMethodField(
        help_text="The analyst's, else each list's once, joined by '; '."
    )
    description = serializers.SerializerMethodField(
        help_text="The analyst's, else each list's once, separated by a blank line."
    )
    remarks = serializers.SerializerMethodField(
        help_text="The analyst's, else each list's once, separated by a blank line."
    )
    values_by_source = ValuesBySourceSerializer(
        source="*",
        read_only=True,
        help_text="Each source's own gender, position, description and remarks: the "
        "analyst's and each list entry's.",
    )
    status = StatusField()
    vessel = serializers.SerializerMethodField(
        help_text="A vessel's flag, IMO number, call sign, type, tonnage...; null for others."
    )
    aliases = AliasSerializer(many=True, read_only=True)
    birth_dates = BirthDateSerializer(many=True, read_only=True)
    nationalities = NationalitySerializer(many=True, read_only=True)
    birth_places = BirthPlaceSerializer(many=True, read_only=True)
    identifiers = IdentifierSerializer(many=True, read_only=True)
    addresses = AddressSerializer(many=True, read_only=True)
    relationships = RelationshipSerializer(
        many=True, read_only=True, help_text="Its links to other subjects."
    )
    related_from = RelationshipSerializer(
        many=True, read_only=True, help_text="Other subjects' links to it."
    )
    designations = SubjectDesignationSerializer(many=True, read_only=True)
    citations = SubjectCitationsField(
        help_text="Passages of articles supporting the record or one of its designations."
    )
    list_entries = ListEntrySerializer(
        many=True, read_only=True, help_text="Its entries on imported official lists."
    )

    class Meta:
        model = Subject
        fields = [
            "id",
            "url",
            "kind",
            "name",
            "gender",
            "position",
            "description",
            "remarks",
            "values_by_source",
            "status",
            "vessel",
            "aliases",
            "birth_dates",
            "nationalities",
            "birth_places",
            "identifiers",
            "addresses",
            "relationships",
            "related_from",
            "designations",
            "citations",
            "list_entries",
            "created",
            "last_updated",
        ]

    def get_position(self, subject) -> str:
        return subject.shown_text("position")

    def get_description(self, subject) -> str:
        return subject.shown_text("description")

    def get_remarks(self, subject) -> str:
        return subject.shown_text("remarks")

    @extend_schema_field(VesselSerializer(allow_null=True))
    def get_vessel(self, subject):
        if subject.kind != SubjectKind.VESSEL:
            return None
        return VesselSerializer(subject.vessel_details()).data


# --- Articles -----------------------------------------------------------------------------


class SourceArticleListSerializer(ReadSerializer):
    """An article in a list."""

    url = api_url("article")
    external_url = OptionalURLField(source="url")

    class Meta:
        model = SourceArticle
        fields = [
            "id",
            "url",
            "kind",
            "title",
            "external_url",
            "publisher",
            "author",
            "published_on",
            "language",
            "summary",
            "last_updated",
        ]


class SourceArticleSerializer(SourceArticleListSerializer):
    """An article's whole record, with the passages that support subjects or designations."""

    # Needs its citations prefetched with their subjects and designations.

    citations = ArticleCitationSerializer(many=True, read_only=True)

    class Meta(SourceArticleListSerializer.Meta):
        fields = whole_record(SourceArticleListSerializer, "text")
