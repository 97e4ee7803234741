"""``POST /api/v1/match/``: screen a batch of names against the subjects (DESIGN.md)."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from ..api.schema import ERROR
from ..choices import COUNTRY_CODES, SubjectKind
from ..dates import FuzzyDateError, parse_fuzzy_date
from ..models import Agency, ImportRun, Program
from . import engine

MAX_QUERIES = 100


class ScreeningAccess(BasePermission):
    """Screening is a read: a login or a token, unless TRACKER_PUBLIC_READ is on.

    Spelled out because the default ReadAccess lets every POST through to read-only views.
    """

    def has_permission(self, request, view):
        return settings.TRACKER_PUBLIC_READ or bool(request.user and request.user.is_authenticated)


class StrictCharField(serializers.CharField):
    """Text only: DRF would read a number or true as their text, which the schema forbids."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictFloatField(serializers.FloatField):
    """A JSON number: not true or false, not a string of digits."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | float):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    """A JSON whole number: not true or false, not a string of digits."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class OneOrManyField(serializers.ListField):
    """A filter given as one value ("us-ofac") or as a list of values."""

    def to_internal_value(self, data):
        return super().to_internal_value([data] if isinstance(data, str) else data)


class MatchQuerySerializer(serializers.Serializer):
    name = StrictCharField(
        max_length=300,
        help_text=_("The name to screen, in any script and word order."),
        error_messages={
            "required": _("Each query needs a name."),
            "blank": _("Each query needs a name."),
        },
    )
    kind = serializers.ChoiceField(
        choices=SubjectKind.choices,
        required=False,
        help_text=_("Only subjects of this kind are candidates."),
    )
    birth_date = StrictCharField(
        required=False,
        allow_blank=True,
        help_text=_("Any partial form: 1950, Jan 1950, 15 Jan 1950, 1961 to 1963, circa 1950."),
    )
    nationality = StrictCharField(
        required=False, allow_blank=True, help_text=_("ISO 3166-1 alpha-2 code, e.g. KP.")
    )
    identifier = StrictCharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text=_("A passport, ID, registration or IMO number."),
    )

    def validate_birth_date(self, value):
        if not value:
            return None
        try:
            return parse_fuzzy_date(value)
        except FuzzyDateError as error:
            raise serializers.ValidationError(str(error)) from None

    def validate_nationality(self, value):
        code = value.strip().upper()
        if code and code not in COUNTRY_CODES:
            raise serializers.ValidationError(_("Not an ISO 3166-1 alpha-2 country code."))
        return code


class QueriesField(serializers.ListField):
    """The batch, refused whole (before any query is read) when it is too long."""

    def to_internal_value(self, data):
        if isinstance(data, list) and len(data) > MAX_QUERIES:
            raise serializers.ValidationError(
                _("A request screens at most %(max)d queries; this one has %(count)d.")
                % {"max": MAX_QUERIES, "count": len(data)}
            )
        return super().to_internal_value(data)


class MatchRequestSerializer(serializers.Serializer):
    queries = QueriesField(
        child=MatchQuerySerializer(),
        min_length=1,
        help_text=_("Up to 100 queries, answered in the same order."),
    )
    threshold = StrictFloatField(
        min_value=0,
        max_value=1,
        default=engine.DEFAULT_THRESHOLD,
        help_text=_("Candidates scoring at least this are flagged as a match (default 0.8)."),
    )
    limit = StrictIntegerField(
        min_value=1,
        max_value=engine.MAX_LIMIT,
        default=engine.DEFAULT_LIMIT,
        help_text=_("Candidates returned per query (default 5, at most 50)."),
    )
    agency = OneOrManyField(child=StrictCharField(), required=False, help_text=_("slug"))
    program = OneOrManyField(child=StrictCharField(), required=False, help_text=_("code or slug"))
    list = OneOrManyField(child=StrictCharField(), required=False, help_text=_("e.g. us-ofac-sdn"))
    status = OneOrManyField(
        child=serializers.ChoiceField(choices=engine.STATUS_VALUES),
        required=False,
        help_text=_(
            "active: a designation in force today; has_delisted: a designation delisted "
            "on or before today; delisted: the older name of has_delisted, still accepted."
        ),
    )

    def validate_agency(self, values):
        known = set(Agency.objects.filter(slug__in=values).values_list("slug", flat=True))
        return _all_known(values, known, _("Unknown agency"))

    def validate_program(self, values):
        unknown = Program.objects.unknown_names(values)
        return _all_known(values, set(values) - set(unknown), _("Unknown program"))

    def validate_list(self, values):
        return _all_known(values, set(engine.known_lists()), _("Unknown list"))


def _all_known(values, known, message):
    unknown = [value for value in values if value not in known]
    if unknown:
        raise serializers.ValidationError(f"{message}: {', '.join(unknown)}")
    return values


class MatchedSubjectSerializer(serializers.Serializer):
    """The candidate subject, in brief (its own name in the schema: not the API's SubjectBrief)."""

    id = serializers.IntegerField()
    url = serializers.URLField()
    name = StrictCharField()


class CandidateSerializer(serializers.Serializer):
    subject = MatchedSubjectSerializer()
    score = serializers.FloatField(help_text=_("0 to 1"))
    match = serializers.BooleanField(help_text=_("score >= threshold"))
    matched_name = StrictCharField(help_text=_("The name or alias that matched."))
    explanation = serializers.DictField(
        help_text=_("Per feature: name, birth_date, nationality, identifier (docs/screening.md).")
    )


class MatchResultSerializer(serializers.Serializer):
    query = serializers.DictField()
    candidates = CandidateSerializer(many=True)


class ListVersionSerializer(serializers.Serializer):
    list = StrictCharField(help_text=_("The list, e.g. un-consolidated."))
    version_date = serializers.DateField(
        allow_null=True, help_text=_("The date the list gives its version, if any.")
    )
    import_run = serializers.IntegerField(help_text=_("The import run that brought it in."))


class MatchResponseSerializer(serializers.Serializer):
    results = MatchResultSerializer(many=True)
    lists = ListVersionSerializer(
        many=True, help_text=_("The list versions in the database when the names were screened.")
    )


def _subject_url(request, subject):
    try:
        path = reverse("api:subject-detail", kwargs={"pk": subject.pk})
    except NoReverseMatch:  # a project without the core's API: link the web page instead
        path = subject.get_absolute_url()
    return request.build_absolute_uri(path)


def _echo(query):
    """The query as the caller sent it, normalized (dates in their stored form)."""
    echoed = {"name": query["name"]}
    for key in ("kind", "nationality", "identifier"):
        if query.get(key):
            echoed[key] = query[key]
    if query.get("birth_date"):
        echoed["birth_date"] = query["birth_date"].value
    return echoed


EXAMPLE = {
    "queries": [
        {"name": "Choe Ryong Hae", "birth_date": "1950", "nationality": "KP", "kind": "person"}
    ],
    "threshold": 0.8,
    "limit": 5,
}


class MatchView(APIView):
    """Screen up to 100 names against every subject's names and aliases."""

    permission_classes = [ScreeningAccess]

    @extend_schema(
        operation_id="match",
        summary="Screen names",
        description=(
            "Each query gets its candidates ranked by a score from 0 to 1 (name similarity, "
            "then date of birth, nationality and identifier agreement or conflict), the name "
            "that matched, a per-feature explanation and whether the score reaches the "
            "threshold. At most 100 queries per request. See docs/screening.md."
        ),
        request={"application/json": MatchRequestSerializer},
        responses={
            200: MatchResponseSerializer,
            400: OpenApiResponse(
                {"type": "object"},
                "A body that is not JSON, too large (docs/api.md) or nested too deep, or a bad "
                "value: each key names a field, as deep as the field is.",
            ),
            401: OpenApiResponse(ERROR, "No login and no valid token."),
            415: OpenApiResponse(ERROR, "The body is not JSON (Content-Type)."),
            429: OpenApiResponse(ERROR, "Too many requests."),
        },
        examples=[OpenApiExample("One person", value=EXAMPLE, request_only=True)],
        tags=["screening"],
    )
    def post(self, request):
        serializer = MatchRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        queries = [_engine_query(query) for query in data["queries"]]
        filters = engine.Filters(
            agency=data.get("agency", []),
            program=data.get("program", []),
            lists=data.get("list", []),
            status=data.get("status", []),
        )
        found = engine.screen(queries, limit=data["limit"], filters=filters)
        results = [
            {
                "query": _echo(query),
                "candidates": [_candidate(request, c, data["threshold"]) for c in candidates],
            }
            for query, candidates in zip(data["queries"], found, strict=True)
        ]
        lists = ListVersionSerializer(ImportRun.objects.versions(), many=True).data
        return Response({"results": results, "lists": lists})


def _engine_query(query):
    return engine.Query(
        name=query["name"],
        kind=query.get("kind", ""),
        birth_date=query.get("birth_date"),
        nationality=query.get("nationality", ""),
        identifier=query.get("identifier", ""),
    )


def _candidate(request, candidate, threshold):
    subject = candidate.subject
    return {
        "subject": {"id": subject.pk, "url": _subject_url(request, subject), "name": subject.name},
        "score": candidate.score,
        "match": candidate.score >= threshold,
        "matched_name": candidate.matched_name,
        "explanation": candidate.explanation,
    }
