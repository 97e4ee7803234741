"""The review queue of proposed pairs and the merges made of them, in the admin.

Analysts see the pairs ``xref`` proposed, best first; a pair's page shows the two subjects
side by side (``comparison``) and takes one of three decisions. *Same party* merges the two
(``merging.decide_pair``); every decision is kept in the pair's history. The merges are
listed read-only, each with a button to split it (with a confirmation page).
"""

import json

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import comparison
from .choices import PairDecision, SourceList
from .merging import MergeError, decide_pair, split_merge
from .models import (
    Address,
    Alias,
    BirthDate,
    BirthPlace,
    Designation,
    Identifier,
    ListEntry,
    Nationality,
    Program,
    Subject,
    SubjectMerge,
    SubjectPair,
)
from .names import normalize_name

WAITING = "waiting"
ALL = "all"
# Score bands of the score filter: (value, label, lowest, highest exclusive).
SCORE_BANDS = [
    ("0.9-1", _("0.9 and above"), 0.9, None),
    ("0.8-0.9", _("0.8 to 0.9"), 0.8, 0.9),
    ("0.7-0.8", _("0.7 to 0.8"), 0.7, 0.8),
    ("0.5-0.7", _("0.5 to 0.7"), 0.5, 0.7),
    ("0-0.5", _("below 0.5"), 0.0, 0.5),
]


# --- The queue's filters -----------------------------------------------------------------


class DecisionFilter(admin.SimpleListFilter):
    """Waiting pairs (undecided or unsure) unless another state is chosen."""

    title = _("decision")
    parameter_name = "decision"

    def lookups(self, request, model_admin):
        return [
            (WAITING, _("Waiting for a decision")),
            *PairDecision.choices,
            (ALL, _("All")),
        ]

    def value(self):
        return super().value() or WAITING

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == str(lookup),
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value()
        if value == WAITING:
            return queryset.waiting()
        if value == ALL:
            return queryset
        if value in PairDecision.values:
            return queryset.filter(decision=value)
        raise IncorrectLookupParameters(value)


class EitherSubjectFilter(admin.SimpleListFilter):
    """Pairs where either subject has a related row matching the chosen value."""

    related_model = None  # the model whose rows point at the subject
    lookup = ""  # the field of related_model compared with the chosen value

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        rows = self.related_model.objects.filter(**{self.lookup: self.value()})
        return queryset.filter(
            Exists(rows.filter(subject=OuterRef("subject_a")))
            | Exists(rows.filter(subject=OuterRef("subject_b")))
        )


class ListFilter(EitherSubjectFilter):
    title = _("list")
    parameter_name = "list"
    related_model = ListEntry
    lookup = "list"

    def lookups(self, request, model_admin):
        return SourceList.choices


class ProgramFilter(EitherSubjectFilter):
    title = _("program")
    parameter_name = "program"
    related_model = Designation
    lookup = "program__slug"

    def lookups(self, request, model_admin):
        programs = Program.objects.select_related("agency").order_by("agency__acronym", "code")
        return [(p.slug, f"{p.agency.acronym or p.agency.name} {p.code}") for p in programs]


class ScoreFilter(admin.SimpleListFilter):
    title = _("score")
    parameter_name = "score"

    def lookups(self, request, model_admin):
        return [(value, label) for value, label, _low, _high in SCORE_BANDS]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        for value, _label, low, high in SCORE_BANDS:
            if value == self.value():
                banded = queryset.filter(score__gte=low)
                return banded if high is None else banded.filter(score__lt=high)
        raise IncorrectLookupParameters(self.value())


# --- The facts of a subject, for the comparison ------------------------------------------


def _with_sources(model):
    """A part's rows with their list entries, where parts record their source."""
    rows = model.objects.all()
    if any(field.name == "source" for field in model._meta.concrete_fields):
        rows = rows.select_related("source")
    return rows


def subjects_for_review(pair):
    """The pair's two subjects, with everything the comparison shows read in a few queries."""
    designations = Designation.objects.select_related("agency", "program", "list_entry")
    rows = Subject.everything.filter(pk__in=[pair.subject_a_id, pair.subject_b_id])
    rows = rows.prefetch_related(
        *(
            Prefetch(name, queryset=_with_sources(model))
            for name, model in (
                ("aliases", Alias),
                ("birth_dates", BirthDate),
                ("nationalities", Nationality),
                ("birth_places", BirthPlace),
                ("identifiers", Identifier),
                ("addresses", Address),
            )
        ),
        Prefetch("designations", queryset=designations),
        "list_entries",
    )
    found = {subject.pk: subject for subject in rows}
    return found[pair.subject_a_id], found[pair.subject_b_id]


def _source(row):
    """Who states a part: its list entry or an analyst, where parts record it."""
    source = getattr(row, "fact_source", None)
    return source.label if source is not None else ""


def _part(row, text, key):
    return comparison.Fact(str(text), key, _source(row))


def subject_facts(subject):
    """``{kind: [Fact]}`` of a subject, as ``comparison.compare`` takes them."""
    facts = {
        "kind": [comparison.Fact(subject.get_kind_display(), subject.kind)],
        "gender": [comparison.Fact(subject.get_gender_display(), subject.gender)]
        if subject.gender
        else [],
        "names": [comparison.Fact(subject.name, normalize_name(subject.name), _("display name"))],
    }
    facts["names"] += [_part(a, a.name, normalize_name(a.name)) for a in subject.aliases.all()]
    facts["birth_dates"] = [_part(d, d, (d.earliest, d.latest)) for d in subject.birth_dates.all()]
    facts["nationalities"] = [
        _part(n, f"{n.country.name} ({n.country.code})", n.country.code)
        for n in subject.nationalities.all()
    ]
    facts["birth_places"] = [
        _part(p, p.place, normalize_name(p.place)) for p in subject.birth_places.all()
    ]
    facts["identifiers"] = [
        _part(i, f"{i} {i.country.code}".strip(), (i.kind, _folded_number(i.number)))
        for i in subject.identifiers.all()
    ]
    facts["addresses"] = [_part(a, a.full, normalize_name(a.full)) for a in subject.addresses.all()]
    facts["designations"] = [_designation_fact(d) for d in subject.designations.all()]
    facts["list_entries"] = [
        comparison.Fact(f"{e.get_list_display()} {e.entry_id} — {e.name}", e.list, e.list)
        for e in subject.list_entries.all()
    ]
    return facts


def _folded_number(number):
    return "".join(ch for ch in number.upper() if ch.isalnum())


def _designation_fact(designation):
    agency = designation.agency.acronym or designation.agency.name
    program = f" {designation.program.code}" if designation.program_id else ""
    listed = designation.listed_on.isoformat() if designation.listed_on else _("date unknown")
    text = f"{agency}{program}, listed {listed}"
    entry = designation.list_entry
    source = f"{entry.list} {entry.entry_id}" if entry else _("entered by hand")
    return comparison.Fact(text, (designation.agency_id, designation.program_id), source)


# --- The review of one pair --------------------------------------------------------------


class DecisionForm(forms.Form):
    """The decision on a pair: the button pressed, the version seen, who survives a merge."""

    decision = forms.ChoiceField(choices=PairDecision.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)
    survivor = forms.TypedChoiceField(
        coerce=int,
        widget=forms.RadioSelect,
        label=_("Keep as the merged subject"),
        help_text=_("For “same party”: the other subject's page will redirect to this one."),
    )

    def __init__(self, *args, pair, subjects, **kwargs):
        kwargs.setdefault("initial", {"version": pair.version, "survivor": pair.subject_a_id})
        super().__init__(*args, **kwargs)
        self.fields["survivor"].choices = [(s.pk, f"{s} (#{s.pk})") for s in subjects]


@admin.register(SubjectPair)
class SubjectPairAdmin(admin.ModelAdmin):
    """The review queue: proposed pairs best first; a pair's page is its review."""

    list_display = ["review_link", "subject_a", "subject_b", "score_shown", "decision", "decided"]
    list_filter = [DecisionFilter, ListFilter, ProgramFilter, ScoreFilter]
    list_select_related = ["subject_a", "subject_b", "decided_by"]
    search_fields = ["subject_a__name", "subject_b__name"]
    ordering = ["-score", "id"]
    review_template = "admin/sanctions/subjectpair/review.html"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("pair"))
    def review_link(self, obj):
        return format_html("{} {}", _("Review"), obj.pk)

    @admin.display(description=_("score"), ordering="score")
    def score_shown(self, obj):
        return f"{obj.score:.2f}"

    @admin.display(description=_("decided"))
    def decided(self, obj):
        if not obj.decided_at:
            return "—"
        who = obj.decided_by or _("automatic")
        return f"{who}, {obj.decided_at:%Y-%m-%d %H:%M}"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        pair = self.get_object(request, object_id)
        if pair is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, pair):
            raise PermissionDenied
        subjects = subjects_for_review(pair)
        form = DecisionForm(pair=pair, subjects=subjects)
        if request.method == "POST":
            if not self.has_change_permission(request, pair):
                raise PermissionDenied
            form = DecisionForm(request.POST, pair=pair, subjects=subjects)
            if form.is_valid():
                response = self._decide(request, pair, form.cleaned_data)
                if response is not None:
                    return response
        return TemplateResponse(
            request, self.review_template, self._context(request, pair, subjects, form)
        )

    def _decide(self, request, pair, data):
        try:
            pair = decide_pair(
                pair,
                data["decision"],
                user=request.user,
                version=data["version"],
                survivor=data["survivor"],
            )
        except MergeError as error:
            self.message_user(request, str(error), messages.ERROR)
            return None
        self.message_user(
            request,
            _("Decided: %(decision)s (%(pair)s).")
            % {"decision": pair.get_decision_display(), "pair": pair},
            messages.SUCCESS,
        )
        following = SubjectPair.objects.waiting().exclude(pk=pair.pk).first()
        if following is not None:
            return HttpResponseRedirect(
                reverse("admin:sanctions_subjectpair_change", args=[following.pk])
            )
        return HttpResponseRedirect(reverse("admin:sanctions_subjectpair_changelist"))

    def _context(self, request, pair, subjects, form):
        rows = comparison.compare(*(subject_facts(subject) for subject in subjects))
        agreeing, conflicting = comparison.summary(rows)
        live = all(subject.merged_into_id is None for subject in subjects)
        open_to_decide = pair.decision in ("", PairDecision.UNSURE) and live
        return {
            **self.admin_site.each_context(request),
            "title": _("Review proposed pair"),
            "opts": self.opts,
            "original": pair,
            "pair": pair,
            "subjects": subjects,
            "rows": rows,
            "agreeing": agreeing,
            "conflicting": conflicting,
            "explanation": json.dumps(pair.explanation, indent=2, ensure_ascii=False),
            "history": pair.history.select_related("history_user").order_by("-history_date"),
            "merges": pair.merges.select_related("merged_by", "split_by"),
            "can_decide": open_to_decide and self.has_change_permission(request, pair),
            "form": form,
            # The admin's change form protocol: what the page would post back.
            "adminform": helpers.AdminForm(form, [(None, {"fields": list(form.fields)})], {}),
        }


# --- Merges --------------------------------------------------------------------------------


class SplitFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("held", _("Holding")), ("split", _("Split"))]

    def queryset(self, request, queryset):
        if self.value() == "held":
            return queryset.filter(split_at__isnull=True)
        if self.value() == "split":
            return queryset.filter(split_at__isnull=False)
        return queryset


@admin.register(SubjectMerge)
class SubjectMergeAdmin(admin.ModelAdmin):
    """Every merge, read-only; an analyst may split one (its page has the button)."""

    list_display = [
        "__str__",
        "survivor",
        "absorbed",
        "merged_by",
        "automatic",
        "created",
        "split_at",
    ]
    list_filter = ["automatic", SplitFilter]
    list_select_related = ["survivor", "absorbed", "merged_by"]
    search_fields = ["survivor__name", "absorbed__name"]
    fields = [
        "survivor",
        "absorbed",
        "pair",
        "merged_by",
        "automatic",
        "created",
        "moved_summary",
        "split_by",
        "split_at",
    ]
    readonly_fields = fields
    change_form_template = "admin/sanctions/subjectmerge/change_form.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # read-only: a merge changes only by a split

    def has_delete_permission(self, request, obj=None):
        return False

    def may_split(self, request):
        return request.user.has_perm("sanctions.change_subjectmerge")

    @admin.display(description=_("moved to the survivor"))
    def moved_summary(self, obj):
        counts = [
            f"{key.replace('_', ' ')}: {len(ids)}"
            for key, ids in obj.moved.items()
            if key != "fields"
        ]
        fields = list(obj.moved.get("fields", {}))
        if fields:
            counts.append(_("values filled in: %(fields)s") % {"fields": ", ".join(fields)})
        return "; ".join(counts) or "—"

    def get_urls(self):
        split = self.admin_site.admin_view(self.split_view)
        return [
            path("<path:object_id>/split/", split, name="sanctions_subjectmerge_split"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = {"may_split": self.may_split(request), **(extra_context or {})}
        return super().change_view(request, object_id, form_url, extra)

    def split_view(self, request, object_id):
        """Ask for confirmation, then split the merge."""
        if not self.may_split(request):
            raise PermissionDenied
        merge = self.get_object(request, object_id)
        if merge is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        change_url = reverse("admin:sanctions_subjectmerge_change", args=[merge.pk])
        if merge.split_at is not None:
            self.message_user(request, _("This merge was already split."), messages.WARNING)
            return HttpResponseRedirect(change_url)
        if request.method == "POST":
            try:
                split_merge(merge, user=request.user)
            except MergeError as error:
                self.message_user(request, str(error), messages.ERROR)
                return HttpResponseRedirect(change_url)
            self.message_user(
                request,
                _("Split: %(absorbed)s stands for itself again.") % {"absorbed": merge.absorbed},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Split this merge?"),
            "opts": self.opts,
            "original": merge,
            "merge": merge,
            "moved": self.moved_summary(merge),
        }
        return TemplateResponse(request, "admin/sanctions/subjectmerge/split.html", context)
