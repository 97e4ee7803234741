"""The screening engine's scoring rules, and the worked example of docs/screening.md.

Expected values are rules (orderings, bounds drawn from the named weights), never the
number the formula happens to give today: tuning a weight must fail only the tests of the
rule it breaks. The tests reach the engine through its public face (``engine.screen``,
``engine.Query``, the explanation).
"""

import json
import re
from pathlib import Path

import pytest

from sanctions.dates import parse_fuzzy_date
from sanctions.models import BirthDate, ListEntry, Nationality, Subject
from sanctions.screening import engine, text, weights

DOC = Path(__file__).resolve().parents[2] / "docs" / "screening.md"


def person(name, birth_date=None, nationality=None):
    subject = Subject.objects.create(kind="person", name=name)
    if birth_date:
        BirthDate.objects.create(subject=subject, value=birth_date)
    if nationality:
        Nationality.objects.create(subject=subject, country=nationality)
    return subject


def top(name, **fields):
    candidates = engine.screen([engine.Query(name=name, **fields)], limit=3)[0]
    return candidates[0] if candidates else None


def pair(candidate, query_word):
    """(listed word, similarity) of the query word in the candidate's explanation."""
    [found] = [(n, s) for q, n, s in candidate.explanation["name"]["words"] if q == query_word]
    return found


# --- word pairs ---------------------------------------------------------------------------


def test_a_vowel_change_between_romanizations_agrees_in_full_but_below_an_exact_word(db):
    person("CHOE, Ryong Hae")
    listed, similarity = pair(top("Choi Ryong Hae"), "choi")
    assert listed == "choe"
    assert weights.CLOSE_WORDS <= similarity < 1.0
    # One letter in four differs: the shared outline raises it above its edit similarity.
    assert similarity > 1 - 1 / 4


def test_weakly_similar_words_count_for_less_than_their_similarity(db):
    person("HASAN, Bilal")
    found = top("Bilal Hamdan")
    listed, similarity = pair(found, "hamdan")
    assert listed == "hasan"
    assert weights.MIN_WORD_SIMILARITY <= similarity < weights.CLOSE_WORDS
    # Bilal agrees fully and weighs as much as Hamdan: counted at its similarity, the pair
    # would give (1 + similarity) / 2 on both sides.
    assert 0.5 < found.explanation["name"]["score"] < (1 + similarity) / 2
    assert found.score < engine.DEFAULT_THRESHOLD


def test_an_initial_agrees_with_the_words_it_starts(db):
    person("JONG, Kyong Thaek")
    listed, similarity = pair(top("J Kyong Thaek"), "j")
    assert listed == "jong"
    assert weights.CLOSE_WORDS <= similarity < 1.0


def test_an_initial_confirms_only_its_share_of_a_whole_word(db):
    person("AHMED, A.")
    found = top("Ahmed Aziz")
    assert pair(found, "aziz")[0] == "a"
    # Aziz, half of the query, is confirmed at INITIAL_SHARE at the most.
    assert found.score <= ((1 + weights.INITIAL_SHARE) / 2) ** 0.5
    assert found.score < engine.DEFAULT_THRESHOLD


def test_one_swap_of_adjacent_letters_is_one_edit(db):
    person("HAMDAN, Bilal")
    listed, similarity = pair(top("Bilal Hamadn"), "hamadn")
    assert listed == "hamdan"
    assert similarity >= 1 - 1 / 6


def test_arabic_script_agrees_in_full_with_a_spelling_of_its_sounds(db):
    person("MUHAMMAD, Ali")
    listed, similarity = pair(top("محمد علي"), "mhmd")
    assert listed == "muhammad"
    assert weights.CLOSE_WORDS <= similarity < 1.0  # Arabic script never agrees exactly


def test_outlines_fold_digraphs_soft_c_and_vowels():
    assert text.skeleton("djamel") == text.skeleton("jamal")
    assert text.skeleton("lounici") == text.skeleton("lunisi")
    assert text.skeleton("muhammad") == text.skeleton("mohammed") == "mhmt"


def test_arabic_long_vowels_tell_names_apart():
    # Latin spellings add the short vowels: they cost nothing.
    assert text.arabic_similarity("mhmd", "muhammad") == 1.0
    assert text.arabic_similarity("mhmud", "mahmoud") == 1.0
    assert text.arabic_similarity("3abd", "abid") == 1.0
    # A long vowel the Latin spelling leaves out (محمود's u in "Mohammed") costs more than one
    # it writes and the Arabic word does not (the "ou" of "Mahmoud" for محمد).
    missing = text.arabic_similarity("mhmud", "mohammed")
    extra = text.arabic_similarity("mhmd", "mahmoud")
    assert missing < extra < 1.0
    # Long vowels that "Abd" does not write keep it from agreeing at all.
    assert text.arabic_similarity("bidi", "abd") < weights.MIN_WORD_SIMILARITY
    assert text.spellings("عمر") == ["3mr"]  # ayn written as in Arabizi


def test_a_patronymic_the_list_leaves_out_weighs_half_a_name(db):
    rotenberg = person("ROTENBERG, Arkady")
    found = top("Ротенберг Аркадий Романович")
    assert found.subject == rotenberg
    assert found.score >= engine.DEFAULT_THRESHOLD
    assert text.weight("romanovich") == text.weight("roman") / 2


# --- filters ------------------------------------------------------------------------------


def test_list_filter_keeps_subjects_with_an_entry_on_that_list(db, make_designation):
    sdn, un = "us-ofac-sdn", "un-consolidated"
    kim, kim_yo = person("KIM, Jong Un"), person("KIM, Yo Jong")
    for subject, slug, entry_id in [(kim, sdn, "1"), (kim_yo, un, "KPi.1")]:
        ListEntry.objects.create(list=slug, entry_id=entry_id, subject=subject)
        make_designation(subject=subject)
    assert {sdn, un} <= set(engine.known_lists())

    def found(*lists):
        filters = engine.Filters(lists=list(lists))
        return {c.subject for c in engine.screen([engine.Query("Kim")], 10, 10, filters)[0]}

    assert found(sdn) == {kim}
    assert found(un) == {kim_yo}
    assert found(sdn, un) == {kim, kim_yo}
    assert found("uk-ofsi-conlist") == set()


# --- the worked example of docs/screening.md ----------------------------------------------


def worked_example():
    """(query, candidate, prose) of the example in the doc's "The explanation" section."""
    section = DOC.read_text().split("## The explanation", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```json\n(.*?)```", section, re.S)
    prose = re.sub(r"```json\n.*?```", "", section, flags=re.S)
    query, candidate = (json.loads(block) for block in blocks)
    return query, candidate, prose


def _numbers(value):
    if isinstance(value, dict):
        return {n for item in value.values() for n in _numbers(item)}
    if isinstance(value, list):
        return {n for item in value for n in _numbers(item)}
    return {value} if isinstance(value, float) else set()


@pytest.fixture
def example(db):
    person("CHOE, Ryong Hae", birth_date="1950-01-15", nationality="KP")
    query, documented, prose = worked_example()
    fields = {**query, "birth_date": parse_fuzzy_date(query["birth_date"])}
    [candidate] = engine.screen([engine.Query(**fields)])[0]
    return documented, candidate, prose


def test_the_documented_example_is_what_the_engine_gives(example):
    documented, candidate, _ = example
    assert documented == {
        "score": candidate.score,
        "match": candidate.score >= engine.DEFAULT_THRESHOLD,
        "matched_name": candidate.matched_name,
        "explanation": candidate.explanation,
    }


def test_the_documented_example_adds_the_effects_to_the_name_score(example):
    _, candidate, prose = example
    explanation = candidate.explanation
    effects = [explanation[f]["effect"] for f in ("birth_date", "nationality", "identifier")]
    assert candidate.score == pytest.approx(explanation["name"]["score"] + sum(effects))
    [(terms, total)] = re.findall(r"(\d\.\d+(?: \+ \d\.\d+)+) = (\d\.\d+)", prose)
    assert [float(t) for t in terms.split(" + ")] == [explanation["name"]["score"], *effects[:2]]
    assert float(total) == candidate.score


def test_every_number_of_the_documented_example_comes_from_the_engine(example):
    _, candidate, prose = example
    shown = {float(n) for n in re.findall(r"\d+\.\d+", prose)}
    given = _numbers({"score": candidate.score, **candidate.explanation})
    assert shown <= given | {weights.CLOSE_WORDS, engine.DEFAULT_THRESHOLD}
