"""Finding subjects by name: the one door from the core to a name-ranking engine.

The core knows a plain rule: a subject whose name or an alias holds every word of the query
(folded by :func:`sanctions.names.normalize_name`). An app that ranks names better, the
screening app, plugs its ranking in at start-up with :func:`use_name_ranking`; the core
never imports it. ``Subject.objects.search()`` (and so every ``q`` filter, the admin search
and every subject autocomplete) combines the two.

The same app plugs in :func:`use_similar_names`: which subjects a new name probably
duplicates, by the engine's own match threshold. The admin asks it before saving a new
subject; without an engine it finds none.
"""

from django.db import models
from django.db.models import Case, Q, Value, When

from .names import normalize_name

_ranking = None
_similar = None


def use_name_ranking(rank):
    """Rank subjects with ``rank(query) -> [(subject id, score), ...]``, best first."""
    global _ranking
    _ranking = rank


def ranked_subject_ids(query):
    """(subject id, score) pairs of the plugged-in ranking, or none without one."""
    return _ranking(query) if _ranking is not None else []


def use_similar_names(find):
    """Find likely duplicates with ``find(name, kind) -> [(subject id, score), ...]``: the
    subjects (of that kind, any kind for "") whose names score at or above the engine's
    match threshold, best first."""
    global _similar
    _similar = find


def similar_subjects(name, kind=None):
    """(subject id, score) pairs of the subjects a new subject named ``name`` probably
    duplicates, best first; none without an engine."""
    return _similar(name, kind or "") if _similar is not None else []


def search_subjects(queryset, query, also=None):
    """The subjects of ``queryset`` that match ``query`` (or the condition ``also``), most
    relevant first.

    Each carries ``relevance``: the ranking's score, or 0 for a subject found only because
    its names hold every word of the query (or it meets ``also``).
    """
    ranked = ranked_subject_ids(query)
    every_word = Q()
    for word in normalize_name(query).split():
        every_word &= Q(search_text__contains=word)
    found = queryset.filter(Q(pk__in=[pk for pk, _ in ranked]) | every_word | (also or Q()))
    if not ranked:
        # A CASE without a WHEN is a constant, which PostgreSQL refuses in ORDER BY.
        return found.annotate(relevance=Value(0.0)).order_by("sort_name", "id")
    relevance = Case(
        *(When(pk=pk, then=Value(score)) for pk, score in ranked),
        default=Value(0.0),
        output_field=models.FloatField(),
    )
    return found.annotate(relevance=relevance).order_by("-relevance", "sort_name", "id")
