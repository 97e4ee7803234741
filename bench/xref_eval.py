"""Labelled evaluation of cross-list resolution (``manage.py xref``) on the real lists.

    python bench/xref_eval.py            # a fresh SQLite database in a temporary folder
    DATABASE_URL=postgres://... python bench/xref_eval.py --database-url-as-is

Imports, without the run that follows each import, the OFAC SDN list of 2019, the UN list
of 2018-06-07, the UK excerpt and the OpenSanctions sample, then times a full ``xref`` run;
imports the later UN versions (2018-06-21, 2018-08-24, 2026) one by one and times the
incremental run after each (the subjects it compared are the new and changed ones); then
times a full run over the result.

The labels come from the lists, never from names: two entries of different lists are the
same party when they share a UN reference (the UK's quote in either numbering, the UN's
own reference or old reference), a passport or national ID number (countries not in
conflict), or a full date of birth with a nationality that no other entry of either list
shares; they are different parties (hard negatives) when their names are alike (an equal
name or alias once folded, or a pair xref scored) but their dates of birth are more than a
year apart, or their nationalities differ and nothing else ties them.

An entry pair is *merged* when both entries end on one subject (a link at import, or an
automatic merge), *proposed* when a pair of their subjects waits for review. xref uses the
same identifiers and dates, so the recall on pairs labelled by an identifier says only that
blocking and merging work; the recall on pairs whose only evidence is a date of birth with
a nationality is the name-blind figure: those must be found by their names.
"""

import argparse
import os
import sys
import tempfile
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT.parent / "shared" / "reference-data"
SDN = REFERENCE / "ofac-sdn-csv" / "2019-01-15"
UN = REFERENCE / "un-consolidated"
UN_FIRST = UN / "versions" / "2018-06-07.xml"
UN_LATER = [UN / "versions" / "2018-06-21.xml", UN / "versions" / "2018-08-24.xml"]
UN_LATEST = UN / "UN_consolidated.xml"
UK = REFERENCE / "uk-ofsi-conlist-excerpt" / "ConList.csv"
FTM = REFERENCE / "opensanctions-ftm" / "entities.ftm.json"


def main():
    options = parse_arguments()
    setup_django(options)
    from django.db import connection

    times = load_and_run(options)
    entries = read_entries()
    true_pairs, false_pairs = label(entries)
    outcome = outcomes(entries, true_pairs | false_pairs.keys())
    print(f"Database: {connection.vendor}; {len(entries)} list entries")
    print_times(times)
    print_table(true_pairs, false_pairs, outcome)


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url-as-is",
        action="store_true",
        help="use the (empty, migrated or not) database of DATABASE_URL instead of a new file",
    )
    return parser.parse_args()


def setup_django(options):
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    if not options.database_url_as_is:
        path = Path(tempfile.mkdtemp(prefix="xref-eval-")) / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    import django

    django.setup()


def load_and_run(options):
    """Import the lists and run xref; returns [(what, seconds, subjects compared, outcome)]."""
    from django.core.management import call_command

    from sanctions.resolution.run import xref

    for path in (SDN, UN_FIRST, UK, FTM):
        if not path.exists():
            sys.exit(f"{path} is missing: this bench needs ../shared/reference-data/.")
    call_command("migrate", verbosity=0)

    def load(fmt, path):
        call_command("import_list", fmt, str(path), "--no-xref", "--quiet", "--force")

    load("ofac-csv", SDN)
    load("un-xml", UN_FIRST)
    load("uk-ofsi-csv", UK)
    load("ftm", FTM)

    def timed(**options):
        cpu = time.process_time()
        outcome = xref(**options)
        outcome.cpu = time.process_time() - cpu  # SQLite works in this process too
        return outcome

    times = [("full run (OFAC 2019, UN 2018-06-07, UK, OpenSanctions)", timed())]
    for path in [*UN_LATER, UN_LATEST]:
        load("un-xml", path)
        times.append((f"incremental run after UN {path.stem}", timed(incremental=True)))
    times.append(("full run over the result", timed()))
    return times


def read_entries():
    """{entry pk: Entry} of every list entry, as the lists gave it (ListEntry.data)."""
    from sanctions.dates import parse_fuzzy_date
    from sanctions.identifiers import fold_number, un_reference_keys
    from sanctions.models import ListEntry
    from sanctions.names import normalize_name

    entries = {}
    for row in ListEntry.objects.values("pk", "list", "subject_id", "reference", "data"):
        data = row["data"]
        comments = data.get("remarks", "") if row["list"] == "un-consolidated" else ""
        dates = []
        for item in data.get("birth_dates", []):
            parsed = parse_fuzzy_date(item["value"])
            dates.append((parsed.earliest, parsed.latest))
        names = {data.get("name", ""), data.get("listed_name", "")}
        names |= {alias["name"] for alias in data.get("aliases", [])}
        entries[row["pk"]] = Entry(
            pk=row["pk"],
            list=row["list"],
            subject=row["subject_id"],
            kind=data.get("kind", ""),
            references=un_reference_keys(row["reference"], comments),
            documents={
                (fold_number(i["number"]), i.get("country", ""))
                for i in data.get("identifiers", [])
                if i["kind"] in ("passport", "national_id") and fold_number(i["number"])
            },
            dates=dates,
            nationalities={n["country"] for n in data.get("nationalities", []) if n["country"]},
            names={normalize_name(name) for name in names if name} - {""},
        )
    return entries


class Entry:
    def __init__(self, **values):
        self.__dict__.update(values)

    @property
    def exact_dates(self):
        return {start for start, end in self.dates if start == end}


def label(entries):
    """(true pairs, {false pair: reason}) of entry pks (low, high), from lists' evidence."""
    true_pairs = {}
    for key_of, evidence in (
        (lambda e: e.references, "un_reference"),
        (lambda e: {number for number, _ in e.documents}, "document"),
        (_date_nationality_keys(entries), "birth_date_nationality"),
    ):
        for pair in _sharing(entries, key_of):
            if evidence != "document" or _documents_agree(*(entries[pk] for pk in pair)):
                true_pairs.setdefault(pair, evidence)
    false_pairs = {}
    for pair in _alike(entries):
        if pair in true_pairs:
            continue
        reason = _conflict(entries[pair[0]], entries[pair[1]])
        if reason:
            false_pairs[pair] = reason
    return true_pairs, false_pairs


def _date_nationality_keys(entries):
    """A full date of birth with a nationality, kept only where it is unique on its list."""
    counts = defaultdict(int)
    for entry in entries.values():
        for key in _dn(entry):
            counts[(entry.list, key)] += 1

    def keys(entry):
        return {key for key in _dn(entry) if counts[(entry.list, key)] == 1}

    return keys


def _dn(entry):
    return {(day, country) for day in entry.exact_dates for country in entry.nationalities}


def _sharing(entries, key_of):
    """Pairs of entries of different lists and the same kind that share a key."""
    by_key = defaultdict(set)
    for entry in entries.values():
        for key in key_of(entry):
            by_key[key].add(entry.pk)
    pairs = set()
    for members in by_key.values():
        if len(members) > 10:
            continue
        for low, high in combinations(sorted(members), 2):
            first, second = entries[low], entries[high]
            if first.list != second.list and _same_kind_group(first, second):
                pairs.add((low, high))
    return pairs


def _same_kind_group(first, second):
    return (first.kind == "person") == (second.kind == "person")


def _documents_agree(first, second):
    shared = {n for n, _ in first.documents} & {n for n, _ in second.documents}
    for number in shared:
        countries = {c for n, c in first.documents | second.documents if n == number} - {""}
        if len(countries) <= 1:
            return True
    return False


def _alike(entries):
    """Pairs of entries of different lists with an equal folded name, and the pairs xref
    scored (proposed or merged)."""
    from sanctions.models import SubjectPair

    pairs = _sharing(entries, lambda entry: entry.names)
    by_subject = defaultdict(list)
    for entry in entries.values():
        by_subject[entry.subject].append(entry.pk)
    for a, b in SubjectPair.objects.values_list("subject_a", "subject_b"):
        for low in by_subject[a]:
            for high in by_subject[b]:
                if entries[low].list != entries[high].list:
                    pairs.add((min(low, high), max(low, high)))
    return pairs


def _conflict(first, second):
    if first.dates and second.dates:
        gaps = [
            max((s2 - e1).days, (s1 - e2).days) for s1, e1 in first.dates for s2, e2 in second.dates
        ]
        if min(gaps) > 366:
            return "birth dates"
    known = first.nationalities and second.nationalities
    if known and not first.nationalities & second.nationalities:
        return "nationalities"
    return ""


def outcomes(entries, pairs):
    """{entry pair: "merged" | "proposed" | "missed"}; and the merged ones' automatic flag."""
    from sanctions.models import Subject, SubjectPair

    into = dict(Subject.everything.values_list("pk", "merged_into"))
    live = {}
    for entry in entries.values():
        pk = entry.subject
        while into.get(pk):
            pk = into[pk]
        live[entry.subject] = pk
    waiting = set(SubjectPair.objects.waiting().values_list("subject_a", "subject_b"))
    result = {}
    for low, high in pairs:
        a, b = live[entries[low].subject], live[entries[high].subject]
        if a == b:
            result[(low, high)] = "merged"
        elif (min(a, b), max(a, b)) in waiting:
            result[(low, high)] = "proposed"
        else:
            result[(low, high)] = "missed"
    return result


def print_times(times):
    print()
    print(
        f"{'run':<58} {'wall s':>7} {'CPU s':>6} {'subjects':>9} {'scored':>7} "
        f"{'proposed':>9} {'merged':>7}"
    )
    for what, o in times:
        print(
            f"{what:<58} {o.seconds:>7.1f} {o.cpu:>6.1f} {o.subjects:>9} {o.candidates:>7} "
            f"{o.proposed:>9} {o.merged:>7}"
        )


def print_table(true_pairs, false_pairs, outcome):
    print()
    print(f"{'labelled pairs':<44} {'pairs':>6} {'merged':>7} {'proposed':>9} {'missed':>7}")
    groups = defaultdict(list)
    for pair, evidence in true_pairs.items():
        groups[f"true, by {evidence}"].append(pair)
        groups["true, all"].append(pair)
    for pair, reason in false_pairs.items():
        groups[f"false (alike names), {reason} differ"].append(pair)
        groups["false, all"].append(pair)
    for name in sorted(groups):
        found = [outcome[pair] for pair in groups[name]]
        counts = {k: found.count(k) for k in ("merged", "proposed", "missed")}
        print(
            f"{name:<44} {len(found):>6} {counts['merged']:>7} {counts['proposed']:>9} "
            f"{counts['missed']:>7}"
        )
    merged_true = sum(outcome[p] == "merged" for p in true_pairs)
    merged_false = sum(outcome[p] == "merged" for p in false_pairs)
    found_true = sum(outcome[p] != "missed" for p in true_pairs)
    found_false = sum(outcome[p] != "missed" for p in false_pairs)
    print()
    print(f"merges:     precision {_ratio(merged_true, merged_true + merged_false)}")
    print(
        f"proposals and merges: recall {_ratio(found_true, len(true_pairs))}, "
        f"precision {_ratio(found_true, found_true + found_false)} (labelled pairs only)"
    )
    name_blind = [p for p, e in true_pairs.items() if e == "birth_date_nationality"]
    found = sum(outcome[p] != "missed" for p in name_blind)
    print(f"name-blind recall (birth date and nationality only): {_ratio(found, len(name_blind))}")


def _ratio(part, whole):
    return f"{part / whole:.3f} ({part}/{whole})" if whole else "n/a (0/0)"


if __name__ == "__main__":
    main()
