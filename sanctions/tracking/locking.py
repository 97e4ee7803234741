"""Optimistic locking in the admin: an edit must start from the record's latest version.

Every form carries the ``version`` of the record it was opened on (a hidden field). Saving
it when someone else has saved the record since is refused, with what the other analyst
changed: field by field, their value and yours, from the recorded history. Nothing is
overwritten: the form comes back with the editor's values, to be re-applied on a reload.
The model's conditional UPDATE (``TimeStampedModel.save``) closes the gap between this
check and the save.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import widgets
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ..models import BOOKKEEPING_FIELDS, StaleRecordError

# Bookkeeping: changes to these are not what an analyst needs to re-apply.


class VersionedForm(forms.ModelForm):
    """A model form that refuses a save based on an outdated version of its record."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["version"].required = True
            self.fields["version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        opened = cleaned.get("version")
        if self.instance.pk is not None and opened is not None:
            # At this point the instance still holds what the database has now.
            if opened != self.instance.version:
                raise ValidationError(conflict_messages(self, opened), code="stale")
        elif self.instance.pk is None:
            cleaned["version"] = 1
        return cleaned


def conflict_messages(form, opened):
    """A headline, then one line per field the other save changed: theirs and yours."""
    record = form.instance
    history = record.history.select_related("history_user")
    latest = history.first()
    base = history.filter(version=opened).first()
    who = _("another user")
    when = ""
    if latest is not None:
        who = latest.history_user or (latest.history_change_reason or who)
        when = timezone.localtime(latest.history_date).strftime("%Y-%m-%d %H:%M:%S")
    headline = _(
        "%(who)s saved this %(noun)s at %(when)s, after you opened it (your version %(opened)s, "
        "now %(current)s). Nothing was saved."
    ) % {
        "who": who,
        "noun": record._meta.verbose_name,
        "when": when,
        "opened": opened,
        "current": record.version,
    }
    changed = changed_since(record, latest, base)
    # A parent saved along with its changed rows moves on with no field of its own changed.
    lines = [f"{headline} {_('Their changes:')}" if changed else headline]
    for name in changed:
        field = record._meta.get_field(name)
        theirs = display(field, record, None)
        yours = display(field, record, form.cleaned_data) if name in form.cleaned_data else theirs
        lines.append(
            _("%(field)s: their value “%(theirs)s”, your value “%(yours)s”.")
            % {"field": field.verbose_name, "theirs": theirs, "yours": yours}
        )
    lines.append(_("Reload the page to see their version, then make your change again."))
    return lines


def changed_since(record, latest, base):
    """The names of the fields that differ between the version opened and the latest."""
    if latest is None or base is None:
        return []
    m2m = [field.name for field in record._meta.many_to_many]
    delta = latest.diff_against(base, excluded_fields=m2m)
    names = [change.field for change in delta.changes if change.field not in BOOKKEEPING_FIELDS]
    # Many-to-many rows compared as sets of ids: their history rows keep the ids.
    for name in m2m:
        if hasattr(latest, name) and _ids(latest, name) != _ids(base, name):
            names.append(name)
    return names


def _ids(row, name):
    field = row.instance_type._meta.get_field(name)
    column = field.m2m_reverse_field_name()
    return set(getattr(row, name).values_list(column, flat=True))


def display(field, record, data):
    """A field's value as an editor reads it: from the record (data=None) or the form."""
    if field.many_to_many:
        values = data[field.name] if data is not None else getattr(record, field.name).all()
        return "; ".join(sorted(str(value) for value in values)) or "—"
    if data is not None:
        value = data[field.name]
    elif field.is_relation:
        value = getattr(record, field.name)
    else:
        value = getattr(record, field.attname)
    if field.choices and not field.is_relation:
        value = dict(field.flatchoices).get(value, value)
    return "—" if value in (None, "") else str(value)


# Every date an editor types in the admin: the calendar, and an error that says the format.
DATE_FORMFIELDS = {
    models.DateField: {
        "widget": widgets.AdminDateWidget,
        "error_messages": {"invalid": _("Enter a date as YYYY-MM-DD, e.g. 2018-12-10.")},
    }
}


class VersionedAdmin(SimpleHistoryAdmin):
    """A history-keeping admin whose change form carries the record's version."""

    form = VersionedForm
    formfield_overrides = DATE_FORMFIELDS
    object_history_list_template = "admin/sanctions/object_history_list.html"

    class Media:
        # Every record's admin: names for the autocomplete drop-downs and underlined links in
        # tabular inlines, for screen readers and for those who cannot tell colours apart; lists
        # and inline tables that fit a 1280 px screen.
        css = {"all": ["sanctions/admin.css"]}
        js = ["sanctions/admin-names.js"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(name, dict(options)) for name, options in super().get_fieldsets(request, obj)]
        # In the collapsed Metadata section when there is one, else in the last section.
        titles = [str(name) for name, _options in fieldsets]
        index = titles.index(str(_("Metadata"))) if str(_("Metadata")) in titles else -1
        options = fieldsets[index][1]
        if "version" not in options["fields"]:
            options["fields"] = [*options["fields"], "version"]
        return fieldsets

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """simple-history's field-by-field changes, without the bookkeeping (the version,
        the timestamps) that every save changes and no reader needs."""
        previous = None
        for current in historical_records:
            if previous is not None:
                delta = previous.diff_against(
                    current,
                    excluded_fields=BOOKKEEPING_FIELDS & {f.name for f in self.model._meta.fields},
                    foreign_keys_are_objs=foreign_keys_are_objs,
                )
                helper = self.get_historical_record_context_helper(request, previous)
                previous.history_delta_changes = helper.context_for_delta_changes(delta)
            previous = current

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history lets anyone who may view the history post the revert form, and
        # saves it: reverting is an edit, so it takes the right to change the record.
        if request.method == "POST" and not self.may_revert(request):
            raise PermissionDenied
        request.reverting_history = True
        return super().history_form_view(request, object_id, version_id, extra_context)

    def may_revert(self, request):
        """Whether the revert form saves for this user (else it is shown read-only)."""
        return self.has_change_history_permission(request) and not self.revert_disabled(request)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and getattr(request, "reverting_history", False):
            # A revert starts from an old row, but it is an edit of the record as it is now.
            current = type(obj).objects.filter(pk=obj.pk).values_list("version", flat=True)
            obj.version = current.first() or obj.version
        return super().get_form(request, obj, change, **kwargs)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleRecordError as error:
            # Someone saved between our check and our save: the transaction rolled back.
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


class VersionedInline(admin.options.InlineModelAdmin):
    """An inline whose rows carry their version too."""

    form = VersionedForm
    formfield_overrides = DATE_FORMFIELDS

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        return fields if "version" in fields else [*fields, "version"]
