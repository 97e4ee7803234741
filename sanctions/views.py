"""Server-rendered pages for readers: a dashboard, filterable lists and detail pages."""

from django.conf import settings
from django.contrib.auth.mixins import AccessMixin
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from . import filtersets
from .models import Agency, Designation, LegalAuthority, Program, SourceArticle, Subject


class ReadAccessMixin(AccessMixin):
    """Pages need a login unless TRACKER_PUBLIC_READ is on."""

    def dispatch(self, request, *args, **kwargs):
        if not settings.TRACKER_PUBLIC_READ and not request.user.is_authenticated:
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)


class DashboardView(ReadAccessMixin, TemplateView):
    template_name = "sanctions/dashboard.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            subject_count=Subject.objects.count(),
            active_count=Designation.objects.active().count(),
            delisted_count=Designation.objects.delisted().count(),
            latest_designations=Designation.objects.select_related("subject", "agency", "program")[
                :10
            ],
            **kwargs,
        )


class ListView(ReadAccessMixin, FilterView):
    paginate_by = 50
    template_name_suffix = "_list"


class SubjectListView(ListView):
    queryset = Subject.objects.with_status()
    filterset_class = filtersets.SubjectFilterSet


class SubjectDetailView(ReadAccessMixin, DetailView):
    queryset = Subject.objects.prefetch_related("aliases", "birth_dates", "nationalities")


class DesignationListView(ListView):
    queryset = Designation.objects.select_related("subject", "agency", "program")
    filterset_class = filtersets.DesignationFilterSet


class DesignationDetailView(ReadAccessMixin, DetailView):
    queryset = Designation.objects.select_related("subject", "agency", "program")


class AgencyListView(ListView):
    queryset = Agency.objects.select_related("parent")
    filterset_class = filtersets.AgencyFilterSet


class AgencyDetailView(ReadAccessMixin, DetailView):
    model = Agency


class LegalAuthorityListView(ListView):
    model = LegalAuthority
    filterset_class = filtersets.LegalAuthorityFilterSet


class LegalAuthorityDetailView(ReadAccessMixin, DetailView):
    model = LegalAuthority


class ProgramListView(ListView):
    queryset = Program.objects.select_related("agency")
    filterset_class = filtersets.ProgramFilterSet


class ProgramDetailView(ReadAccessMixin, DetailView):
    queryset = Program.objects.select_related("agency")


class SourceArticleListView(ListView):
    model = SourceArticle
    filterset_class = filtersets.SourceArticleFilterSet


class SourceArticleDetailView(ReadAccessMixin, DetailView):
    model = SourceArticle
