"""Cross-list resolution: blocking, scoring, proposals, automatic merges and incremental runs."""

import datetime
import itertools

import pytest
from django.core.management import call_command
from django.db import connection

from sanctions.choices import PairDecision
from sanctions.models import (
    Alias,
    BirthDate,
    Identifier,
    ListEntry,
    Nationality,
    Subject,
    SubjectPair,
    XrefRun,
)
from sanctions.resolution import blocking, scoring
from sanctions.resolution.profiles import load_profiles
from sanctions.resolution.run import xref
from sanctions.resolution.weights import REVIEW_THRESHOLD
from sanctions.screening.engine import NameSearch

from .conftest import TEST_DATA

_entry_ids = itertools.count(1000)


@pytest.fixture
def listed(db):
    """A subject with one entry on a list, and the parts given: ``listed("un-consolidated",
    "CHOE Hwi", dob="1954", nationality="KP", passport=("PD123456", "KP"), reference=...)``."""

    def make(slug, name, kind="person", **parts):
        subject = Subject.objects.create(kind=kind, name=name)
        ListEntry.objects.create(
            list=slug,
            entry_id=str(next(_entry_ids)),
            reference=parts.get("reference", ""),
            subject=subject,
            data={"remarks": parts.get("remarks", "")},
        )
        for alias in parts.get("aliases", ()):
            Alias.objects.create(subject=subject, name=alias)
        if "dob" in parts:
            BirthDate.objects.create(subject=subject, value=parts["dob"])
        if "nationality" in parts:
            Nationality.objects.create(subject=subject, country=parts["nationality"])
        for kind_, (number, country) in parts.get("identifiers", {}).items():
            Identifier.objects.create(subject=subject, kind=kind_, number=number, country=country)
        return subject

    return make


def pairs():
    return {(p.subject_a_id, p.subject_b_id): p for p in SubjectPair.objects.all()}


def key(first, second):
    return (min(first.pk, second.pk), max(first.pk, second.pk))


def names_found(profiles, searched):
    return blocking.name_pairs(profiles, searched, NameSearch(searched))


# --- blocking -------------------------------------------------------------------------------


def test_blocking_pairs_subjects_sharing_a_passport_whatever_their_names(listed):
    ofac = listed("us-ofac-sdn", "HAMDAN Salim", identifiers={"passport": ("03122009", "YE")})
    un = listed("un-consolidated", "Someone Else", identifiers={"passport": ("3122009", "")})
    profiles = load_profiles()
    assert blocking.identifier_pairs(profiles, set(profiles)) == {key(ofac, un)}


def test_blocking_pairs_a_uk_old_un_reference_with_the_un_entry(listed):
    un = listed("un-consolidated", "NASHWAN ABD AL-RAZZAQ ABD AL-BAQI", reference="QDi.012")
    uk = listed("uk-ofsi-conlist", "ABD AL-BAQI, Nashwan", reference="QI.A.12.01")
    profiles = load_profiles()
    assert blocking.identifier_pairs(profiles, set(profiles)) == {key(un, uk)}


def test_blocking_never_pairs_two_entries_of_the_same_list(listed):
    listed("us-ofac-sdn", "KIM Chol", identifiers={"passport": ("PD654321", "KP")})
    listed("us-ofac-sdn", "KIM Chol", identifiers={"passport": ("PD654321", "KP")})
    profiles = load_profiles()
    assert blocking.identifier_pairs(profiles, set(profiles)) == set()
    assert names_found(profiles, set(profiles)) == {}


def test_blocking_pairs_an_analysts_subject_with_a_listed_one(listed, make_subject):
    listed_subject = listed("un-consolidated", "CHOE Hwi")
    analysts = make_subject(name="Choe Hwi")
    profiles = load_profiles()
    found = names_found(profiles, set(profiles))
    assert list(found) == [key(listed_subject, analysts)]


def test_blocking_finds_a_name_written_in_another_script(listed):
    latin = listed("us-ofac-sdn", "CHOE, Ryong Hae")
    hangul = listed("un-consolidated", "최룡해")
    profiles = load_profiles()
    found = names_found(profiles, set(profiles))
    assert key(latin, hangul) in found


def test_blocking_of_a_full_run_searches_only_subjects_off_the_largest_list(listed):
    ofac = [listed("us-ofac-sdn", f"PERSON Number {n}") for n in ("One", "Two")]
    un = listed("un-consolidated", "PERSON Number One")
    profiles = load_profiles()
    searched = blocking.searched_subjects(profiles, set(profiles), skip_largest_list=True)
    assert searched == {un.pk}
    found = names_found(profiles, searched)
    assert key(ofac[0], un) in found
    # Searching from the OFAC side finds nothing more than the UN side found.
    assert set(names_found(profiles, {s.pk for s in ofac})) <= set(found)


# --- scoring --------------------------------------------------------------------------------


def profile(pk, kind="person", lists=("a",), dates=(), nationalities=(), keys=()):
    birth_dates = []
    for value in dates:
        day = datetime.date.fromisoformat(value) if len(value) == 10 else None
        start = day or datetime.date(int(value), 1, 1)
        birth_dates.append((value, start, day or datetime.date(int(value), 12, 31)))
    return scoring.Profile(
        pk=pk,
        kind=kind,
        name=f"subject {pk}",
        lists=frozenset(lists),
        keys=[scoring.Key(kind_, number, number, country) for kind_, number, country in keys],
        birth_dates=birth_dates,
        nationalities=frozenset(nationalities),
    )


NAME = (0.9, "CHOE Hwi", "CH'OE, Hwi")
PASSPORT = ("passport", "PD123456", "KP")


def test_a_strong_identifier_and_agreement_merge_automatically():
    a = profile(1, lists=["a"], dates=["1954-01-01"], nationalities=["KP"], keys=[PASSPORT])
    b = profile(2, lists=["b"], dates=["1954"], nationalities=["KP"], keys=[PASSPORT])
    result = scoring.score_pair(a, b, NAME)
    assert result.automatic
    assert result.score > NAME[0]
    explanation = result.explanation
    assert explanation["identifiers"] == [
        {
            "kind": "passport",
            "numbers": ["PD123456", "PD123456"],
            "countries": ["KP", "KP"],
            "strong": True,
        }
    ]
    assert explanation["name"] == {"score": 0.9, "names": ["CHOE Hwi", "CH'OE, Hwi"]}
    assert explanation["birth_date"]["result"] == "agrees"
    assert explanation["nationality"]["result"] == "agrees"
    assert explanation["kind"]["result"] == "agrees"


def test_a_passport_without_a_country_on_one_side_is_not_strong():
    a = profile(1, lists=["a"], keys=[PASSPORT])
    b = profile(2, lists=["b"], keys=[("passport", "PD123456", "")])
    result = scoring.score_pair(a, b, NAME)
    assert not result.automatic
    assert result.explanation["identifiers"][0]["strong"] is False


def test_one_number_from_two_countries_is_not_shared():
    a = profile(1, lists=["a"], keys=[PASSPORT])
    b = profile(2, lists=["b"], keys=[("passport", "PD123456", "CN")])
    assert scoring.shared_identifiers(a, b) == []


@pytest.mark.parametrize(
    ("conflict", "result"),
    [
        ({"dates": ["1970-05-05"]}, "birth_date"),
        ({"nationalities": ["SY"]}, "nationality"),
        ({"kind": "organization"}, "kind"),
    ],
)
def test_a_conflict_stops_the_automatic_merge_and_lowers_the_score(conflict, result):
    agreeing = {"dates": ["1954-01-01"], "nationalities": ["KP"], "keys": [PASSPORT]}
    a = profile(1, lists=["a"], **agreeing)
    b = profile(2, lists=["b"], **{**agreeing, **conflict})
    scored = scoring.score_pair(a, b, NAME)
    agreed = scoring.score_pair(a, profile(2, lists=["b"], **agreeing), NAME)
    assert not scored.automatic
    assert scored.score < agreed.score
    assert scored.explanation[result]["result"] == "conflict"


def test_dates_a_few_months_apart_are_near_not_agreeing():
    a = profile(1, dates=["1954-01-01"])
    b = profile(2, dates=["1953-10-01"])
    assert scoring.compare_birth_dates(a, b)[1] == "near"


def test_weak_names_alone_stay_below_the_review_threshold():
    a = profile(1, lists=["a"], nationalities=["KP"])
    b = profile(2, lists=["b"], nationalities=["KP"])
    assert scoring.score_pair(a, b, (0.6, "KIM Chol", "KIM Chol Min")).score < REVIEW_THRESHOLD


# --- runs -----------------------------------------------------------------------------------


def choe_hwi(listed, slug, **parts):
    defaults = {
        "dob": "1954",
        "nationality": "KP",
        "identifiers": {"passport": ("PD123456", "KP")},
    }
    return listed(slug, parts.pop("name", "CHOE Hwi"), **{**defaults, **parts})


def test_xref_merges_a_pair_with_a_strong_identifier_and_nothing_in_conflict(listed):
    ofac = choe_hwi(listed, "us-ofac-sdn")
    un = choe_hwi(listed, "un-consolidated", name="CH'OE HWI")
    outcome = xref()
    assert (outcome.merged, outcome.proposed) == (1, 0)
    absorbed = Subject.everything.get(pk=un.pk)
    assert absorbed.merged_into_id == ofac.pk
    pair = SubjectPair.objects.of(ofac, un).get()
    assert (pair.decision, pair.automatic) == (PairDecision.SAME, True)
    assert pair.explanation["automatic"] is True


def test_one_party_on_three_lists_becomes_one_subject_in_one_run(listed):
    ofac = choe_hwi(listed, "us-ofac-sdn")
    un = choe_hwi(listed, "un-consolidated", reference="KPi.042")
    uk = listed("uk-ofsi-conlist", "CHOE, Hwi", reference="KPI.42", dob="1954", nationality="KP")
    outcome = xref()
    assert (outcome.merged, outcome.errors) == (2, [])
    assert {s.merged_into_id for s in Subject.everything.filter(pk__in=[un.pk, uk.pk])} == {ofac.pk}
    assert not SubjectPair.objects.waiting().exists()


def test_no_auto_merge_proposes_the_pair_instead(listed):
    ofac = choe_hwi(listed, "us-ofac-sdn")
    un = choe_hwi(listed, "un-consolidated")
    outcome = xref(auto_merge=False)
    assert (outcome.merged, outcome.proposed) == (0, 1)
    assert pairs()[key(ofac, un)].decision == ""
    assert Subject.objects.filter(pk=un.pk).exists()


def test_the_setting_turns_automatic_merges_off(listed, settings):
    settings.TRACKER_XREF_AUTO_MERGE = False
    choe_hwi(listed, "us-ofac-sdn")
    choe_hwi(listed, "un-consolidated")
    assert (xref().merged, SubjectPair.objects.waiting().count()) == (0, 1)


def test_a_pair_alike_by_name_only_waits_for_review(listed):
    ofac = listed("us-ofac-sdn", "KOREA MINING DEVELOPMENT TRADING CORPORATION", "organization")
    un = listed(
        "un-consolidated", "KOREA MINING DEVELOPMENT TRADING CORPORATION (KOMID)", "organization"
    )
    outcome = xref()
    assert (outcome.merged, outcome.proposed) == (0, 1)
    pair = pairs()[key(ofac, un)]
    assert pair.score >= REVIEW_THRESHOLD
    assert pair.explanation["identifiers"] == []


@pytest.mark.parametrize(
    "decision", [PairDecision.SAME, PairDecision.NOT_SAME, PairDecision.UNSURE]
)
def test_a_decided_pair_is_never_proposed_again(listed, decision):
    ofac = listed("us-ofac-sdn", "KIM Chol Jin", dob="1970", nationality="KP")
    un = listed("un-consolidated", "KIM Chol Jin", dob="1970", nationality="KP")
    xref()
    pair = pairs()[key(ofac, un)]
    SubjectPair.objects.filter(pk=pair.pk).update(decision=decision, score=0.75)
    outcome = xref()
    assert (outcome.skipped, outcome.proposed, outcome.updated) == (1, 0, 0)
    assert SubjectPair.objects.get(pk=pair.pk).score == 0.75  # left as decided
    assert SubjectPair.objects.count() == 1


def test_not_the_same_stops_the_automatic_merge(listed):
    ofac = choe_hwi(listed, "us-ofac-sdn")
    un = choe_hwi(listed, "un-consolidated")
    SubjectPair.objects.create(
        subject_a=ofac if ofac.pk < un.pk else un,
        subject_b=un if ofac.pk < un.pk else ofac,
        score=0.9,
        decision=PairDecision.NOT_SAME,
    )
    outcome = xref()
    assert (outcome.merged, outcome.skipped) == (0, 1)
    assert Subject.objects.filter(pk__in=[ofac.pk, un.pk]).count() == 2


def test_a_waiting_pair_gets_the_new_score_and_explanation(listed):
    ofac = listed("us-ofac-sdn", "KIM Chol Jin", nationality="KP")
    un = listed("un-consolidated", "KIM Chol Jin", nationality="CN")
    xref()
    before = pairs()[key(ofac, un)]
    Nationality.objects.filter(subject=un).update(country="KP")
    outcome = xref()
    after = pairs()[key(ofac, un)]
    assert (outcome.updated, outcome.proposed) == (1, 0)
    assert after.pk == before.pk
    assert after.score > before.score
    assert after.explanation["nationality"]["result"] == "agrees"


def test_dry_run_writes_nothing(listed):
    choe_hwi(listed, "us-ofac-sdn")
    choe_hwi(listed, "un-consolidated")
    outcome = xref(dry_run=True)
    assert outcome.merged == 1
    assert (SubjectPair.objects.count(), XrefRun.objects.count()) == (0, 0)
    assert Subject.objects.count() == 2


def test_an_incremental_run_compares_only_new_and_changed_subjects(listed):
    for n in ("Alpha", "Bravo", "Charlie"):
        listed("us-ofac-sdn", f"OLDPERSON {n}")
    xref()
    newcomer = listed("un-consolidated", "OLDPERSON Alpha", dob="1960")
    outcome = xref(incremental=True)
    assert outcome.incremental
    assert outcome.subjects == 1
    assert any(newcomer.pk in pair for pair in pairs())
    assert xref(incremental=True).subjects == 0


def test_an_incremental_run_without_an_earlier_run_is_a_full_one(listed):
    listed("us-ofac-sdn", "OLDPERSON Alpha")
    listed("un-consolidated", "OLDPERSON Alpha")
    outcome = xref(incremental=True)
    assert (outcome.incremental, outcome.subjects) == (False, 2)


# --- hard negatives -------------------------------------------------------------------------


def test_same_name_and_passport_number_but_other_birth_dates_are_never_merged(listed):
    # Father and son, say: the same name, a reused document number, 30 years apart.
    ofac = choe_hwi(listed, "us-ofac-sdn", dob="1954-01-01")
    un = choe_hwi(listed, "un-consolidated", dob="1984-06-01")
    outcome = xref()
    assert outcome.merged == 0
    assert Subject.objects.filter(pk__in=[ofac.pk, un.pk]).count() == 2


def test_same_name_other_nationality_is_never_merged(listed):
    listed("us-ofac-sdn", "Mohammed Ahmed ALI", dob="1975", nationality="YE", reference="")
    listed("un-consolidated", "Mohammed Ahmed ALI", dob="1975", nationality="SO")
    outcome = xref()
    assert outcome.merged == 0
    assert all(p.score < 1.0 for p in SubjectPair.objects.all())


# --- the command and the run after each import ------------------------------------------


def test_xref_command_prints_a_summary(listed, capsys):
    choe_hwi(listed, "us-ofac-sdn")
    choe_hwi(listed, "un-consolidated")
    call_command("xref", "--no-auto-merge")
    out = capsys.readouterr().out
    assert "xref (full)" in out
    assert "proposed for review: 1" in out
    assert "merged:              0" in out


def test_import_runs_an_incremental_xref_after_it(run_import, capsys):
    run_import("un-xml", TEST_DATA / "un" / "consolidated.xml")
    run_import("uk-ofsi-csv", TEST_DATA / "uk" / "ConList.csv")
    assert XrefRun.objects.count() == 2
    assert XrefRun.objects.first().incremental


def test_import_with_no_xref_leaves_resolution_for_later(run_import):
    run_import("un-xml", TEST_DATA / "un" / "consolidated.xml", no_xref=True)
    assert XrefRun.objects.count() == 0


def test_a_failing_xref_keeps_the_import_and_says_so(run_import):
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE sanctions_xrefrun")
    with pytest.raises(Exception, match="The import is committed, but cross-list resolution"):
        run_import("un-xml", TEST_DATA / "un" / "consolidated.xml")
    assert ListEntry.objects.filter(list="un-consolidated").exists()
