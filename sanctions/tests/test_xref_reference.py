"""Cross-list resolution on the real lists: OFAC SDN 2019, the UN list and the UK excerpt."""

import pytest

from sanctions.merging import resolve
from sanctions.models import ListEntry, SubjectPair, XrefRun

from .conftest import REFERENCE_DATA, requires_reference_data

pytestmark = [
    pytest.mark.reference_data,
    requires_reference_data("ofac-sdn-csv", "2019-01-15"),
    requires_reference_data("un-consolidated", "UN_consolidated.xml"),
    requires_reference_data("uk-ofsi-conlist-excerpt", "ConList.csv"),
]

# (OFAC uid, UN reference): parties the issue names, each one party on both lists.
SAME_PARTIES = [
    ("9345", "KPe.001"),  # KOREA MINING DEVELOPMENT TRADING CORPORATION
    ("12216", "KPi.002"),  # RI, Je-Son
    ("15769", "KPi.050"),  # PAK, To-Chun
    ("6925", "QDi.028"),  # GHAILANI, Ahmed Khalfan
]


def joined(first, second):
    """ "merged" when both entries are on one subject, "proposed" when their subjects wait
    as a pair, else ""."""
    a, b = resolve(first.subject_id).pk, resolve(second.subject_id).pk
    if a == b:
        return "merged"
    return "proposed" if SubjectPair.objects.waiting().of(a, b).exists() else ""


def test_parties_on_ofac_un_and_uk_lists_are_found(run_import):
    run_import("ofac-csv", REFERENCE_DATA / "ofac-sdn-csv" / "2019-01-15")
    run_import("un-xml", REFERENCE_DATA / "un-consolidated" / "UN_consolidated.xml")
    run_import("uk-ofsi-csv", REFERENCE_DATA / "uk-ofsi-conlist-excerpt" / "ConList.csv")
    assert XrefRun.objects.count() == 3
    for uid, reference in SAME_PARTIES:
        ofac = ListEntry.objects.get(list="us-ofac-sdn", entry_id=uid)
        un = ListEntry.objects.get(list="un-consolidated", reference=reference)
        assert joined(ofac, un), (uid, reference)
    # The UK's old numbering: "UN Ref QE.A.146.14" is the UN's QDe.146, one subject.
    uk = ListEntry.objects.get(list="uk-ofsi-conlist", entry_id="13188")
    un = ListEntry.objects.get(list="un-consolidated", reference="QDe.146")
    assert joined(uk, un) == "merged"
