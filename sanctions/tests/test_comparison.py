"""The side-by-side comparison of two subjects: which facts agree and which conflict."""

import datetime

from sanctions.comparison import AGREE, CONFLICT, ONLY, Fact, compare, summary


def row(kind, left, right):
    return next(r for r in compare({kind: left}, {kind: right}) if r.kind == kind)


def marks(facts):
    return [mark for _fact, mark in facts]


def day_range(first, last):
    return (datetime.date(*first), datetime.date(*last))


def test_the_same_folded_name_on_both_sides_agrees():
    result = row(
        "names",
        [Fact("CHOE, Ryong Hae", "choe ryong hae")],
        [Fact("Choe Ryong Hae", "choe ryong hae")],
    )
    assert marks(result.left) == marks(result.right) == [AGREE]


def test_different_names_neither_agree_nor_conflict():
    result = row("names", [Fact("Choe", "choe")], [Fact("Kim", "kim")])
    assert result.mark == ONLY


def test_overlapping_dates_of_birth_agree():
    year = Fact("1950", day_range((1950, 1, 1), (1950, 12, 31)))
    day = Fact("15 Jan 1950", day_range((1950, 1, 15), (1950, 1, 15)))
    assert row("birth_dates", [year], [day]).mark == AGREE


def test_dates_of_birth_that_never_overlap_conflict():
    first = Fact("1950", day_range((1950, 1, 1), (1950, 12, 31)))
    second = Fact("1962", day_range((1962, 1, 1), (1962, 12, 31)))
    result = row("birth_dates", [first], [second])
    assert marks(result.left) == marks(result.right) == [CONFLICT]


def test_an_alternative_date_is_no_conflict_when_another_agrees():
    first = Fact("1950", day_range((1950, 1, 1), (1950, 12, 31)))
    other = Fact("1962", day_range((1962, 1, 1), (1962, 12, 31)))
    result = row("birth_dates", [first, other], [first])
    assert marks(result.left) == [AGREE, ONLY]


def test_nationalities_with_none_in_common_conflict():
    assert (
        row("nationalities", [Fact("North Korea", "KP")], [Fact("Russia", "RU")]).mark == CONFLICT
    )


def test_a_second_nationality_is_no_conflict():
    result = row(
        "nationalities",
        [Fact("North Korea", "KP"), Fact("Russia", "RU")],
        [Fact("North Korea", "KP")],
    )
    assert marks(result.left) == [AGREE, ONLY]


def test_a_fact_one_side_lacks_is_no_conflict():
    assert row("nationalities", [Fact("North Korea", "KP")], []).mark == ONLY


def test_different_kinds_conflict():
    assert (
        row("kind", [Fact("person", "person")], [Fact("organization", "organization")]).mark
        == CONFLICT
    )


def test_the_same_identifier_agrees():
    passport = Fact("Passport 108210124 (KP)", ("passport", "108210124", "KP"))
    assert row("identifiers", [passport], [passport]).mark == AGREE


def test_different_identifiers_neither_agree_nor_conflict():
    first = Fact("Passport 1", ("passport", "1", "KP"))
    second = Fact("Passport 2", ("passport", "2", "KP"))
    assert row("identifiers", [first], [second]).mark == ONLY


def test_two_entries_on_the_same_list_conflict():
    result = row(
        "list_entries", [Fact("OFAC SDN 1", "us-ofac-sdn")], [Fact("OFAC SDN 2", "us-ofac-sdn")]
    )
    assert result.mark == CONFLICT


def test_entries_on_different_lists_do_not_conflict():
    result = row(
        "list_entries", [Fact("OFAC SDN 1", "us-ofac-sdn")], [Fact("UN KPi.042", "un-consolidated")]
    )
    assert result.mark == ONLY


def test_compare_gives_every_kind_of_fact_in_order_and_the_summary_counts_them():
    rows = compare(
        {"names": [Fact("A", "a")], "nationalities": [Fact("KP", "KP")]},
        {"names": [Fact("A", "a")], "nationalities": [Fact("RU", "RU")]},
    )
    assert [r.kind for r in rows][:4] == ["kind", "gender", "names", "birth_dates"]
    assert summary(rows) == (1, 1)
