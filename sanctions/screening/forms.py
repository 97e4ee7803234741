"""Forms of the /screen/ page: one name, or a CSV file of names."""

import csv
import io

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from ..choices import COUNTRY_CODES, SubjectKind
from ..dates import FuzzyDateError, parse_fuzzy_date
from . import engine

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UPLOAD_ROWS = 20000
COLUMNS = ("name", "birth_date", "nationality", "kind", "identifier")
# Candidates scoring less are not worth a reader's time on the page (the API returns them).
DEFAULT_MIN_SCORE = 0.5


class ScreenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300)
    birth_date = forms.CharField(
        label=_("Date of birth"),
        required=False,
        help_text=_("Optional: 1950, Jan 1950, 15 Jan 1950, circa 1950."),
    )
    nationality = forms.ChoiceField(label=_("Nationality"), required=False)
    in_force_only = forms.BooleanField(
        label=_("Only parties sanctioned today"),
        required=False,
        help_text=_("Leave out parties whose every designation has ended."),
    )
    min_score = forms.FloatField(
        label=_("Lowest score shown"),
        required=False,
        min_value=0,
        max_value=1,
        initial=DEFAULT_MIN_SCORE,
        widget=forms.NumberInput(attrs={"step": "0.05"}),
        help_text=_("From 0 to 1; a match scores %(threshold)s or more.")
        % {"threshold": engine.DEFAULT_THRESHOLD},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nationality"].choices = [("", "—"), *((c, n) for c, n in countries)]

    def clean_birth_date(self):
        value = self.cleaned_data["birth_date"]
        try:
            return parse_fuzzy_date(value) if value.strip() else None
        except FuzzyDateError as error:
            raise forms.ValidationError(str(error)) from None

    def query(self):
        data = self.cleaned_data
        return engine.Query(
            name=data["name"], birth_date=data["birth_date"], nationality=data["nationality"]
        )

    def filters(self):
        """The engine's filters: designations in force today, when asked."""
        return engine.Filters(status=[engine.ACTIVE] if self.cleaned_data["in_force_only"] else [])

    def shown(self, candidates):
        """The candidates at or above the lowest score asked for."""
        lowest = self.cleaned_data["min_score"]
        lowest = DEFAULT_MIN_SCORE if lowest is None else lowest
        return [candidate for candidate in candidates if candidate.score >= lowest]


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8, with a header row: name, and optionally birth_date, nationality "
            "(ISO code), kind, identifier."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        raw = upload.read(MAX_UPLOAD_BYTES + 1)
        if len(raw) > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB: split it."))
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(
                _(
                    "The file is not UTF-8 text (byte %(byte)s at position %(position)d). "
                    "Save it as “CSV UTF-8” and upload it again."
                )
                % {"byte": hex(raw[error.start]), "position": error.start}
            ) from None
        return read_queries(text)


def read_queries(text):
    """The engine queries of a CSV text, or a ValidationError naming the line at fault."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [cell.strip().lower() for cell in next(reader, [])]
        if "name" not in header:
            raise forms.ValidationError(_("The first line must be a header with a “name” column."))
        queries = [_query(header, row, reader.line_num) for row in reader if any(row)]
    except csv.Error as error:
        raise forms.ValidationError(
            _("Line %(line)d is not valid CSV: %(error)s.")
            % {"line": reader.line_num, "error": error}
        ) from None
    if not queries:
        raise forms.ValidationError(_("The file has a header but no names."))
    if len(queries) > MAX_UPLOAD_ROWS:
        raise forms.ValidationError(_("At most 20,000 names per file: split it."))
    return queries


def _query(header, row, line):
    if len(row) != len(header):
        raise forms.ValidationError(
            _("Line %(line)d has %(found)d fields; the header has %(expected)d.")
            % {"line": line, "found": len(row), "expected": len(header)}
        )
    record = {key: value.strip() for key, value in zip(header, row, strict=True)}
    if not record["name"]:
        raise forms.ValidationError(_("Line %(line)d has no name.") % {"line": line})
    try:
        birth_date = parse_fuzzy_date(record["birth_date"]) if record.get("birth_date") else None
    except FuzzyDateError as error:
        raise forms.ValidationError(
            _("Line %(line)d: %(error)s") % {"line": line, "error": error}
        ) from None
    nationality = record.get("nationality", "").upper()
    if nationality and nationality not in COUNTRY_CODES:
        raise forms.ValidationError(
            _("Line %(line)d: %(code)s is not an ISO country code.")
            % {"line": line, "code": nationality}
        )
    kind = record.get("kind", "").lower()
    if kind and kind not in SubjectKind.values:
        raise forms.ValidationError(
            _("Line %(line)d: kind must be one of %(kinds)s.")
            % {"line": line, "kinds": ", ".join(SubjectKind.values)}
        )
    return engine.Query(
        name=record["name"],
        kind=kind,
        birth_date=birth_date,
        nationality=nationality,
        identifier=record.get("identifier", ""),
    )
