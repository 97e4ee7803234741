"""Server-rendered pages for readers: a dashboard, filterable lists and detail pages."""

import datetime

from django.conf import settings
from django.contrib.auth.mixins import AccessMixin, LoginRequiredMixin
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import (
    Http404,
    HttpResponseBadRequest,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView
from rest_framework.authtoken.models import Token

from . import exports, facets, filtersets, readcache
from .charts import designations_per_month
from .choices import Gender, SubjectKind
from .forms import DEFAULT_PAGE_SIZE, adapt_filter_form, web_change_form
from .merging import survivor_of
from .models import (
    PER_SOURCE_FIELDS,
    SUBJECT_PARTS,
    Agency,
    Citation,
    Designation,
    LegalAuthority,
    ListEntry,
    Program,
    Relationship,
    ShownValue,
    SourceArticle,
    Subject,
    grouped_facts,
    resolution_counts,
)
from .tracking.asof import as_of_context, in_force_context
from .tracking.delisting import timeline
from .tracking.feed import DEFAULT_PAGE_SIZE as DEFAULT_CHANGES
from .tracking.feed import ChangeFilterForm, read_changes
from .tracking.history import recent_changes
from .tracking.readable import readable

# How many designations an agency, authority or program page shows before "see all".
DESIGNATIONS_SHOWN = 20


class ReadAccessMixin(AccessMixin):
    """Pages need a login unless TRACKER_PUBLIC_READ is on."""

    def dispatch(self, request, *args, **kwargs):
        if not settings.TRACKER_PUBLIC_READ and not request.user.is_authenticated:
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)


def designations_with_details():
    return Designation.objects.select_related("subject", "agency", "program")


class DashboardView(ReadAccessMixin, TemplateView):
    template_name = "sanctions/dashboard.html"

    def get_context_data(self, **kwargs):
        week_ago = timezone.now() - datetime.timedelta(days=7)
        return super().get_context_data(
            **readcache.cached("dashboard", dashboard_counts),
            latest_designations=designations_with_details()
            .filter(listed_on__isnull=False)
            .order_by("-listed_on", "subject__sort_name", "id")[:10],  # a day's in name order
            latest_first_seen=designations_with_details()
            .filter(listed_on__isnull=True)
            .with_first_seen()
            .filter(first_seen__isnull=False)
            .order_by("-first_seen", "-id")[:5],
            changes=recent_changes(limit=10),
            week_ago=week_ago.strftime("%Y-%m-%dT%H:%M"),
            review_url=review_queue_url(self.request.user),
            **kwargs,
        )


def dashboard_counts():
    """The dashboard's whole-table counts and its chart: cached until the next write."""
    return {
        "subject_count": Subject.objects.count(),
        "active_count": Designation.objects.active().count(),
        "delisted_count": Designation.objects.delisted().count(),
        "chart": designations_per_month(),
        "resolution": resolution_summary(),
    }


# The UN's counterparts the dashboard shows, in resolution_counts()'s names.
COUNTERPART_LABELS = (("ofac", _("OFAC")), ("uk", _("the UK")), ("eu", _("the EU")))


def resolution_summary():
    """Cross-list resolution's counts, with the share of UN-listed parties that each of the
    UN's counterparts designates too (percent, or None before any UN import)."""
    counts = resolution_counts()
    total = counts["un_listed"]
    counts["counterparts"] = [
        (label, counts[name], round(100 * counts[name] / total) if total else None)
        for name, label in COUNTERPART_LABELS
    ]
    return counts


def review_queue_url(user):
    """The admin's queue of proposed pairs, for staff who may see it; "" for anyone else."""
    if not (user.is_staff and user.has_perm("sanctions.view_subjectpair")):
        return ""
    try:
        return reverse("admin:sanctions_subjectpair_changelist")
    except NoReverseMatch:  # the queue's admin is not installed
        return ""


# --- Lists ------------------------------------------------------------------------------


class WebFilterMixin:
    """A shared FilterSet with the web's widgets, applied in a stable order."""

    def get_filterset(self, filterset_class):
        return adapt_filter_form(super().get_filterset(filterset_class))

    def filter_is_valid(self):
        return not self.filterset.is_bound or self.filterset.is_valid()

    def filtered_queryset(self):
        """The filtered rows in the FilterSet's order.

        The shared ``ordering`` filter already puts empty values last on every database and
        ends with the id, so pages never overlap; without it, Meta.ordering applies.
        """
        return self.filterset.qs


class ListView(ReadAccessMixin, WebFilterMixin, FilterView):
    """A filterable, sortable, paginated table; a bad filter value answers 400 with the form."""

    paginate_by = DEFAULT_PAGE_SIZE
    template_name_suffix = "_list"
    title = ""
    default_ordering = ""  # Meta.ordering as an ``ordering`` value: marks the sorted column
    export = None  # an exports.CsvExport
    export_url_name = ""
    facet_counts = None  # facets.subject_facets and the like: counts beside the results

    def get(self, request, *args, **kwargs):
        self.filterset = self.get_filterset(self.get_filterset_class())
        valid = self.filter_is_valid()
        self.object_list = self.filtered_queryset() if valid else self.filterset.queryset.none()
        context = self.get_context_data(filter=self.filterset, object_list=self.object_list)
        return self.render_to_response(context, status=200 if valid else 400)

    def get_paginate_by(self, queryset):
        cleaned = getattr(self.filterset.form, "cleaned_data", {})
        return cleaned.get("page_size") or self.paginate_by

    def get_context_data(self, **kwargs):
        opts = self.filterset.queryset.model._meta
        return super().get_context_data(
            title=self.title,
            verbose_name=opts.verbose_name,
            verbose_name_plural=opts.verbose_name_plural,
            ordering=self.request.GET.get("ordering") or self.default_ordering,
            active_filters=self.active_filter_count(),
            export_url=self.get_export_url(),
            facets=self.get_facets(),
            **kwargs,
        )

    def get_facets(self):
        if self.facet_counts is None or not self.filter_is_valid():
            return []
        model = self.filterset.queryset.model._meta.model_name
        found = readcache.cached(
            f"facets:{model}:{readcache.query_key(self.request.GET)}",
            lambda: type(self).facet_counts(self.object_list),
        )
        return facets.with_links(found, self.request.GET, self.request.path)

    def active_filter_count(self):
        """How many filters the reader set (sorting and paging are not filters)."""
        ignored = {"ordering", "page", "page_size"}
        return len({name for name, values in self.request.GET.lists() if any(values)} - ignored)

    def get_export_url(self):
        query = self.request.GET.copy()
        for name in ("page", "page_size"):
            query.pop(name, None)
        url = reverse(self.export_url_name)
        return f"{url}?{query.urlencode()}" if query else url


class CsvExportMixin:
    """A list's filtered rows, all of them, as a CSV download (columns: the list's ``export``)."""

    def get(self, request, *args, **kwargs):
        self.filterset = self.get_filterset(self.get_filterset_class())
        if not self.filter_is_valid():
            return HttpResponseBadRequest(
                filter_errors_text(self.filterset.form), content_type="text/plain; charset=utf-8"
            )
        filename = f"{self.export.name}-{timezone.localdate().isoformat()}.csv"
        return exports.csv_response(self.export, self.filtered_queryset(), filename)


def filter_errors_text(form):
    """One line per bad parameter: ``listed_after: Enter a valid date.``"""
    return "".join(
        f"{name}: {message}\n" for name, messages in form.errors.items() for message in messages
    )


def annotate_in_order(queryset, **annotations):
    """Annotate counts, keeping the model's order (a GROUP BY query ignores Meta.ordering)."""
    return queryset.annotate(**annotations).order_by(*queryset.model._meta.ordering)


class SubjectListView(ListView):
    filterset_class = filtersets.SubjectFilterSet
    title = _("Subjects")
    default_ordering = "name"
    export = exports.SUBJECTS
    facet_counts = facets.subject_facets
    export_url_name = "sanctions:subject_export"

    def get_queryset(self):
        # Built per request: the status annotation depends on today's date.
        return Subject.objects.with_status().prefetch_related(
            "aliases",
            "nationalities",
            Prefetch(
                "designations", queryset=Designation.objects.select_related("agency", "program")
            ),
        )


class DesignationListView(ListView):
    queryset = designations_with_details().prefetch_related("authorities", "measures")
    filterset_class = filtersets.DesignationFilterSet
    title = _("Designations")
    default_ordering = "-listed_on"
    export = exports.DESIGNATIONS
    facet_counts = facets.designation_facets
    export_url_name = "sanctions:designation_export"


class AgencyListView(ListView):
    queryset = annotate_in_order(
        Agency.objects.select_related("parent"), designation_count=Count("designations")
    )
    filterset_class = filtersets.AgencyFilterSet
    title = _("Agencies")
    default_ordering = "name"
    export = exports.AGENCIES
    export_url_name = "sanctions:agency_export"


class LegalAuthorityListView(ListView):
    queryset = annotate_in_order(
        LegalAuthority.objects.all(), designation_count=Count("designations")
    )
    filterset_class = filtersets.LegalAuthorityFilterSet
    title = _("Legal authorities")
    default_ordering = "title"
    export = exports.AUTHORITIES
    export_url_name = "sanctions:authority_export"


class ProgramListView(ListView):
    queryset = annotate_in_order(
        Program.objects.select_related("agency").prefetch_related("authorities"),
        designation_count=Count("designations"),
    )
    filterset_class = filtersets.ProgramFilterSet
    title = _("Programs")
    default_ordering = "code"
    export = exports.PROGRAMS
    export_url_name = "sanctions:program_export"


class SourceArticleListView(ListView):
    queryset = annotate_in_order(SourceArticle.objects.all(), citation_count=Count("citations"))
    filterset_class = filtersets.SourceArticleFilterSet
    title = _("Articles")
    default_ordering = "-published_on"
    export = exports.ARTICLES
    export_url_name = "sanctions:article_export"


class SubjectExportView(CsvExportMixin, SubjectListView):
    pass


class DesignationExportView(CsvExportMixin, DesignationListView):
    pass


class AgencyExportView(CsvExportMixin, AgencyListView):
    pass


class LegalAuthorityExportView(CsvExportMixin, LegalAuthorityListView):
    pass


class ProgramExportView(CsvExportMixin, ProgramListView):
    pass


class SourceArticleExportView(CsvExportMixin, SourceArticleListView):
    pass


# --- Detail pages -----------------------------------------------------------------------


class AsOfMixin:
    """``?as_of=YYYY-MM-DD``: the record on that day, in force and as recorded."""

    def get(self, request, *args, **kwargs):
        if "as_of" not in request.GET:
            return super().get(request, *args, **kwargs)
        self.object = self.get_object()
        try:
            day = datetime.date.fromisoformat(request.GET["as_of"])
        except ValueError:
            message = _("“%(value)s” is not a date: enter one as YYYY-MM-DD, e.g. 2019-06-01.")
            return render(
                request,
                "400.html",
                {"message": message % {"value": request.GET["as_of"]}, "back": request.path},
                status=400,
            )
        context = self.get_context_data(
            object=self.object,
            **as_of_context(self.object, day),
            **in_force_context(self.object, day),
        )
        return self.response_class(
            request=request,
            template="sanctions/record_as_of.html",
            context=context,
            using=self.template_engine,
        )


def designation_sample(designations):
    """The latest designations of a reference record, and how many there are in all."""
    designations = designations.select_related("subject", "agency", "program")
    return {
        "designations": designations[:DESIGNATIONS_SHOWN],
        "designation_count": designations.count(),
    }


def subject_facts(subject):
    """Each part of the record once per fact, with every source that gives it."""
    facts = {name: grouped_facts(getattr(subject, name).all()) for name in SUBJECT_PARTS}
    facts["relationships"] = grouped_facts(subject.relationships.all())
    incoming = subject.related_from.all()
    facts["related_from"] = grouped_facts(incoming, key=lambda row: (row.subject_id, row.kind))
    return facts


def shown_values(subject):
    """The single values the subject shows (the analyst's, else each list's), with sources."""
    shown = {name: subject.shown_values(name) for name in PER_SOURCE_FIELDS}
    labels = dict(Gender.choices)
    shown["gender"] = [ShownValue(labels.get(v.value, v.value), v.sources) for v in shown["gender"]]
    return shown


class SubjectDetailView(ReadAccessMixin, AsOfMixin, DetailView):
    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            survivor = survivor_of(kwargs["pk"])
            if survivor is None:
                raise
        # A merged subject lives on in the one it was merged into: a permanent redirect.
        query = request.META.get("QUERY_STRING", "")
        url = survivor.get_absolute_url() + (f"?{query}" if query else "")
        return HttpResponsePermanentRedirect(url)

    def get_queryset(self):
        designations = (
            Designation.objects.select_related("agency", "program", "delisting_article")
            .prefetch_related("authorities", "measures")
            .with_first_seen()
        )
        relationships = Relationship.objects.with_sources()
        return (
            Subject.objects.with_status()
            .with_sourced_parts()
            .prefetch_related(
                Prefetch("relationships", queryset=relationships.select_related("related")),
                Prefetch("related_from", queryset=relationships.select_related("subject")),
                Prefetch("designations", queryset=designations),
                Prefetch("list_entries", queryset=ListEntry.objects.with_seen_dates()),
            )
        )

    def get_context_data(self, **kwargs):
        subject = self.object
        citations = Citation.objects.filter(
            Q(subject=subject) | Q(designation__subject=subject)
        ).select_related("article", "designation__agency", "designation__program")
        return super().get_context_data(
            timeline=timeline(subject.designations.all()),
            citations=citations,
            # Each fact once, with every source that gives it; each list's own single values.
            facts=subject_facts(subject),
            shown=shown_values(subject),
            vessel=subject.vessel_details() if subject.kind == SubjectKind.VESSEL else None,
            **kwargs,
        )


class DesignationDetailView(ReadAccessMixin, AsOfMixin, DetailView):
    queryset = (
        designations_with_details()
        .prefetch_related(
            "authorities",
            "measures",
            Prefetch("citations", queryset=Citation.objects.select_related("article")),
        )
        .with_first_seen()
    )

    def get_context_data(self, **kwargs):
        return super().get_context_data(timeline=timeline([self.object]), **kwargs)


class AgencyDetailView(ReadAccessMixin, AsOfMixin, DetailView):
    queryset = Agency.objects.select_related("parent").prefetch_related(
        "children", Prefetch("programs", queryset=Program.objects.prefetch_related("authorities"))
    )

    def get_context_data(self, **kwargs):
        sample = designation_sample(self.object.designations.all())
        return super().get_context_data(**sample, **kwargs)


class LegalAuthorityDetailView(ReadAccessMixin, AsOfMixin, DetailView):
    queryset = LegalAuthority.objects.prefetch_related(
        Prefetch("programs", queryset=Program.objects.select_related("agency"))
    )

    def get_context_data(self, **kwargs):
        sample = designation_sample(self.object.designations.all())
        return super().get_context_data(**sample, **kwargs)


class ProgramDetailView(ReadAccessMixin, AsOfMixin, DetailView):
    queryset = Program.objects.select_related("agency").prefetch_related("authorities")

    def get_context_data(self, **kwargs):
        sample = designation_sample(self.object.designations.all())
        return super().get_context_data(**sample, **kwargs)


class SourceArticleDetailView(ReadAccessMixin, AsOfMixin, DetailView):
    queryset = SourceArticle.objects.prefetch_related(
        Prefetch(
            "citations",
            queryset=Citation.objects.select_related(
                "subject", "designation__subject", "designation__agency", "designation__program"
            ),
        )
    )


# --- The change list ------------------------------------------------------------------


class ChangeListView(ReadAccessMixin, TemplateView):
    """Every change to every record, newest first, with the change feed's filters."""

    template_name = "sanctions/change_list.html"

    def get(self, request, *args, **kwargs):
        form = ChangeFilterForm(request.GET or None)
        valid = form.is_bound is False or form.is_valid()
        params = form.cleaned_data if form.is_bound and valid else {}
        page = (
            read_changes(params, params.get("page_size") or DEFAULT_CHANGES, newest_first=True)
            if valid
            else None
        )
        older = ""
        if page is not None and page.has_more:
            query = request.GET.copy()
            query["cursor"] = page.cursor.encode()
            older = f"?{query.urlencode()}"
        feed_query = request.GET.copy()
        for name in ("cursor", "page_size"):
            feed_query.pop(name, None)
        context = self.get_context_data(
            form=web_change_form(form),
            page=page,
            entries=readable(page.changes) if page is not None else None,
            older_url=older,
            feed_query=feed_query.urlencode(),
        )
        return self.render_to_response(context, status=200 if valid else 400)


# --- The reader's own API token -----------------------------------------------------------


class ApiTokenView(LoginRequiredMixin, TemplateView):
    """Any login sees, creates, replaces and deletes its own API token: a token reads what
    its user reads, and the API only reads, so a viewer needs no analyst to script it."""

    template_name = "sanctions/api_token.html"
    ACTIONS = ("create", "replace", "delete")

    def get_context_data(self, **kwargs):
        token = Token.objects.filter(user=self.request.user).first()
        return super().get_context_data(token=token, **kwargs)

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action not in self.ACTIONS:
            context = self.get_context_data(error=_("Choose to create, replace or delete it."))
            return self.render_to_response(context, status=400)
        with transaction.atomic():
            Token.objects.filter(user=request.user).delete()
            if action != "delete":
                Token.objects.create(user=request.user)
        return HttpResponseRedirect(reverse("sanctions:api_token"))
