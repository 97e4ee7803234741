"""The admin of what the list imports write: import runs, their changes and list entries.

Analysts and viewers read these records; only the importers write them.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .models import ImportChange, ImportRun, ListEntry

CHANGES_SHOWN = 100


class ReadOnlyMixin:
    """Records only imports write: analysts and viewers read them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ListEntryInline(ReadOnlyMixin, admin.TabularInline):
    model = ListEntry
    extra = 0
    fields = ["list", "entry_id", "reference", "name", "removed_on", "last_run"]
    readonly_fields = fields
    show_change_link = True
    verbose_name_plural = _("official list entries this subject is kept in step with")


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = [
        "started",
        "list",
        "format",
        "list_date",
        "new_count",
        "changed_count",
        "unchanged_count",
        "removed_count",
        "run_by",
    ]
    list_filter = ["list", "format", "is_delta"]
    list_select_related = ["user"]
    date_hierarchy = "started"
    fieldsets = [
        (None, {"fields": ["list", "format", "list_date", "is_delta", "file_list"]}),
        (_("Download"), {"fields": ["source_url", "source_sha256", "fetched_at"]}),
        (
            _("Counts"),
            {"fields": ["new_count", "changed_count", "unchanged_count", "removed_count"]},
        ),
        (_("Changed entries"), {"fields": ["change_list", "warning_list"]}),
        (_("Run"), {"fields": ["user", "run_by", "started", "finished"]}),
    ]
    readonly_fields = ["file_list", "change_list", "warning_list"]

    @admin.display(description=_("files"))
    def file_list(self, obj):
        return format_html_join(
            "",
            "<div>{} ({} bytes, SHA-256 {})</div>",
            ((f["name"], f["size"], f["sha256"]) for f in obj.files),
        )

    @admin.display(description=_("changes"))
    def change_list(self, obj):
        changes = obj.changes.select_related("entry__subject").order_by("id")
        total = changes.count()
        rows = format_html_join(
            "",
            '<li>{}: <a href="{}">{} {}</a> — {}</li>',
            (
                (
                    change.get_action_display(),
                    reverse("admin:sanctions_subject_change", args=[change.entry.subject_id]),
                    change.entry.entry_id,
                    change.entry.subject.name,
                    ", ".join(change.changes) or "—",
                )
                for change in changes[:CHANGES_SHOWN]
            ),
        )
        link = reverse("admin:sanctions_importchange_changelist") + f"?run__id__exact={obj.pk}"
        return format_html(
            '<ul>{}</ul><a href="{}">{}</a>',
            rows,
            link,
            _("All %(count)s changes") % {"count": total},
        )

    @admin.display(description=_("warnings"))
    def warning_list(self, obj):
        return (
            format_html_join("", "<div>{}</div>", ((warning,) for warning in obj.warnings)) or "—"
        )


@admin.register(ImportChange)
class ImportChangeAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["entry", "subject_name", "action", "changed_fields", "run"]
    list_filter = ["action", "entry__list", "run"]
    list_select_related = ["entry__subject", "run"]
    search_fields = ["entry__entry_id", "entry__name", "entry__subject__name"]
    fields = ["run", "entry", "action", "changes"]

    @admin.display(description=_("subject"))
    def subject_name(self, obj):
        return obj.entry.subject.name

    @admin.display(description=_("changed"))
    def changed_fields(self, obj):
        return ", ".join(obj.changes) or "—"


@admin.register(ListEntry)
class ListEntryAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["entry_id", "list", "reference", "name", "subject", "removed_on"]
    list_filter = ["list", "removed_on"]
    list_select_related = ["subject"]
    search_fields = ["entry_id", "reference", "name", "subject__name"]
    fields = [
        "list",
        "entry_id",
        "reference",
        "name",
        "subject",
        "removed_on",
        "first_run",
        "last_run",
        "data",
        "created",
        "last_updated",
    ]
