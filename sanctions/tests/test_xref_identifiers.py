"""Identifiers as lists write them: UN references in old and new numbering, document numbers."""

import pytest

from sanctions.identifiers import (
    canonical_un_reference,
    fold_number,
    old_un_references,
    quoted_un_reference,
    un_reference_keys,
)
from sanctions.importers.linking import hard_links
from sanctions.importers.records import Entry
from sanctions.models import ListEntry

from .conftest import REFERENCE_DATA, requires_reference_data


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("QDi.012", "QDi.012"),
        ("QDI.282", "QDi.282"),  # the UK's capitals
        ("kpi.67", "KPi.067"),
        ("KPe.018.", "KPe.018"),  # the full stop ending the UK's sentence
        ("QI.A.12.01", "QDi.012"),  # Al-Qaida, old numbering
        ("QE.A.146.14", "QDe.146"),
        ("QI.D.252.08", "QDi.252"),
        ("TI.A.155.11", "TAi.155"),  # Taliban, old numbering
        ("TE.H.12.12", "TAe.012"),
        ("e.29.i.11", "E.29.I.11"),  # the Iran committee's: no formula, one spelling
        ("I.47.C.1", "I.47.C.1"),
    ],
)
def test_un_references_in_either_numbering_have_one_spelling(written, canonical):
    assert canonical_un_reference(written) == canonical


@pytest.mark.parametrize("text", ["", "12345", "EU.123.45", "QDX.012", "Q.A.12.01", "KPI067"])
def test_what_is_not_a_un_reference_has_no_key(text):
    assert canonical_un_reference(text) == ""


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("UN Ref QI.A.12.01. (a) Fathers name: Abd al-Razzaq", "QI.A.12.01"),
        ("UN Ref.KPI.067.", "KPI.067"),
        ("UN Ref:QDI.282. Interpol", "QDI.282"),
        ("UN Ref E.29.I.11. Owned or controlled by SHIG.", "E.29.I.11"),
        ("Key commander in the Haqqani Network (TAe.012)", ""),  # mentioned, not quoted
    ],
)
def test_a_quoted_un_reference_is_found_in_free_text(text, quoted):
    assert quoted_un_reference(text) == quoted


def test_the_un_entry_names_its_old_references_in_its_comments():
    comments = "Owned or controlled by, or acts on behalf of, SHIG. [Old Reference #\nE.29.I.11]"
    assert old_un_references(comments) == ["E.29.I.11"]
    assert un_reference_keys("IRe.043", comments) == {"IRe.043", "E.29.I.11"}


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("BN 4196361", "BN4196361"),
        ("bn-4196361", "BN4196361"),
        ("British passport number C00146605", "C00146605"),
        ("00490327", "490327"),
        ("No. 645850", "645850"),
        ("123", ""),  # too short to say anything
        ("passport", ""),
    ],
)
def test_document_numbers_fold_case_spaces_punctuation_and_words(written, folded):
    assert fold_number(written) == folded


def _un_entry(make_subject, reference, remarks="", kind="person"):
    subject = make_subject(kind=kind, name=f"UN {reference}")
    ListEntry.objects.create(
        list="un-consolidated",
        entry_id=f"1{len(reference)}{reference[-3:]}",
        reference=reference,
        subject=subject,
        data={"remarks": remarks},
    )
    return subject


def test_hard_link_follows_the_old_al_qaida_numbering(make_subject):
    subject = _un_entry(make_subject, "QDe.146", kind="organization")
    entry = Entry(
        entry_id="13188",
        kind="organization",
        name="ANSAR AL SHARIA",
        same_as=[("un-consolidated", "QE.A.146.14")],
    )
    assert hard_links([entry]) == {"13188": subject.pk}


def test_hard_link_follows_an_iran_reference_the_un_names_as_old(make_subject):
    subject = _un_entry(
        make_subject, "IRe.043", "Acts for SHIG. [Old Reference # E.29.I.11]", "organization"
    )
    _un_entry(make_subject, "IRe.044", "Acts for SHIG. [Old Reference # E.29.I.12]")
    entry = Entry(
        entry_id="10657",
        kind="organization",
        name="3M MIZAN MACHINERY MANUFACTURING",
        same_as=[("un-consolidated", "E.29.I.11")],
    )
    assert hard_links([entry]) == {"10657": subject.pk}


@requires_reference_data("uk-ofsi-conlist-excerpt", "ConList.csv")
def test_uk_excerpt_quotes_are_read_in_the_un_numbering():
    from sanctions.importers import uk

    parsed = uk.parse([REFERENCE_DATA / "uk-ofsi-conlist-excerpt" / "ConList.csv"])[0]
    references = {entry.entry_id: entry.reference for entry in parsed.entries}
    assert references["13188"] == "QDe.146"  # "UN Ref QE.A.146.14"
    assert references["6923"] == "QDi.012"  # "UN Ref QI.A.12.01"
    assert references["12156"] == "TAi.155"  # "UN Ref TI.A.155.11"
    assert references["10657"] == "E.29.I.11"  # read at all (it was missed before)
    assert references["11123"] == "QDi.282"  # "UN Ref:QDI.282."
    assert sum(1 for reference in references.values() if reference) == 21
