"""OpenAPI details that drf-spectacular cannot infer from the views on its own."""

from django_countries.fields import CountryField
from django_filters import ModelMultipleChoiceFilter, MultipleChoiceFilter
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers

from ..filters import (
    LARGEST_ID,
    MAX_QUERY_LENGTH,
    MAX_QUERY_WORDS,
    MAX_VALUES,
    SLUG_PATTERN,
    IdMultipleChoiceField,
    MultipleCharField,
    ProgramChoiceField,
    QueryField,
)

# At most MAX_QUERY_WORDS runs of anything but ASCII blanks (and NUL, which no text holds).
QUERY_PATTERN = rf"^[ \t\n\r]*([^ \t\n\r\x00]+([ \t\n\r]+|$)){{0,{MAX_QUERY_WORDS}}}$"

JSON = "application/json"

FORMAT_PARAMETER = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    enum=["json", "csv"],
    description="json (the default): one page. csv: the whole filtered list as a CSV "
    "attachment, one row per record, multi-valued fields joined with “; ” (page and "
    "page_size do not apply).",
)

EXPORT_FORMAT_PARAMETER = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    enum=["json", "ftm"],
    description="json (the default): the subject's detail as a JSON attachment. ftm: "
    "FollowTheMoney entities, one JSON object a line (the subject, a Sanction per "
    "designation, a Passport or Identification per identity document).",
)
FTM_RESPONSE = OpenApiResponse(
    OpenApiTypes.STR, description="FollowTheMoney entities as JSON lines (format=ftm)."
)

PAGE_DESCRIPTION = (
    "A page of the filtered list; with format=csv, the whole filtered list as CSV, streamed. "
    "The CSV columns are the fields of a list item; a reference gives its name (a program "
    "its code)."
)
CSV_RESPONSE = OpenApiResponse(OpenApiTypes.STR, description=PAGE_DESCRIPTION)

ERROR = inline_serializer("Error", {"detail": serializers.CharField()})

MERGED = inline_serializer(
    "MergedSubject",
    {
        "detail": serializers.CharField(),
        "merged_into": inline_serializer(
            "MergedInto",
            {
                "id": serializers.IntegerField(),
                "url": serializers.URLField(),
                "name": serializers.CharField(),
            },
        ),
    },
)

BAD_PARAMETERS = OpenApiResponse(
    {
        "type": "object",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
        "example": {"listed_after": ["Enter a date as YYYY-MM-DD, e.g. 2018-12-10."]},
    },
    description="A bad parameter value: each key names a parameter, its messages say what "
    "is allowed.",
)


class ReadOnlyAutoSchema(AutoSchema):
    """Adds the CSV export of the lists and the error answers of every operation."""

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if self.is_list():
            parameters = [*parameters, FORMAT_PARAMETER]
        if self.is_export():
            parameters = [*parameters, EXPORT_FORMAT_PARAMETER]
        return parameters

    def get_response_serializers(self):
        serializer = super().get_response_serializers()
        responses = {(200, JSON): serializer}
        if self.is_list():
            responses[(200, JSON)] = OpenApiResponse(serializer, PAGE_DESCRIPTION)
            responses[(200, "text/csv")] = CSV_RESPONSE
            responses[(400, JSON)] = BAD_PARAMETERS
        if self.is_export():
            responses[(200, "application/x-ndjson")] = FTM_RESPONSE
            responses[(400, JSON)] = BAD_PARAMETERS  # a format it does not write
        if getattr(self.view, "redirects_merged", False) and not self.is_list():
            responses[(301, JSON)] = OpenApiResponse(
                MERGED,
                "This subject was merged into another: the Location header and merged_into "
                "name the subject it stands for now (chains of merges are followed).",
            )
        responses[(401, JSON)] = OpenApiResponse(ERROR, "No login and no valid token.")
        responses[(404, JSON)] = OpenApiResponse(
            ERROR, "No such page." if self.is_list() else "No such record."
        )
        responses[(429, JSON)] = OpenApiResponse(
            ERROR, "Too many requests; the Retry-After header says how many seconds to wait."
        )
        return responses

    def is_list(self):
        return getattr(self.view, "action", None) == "list"

    def is_export(self):
        return getattr(self.view, "action", None) == "export"


class FilterExtension(DjangoFilterExtension):
    """Says exactly what each filter takes, where spectacular only says "string"."""

    priority = 1  # over the DjangoFilterExtension it extends

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        for parameter in parameters:
            schema = parameter["schema"]
            schema.get("items", schema).update(self.value_schema(filter_field, model))
        return parameters

    def value_schema(self, filter_field, model):
        field_class = filter_field.field_class
        if issubclass(field_class, QueryField):
            return {"maxLength": MAX_QUERY_LENGTH, "pattern": QUERY_PATTERN}
        if issubclass(field_class, IdMultipleChoiceField):
            return {"type": "integer", "minimum": 1, "maximum": LARGEST_ID}
        if isinstance(filter_field, ModelMultipleChoiceFilter):
            return {"pattern": SLUG_PATTERN}
        if issubclass(field_class, ProgramChoiceField | MultipleCharField):
            # Free text (programs, publishers, entry IDs, identifiers): NUL is refused.
            return {"pattern": "^[^\\x00]+$"}
        if isinstance(filter_field, MultipleChoiceFilter) and (
            callable(filter_field.extra.get("choices"))
            or isinstance(self._get_model_field(filter_field, model), CountryField)
        ):
            return {"enum": [code for code, _label in filter_field.field.choices]}
        return {}


def query_parameters_accept_blanks(result, generator, request, public):
    """Postprocessing hook: a blank value is no filter, and a parameter repeats at most
    MAX_VALUES times: the schema says so for every query parameter."""
    for path in result["paths"].values():
        for operation in path.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query":
                    accept_blank(parameter)
    return result


def accept_blank(parameter):
    parameter["allowEmptyValue"] = True
    schema = parameter["schema"]
    if schema.get("type") != "array":
        return
    if parameter.get("explode", True):  # repeated, not comma-separated (ordering)
        schema["maxItems"] = MAX_VALUES
    items = schema["items"]
    if "enum" in items:
        items["enum"] = [*items["enum"], ""] if "" not in items["enum"] else items["enum"]
    else:
        schema["items"] = {"anyOf": [items, {"type": "string", "enum": [""]}]}
