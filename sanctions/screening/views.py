"""The /screen/ page: screen one name on screen, or a CSV file of names into a CSV file."""

from django.views.generic import TemplateView

from .. import csvfiles
from ..models import ImportRun
from ..views import ReadAccessMixin
from . import engine
from .forms import ScreenForm, UploadForm

# Rows screened between two writes of the streamed CSV: the download grows as it goes.
CHUNK = 50
CSV_LIMIT = 3
OUTPUT_COLUMNS = [
    "line",
    "query_name",
    "query_birth_date",
    "query_nationality",
    "rank",
    "score",
    "match",
    "subject_id",
    "subject_name",
    "matched_name",
    "name_score",
    "birth_date",
    "nationality",
    "identifier",
    "subject_url",
    "list_versions",
]


class ScreenView(ReadAccessMixin, TemplateView):
    template_name = "sanctions/screen.html"

    def get(self, request, *args, **kwargs):
        form = ScreenForm(request.GET or None)
        candidates = None
        if form.is_valid():
            candidates = engine.screen([form.query()], limit=10)[0]
            for candidate in candidates:
                candidate.match = candidate.score >= engine.DEFAULT_THRESHOLD
        return self.render_to_response(
            self.get_context_data(form=form, upload_form=UploadForm(), candidates=candidates)
        )

    def post(self, request, *args, **kwargs):
        upload_form = UploadForm(request.POST, request.FILES)
        if not upload_form.is_valid():
            context = self.get_context_data(form=ScreenForm(), upload_form=upload_form)
            return self.render_to_response(context, status=400)
        queries = upload_form.cleaned_data["file"]
        rows = csv_rows(queries, request.build_absolute_uri, ImportRun.objects.versions())
        response = csvfiles.csv_response(
            csvfiles.line_by_line(rows), "screening-results.csv", content_type="text/csv"
        )
        response["X-Rows"] = str(len(queries))
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            threshold=engine.DEFAULT_THRESHOLD, list_versions=ImportRun.objects.versions(), **kwargs
        )


def versions_text(versions):
    """The list versions screened against, on one line: "un-consolidated 2024-03-01 (import
    run #12); …" (a list whose files give no date shows only its run)."""
    return "; ".join(
        f"{v['list']} {v['version_date'] or 'undated'} (import run #{v['import_run']})"
        for v in versions
    )


def csv_rows(queries, absolute_url, versions=()):
    """The rows of the results CSV, screening CHUNK queries at a time; every row names the
    list versions screened against, so a row copied elsewhere still says so."""
    against = versions_text(versions)
    rows = _rows(queries, absolute_url)
    yield next(rows)  # the header
    for row in rows:
        yield [*row, against]


def _rows(queries, absolute_url):
    yield OUTPUT_COLUMNS
    for start in range(0, len(queries), CHUNK):
        chunk = queries[start : start + CHUNK]
        for offset, (query, candidates) in enumerate(
            zip(chunk, engine.screen(chunk, limit=CSV_LIMIT), strict=True)
        ):
            line = start + offset + 2  # the header is line 1
            yield from _result_rows(line, query, candidates, absolute_url)


def _result_rows(line, query, candidates, absolute_url):
    asked = [
        line,
        query.name,
        query.birth_date.value if query.birth_date else "",
        query.nationality,
    ]
    if not candidates:
        return [asked + [""] * (len(OUTPUT_COLUMNS) - len(asked) - 1)]
    return [
        asked + _candidate_columns(rank, candidate, absolute_url)
        for rank, candidate in enumerate(candidates, start=1)
    ]


def _candidate_columns(rank, candidate, absolute_url):
    explanation = candidate.explanation
    return [
        rank,
        candidate.score,
        "yes" if candidate.score >= engine.DEFAULT_THRESHOLD else "no",
        candidate.subject.pk,
        candidate.subject.name,
        candidate.matched_name,
        explanation["name"]["score"],
        explanation["birth_date"]["result"],
        explanation["nationality"]["result"],
        explanation["identifier"]["result"],
        absolute_url(candidate.subject.get_absolute_url()),
    ]
