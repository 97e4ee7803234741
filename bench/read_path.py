"""Quick timings of the read API in one process (issue 16's before/after, docs/benchmarks.md).

    DATABASE_URL=sqlite:///path/to/db.sqlite3 python bench/read_path.py [--rounds 5] [URL...]

Requests go through Django's test client with production settings (DEBUG off), so no server
or network is timed: the view, the queries and the CSV writer are. Each URL's median of
``--rounds`` rounds is printed (CSV exports: half as many rounds), with the body's size, so
that two databases or two versions of the code can be compared; for timings through a real
server against bare SQL and Datasette, see ``bench/read_api.py``.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.update(
    DJANGO_SETTINGS_MODULE="tracker.settings",
    DEBUG="false",
    ALLOWED_HOSTS="testserver",
    SECURE_SSL_REDIRECT="false",
    TRACKER_PUBLIC_READ="true",
    API_THROTTLE_ANON="1000000/minute",
)
os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 40)

URLS = [
    "/api/v1/subjects/",
    "/api/v1/subjects/?program=DPRK2",
    "/api/v1/subjects/?status=active",
    "/api/v1/subjects/?agency=us-ofac",
    "/api/v1/subjects/?list=us-ofac-sdn",
    "/api/v1/designations/",
    "/api/v1/changes/",
    "/api/v1/subjects/?format=csv",
    "/api/v1/designations/?format=csv",
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="Requests per URL (CSV: half).")
    parser.add_argument("urls", nargs="*", default=URLS, help="Paths to time.")
    options = parser.parse_args()

    import django

    django.setup()
    from django.test import Client

    client = Client()
    client.get("/api/v1/measures/")  # warm-up: imports, URL resolvers, connection
    for url in options.urls:
        rounds = max(1, options.rounds // 2) if "format=csv" in url else options.rounds
        times, size = [], 0
        for _ in range(rounds):
            start = time.perf_counter()
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            times.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                sys.exit(f"{url}: {response.status_code} {body[:200]!r}")
            size = len(body)
        print(f"{url:45} median {statistics.median(times):9.1f} ms  {size:>9} bytes")


if __name__ == "__main__":
    main()
