"""The admin: the analysts' editing tool, with history on every change."""

import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import widgets
from django.contrib.admin.views.main import ORDER_VAR
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from rest_framework.authtoken.admin import TokenAdmin as DRFTokenAdmin
from rest_framework.authtoken.models import TokenProxy

from . import admin_resolution  # noqa: F401 (importing it registers the review queue)
from .admin_imports import ListEntryInline  # importing it registers the imports' admins
from .choices import COUNTRY_CODES, DesignationStatus, Gender
from .merging import survivor_of
from .models import (
    Address,
    Agency,
    Alias,
    BirthDate,
    BirthPlace,
    Citation,
    Designation,
    Identifier,
    LegalAuthority,
    Measure,
    Nationality,
    Program,
    Relationship,
    SourceArticle,
    Subject,
)
from .search import search_subjects, similar_subjects
from .tracking import delisting
from .tracking.locking import VersionedAdmin, VersionedForm, VersionedInline

METADATA = (_("Metadata"), {"classes": ["collapse"], "fields": ["created", "last_updated"]})
READONLY_METADATA = ["created", "last_updated"]

admin.site.site_header = _("Sanctions Tracker administration")
admin.site.site_title = _("Sanctions Tracker")
admin.site.index_title = _("Records")


# --- Filters ------------------------------------------------------------------------------


class StatusFilter(admin.SimpleListFilter):
    """Active or delisted today, by the one rule on the QuerySet."""

    title = _("status today")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return DesignationStatus.choices

    def queryset(self, request, queryset):
        if self.value() == DesignationStatus.ACTIVE:
            return queryset.active()
        if self.value() == DesignationStatus.DELISTED:
            return queryset.delisted()
        return queryset


class NationalityFilter(admin.SimpleListFilter):
    title = _("nationality")
    parameter_name = "nationality"

    def lookups(self, request, model_admin):
        codes = Nationality.objects.order_by("country").values_list("country", flat=True).distinct()
        from django_countries import countries

        return [(code, countries.name(code)) for code in codes if code in COUNTRY_CODES]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(nationalities__country=self.value()).distinct()
        return queryset


class GenderFilter(admin.SimpleListFilter):
    """The gender a subject shows: the analyst's, else its lists' when they agree."""

    title = _("gender")
    parameter_name = "gender"

    def lookups(self, request, model_admin):
        return Gender.choices

    def queryset(self, request, queryset):
        if self.value() in Gender.values:
            return queryset.of_gender(self.value())
        return queryset


# --- Delisting and relisting -------------------------------------------------------------


class WorkflowForm(forms.Form):
    """The date of a delisting or relisting, and the source that reports it."""

    day = forms.DateField(
        label=_("Date"),
        widget=widgets.AdminDateWidget,
        help_text=_("The day it takes effect, as the source gives it (YYYY-MM-DD)."),
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD, e.g. 2020-02-01.")},
    )
    article = forms.ModelChoiceField(
        SourceArticle.objects.order_by("-published_on", "title"),
        required=False,
        label=_("Source article"),
        help_text=_("The article or notice in the tracker that reports it: type to search."),
    )
    url = forms.URLField(
        required=False,
        assume_scheme="https",
        label=_("Notice URL"),
        help_text=_("The official notice, when it is not an article in the tracker."),
    )

    def __init__(self, *args, designations=(), step="delist", **kwargs):
        super().__init__(*args, **kwargs)
        self.designations, self.step = designations, step
        field = Designation._meta.get_field("delisting_article")
        article = self.fields["article"]
        article.widget = widgets.AutocompleteSelect(field, admin.site)
        article.widget.choices = article.choices

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("article") and not cleaned.get("url"):
            raise forms.ValidationError(_("Give the source: an article or a notice URL."))
        if "day" in cleaned:
            errors = self._refusals(cleaned["day"])
            if errors:
                raise forms.ValidationError(errors)
        return cleaned

    def _refusals(self, day):
        """Every designation the step would refuse, checked before any is changed."""
        errors = []
        for designation in self.designations:
            try:
                if self.step == "delist":
                    # The source is checked above, for the whole form.
                    delisting.check_delisting(designation, day, url="given")
                else:
                    delisting.check_relisting(designation, day)
            except delisting.WorkflowError as error:
                errors.append(str(error))
        return errors


class DesignationForm(VersionedForm):
    """A designation's form: a delisting date typed in needs its source, as the action does."""

    def clean(self):
        cleaned = super().clean()
        day = cleaned.get("delisted_on")
        if day and day != self.initial.get("delisted_on"):
            article, url = cleaned.get("delisting_article"), cleaned.get("delisting_url")
            if article is None and not url:
                # On the source field, so that the date's own checks still run.
                self.add_error("delisting_article", delisting.SOURCE_NEEDED)
        return cleaned

    def save(self, commit=True):
        if "delisted_on" in self.changed_data and self.instance.delisted_on:
            self.instance._change_reason = "delisted"
        return super().save(commit)


# --- Inline formsets ----------------------------------------------------------------------


class FactForm(VersionedForm):
    """A fact's form. Its unique rules hold per source, which is not on the form (it is
    read-only): they are checked with the fact's source all the same."""

    def _get_validation_exclusions(self):
        return super()._get_validation_exclusions() - {"source"}


ROW_LABEL = _("%(label)s, row %(row)s")


class LabelledFormSet(BaseInlineFormSet):
    """A tabular inline's rows with every input named for screen readers.

    Django's table heads each column but labels no input in it, so a screen reader announces
    a bare text box or drop-down (axe-core's ``label`` and ``select-name`` rules). Each input
    is named for its column and its row ("Country, row 2"); the empty row that "Add another"
    copies is named for its column only, as it has no number yet.
    """

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for field in form.fields.values():
            if field.widget.is_hidden:
                continue
            label = capfirst(field.label or "")
            if index is not None:
                label = ROW_LABEL % {"label": label, "row": index + 1}
            # A related field's wrapper shares one attrs dict among all its copies: name the
            # widget it wraps, which each form has its own copy of.
            widget = field.widget
            if isinstance(widget, widgets.RelatedFieldWidgetWrapper):
                widget = widget.widget
            widget.attrs["aria-label"] = label


class UniqueFactFormSet(LabelledFormSet):
    """Refuse the same fact typed twice into one form before the database has to.

    Only the analysts' rows count: a list's row stating the same fact is another source's.
    """

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            if form.instance.source_id is not None or form.errors:
                continue
            key = form.instance.fact_key()
            if key in seen:
                field = self.model.key_fields[0].removesuffix("_id")
                message = _("This %(fact)s is entered twice.")
                form.add_error(field, message % {"fact": self.model._meta.verbose_name})
            seen.add(key)


class FactInline(VersionedInline, admin.TabularInline):
    """A subject's facts, each with its source, read-only: a list entry, or an analyst for the
    rows analysts add. Editing a list's row corrects it: the correction stays while the list
    says the same, and the next import that changes that fact replaces it."""

    form = FactForm
    formset = UniqueFactFormSet
    extra = 0
    readonly_fields = ["source_label"]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return [*(name for name in fields if name != "source_label"), "source_label"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_sources()

    @admin.display(description=_("source"))
    def source_label(self, fact):
        return fact.fact_source.label if fact.pk else _("analyst")


class AliasInline(FactInline):
    model = Alias
    fields = ["name", "kind", "quality", "script", "language"]


class BirthDateInline(FactInline):
    model = BirthDate
    fields = ["value", "note"]


class NationalityInline(FactInline):
    model = Nationality
    fields = ["country", "kind"]


class BirthPlaceInline(FactInline):
    model = BirthPlace
    fields = ["place", "country"]


class IdentifierInline(FactInline):
    model = Identifier
    fields = ["kind", "number", "country", "note"]


class AddressInline(FactInline):
    model = Address
    fields = ["full", "city", "country", "note"]


class RelationshipInline(FactInline):
    model = Relationship
    fk_name = "subject"
    fields = ["kind", "related", "description"]
    autocomplete_fields = ["related"]


class DesignationInline(VersionedInline, admin.StackedInline):
    model = Designation
    form = DesignationForm
    extra = 0
    fields = [
        ("agency", "program"),
        ("listed_on", "delisted_on"),
        ("delisting_article", "delisting_url"),
        "authorities",
        "measures",
        "reference",
        "source_url",
        "reason",
    ]
    autocomplete_fields = ["agency", "program", "authorities", "measures", "delisting_article"]
    show_change_link = True


class SubjectCitationInline(VersionedInline, admin.TabularInline):
    model = Citation
    fk_name = "subject"
    extra = 0
    formset = LabelledFormSet
    fields = ["article", "designation", "quote"]
    autocomplete_fields = ["article"]

    def get_formset(self, request, obj=None, **kwargs):
        """A citation on a subject's page may cite only that subject's own designations."""
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields.get("designation")
        if field is not None:
            own = Designation.objects.filter(subject=obj) if obj and obj.pk else None
            own = Designation.objects.none() if own is None else own
            field.queryset = own.select_related("agency", "subject")
            field.help_text = _("One of this subject's designations, or none.")
        return formset


class ArticleCitationInline(VersionedInline, admin.TabularInline):
    model = Citation
    fk_name = "article"
    extra = 0
    formset = LabelledFormSet
    fields = ["subject", "designation", "quote"]
    autocomplete_fields = ["subject", "designation"]


class CountColumn:
    """A changelist column counting a relation (``counted``), sortable, annotated in the
    changelist's one query rather than counted per row."""

    counted = ""

    def get_queryset(self, request):
        # Counting groups the rows, which drops the model's default order: name it again, or
        # the autocomplete's pages come in no stable order.
        counted = super().get_queryset(request).annotate(counted_total=Count(self.counted))
        return counted.order_by(*self.model._meta.ordering)

    @staticmethod
    def column(description):
        @admin.display(description=description, ordering="counted_total")
        def count(self, obj):
            return obj.counted_total

        return count


# --- Reference data -----------------------------------------------------------------------


@admin.register(Agency)
class AgencyAdmin(CountColumn, VersionedAdmin):
    list_display = ["name", "acronym", "parent", "country", "program_count"]
    list_filter = ["country"]
    list_select_related = ["parent"]
    search_fields = ["name", "acronym", "slug"]
    prepopulated_fields = {"slug": ["acronym"]}
    autocomplete_fields = ["parent"]
    readonly_fields = READONLY_METADATA
    fieldsets = [
        (None, {"fields": ["name", "acronym", "slug", "parent", "country", "website"]}),
        (_("Description"), {"fields": ["description"]}),
        METADATA,
    ]

    counted = "programs"
    program_count = CountColumn.column(_("programs"))


@admin.register(LegalAuthority)
class LegalAuthorityAdmin(VersionedAdmin):
    list_display = ["title", "kind", "citation", "country", "enacted_on"]
    list_filter = ["kind", "country", "enacted_on"]
    search_fields = ["title", "citation", "slug", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "enacted_on"
    readonly_fields = READONLY_METADATA
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "citation", "country", "enacted_on", "url"]}),
        (_("Summary"), {"fields": ["summary"]}),
        METADATA,
    ]


@admin.register(Program)
class ProgramAdmin(VersionedAdmin):
    list_display = ["code", "name", "agency", "status", "authority_list"]
    list_filter = ["status", "agency", "authorities"]
    list_select_related = ["agency"]
    search_fields = ["code", "name", "slug"]
    prepopulated_fields = {"slug": ["code"]}
    autocomplete_fields = ["agency", "authorities"]
    readonly_fields = READONLY_METADATA
    fieldsets = [
        (None, {"fields": ["code", "name", "slug", "agency", "authorities", "status", "url"]}),
        (_("Description"), {"fields": ["description"]}),
        METADATA,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("authorities")

    @admin.display(description=_("legal authorities"))
    def authority_list(self, obj):
        return ", ".join(authority.title for authority in obj.authorities.all())


@admin.register(Measure)
class MeasureAdmin(VersionedAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = READONLY_METADATA
    fieldsets = [(None, {"fields": ["name", "slug", "description"]}), METADATA]


# --- Subjects: search and the duplicate check ---------------------------------------------

# The alias rows' form prefix on the subject form: the reverse accessor of Alias.subject.
ALIAS_PREFIX = "aliases"


def alias_names(data):
    """The alias names typed into the subject form's alias rows, without deleted rows."""
    row = re.compile(rf"{ALIAS_PREFIX}-(\d+)-name")
    names = []
    for key in data:
        match = row.fullmatch(key)
        if match and not data.get(f"{ALIAS_PREFIX}-{match[1]}-DELETE"):
            names.append(data[key].strip())
    return [name for name in names if name]


def possible_duplicates(names, kind):
    """(subject, score) of the subjects of ``kind`` that any of ``names`` probably
    duplicates, by the screening engine's match threshold: best first, each once."""
    best = {}
    for name in names:
        for pk, score in similar_subjects(name, kind):
            best[pk] = max(score, best.get(pk, 0.0))
    subjects = Subject.objects.only("id", "name", "kind").in_bulk(best)
    found = [(subjects[pk], score) for pk, score in best.items() if pk in subjects]
    return sorted(found, key=lambda pair: (-pair[1], pair[0].name, pair[0].pk))


class SubjectForm(VersionedForm):
    """The subject form; a new subject whose name or an alias probably duplicates an existing
    subject is only saved once the analyst confirms it is a different party."""

    different_party = forms.BooleanField(
        required=False,
        label=_("This is a different party"),
        help_text=_(
            "Tick this after checking the similar subjects the tracker shows, to save a new "
            "subject that is not one of them."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        self.possible_duplicates = []
        if self.instance.pk is not None or cleaned.get("different_party"):
            return cleaned
        names = [cleaned["name"]] if cleaned.get("name") else []
        self.possible_duplicates = possible_duplicates(
            names + alias_names(self.data), cleaned.get("kind")
        )
        if self.possible_duplicates:
            self.add_error(
                "different_party",
                forms.ValidationError(
                    _(
                        "This may be a subject the tracker already has (see above). Nothing "
                        "was saved: edit that subject instead, or tick this box if it is a "
                        "different party."
                    ),
                    code="possible_duplicate",
                ),
            )
        return cleaned


# --- Core records -------------------------------------------------------------------------


@admin.register(Subject)
class SubjectAdmin(VersionedAdmin):
    list_display = ["sorted_name", "kind", "nationality_list", "status_today", "last_updated"]
    list_filter = [
        StatusFilter,
        "kind",
        NationalityFilter,
        "designations__agency",
        "designations__program",
        "designations__authorities",
        "designations__listed_on",
        GenderFilter,
    ]
    search_fields = ["name", "aliases__name", "identifiers__number"]
    readonly_fields = READONLY_METADATA
    fieldsets = [
        (None, {"fields": ["kind", "name", "gender", "position"]}),
        (_("Notes"), {"fields": ["description", "remarks"]}),
        METADATA,
    ]
    inlines = [
        AliasInline,
        BirthDateInline,
        NationalityInline,
        BirthPlaceInline,
        IdentifierInline,
        AddressInline,
        RelationshipInline,
        DesignationInline,
        SubjectCitationInline,
        ListEntryInline,
    ]
    form = SubjectForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            options = fieldsets[0][1]
            options["fields"] = [*options["fields"], "different_party"]
        return fieldsets

    def change_view(self, request, object_id, form_url="", extra_context=None):
        survivor = survivor_of(object_id)
        if survivor is not None:
            # A merged subject is edited as the one it was merged into; a form posted to it
            # is not saved (its rows moved), and the analyst is told so.
            level = messages.WARNING if request.method == "POST" else messages.INFO
            text = _("Subject %(id)s was merged into this subject; edit it here.")
            if request.method == "POST":
                text = _(
                    "Subject %(id)s was merged into this subject; your changes were not saved."
                )
            self.message_user(request, text % {"id": object_id}, level)
            return HttpResponseRedirect(
                reverse("admin:sanctions_subject_change", args=[survivor.pk])
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def get_search_results(self, request, queryset, search_term):
        """Subjects by name in any spelling or script (the screening engine, through
        :mod:`sanctions.search`), or by part of an identifier number.

        Serves the changelist's search and every subject autocomplete (designations,
        relationships, citations), best matches first unless the analyst sorts the
        changelist by a column.
        """
        if not search_term.strip():
            return queryset, False
        numbers = Identifier.objects.filter(
            subject=OuterRef("pk"), number__icontains=search_term.strip()
        )
        found = search_subjects(queryset, search_term, also=Q(Exists(numbers)))
        if ORDER_VAR in request.GET:
            found = found.order_by(*queryset.query.order_by)
        return found, False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .with_status()
            .prefetch_related(Prefetch("nationalities", queryset=Nationality.objects.all()))
        )

    @admin.display(description=_("name"), ordering="sort_name")
    def sorted_name(self, obj):
        # The name column sorts as the lists do: case, accents and punctuation ignored.
        return obj.name

    @admin.display(description=_("nationalities"))
    def nationality_list(self, obj):
        return ", ".join(sorted({n.country.code for n in obj.nationalities.all()}))

    @admin.display(description=_("status today"))
    def status_today(self, obj):
        return obj.status() or "—"


@admin.register(Designation)
class DesignationAdmin(VersionedAdmin):
    form = DesignationForm
    # Short columns (the agency's acronym, the program's code) so that every column, Status
    # included, fits a 1280 px screen beside the admin's menu and the filters.
    list_display = [
        "subject",
        "agency_acronym",
        "program_code",
        "listed_on",
        "delisted_on",
        "status_today",
        "updated",
    ]
    list_filter = [
        StatusFilter,
        "agency",
        "program",
        "authorities",
        "measures",
        "listed_on",
        "delisted_on",
    ]
    list_select_related = ["subject", "agency", "program"]
    search_fields = [
        "subject__name",
        "subject__aliases__name",
        "program__code",
        "agency__acronym",
        "reference",
        "reason",
    ]
    autocomplete_fields = [
        "subject",
        "agency",
        "program",
        "authorities",
        "measures",
        "delisting_article",
        "relisted_from",
    ]
    date_hierarchy = "listed_on"
    readonly_fields = READONLY_METADATA
    actions = ["delist", "relist"]
    fieldsets = [
        (None, {"fields": ["subject", "agency", "program", "authorities", "measures"]}),
        (_("Dates"), {"fields": ["listed_on", "delisted_on"]}),
        (
            _("Delisting and relisting"),
            {"fields": ["delisting_article", "delisting_url", "relisted_from"]},
        ),
        (_("Grounds and sources"), {"fields": ["reason", "reference", "source_url"]}),
        METADATA,
    ]

    @admin.display(description=_("agency"), ordering="agency__acronym")
    def agency_acronym(self, obj):
        return obj.agency.acronym or obj.agency.name

    @admin.display(description=_("program"), ordering="program__code")
    def program_code(self, obj):
        return obj.program.code if obj.program else "—"

    @admin.display(description=_("updated"), ordering="last_updated")
    def updated(self, obj):
        """The day of the last change (the time is in its history): a narrow column."""
        return date_format(timezone.localtime(obj.last_updated), "SHORT_DATE_FORMAT")

    @admin.display(description=_("status today"))
    def status_today(self, obj):
        return obj.status(timezone.localdate()) or "—"

    @admin.action(description=_("Delist selected designations"), permissions=["change"])
    def delist(self, request, queryset):
        return self._workflow(request, queryset, delisting.delist, _("Delist"))

    @admin.action(description=_("Relist selected designations"), permissions=["change"])
    def relist(self, request, queryset):
        return self._workflow(request, queryset, delisting.relist, _("Relist"))

    def _workflow(self, request, queryset, step, title):
        """Ask for the date and the source, check every designation, then apply ``step`` to
        all of them in one transaction; a refusal shows the form again with what was typed."""
        designations = list(queryset.select_related("subject", "agency"))
        form = WorkflowForm(
            request.POST if "apply" in request.POST else None,
            designations=designations,
            step=step.__name__,
        )
        if not form.is_valid():
            context = {
                **self.admin_site.each_context(request),
                "title": title,
                "form": form,
                "media": self.media + form.media,
                "designations": designations,
                "action": request.POST["action"],
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(request, "admin/sanctions/designation/workflow.html", context)
        with transaction.atomic():
            for designation in designations:
                step(designation, **form.cleaned_data, user=request.user)
        self.message_user(request, self._done_message(step, len(designations)), messages.SUCCESS)
        return None

    @staticmethod
    def _done_message(step, count):
        if step is delisting.delist:
            text = ngettext(
                "Delisted %(count)d designation.", "Delisted %(count)d designations.", count
            )
        else:
            text = ngettext(
                "Relisted %(count)d designation.", "Relisted %(count)d designations.", count
            )
        return text % {"count": count}


@admin.register(SourceArticle)
class SourceArticleAdmin(CountColumn, VersionedAdmin):
    list_display = ["title", "kind", "publisher", "published_on", "citation_count"]
    list_filter = ["kind", "publisher", "published_on", "language"]
    search_fields = ["title", "publisher", "author", "url", "summary"]
    date_hierarchy = "published_on"
    readonly_fields = READONLY_METADATA
    fieldsets = [
        (None, {"fields": ["kind", "title", "url", "publisher", "author", "published_on"]}),
        (_("Content"), {"fields": ["language", "summary", "text"]}),
        METADATA,
    ]
    inlines = [ArticleCitationInline]

    counted = "citations"
    citation_count = CountColumn.column(_("citations"))


@admin.register(Citation)
class CitationAdmin(VersionedAdmin):
    list_display = ["article", "subject", "designation", "short_quote"]
    list_select_related = ["article", "subject", "designation__subject", "designation__agency"]
    list_filter = ["article__publisher"]
    search_fields = ["quote", "article__title", "subject__name"]
    autocomplete_fields = ["article", "subject", "designation"]
    readonly_fields = READONLY_METADATA
    fieldsets = [(None, {"fields": ["article", "subject", "designation", "quote"]}), METADATA]

    @admin.display(description=_("quote"))
    def short_quote(self, obj):
        return obj.quote if len(obj.quote) <= 80 else obj.quote[:79] + "…"


@admin.register(Relationship)
class RelationshipAdmin(VersionedAdmin):
    list_display = ["subject", "kind", "related", "description"]
    list_filter = ["kind"]
    list_select_related = ["subject", "related"]
    search_fields = ["subject__name", "related__name", "description"]
    autocomplete_fields = ["subject", "related"]
    readonly_fields = [*READONLY_METADATA, "source"]
    form = FactForm
    fieldsets = [
        (None, {"fields": ["subject", "kind", "related", "description", "source"]}),
        METADATA,
    ]


# --- API tokens ---------------------------------------------------------------------------


admin.site.unregister(TokenProxy)


@admin.register(TokenProxy)
class TokenAdmin(DRFTokenAdmin):
    """Analysts create the API token of their own login; only superusers manage others'.

    A token acts as its user: seeing another's key, or making one for another login, would
    let an analyst act as someone else.
    """

    def history_view(self, request, object_id, extra_context=None):
        # Django looks the token up before checking permissions: answer those who may not
        # see tokens at all as the other token pages do, without a lookup.
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        return super().history_view(request, object_id, extra_context)

    def get_queryset(self, request):
        tokens = super().get_queryset(request)
        return tokens if request.user.is_superuser else tokens.filter(user=request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user" and not request.user.is_superuser:
            kwargs["queryset"] = get_user_model().objects.filter(pk=request.user.pk)
            kwargs["initial"] = request.user.pk
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
