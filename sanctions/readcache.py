"""Expensive read-only pieces of pages, cached and kept true by one data version.

The dashboard's counts and chart and the lists' facet counts each cost whole-table queries,
yet change only when the records do. Each piece is cached under a key that carries the
current data version (and today's date: "active" means active today). Every write to the
core's records bumps the version, so the next reader computes the piece afresh and the old
ones expire on their own: no piece is ever deleted by name, so none can be forgotten.

The version is bumped at once and again when the writing transaction commits: a reader in
another process that recomputed between the two saw the old rows and stored them under the
first bump's version, which the second bump retires. Imports and merges write in bulk, but
each also saves a row of its own (the import run, the merge), which bumps the version too.

With ``REDIS_URL`` every process and server shares the pieces and the version
(tracker/settings.py); without it each process has its own cache and sees only its own
process's writes at once, others' after ``TIMEOUT`` at most.
"""

import contextlib
import hashlib
import time

from django.core.cache import cache
from django.db import connections, transaction
from django.utils import timezone

VERSION_KEY = "readcache:version"
# Seconds a piece is kept at most: how stale a piece may be in a process that does not share
# the cache of the process that wrote.
TIMEOUT = 300
# Writes to these apps' models change what the pieces count.
WATCHED_APPS = {"sanctions"}


def version():
    """The current data version (a new, never reused one when the cache has none)."""
    current = cache.get(VERSION_KEY)
    if current is None:
        # A restarted or flushed cache: start from the clock, so no piece stored under an
        # earlier version (in a cache that lost only its version key) can be found again.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        current = cache.get(VERSION_KEY)
    return current


def bump():
    """Retire every cached piece."""
    # No version yet (an empty cache): the next reader starts a new one.
    with contextlib.suppress(ValueError):
        cache.incr(VERSION_KEY)


def cached(name, compute, timeout=TIMEOUT):
    """The piece ``name`` for the current data, computed by ``compute()`` when missing."""
    key = f"readcache:{version()}:{timezone.localdate().isoformat()}:{name}"
    return cache.get_or_set(key, compute, timeout)


def query_key(query, ignored=("page", "page_size", "ordering")):
    """A short stable name for a list's filters (a QueryDict), paging and sorting aside."""
    items = sorted(
        (name, value) for name, values in query.lists() if name not in ignored for value in values
    )
    return hashlib.sha256(repr(items).encode()).hexdigest()[:32]


def bump_after_write(using):
    """Bump now and once more when the current transaction commits."""
    bump()
    connection = connections[using]
    if connection.in_atomic_block and any(
        callback is bump for _, callback, _ in connection.run_on_commit
    ):
        return  # this transaction's commit bumps already
    transaction.on_commit(bump, using=using)


def record_written(sender, using, **kwargs):
    """Receiver of post_save, post_delete and m2m_changed of every model."""
    if kwargs.get("action", "post").startswith("pre"):
        return  # m2m_changed before the write; its "post_" signal follows
    if sender._meta.app_label in WATCHED_APPS:
        bump_after_write(using)
