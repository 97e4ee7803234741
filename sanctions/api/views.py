"""The read API: one viewset per listable model, all read-only."""

import re

from django.db.models import Prefetch
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from rest_framework import routers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed, NotFound
from rest_framework.permissions import SAFE_METHODS
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse

from .. import filtersets
from ..merging import survivor_of
from ..models import (
    Agency,
    Citation,
    Designation,
    LegalAuthority,
    ListEntry,
    Measure,
    Program,
    Relationship,
    SourceArticle,
    Subject,
    attach_status,
)
from . import csvrows, serializers
from .ftm import subject_entities
from .pagination import PageNumberPagination
from .renderers import CsvListMixin, CSVRenderer, FtmRenderer, csv_response
from .schema import ReadOnlyAutoSchema

ID_PATTERN = re.compile(r"[0-9]+")
JSON_TYPE = "application/json"
SLUG_PATTERN = re.compile(r"[-a-zA-Z0-9_]+")


def refuse_writes(request):
    """405 for any write, before authentication.

    Authentication comes first in DRF, so a session user without a CSRF token would hear 403
    and a wrong token 401, when the answer for everyone is that the API is read-only.
    """
    if request.method not in SAFE_METHODS:
        raise MethodNotAllowed(request.method)


def api_path(request):
    return request.path_info.startswith("/api/")


def bad_request(request, exception):
    """A 400 Django raises before any view (a body over DATA_UPLOAD_MAX_MEMORY_SIZE)."""
    if api_path(request):
        return JsonResponse({"detail": str(_("Bad request."))}, status=400)
    return defaults.bad_request(request, exception)


def not_found(request, exception):
    """A 404 outside any view (``/api/v1/subjects/0.5/``): JSON under /api/, a page elsewhere."""
    if api_path(request):
        return JsonResponse({"detail": str(_("Not found."))}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """A 500: JSON under /api/, the site's error page elsewhere; neither tells what failed."""
    if api_path(request):
        return JsonResponse({"detail": str(_("Server error."))}, status=500)
    return defaults.server_error(request)


class APIRootView(routers.APIRootView):
    """The Sanctions Tracker read API: the lists below, each filterable and paginated, with
    ``?format=csv`` for the whole filtered list. See /api/docs/ for every parameter."""

    def initial(self, request, *args, **kwargs):
        refuse_writes(request)
        super().initial(request, *args, **kwargs)


class Router(routers.DefaultRouter):
    APIRootView = APIRootView
    # One way to ask for CSV (?format=csv), not also /subjects.csv and /subjects/1.json.
    include_format_suffixes = False


class ReadOnlyViewSet(CsvListMixin, viewsets.ReadOnlyModelViewSet):
    """A list and a detail view; the list also streams CSV.

    ``list_serializer_class`` gives list items a lighter form than the detail view.
    """

    list_serializer_class = None
    lookup_pattern = ID_PATTERN
    pagination_class = PageNumberPagination
    schema = ReadOnlyAutoSchema()
    csv_chunk_size = 2000
    csv_rows = None  # the CSV's rows, read in bulk (see csvrows); else through the serializer

    def initial(self, request, *args, **kwargs):
        refuse_writes(request)
        super().initial(request, *args, **kwargs)

    def get_renderers(self):
        renderers = super().get_renderers()
        return [*renderers, CSVRenderer()] if self.action == "list" else renderers

    def get_serializer_class(self):
        if self.action == "list" and self.list_serializer_class is not None:
            return self.list_serializer_class
        return super().get_serializer_class()

    def filter_queryset(self, queryset):
        # The filters are for lists: /subjects/1/?status=delisted still shows subject 1.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def list(self, request, *args, **kwargs):
        if not isinstance(request.accepted_renderer, CSVRenderer):
            return super().list(request, *args, **kwargs)
        self.paginator.check_parameters(request)
        queryset = self.filter_queryset(self.get_queryset())
        return csv_response(self.get_serializer(), queryset, self.csv_chunk_size, self.csv_rows)

    def get_object(self):
        lookup = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        queryset = self.get_queryset()
        # Checked before the query: PostgreSQL refuses some strings outright (NUL bytes).
        if self.lookup_pattern.fullmatch(lookup):
            found = list(queryset.filter(**{self.lookup_field: lookup}))
            if found:
                self.check_object_permissions(self.request, found[0])
                return found[0]
        noun = queryset.model._meta.verbose_name
        field = "id" if self.lookup_field == "pk" else self.lookup_field
        raise NotFound(_("No {noun} has this {field}.").format(noun=noun, field=field))


class SlugLookupMixin:
    """Reference data is addressed by slug: /api/v1/agencies/us-ofac/."""

    lookup_field = "slug"
    lookup_pattern = SLUG_PATTERN


# --- Reference data -----------------------------------------------------------------------


class AgencyViewSet(SlugLookupMixin, ReadOnlyViewSet):
    """Bodies that issue sanctions: OFAC, the UN Security Council, the Council of the EU."""

    queryset = Agency.objects.select_related("parent")
    serializer_class = serializers.AgencySerializer
    filterset_class = filtersets.AgencyFilterSet


class LegalAuthorityViewSet(SlugLookupMixin, ReadOnlyViewSet):
    """The instruments designations rest on: executive orders, statutes, resolutions."""

    queryset = LegalAuthority.objects.all()
    serializer_class = serializers.LegalAuthoritySerializer
    filterset_class = filtersets.LegalAuthorityFilterSet


class ProgramViewSet(SlugLookupMixin, ReadOnlyViewSet):
    """Sanctions programs as their agencies name them (OFAC DPRK2, UN DPRK)."""

    queryset = Program.objects.select_related("agency").prefetch_related("authorities")
    serializer_class = serializers.ProgramSerializer
    filterset_class = filtersets.ProgramFilterSet


class MeasureViewSet(SlugLookupMixin, ReadOnlyViewSet):
    """What designations do: asset freeze, travel ban, arms embargo."""

    queryset = Measure.objects.all()
    serializer_class = serializers.MeasureSerializer
    filterset_class = filtersets.MeasureFilterSet


# --- Core records -------------------------------------------------------------------------


class SubjectViewSet(ReadOnlyViewSet):
    """Sanctioned parties: persons, organizations, vessels and aircraft."""

    serializer_class = serializers.SubjectSerializer
    list_serializer_class = serializers.SubjectListSerializer
    filterset_class = filtersets.SubjectFilterSet
    csv_rows = staticmethod(csvrows.subject_rows)
    redirects_merged = True  # the schema documents the 301 of a merged subject

    def retrieve(self, request, *args, **kwargs):
        try:
            return super().retrieve(request, *args, **kwargs)
        except NotFound:
            return self.merged_redirect(request, kwargs["pk"], "api:subject-detail")

    @action(detail=True, renderer_classes=[JSONRenderer, FtmRenderer])
    def export(self, request, *args, **kwargs):
        """The subject as a file to download: the detail view's JSON (``?format=json``, the
        default), or FollowTheMoney entities as JSON lines (``?format=ftm``)."""
        try:
            subject = self.get_object()
        except NotFound:
            return self.merged_redirect(request, kwargs["pk"], "api:subject-export")
        if isinstance(request.accepted_renderer, FtmRenderer):
            data, name = subject_entities(subject, request), f"subject-{subject.pk}.ftm.json"
        else:
            data, name = self.get_serializer(subject).data, f"subject-{subject.pk}.json"
        return Response(data, headers={"Content-Disposition": f'attachment; filename="{name}"'})

    def finalize_response(self, request, response, *args, **kwargs):
        # An export's answers other than the file (a merged subject's 301, a 404) are JSON
        # whatever format was asked for, as the schema says.
        if response.status_code >= 300 and isinstance(
            getattr(request, "accepted_renderer", None), FtmRenderer
        ):
            request.accepted_renderer, request.accepted_media_type = JSONRenderer(), JSON_TYPE
        return super().finalize_response(request, response, *args, **kwargs)

    @staticmethod
    def merged_redirect(request, pk, route):
        """A 301 to the subject a merged one lives on in (``route`` of it; reverse() keeps
        ``?format``); NotFound if there is none."""
        survivor = survivor_of(pk)
        if survivor is None:
            raise NotFound(_("No subject has this id."))
        url = reverse(route, kwargs={"pk": survivor.pk}, request=request)
        body = {
            "detail": str(_("This subject was merged into another.")),
            "merged_into": {"id": survivor.pk, "url": url, "name": survivor.name},
        }
        return Response(body, status=301, headers={"Location": url})

    def get_queryset(self):
        if self.action == "list":
            # Status: attach_status() on each page; the CSV reads it in bulk (csvrows).
            return Subject.objects.with_parts("aliases", "birth_dates", "nationalities")
        # Built per request: the status annotations hold today's date.
        subjects = Subject.objects.with_status()
        designations = Designation.objects.select_related("agency", "program")
        citations = Citation.objects.select_related(
            "article", "designation__subject", "designation__agency", "designation__program"
        )
        relationships = Relationship.objects.select_related("subject", "related").with_sources()
        return subjects.with_sourced_parts().prefetch_related(
            Prefetch("relationships", queryset=relationships),
            Prefetch("related_from", queryset=relationships),
            Prefetch("designations", queryset=designations),
            "designations__authorities",
            "designations__measures",
            Prefetch("designations__citations", queryset=citations),
            Prefetch("citations", queryset=citations),
            Prefetch("list_entries", queryset=ListEntry.objects.with_seen_dates()),
        )

    def paginate_queryset(self, queryset):
        return attach_status(super().paginate_queryset(queryset))


class DesignationViewSet(ReadOnlyViewSet):
    """Each sanctioning of a subject by an agency, from listing to any delisting."""

    queryset = Designation.objects.select_related("subject", "agency", "program").prefetch_related(
        "authorities", "measures"
    )
    serializer_class = serializers.DesignationSerializer
    list_serializer_class = serializers.DesignationListSerializer
    filterset_class = filtersets.DesignationFilterSet
    csv_rows = staticmethod(csvrows.designation_rows)

    def get_queryset(self):
        designations = super().get_queryset()
        if self.action == "list":
            return designations
        citations = Citation.objects.select_related("article")
        return designations.prefetch_related(Prefetch("citations", queryset=citations))


class SourceArticleViewSet(ReadOnlyViewSet):
    """News reports, press releases and official notices that report sanctions."""

    queryset = SourceArticle.objects.all()
    serializer_class = serializers.SourceArticleSerializer
    list_serializer_class = serializers.SourceArticleListSerializer
    filterset_class = filtersets.SourceArticleFilterSet

    def get_queryset(self):
        articles = super().get_queryset()
        if self.action == "list":
            return articles
        citations = Citation.objects.select_related(
            "subject", "designation__subject", "designation__agency", "designation__program"
        )
        return articles.prefetch_related(Prefetch("citations", queryset=citations))
