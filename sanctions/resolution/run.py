"""One run of cross-list resolution: find pairs, score them, propose or merge them.

Blocking (:mod:`.blocking`) finds the candidate pairs, :mod:`.scoring` scores them, and this
module writes the outcome: a pair that shares a strong identifier and agrees on everything
else is merged (``merge_subjects``, when automatic merges are on); any other pair at or above
the review threshold waits in the review queue as a SubjectPair. A pair an analyst decided
is never proposed again, whatever the decision; a *not the same* decision also stops the
automatic merge (``merge_subjects`` checks it again under lock).
"""

import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from ..importers import history
from ..merging import MergeError, merge_subjects
from ..models import ImportRun, SubjectPair, XrefRun
from ..screening.engine import NameSearch
from .blocking import identifier_pairs, name_pairs, searched_subjects
from .profiles import changed_since, load_details, load_profiles
from .scoring import score_pair
from .weights import NAME_CANDIDATES, REVIEW_THRESHOLD

CHUNK = 500
# Passes of one run: the first, then the survivors of its merges, and so on.
MAX_PASSES = 3


@dataclass
class Outcome:
    """What a run did (or, dry, would do)."""

    incremental: bool
    dry_run: bool
    subjects: int = 0  # subjects whose pairs were looked for
    candidates: int = 0  # pairs scored
    proposed: int = 0  # new pairs in the review queue
    updated: int = 0  # pairs already waiting whose score or explanation changed
    merged: int = 0
    skipped: int = 0  # pairs already decided by an analyst
    below_threshold: int = 0
    errors: list = field(default_factory=list)  # automatic merges refused, with the reason
    seconds: float = 0.0


def xref(*, incremental=False, dry_run=False, auto_merge=None, user=None):
    """Run cross-list resolution over every subject, or (``incremental``) over the subjects
    new or changed since the last run (every subject if there was none); returns an Outcome.

    ``auto_merge`` defaults to the setting ``TRACKER_XREF_AUTO_MERGE``. A merge changes the
    survivor, so the pairs of merged subjects are scored again, as the survivor's, in a
    further pass (at most MAX_PASSES in all).
    """
    clock, started = time.monotonic(), timezone.now()
    if auto_merge is None:
        auto_merge = settings.TRACKER_XREF_AUTO_MERGE
    last = XrefRun.objects.first() if incremental else None
    import_mark = ImportRun.objects.aggregate(last=Max("id"))["last"] or 0
    profiles = load_profiles()
    if last is None:
        focus = set(profiles)
    else:
        focus = changed_since(last.started, last.last_import_run) & profiles.keys()
    outcome = Outcome(incremental=last is not None, dry_run=dry_run, subjects=len(focus))
    with history.attributed_history(user, f"xref {started:%Y-%m-%d %H:%M:%S}"):
        for number in range(MAX_PASSES):
            scored = _score(profiles, focus, full=last is None and number == 0) if focus else []
            outcome.candidates += len(scored)
            plan = _plan(scored, auto_merge)
            if dry_run:
                _count(plan, outcome)
                break
            focus = _write(plan, outcome, user)
            if not focus:
                break
            profiles = load_profiles()
            focus &= profiles.keys()
    if not dry_run:
        _record(outcome, started, import_mark)
    outcome.seconds = time.monotonic() - clock
    return outcome


def _record(outcome, started, import_mark):
    XrefRun.objects.create(
        started=started,
        finished=timezone.now(),
        incremental=outcome.incremental,
        last_import_run=import_mark,
        subjects=outcome.subjects,
        proposed=outcome.proposed,
        updated=outcome.updated,
        merged=outcome.merged,
        skipped=outcome.skipped,
    )


def _score(profiles, focus, full):
    """[(low id, high id, PairScore)] of every candidate pair, best first."""
    searched = searched_subjects(profiles, focus, skip_largest_list=full)
    search = NameSearch(searched, subjects_wanted=NAME_CANDIDATES)
    by_names = name_pairs(profiles, searched, search)
    by_identifiers = identifier_pairs(profiles, focus)
    load_details(profiles, {pk for pair in (*by_names, *by_identifiers) for pk in pair})
    names = dict(by_names)
    for low, high in sorted(by_identifiers - by_names.keys()):
        found = search.compare(low, [high]).get(high)
        names[(low, high)] = found or (0.0, profiles[low].name, profiles[high].name)
    scored = [
        (low, high, score_pair(profiles[low], profiles[high], name))
        for (low, high), name in names.items()
    ]
    return sorted(scored, key=lambda row: (-row[2].score, row[0], row[1]))


def _existing_pairs(scored):
    """{(low id, high id): SubjectPair} of the scored pairs proposed before."""
    ids = sorted({pk for low, high, _ in scored for pk in (low, high)})
    found = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        for pair in SubjectPair.objects.filter(Q(subject_a__in=chunk) | Q(subject_b__in=chunk)):
            found[(pair.subject_a_id, pair.subject_b_id)] = pair
    return found


# What a run does with a scored pair.
SKIP, MERGE, UPDATE, KEEP, PROPOSE, BELOW = "skip", "merge", "update", "keep", "propose", "below"


def _plan(scored, auto_merge):
    """[(action, low id, high id, PairScore, SubjectPair or None)] in the order of ``scored``."""
    existing = _existing_pairs(scored)
    plan = []
    for low, high, result in scored:
        pair = existing.get((low, high))
        if pair is not None and pair.decision:
            action = SKIP  # decided by an analyst, whatever the decision: never asked again
        elif auto_merge and result.automatic:
            action = MERGE
        elif pair is not None:
            unchanged = (pair.score, pair.explanation) == (result.score, result.explanation)
            action = KEEP if unchanged else UPDATE
        else:
            action = PROPOSE if result.score >= REVIEW_THRESHOLD else BELOW
        plan.append((action, low, high, result, pair))
    return plan


def _count(plan, outcome):
    """Count the plan's actions (all of them in a dry run; those _write leaves as they are)."""
    counted = {SKIP: "skipped", MERGE: "merged", UPDATE: "updated", PROPOSE: "proposed"}
    counted[BELOW] = "below_threshold"
    for action, *_ in plan:
        if action in counted:
            setattr(outcome, counted[action], getattr(outcome, counted[action]) + 1)


def _write(plan, outcome, user):
    """Merge, then propose and update; returns the subjects to score again: the survivors
    of this pass's merges and the subjects of pairs that met a merged subject."""
    absorbed, again = {}, set()
    with transaction.atomic():  # one commit for the whole pass
        for action, low, high, result, pair in plan:
            if action != MERGE:
                continue
            if low in absorbed or high in absorbed:
                again |= {absorbed.get(low, low), absorbed.get(high, high)}
            elif _merge(low, high, result, pair, outcome, user):
                absorbed[high] = low
                again.add(low)
        new, changed = [], []
        for action, low, high, result, pair in plan:
            if action in (SKIP, BELOW):
                _count([(action,)], outcome)
            elif action in (MERGE, KEEP):
                continue
            elif low in absorbed or high in absorbed:
                again |= {absorbed.get(low, low), absorbed.get(high, high)}
            elif action == PROPOSE:
                new.append(_new_pair(low, high, result))
            else:
                pair.score, pair.explanation = result.score, result.explanation
                changed.append(pair)
        history.create(SubjectPair, new)
        history.update(SubjectPair, changed, ["score", "explanation", "last_updated"])
    outcome.proposed += len(new)
    outcome.updated += len(changed)
    return again


def _new_pair(low, high, result):
    now = timezone.now()
    return SubjectPair(
        subject_a_id=low,
        subject_b_id=high,
        score=result.score,
        explanation=result.explanation,
        created=now,
        last_updated=now,
    )


def _merge(low, high, result, pair, outcome, user):
    """Merge the higher id into the lower (the subject known longer), recording the pair;
    returns whether it merged (a refusal is kept in ``outcome.errors``)."""
    try:
        with transaction.atomic():
            if pair is None:
                pair = history.create(SubjectPair, [_new_pair(low, high, result)])[0]
            else:
                pair.score, pair.explanation = result.score, result.explanation
                history.update(SubjectPair, [pair], ["score", "explanation", "last_updated"])
            merge_subjects(low, high, user=user, pair=pair, automatic=True)
    except MergeError as error:
        outcome.errors.append(f"subjects {low} and {high}: {error}")
        return False
    outcome.merged += 1
    return True
