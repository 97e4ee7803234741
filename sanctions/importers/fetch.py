"""Downloading each list from its publisher, for ``manage.py fetch_lists``.

A list is one or more files at configured addresses (``settings.TRACKER_FETCH_URLS``).
Each file is downloaded with a timeout and a few retries (connection errors, time-outs,
server errors and cut bodies are retried; a 404 or an HTML page is not), into a folder that
becomes the kept copy only once the list is imported. Nothing here touches the database.
"""

import email.utils
import hashlib
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests
from django.conf import settings
from django.utils import timezone

USER_AGENT = "sanctions-tracker fetch_lists"
HTML_STARTS = (b"<!doctype html", b"<html")


@dataclass(frozen=True)
class Source:
    """Where one list is published: its import format and its files' names."""

    format: str
    files: tuple[str, ...]  # names in the folder at the URL; () for a URL that is the file
    name: str  # the name the file is kept under


SOURCES = {
    "us-ofac-sdn": Source(
        "ofac-csv", ("SDN.CSV", "ADD.CSV", "ALT.CSV", "SDN_COMMENTS.CSV"), "sdn.csv"
    ),
    "us-ofac-cons": Source(
        "ofac-csv",
        ("CONS_PRIM.CSV", "CONS_ADD.CSV", "CONS_ALT.CSV", "CONS_COMMENTS.CSV"),
        "cons_prim.csv",
    ),
    "un-consolidated": Source("un-xml", (), "consolidated.xml"),
    "eu-fsf": Source("eu-fsf-xml", (), "eu-fsf.xml"),
    "uk-sanctions-list": Source("uk-sanctions-list", (), "UK-Sanctions-List.xml"),
}


class FetchError(Exception):
    """A list could not be downloaded: which address and why."""


@dataclass
class Download:
    """The files of one list, downloaded into a temporary folder."""

    slug: str
    folder: Path
    urls: list[str] = field(default_factory=list)
    sha256: dict = field(default_factory=dict)  # file name → SHA-256
    last_modified: object = None  # the publisher's Last-Modified date, if it sent one
    fetched_at: object = None

    @property
    def main_file(self):
        return SOURCES[self.slug].name

    def keep(self, version_date):
        """Move the files to ``TRACKER_FETCH_DIR/<list>/<date>-<sha>/``; returns the folder."""
        day = (version_date or timezone.localdate(self.fetched_at)).isoformat()
        target = (
            Path(settings.TRACKER_FETCH_DIR)
            / self.slug
            / f"{day}-{self.sha256[self.main_file][:12]}"
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            shutil.rmtree(target)
        shutil.move(str(self.folder), target)
        lines = [f"{digest}  {name}" for name, digest in sorted(self.sha256.items())]
        (target / "SHA256SUMS").write_text("\n".join(lines) + "\n")
        (target / "SOURCE").write_text(
            "\n".join([*self.urls, f"downloaded {self.fetched_at.isoformat()}"]) + "\n"
        )
        self.folder = target
        return target

    def discard(self):
        shutil.rmtree(self.folder, ignore_errors=True)


def download(slug, *, log=lambda message: None):
    """Download every file of a list; raises FetchError and leaves nothing behind."""
    source = SOURCES[slug]
    url = settings.TRACKER_FETCH_URLS[slug]
    result = Download(slug, Path(tempfile.mkdtemp(prefix=f"fetch-{slug}-")))
    result.fetched_at = timezone.now()
    files = [(f"{url.rstrip('/')}/{name}", name.lower()) for name in source.files]
    try:
        for file_url, name in files or [(url, source.name)]:
            digest, modified = _fetch(file_url, result.folder / name, log)
            result.urls.append(file_url)
            result.sha256[name] = digest
            result.last_modified = result.last_modified or modified
    except FetchError:
        result.discard()
        raise
    return result


def _fetch(url, path, log):
    """One file, retried; returns its SHA-256 and the server's Last-Modified date."""
    attempts = settings.TRACKER_FETCH_RETRIES + 1
    wait = settings.TRACKER_FETCH_RETRY_WAIT
    for attempt in range(1, attempts + 1):
        try:
            return _fetch_once(url, path)
        except _Retry as error:
            if attempt == attempts:
                raise FetchError(f"{url}: {error} (tried {attempts} times)") from None
            log(f"{url}: {error}; trying again in {wait} s")
            time.sleep(wait)
            wait *= 2
    raise AssertionError("unreachable")  # pragma: no cover


class _Retry(Exception):
    """A failure worth another try: the network or the server, not the address."""


def _fetch_once(url, path):
    timeout = settings.TRACKER_FETCH_TIMEOUT
    digest = hashlib.sha256()
    try:
        with requests.get(
            url, stream=True, timeout=timeout, headers={"User-Agent": USER_AGENT}
        ) as response:
            _check_status(url, response)
            with open(path, "wb") as file:
                first = True
                for chunk in response.iter_content(chunk_size=1 << 16):
                    if first:
                        _refuse_html(url, chunk)
                        first = False
                    digest.update(chunk)
                    file.write(chunk)
            modified = _http_date(response.headers.get("Last-Modified"))
    except requests.Timeout:
        raise _Retry(f"no answer within {timeout} s") from None
    except requests.exceptions.ChunkedEncodingError:
        raise _Retry("the download was cut short (fewer bytes than announced)") from None
    except requests.ConnectionError as error:
        raise _Retry(f"cannot connect ({_reason(error)})") from None
    except requests.RequestException as error:
        raise FetchError(f"{url}: {error}") from None
    if path.stat().st_size == 0:
        raise _Retry("an empty file")
    return digest.hexdigest(), modified


def _check_status(url, response):
    if response.status_code >= 500:
        raise _Retry(f"the server answered {response.status_code} {response.reason}")
    if response.status_code != 200:
        raise FetchError(
            f"{url}: the server answered {response.status_code} {response.reason}: "
            "is the address in TRACKER_FETCH_URLS still right?"
        )


def _refuse_html(url, chunk):
    if chunk.lstrip(b"\xef\xbb\xbf \t\r\n")[:20].lower().startswith(HTML_STARTS):
        raise FetchError(f"{url}: an HTML page came instead of the list (an error or login page?)")


def _reason(error):
    text = str(error.args[0] if error.args else error)
    return text.rpartition(": ")[2].rstrip("')") or text


def _http_date(text):
    if not text:
        return None
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError):
        return None
