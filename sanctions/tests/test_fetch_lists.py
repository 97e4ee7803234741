"""``manage.py fetch_lists`` against a real HTTP server on 127.0.0.1 (http.server in a thread)
that plays the publishers: the project's list files, the shared real ones, and broken answers
(time-outs, 404, a cut body, an HTML error page). Nothing leaves the machine."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command

from sanctions.models import ImportRun, ListEntry

from .conftest import REFERENCE_DATA, TEST_DATA, requires_reference_data
from .test_import_malformed import database_state

OFAC_FILES = {"SDN.CSV": "sdn.csv", "ADD.CSV": "add.csv", "ALT.CSV": "alt.csv"}
OFAC_FILES["SDN_COMMENTS.CSV"] = "sdn_comments.csv"
HTML = b"<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>"


class Publisher:
    """The local server's answers: path → (status, headers, body) or a callable."""

    def __init__(self):
        self.routes, self.hits = {}, {}
        publisher = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                publisher.hits[self.path] = publisher.hits.get(self.path, 0) + 1
                route = publisher.routes.get(self.path, (404, {}, b"Not Found"))
                if callable(route):
                    route = route(self, publisher.hits[self.path])
                if route is None:
                    return
                status, headers, body = route
                self.send_response(status)
                headers = {"Content-Length": str(len(body)), **headers}
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path):
        return f"http://127.0.0.1:{self.server.server_port}{path}"

    def serve(self, path, body, status=200, **headers):
        self.routes[path] = (status, headers, body)

    def serve_ofac(self, folder):
        for published, name in OFAC_FILES.items():
            self.serve(f"/ofac/{published}", (folder / name).read_bytes())


@pytest.fixture
def publisher(settings, tmp_path):
    server = Publisher()
    server.thread.start()
    settings.TRACKER_FETCH_URLS = {
        "us-ofac-sdn": server.url("/ofac/"),
        "us-ofac-cons": server.url("/ofac-cons/"),
        "un-consolidated": server.url("/un.xml"),
        "eu-fsf": server.url("/eu.xml"),
        "uk-sanctions-list": server.url("/uk.xml"),
    }
    settings.TRACKER_FETCH_DIR = tmp_path / "downloads"
    settings.TRACKER_FETCH_TIMEOUT = 1
    settings.TRACKER_FETCH_RETRIES = 1
    settings.TRACKER_FETCH_RETRY_WAIT = 0
    yield server
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture
def served(publisher):
    """Every list but OFAC's consolidated one, from the project's own files."""
    publisher.serve_ofac(TEST_DATA / "ofac" / "v1")
    publisher.serve("/un.xml", (TEST_DATA / "un" / "consolidated.xml").read_bytes())
    publisher.serve("/eu.xml", (TEST_DATA / "eu" / "export.xml").read_bytes())
    xml = (TEST_DATA / "uk-sanctions-list" / "UK-Sanctions-List.xml").read_bytes()
    publisher.serve("/uk.xml", xml)
    return publisher


def fetch(*lists, **options):
    return call_command("fetch_lists", *lists, **options)


def test_fetch_imports_each_list_and_records_where_it_came_from(served, db, capsys, settings):
    fetch("us-ofac-sdn", "un-consolidated", "eu-fsf", "uk-sanctions-list")
    runs = {run.list: run for run in ImportRun.objects.all()}
    assert set(runs) == {"us-ofac-sdn", "un-consolidated", "eu-fsf", "uk-sanctions-list"}
    un = runs["un-consolidated"]
    assert un.source_url == served.url("/un.xml")
    assert un.source_sha256 == un.files[0]["sha256"]
    assert un.fetched_at is not None
    assert str(un.list_date) == "2024-03-01"  # the publisher's own version date
    assert runs["us-ofac-sdn"].source_url == served.url("/ofac/SDN.CSV")
    kept = settings.TRACKER_FETCH_DIR / "un-consolidated" / f"2024-03-01-{un.source_sha256[:12]}"
    assert (kept / "consolidated.xml").read_bytes() == (
        TEST_DATA / "un" / "consolidated.xml"
    ).read_bytes()
    assert f"{un.source_sha256}  consolidated.xml" in (kept / "SHA256SUMS").read_text()
    assert "un-consolidated: imported the version of 2024-03-01" in capsys.readouterr().out


def test_fetch_skips_lists_whose_files_did_not_change(served, db, capsys):
    fetch("un-consolidated", "us-ofac-sdn")
    runs = ImportRun.objects.count()
    fetch("un-consolidated", "us-ofac-sdn")
    assert ImportRun.objects.count() == runs
    out = capsys.readouterr().out
    assert "un-consolidated: unchanged (the files of import run #" in out
    assert "us-ofac-sdn: unchanged" in out


def test_fetch_imports_a_changed_version(served, db):
    fetch("us-ofac-sdn")
    served.serve_ofac(TEST_DATA / "ofac" / "v2")
    fetch("us-ofac-sdn")
    first, second = ImportRun.objects.filter(list="us-ofac-sdn").order_by("id")
    assert second.changed_count + second.new_count + second.removed_count > 0
    assert first.source_sha256 != second.source_sha256


def test_a_missing_list_fails_alone(served, db, capsys):
    served.routes.pop("/un.xml")
    with pytest.raises(CommandError, match="1 of 2 lists failed: un-consolidated") as error:
        fetch("un-consolidated", "eu-fsf")
    assert error.value.returncode == 1
    err = capsys.readouterr().err
    assert "un-consolidated: failed, nothing imported." in err
    assert "/un.xml: the server answered 404 Not Found" in err
    assert served.hits["/un.xml"] == 1  # a 404 is not retried
    assert list(ImportRun.objects.values_list("list", flat=True)) == ["eu-fsf"]


def test_a_server_that_never_answers_times_out_after_the_retries(served, db, capsys):
    def silent(handler, hit):
        time.sleep(2)  # longer than TRACKER_FETCH_TIMEOUT

    served.routes["/un.xml"] = silent
    before = database_state()
    with pytest.raises(CommandError, match="1 of 1 lists failed"):
        fetch("un-consolidated")
    assert "no answer within 1 s (tried 2 times)" in capsys.readouterr().err
    assert served.hits["/un.xml"] == 2
    assert database_state() == before


def test_a_server_error_is_retried(served, db):
    body = (TEST_DATA / "un" / "consolidated.xml").read_bytes()
    served.routes["/un.xml"] = lambda handler, hit: (
        (503, {}, b"busy") if hit == 1 else (200, {}, body)
    )
    fetch("un-consolidated")
    assert ImportRun.objects.get().list == "un-consolidated"
    assert served.hits["/un.xml"] == 2


def test_a_cut_download_is_refused(served, db, capsys):
    body = (TEST_DATA / "eu" / "export.xml").read_bytes()
    served.serve("/eu.xml", body[:2000], **{"Content-Length": str(len(body))})
    before = database_state()
    with pytest.raises(CommandError):
        fetch("eu-fsf")
    assert "the download was cut short" in capsys.readouterr().err
    assert database_state() == before


def test_an_html_error_page_is_refused(served, db, capsys, settings):
    served.serve("/uk.xml", HTML, **{"Content-Type": "text/html"})
    before = database_state()
    with pytest.raises(CommandError):
        fetch("uk-sanctions-list")
    assert "an HTML page came instead of the list" in capsys.readouterr().err
    assert database_state() == before
    assert not (settings.TRACKER_FETCH_DIR / "uk-sanctions-list").exists()


def test_a_broken_list_file_is_refused_by_its_importer(served, db, capsys):
    body = (TEST_DATA / "un" / "consolidated.xml").read_bytes()
    served.serve("/un.xml", body[:3000])  # whole as HTTP goes, but not a whole list
    before = database_state()
    with pytest.raises(CommandError):
        fetch("un-consolidated")
    assert "consolidated.xml line" in capsys.readouterr().err
    assert database_state() == before


def test_dry_run_reports_and_writes_nothing(served, db, capsys, settings):
    before = database_state()
    fetch("eu-fsf", dry_run=True)
    assert database_state() == before
    assert "eu-fsf: would import the version of 2024-03-04: 3 new" in capsys.readouterr().out
    assert not settings.TRACKER_FETCH_DIR.exists()


def test_an_unknown_list_is_a_usage_error(db):
    with pytest.raises(CommandError, match="Unknown list ofac") as error:
        fetch("ofac")
    assert error.value.returncode == 2


@requires_reference_data("un-consolidated", "versions", "2018-06-07.xml")
@pytest.mark.reference_data
def test_fetch_real_un_versions_one_after_the_other(publisher, db):
    for version in ("2018-06-07", "2018-06-21"):
        path = REFERENCE_DATA / "un-consolidated" / "versions" / f"{version}.xml"
        publisher.serve("/un.xml", path.read_bytes())
        fetch("un-consolidated")
    first, second = ImportRun.objects.order_by("id")
    assert (first.new_count, second.new_count, second.removed_count) == (1098, 2, 0)
    assert second.changed_count == 0
    assert ListEntry.objects.filter(list="un-consolidated").count() == 1100
