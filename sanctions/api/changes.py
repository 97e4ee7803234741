"""``/api/v1/changes/``: the change feed, paged by cursor, as JSON or CSV."""

import json

from django.utils import timezone
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from .. import csvfiles
from ..tracking.feed import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, ChangeFilterForm, read_changes
from .renderers import CsvListMixin, CSVRenderer
from .schema import BAD_PARAMETERS, ERROR, FORMAT_PARAMETER
from .views import refuse_writes

CSV_COLUMNS = [
    "id",
    "when",
    "action",
    "model",
    "record_id",
    "record_name",
    "record_url",
    "user",
    "import_run",
    "reason",
    "changes",
]


class RecordSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="record_id")
    name = serializers.CharField()
    url = serializers.SerializerMethodField(help_text="The record in this API, when it has one.")
    web_url = serializers.SerializerMethodField(help_text="The record's page on the web.")

    def get_url(self, change) -> str | None:
        return self._absolute(change.api_url)

    def get_web_url(self, change) -> str | None:
        return self._absolute(change.url)

    def _absolute(self, path):
        request = self.context.get("request")
        if not path:
            return None
        return request.build_absolute_uri(path) if request else path


class UserSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    username = serializers.CharField(source="get_username")


class ImportRunSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    list = serializers.CharField()


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    old = serializers.JSONField(allow_null=True)
    new = serializers.JSONField(allow_null=True)


class ChangeSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="The change's own id: the model and its history row.")
    when = serializers.DateTimeField()
    action = serializers.ChoiceField(choices=["added", "changed", "deleted"])
    model = serializers.CharField(source="model_name")
    record = RecordSerializer(source="*")
    user = UserSerializer(allow_null=True, help_text="Who saved it; empty for a script.")
    import_run = ImportRunSerializer(allow_null=True, help_text="The import that wrote it.")
    reason = serializers.CharField(help_text="The change reason recorded with it.")
    changes = FieldChangeSerializer(
        many=True,
        help_text="Changed fields with old and new values; for an addition, each field set. "
        "A foreign key gives the related id, a many-to-many field the list of ids.",
    )


class ChangePageSerializer(serializers.Serializer):
    next = serializers.URLField(
        help_text="Where to continue: the changes after this page. Always given: poll it later "
        "to get the changes made since, each once."
    )
    cursor = serializers.CharField(allow_null=True)
    has_more = serializers.BooleanField(help_text="More changes are ready now: fetch next.")
    settled_until = serializers.DateTimeField(
        help_text="Changes up to this moment are served; later ones wait for the settle delay."
    )
    results = ChangeSerializer(many=True)


MOMENT = {
    "anyOf": [{"type": "string", "format": "date-time"}, {"type": "string", "format": "date"}]
}


def parameters():
    """The feed's parameters in the schema, from the form that validates them."""
    fields = ChangeFilterForm.base_fields
    schemas = {
        "since": MOMENT,
        "until": MOMENT,
        "model": comma_separated(fields["model"].choices),
        "action": comma_separated(fields["action"].choices),
        "user": {"type": "string", "maxLength": fields["user"].max_length},
        "program": {"type": "string", "maxLength": fields["program"].max_length},
        "import_run": {"type": "integer", "minimum": 1},
        "cursor": {"type": "string", "pattern": "^[-A-Za-z0-9_]+$"},
        "page_size": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
    }
    result = [
        OpenApiParameter(
            name,
            schemas[name],
            OpenApiParameter.QUERY,
            description=str(field.help_text),
        )
        for name, field in fields.items()
    ]
    return [*result, FORMAT_PARAMETER]


def comma_separated(choices):
    names = "|".join(value for value, _label in choices)
    return {"type": "string", "pattern": rf"^ *({names}) *(, *({names}) *)*$"}


class FeedSchema(AutoSchema):
    """The feed answers one page object, not the array spectacular assumes for a list."""

    def _is_list_view(self, serializer=None):
        return False


class ChangeViewSet(CsvListMixin, viewsets.ViewSet):
    """Every change to every record, oldest first, with a cursor to poll for new ones.

    Start with ``?since=<ISO date-time>``; each answer's ``next`` link continues after its last
    change. Following ``next`` (now or an hour later) yields each change exactly once.
    ``?format=csv`` gives every matching change as CSV.
    """

    csv_page_size = MAX_PAGE_SIZE
    schema = FeedSchema()

    def initial(self, request, *args, **kwargs):
        refuse_writes(request)
        super().initial(request, *args, **kwargs)

    def get_renderers(self):
        return [*super().get_renderers(), CSVRenderer()]

    @extend_schema(
        operation_id="changes_list",
        parameters=parameters(),
        responses={
            (200, "application/json"): ChangePageSerializer,
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, "Every matching change."),
            (400, "application/json"): BAD_PARAMETERS,
            (401, "application/json"): OpenApiResponse(ERROR, "No login and no valid token."),
            (404, "application/json"): OpenApiResponse(ERROR, "No such page."),
            (429, "application/json"): OpenApiResponse(ERROR, "Too many requests."),
        },
    )
    def list(self, request):
        form = ChangeFilterForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(_messages(form))
        params = form.cleaned_data
        if isinstance(request.accepted_renderer, CSVRenderer):
            return csv_response(params, self.csv_page_size)
        page = read_changes(params, params.get("page_size") or DEFAULT_PAGE_SIZE)
        context = {"request": request}
        cursor = page.cursor.encode() if page.cursor else None
        query = request.query_params.copy()
        if cursor:
            query["cursor"] = cursor
        return Response(
            {
                "next": request.build_absolute_uri(f"{request.path}?{query.urlencode()}"),
                "cursor": cursor,
                "has_more": page.has_more,
                "settled_until": serializers.DateTimeField().to_representation(page.horizon),
                "results": ChangeSerializer(page.changes, many=True, context=context).data,
            }
        )


def _messages(form):
    return {name: [str(message) for message in errors] for name, errors in form.errors.items()}


def csv_response(params, page_size):
    filename = f"changes-{timezone.localdate().isoformat()}.csv"
    return csvfiles.csv_response(csv_pieces(params, page_size), filename)


def csv_pieces(params, page_size):
    """Every matching change, one page of the feed at a time (the header with the first)."""
    header = [CSV_COLUMNS]
    params = dict(params)
    while True:
        page = read_changes(params, page_size)
        yield [*header, *(csv_row(change) for change in page.changes)]
        header = []
        if not page.has_more:
            return
        params["cursor"] = page.cursor


def csv_row(change):
    return [
        change.id,
        change.when.isoformat(),
        change.action,
        change.model_name,
        change.record_id,
        change.name,
        change.api_url or change.url,
        change.user.get_username() if change.user else "",
        change.import_run["id"] if change.import_run else "",
        change.reason,
        json.dumps(change.changes, ensure_ascii=False) if change.changes else "",
    ]
