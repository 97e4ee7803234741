"""Labelled evaluation of name screening on the real 2019 OFAC SDN list, beside a peer matcher.

    python bench/screening_eval.py                 # a fresh SQLite database, imported here
    python bench/screening_eval.py --database-ready  # the database of DATABASE_URL as it is

The list is loaded with ``manage.py import_list ofac-csv`` into a fresh SQLite file (or taken
as it is with ``--database-ready``), the name index is rebuilt, and five labelled query sets
are built from the list files themselves (docs/benchmarks.md explains each):

- ``aliases``: every name and alias of every entry (a seeded sample; ``--all`` for every one);
- ``variants``: the same names respelled as users write them (word order, case and
  punctuation, a typo, a transliteration variant, joined or split given names, a title, a
  legal form spelled out or dropped);
- ``scripts``: names in their original script: the UN list's NAME_ORIGINAL_SCRIPT (Arabic,
  Cyrillic) of entries also on the SDN list; Hangul and Chinese names of listed people as
  published (a hand-checked table below, each resolved against the SDN file); Cyrillic
  generated from the BGN/PCGN romanization of Russian and Ukrainian names;
- ``negatives``: realistic names on no list;
- ``dated``: the name of an entry with one exact date of birth, given with that date;
- ``dated_conflicts``: the same names with a date ten years off: another person, whom the
  clear conflict of exact dates must keep below the threshold (counted as negatives).

For each set it prints recall at rank 1, recall and precision at the threshold, the share of
negatives above it and the time per query, for this engine and for OpenSanctions'
nomenklatura algorithms (``pip install -r bench/requirements-peer.txt``), which score the
same candidate subjects. A query's label is every entry that carries exactly that name.
"""

import argparse
import csv
import os
import random
import re
import statistics
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT.parent / "shared" / "reference-data"
SDN = REFERENCE / "ofac-sdn-csv" / "2019-01-15"
UN_XML = REFERENCE / "un-consolidated" / "UN_consolidated.xml"
PEER_THRESHOLD = 0.7  # yente's default for its matching algorithms
KINDS = {"individual": "person", "vessel": "vessel", "aircraft": "aircraft", "": "organization"}

# Original-script names of listed people as they publish or their governments print them,
# with the romanization the SDN list uses. Entries the 2019 file lacks are skipped.
HANGUL = {
    "최룡해": "CHOE, Ryong Hae",
    "정경택": "JONG, Kyong Thaek",
    "박광호": "PAK, Kwang Ho",
    "김정은": "KIM, Jong Un",
    "김여정": "KIM, Yo Jong",
    "조연준": "CHO, Yon Chun",
    "리병철": "RI, Pyong Chol",
    "김영철": "KIM, Yong Chol",
    "최휘": "CHOE, Hwi",
    "리수용": "RI, Su Yong",
    "김기남": "KIM, Ki Nam",
    "김원홍": "KIM, Won Hong",
    "리만건": "RI, Man Gon",
    "리재일": "RI, Jae Il",
    "박영식": "PAK, Yong Sik",
    "김락겸": "KIM, Rak Kyom",
    "조춘룡": "JO, Chun Ryong",
    "황병서": "HWANG, Pyong So",
    "김경옥": "KIM, Kyong Ok",
    "최부일": "CHOE, Pu Il",
    "김정각": "KIM, Jong Gak",
    "강표영": "KANG, Pyo Yong",
    "윤정린": "YUN, Jong Rin",
    "리용무": "RI, Yong Mu",
    "오금철": "O, Kum Chol",
    "김영춘": "KIM, Yong Chun",
    "주규창": "JU, Kyu Chang",
    "백세봉": "PAEK, Se Bong",
    "리명수": "RI, Myong Su",
    "최춘식": "CHOE, Chun Sik",
    "장창하": "CHANG, Chang Ha",
    "전병호": "CHON, Pyong Ho",
    "박봉주": "PAK, Pong Ju",
    "태종수": "THAE, Jong Su",
    "오일정": "O, Il Chong",
    "조경철": "JO, Kyong Chol",
    "김수길": "KIM, Su Gil",
    "로두철": "RO, Tu Chol",
    "리영길": "RI, Yong Gil",
    "김철남": "KIM, Chol Nam",
}
CHINESE = {
    "马晓红": "MA, Xiaohong",
    "洪进华": "HONG, Jinhua",
    "周建顺": "ZHOU, Jianshun",
    "罗川": "LUO, Chuan",
    "孙嗣洪": "SUN, Sihong",
}

# Negatives: common given names and surnames of several cultures, combined within a culture.
PEOPLE = {
    "english": (
        "James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William "
        "Susan Richard Jessica Thomas Sarah Charles Karen Daniel Nancy Matthew Lisa",
        "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Moore "
        "Jackson Martin Thompson White Harris Clark Lewis Robinson Walker Young Allen",
    ),
    "spanish": (
        "José María Juan Carmen Luis Ana Carlos Laura Javier Lucía Miguel Marta Pedro "
        "Isabel Manuel Elena Francisco Pilar Diego Rosa",
        "García Fernández González Rodríguez López Martínez Sánchez Pérez Gómez Martín "
        "Jiménez Ruiz Hernández Díaz Moreno Álvarez Romero Navarro Torres Domínguez",
    ),
    "german": (
        "Lukas Anna Jonas Lea Leon Hannah Finn Emma Paul Sophie Felix Marie Maximilian",
        "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann "
        "Koch Richter Klein Wolf Neumann Schwarz",
    ),
    "arabic": (
        "Ahmed Fatima Omar Aisha Youssef Mariam Karim Layla Tariq Nour Samir Rania Bilal "
        "Hana Faisal Salma Nabil Dina Walid Yasmin",
        "Haddad Nasser Saleh Khoury Mansour Aziz Hamdan Saadeh Barakat Darwish Farouk "
        "Ghanem Jaber Karam Masri Nassar Qasim Rahal Sabbagh Tamimi",
    ),
    "russian": (
        "Dmitry Olga Sergey Tatiana Andrei Natalia Alexei Irina Pavel Elena Mikhail "
        "Svetlana Nikolai Yulia Ivan Anastasia Oleg Ekaterina Vladislav Marina",
        "Smirnov Kuznetsov Popov Vasiliev Petrov Sokolov Mikhailov Novikov Fedorov "
        "Morozov Volkov Alekseev Lebedev Semenov Egorov Pavlov Kozlov Stepanov Nikolaev Orlov",
    ),
    "korean": (
        "Min-jun Seo-yeon Ji-hoon Ha-eun Do-yoon Su-ah Ye-jun Ji-woo Si-woo Seo-hyun "
        "Joon-young Eun-ji Hyun-woo Da-eun",
        "Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Han Oh Seo Shin Kwon Hwang",
    ),
    "chinese": (
        "Wei Fang Lei Jing Yang Min Jun Li Hao Yan Tao Xin Bo Hui Qiang Ying",
        "Wang Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Zhu Gao Lin He Guo",
    ),
}
COMPANY = (
    "Blue Harbor Northwind Silverline Greenfield Alpine Riverside Oakwood Sunrise Bright "
    "Clearwater Redstone Evergreen Lakeside Summit Pioneer Meridian Horizon Crescent Maple",
    "Logistics Textiles Foods Software Energy Pharma Timber Ceramics Furniture Plastics "
    "Robotics Optics Dairy Paper Apparel Analytics Solar Acoustics Packaging Tools",
    "LLC Ltd GmbH Inc S.A. AB BV Corp Limited Co.",
)


def main():
    options = parse_arguments()
    setup_django(options)
    from django.db import connection

    from sanctions.screening.index import rebuild_name_index

    load_list(options)
    started = time.monotonic()
    names = rebuild_name_index()
    print(f"Name index: {names} names in {time.monotonic() - started:.1f} s")
    entries = read_sdn()
    uid_subjects = subjects_by_uid(entries)
    sets = build_sets(entries, options)
    matchers = [EngineMatcher()]
    if not options.no_peer:
        matchers += PeerMatcher.available()
    print(
        f"Database: {connection.vendor}; queries: "
        + ", ".join(f"{k} {len(v)}" for k, v in sets.items())
    )
    if options.no_kind:
        sets = {name: [(q, uids, "") for q, uids, _ in queries] for name, queries in sets.items()}
    table = [evaluate(matcher, sets, uid_subjects) for matcher in matchers]
    print_table(table, sets)
    if options.misses:
        write_misses(options.misses, matchers[0], sets, uid_subjects)


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-ready", action="store_true", help="use DATABASE_URL as is")
    parser.add_argument("--sample", type=int, default=1000, help="queries per set (default 1000)")
    parser.add_argument("--all", action="store_true", help="every name and alias as a query")
    parser.add_argument("--seed", type=int, default=7, help="random seed of the samples")
    parser.add_argument("--no-peer", action="store_true", help="skip nomenklatura")
    parser.add_argument(
        "--no-kind", action="store_true", help="screen names alone, without the entry's kind"
    )
    parser.add_argument("--misses", metavar="FILE", help="write this engine's errors to FILE")
    return parser.parse_args()


def setup_django(options):
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    if not options.database_ready:
        path = Path(tempfile.mkdtemp(prefix="screening-eval-")) / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    import django

    django.setup()


def load_list(options):
    from django.core.management import call_command, get_commands

    if options.database_ready:
        return
    call_command("migrate", verbosity=0)
    if "import_list" not in get_commands():
        sys.exit(
            "This bench loads the list with `manage.py import_list`; without it, "
            "fill a database and pass --database-ready."
        )
    call_command("import_list", "ofac-csv", str(SDN), verbosity=0)


# --- the list files, read independently of the importer ---------------------------------


def _cell(value):
    value = value.strip()
    return "" if value == "-0-" else value


EXACT_DOB = re.compile(r"\bDOB (\d{2} [A-Z][a-z]{2} \d{4})\b(?! to)")


def read_sdn():
    """{uid: {"kind", "programs", "names", "dobs"}} from sdn.csv and alt.csv."""
    entries = {}
    with open(SDN / "sdn.csv", encoding="ascii", newline="") as file:
        for row in csv.reader(file):
            uid = int(row[0])
            entries[uid] = {
                "kind": KINDS[_cell(row[2])],
                "programs": _cell(row[3]).split("] ["),
                "names": [_cell(row[1])],
                "dobs": EXACT_DOB.findall(_cell(row[11])),
            }
    with open(SDN / "alt.csv", encoding="ascii", newline="") as file:
        for row in csv.reader(file):
            entries[int(row[0])]["names"].append(_cell(row[3]))
    return entries


def subjects_by_uid(entries):
    """OFAC uid → subject id, through the importer's list entries (or ids equal to uids)."""
    from sanctions.models import Subject

    relation = next(
        (r for r in Subject._meta.related_objects if r.related_model.__name__ == "ListEntry"),
        None,
    )
    if relation is None:
        return {uid: uid for uid in entries}
    rows = relation.related_model.objects.filter(list="us-ofac-sdn")
    return {int(entry_id): subject for entry_id, subject in rows.values_list("entry_id", "subject")}


def folded_key(name):
    from sanctions.names import normalize_name

    return " ".join(sorted(normalize_name(name).split()))


def labels_by_name(entries):
    labels = {}
    for uid, entry in entries.items():
        for name in entry["names"]:
            labels.setdefault(folded_key(name), set()).add(uid)
    return labels


# --- query sets ---------------------------------------------------------------------------


def build_sets(entries, options):
    rng = random.Random(options.seed)
    labels = labels_by_name(entries)
    every = [
        (name, uid, entry["kind"]) for uid, entry in entries.items() for name in entry["names"]
    ]
    aliases = every if options.all else rng.sample(every, min(options.sample, len(every)))
    variants = []
    for name, _, kind in rng.sample(every, min(options.sample, len(every))):
        variant = make_variant(name, kind, rng)
        if variant and folded_key(variant) != folded_key(name):
            variants.append((variant, labels[folded_key(name)], kind))
    return {
        "aliases": [(n, labels[folded_key(n)], k) for n, _, k in aliases],
        "variants": variants,
        "scripts": script_queries(entries, labels, rng, options.sample),
        "negatives": negative_queries(labels, rng, options.sample),
        **dated_queries(entries, labels, rng, options.sample),
    }


class DatedName(str):
    """A query name that carries a date of birth (``birth_date``, as the list writes it)."""

    birth_date = ""


def _dated(name, birth_date):
    query = DatedName(name)
    query.birth_date = birth_date
    return query


def dated_queries(entries, labels, rng, sample):
    """The ``dated`` and ``dated_conflicts`` sets: people with exactly one exact date."""
    dated = [
        (entry["names"][0], entry["dobs"][0])
        for entry in entries.values()
        if entry["kind"] == "person" and len(entry["dobs"]) == 1
    ]
    dated = rng.sample(dated, min(sample, len(dated)))
    right = [(_dated(n, dob), labels[folded_key(n)], "person") for n, dob in dated]
    wrong = [(_dated(n, _years_off(dob, 10)), set(), "person") for n, dob in dated]
    return {"dated": right, "dated_conflicts": wrong}


def _years_off(listed, years):
    day, month, year = listed.split()
    return f"{day} {month} {int(year) - years}"


VARIANT_RULES = [
    ("ou", "u"),
    ("u", "ou"),
    ("kh", "h"),
    ("iy", "i"),
    ("y", "i"),
    ("ee", "i"),
    ("ph", "f"),
    ("mohammed", "muhammad"),
    ("muhammad", "mohamed"),
    ("mohammad", "muhammad"),
    ("abdul", "abd al"),
    ("oe", "oi"),
    ("eo", "o"),
    ("ai", "ay"),
    ("j", "dj"),
    ("c", "k"),
]


def make_variant(name, kind, rng):
    """One way a user might write the name: picked at random among those that apply."""
    rules = [_reorder, _plain, _typo, _transliterate, _join_or_split]
    rules += [_title] if kind == "person" else [_legal_form]
    rng.shuffle(rules)
    for rule in rules:
        variant = rule(name, rng)
        if variant:
            return variant
    return None


def _reorder(name, rng):
    if "," in name:
        surname, given = name.split(",", 1)
        return f"{given.strip()} {surname.strip()}"
    return None


def _plain(name, rng):
    return re.sub(r"[^\w\s]", "", name).lower() if re.search(r"[^\w\s]", name) else None


def _typo(name, rng):
    words = [w for w in re.findall(r"[A-Za-z]+", name) if len(w) >= 6]
    if not words:
        return None
    word = rng.choice(words)
    position = rng.randrange(1, len(word) - 1)
    old = word[position]
    letters = "aeiou" if old.lower() in "aeiou" else "bdgklmnprst"
    letter = rng.choice([c for c in letters if c != old.lower()])
    letter = letter.upper() if old.isupper() else letter
    return name.replace(word, word[:position] + letter + word[position + 1 :], 1)


def _transliterate(name, rng):
    lowered = name.lower()
    for old, new in rng.sample(VARIANT_RULES, len(VARIANT_RULES)):
        if old in lowered:
            return re.sub(old, new, lowered, count=1)
    return None


def _join_or_split(name, rng):
    if "-" in name:
        return name.replace("-", "")
    given = name.split(",", 1)[1].split() if "," in name else []
    if len(given) == 2:
        return name.replace(f"{given[0]} {given[1]}", f"{given[0]}{given[1].lower()}")
    return None


def _title(name, rng):
    return f"{rng.choice(['Mr.', 'Dr.', 'General', 'Sheikh'])} {name}"


def _legal_form(name, rng):
    for old, new in (("LTD.", "Limited"), ("LTD", "Limited"), ("CO.", "Company"), ("S.A.", "")):
        if re.search(rf"\b{re.escape(old)}", name):
            return name.replace(old, new, 1).strip(" ,")
    return None


def script_queries(entries, labels, rng, sample):
    queries = []
    for original, romanized in {**HANGUL, **CHINESE}.items():
        if folded_key(romanized) in labels:
            queries.append((original, labels[folded_key(romanized)], "person"))
    queries += un_original_scripts(labels)
    generated = cyrillic_queries(entries, labels)
    queries += rng.sample(generated, min(len(generated), sample // 2))
    return queries


def un_original_scripts(labels):
    """UN entries' NAME_ORIGINAL_SCRIPT, labelled by the SDN entry with the same Latin name."""
    queries = []
    root = ET.parse(UN_XML).getroot()
    # Individuals only: an entity's original-script name is a translation ("Libyan Islamic
    # Fighting Group" in Arabic words), which no transliteration can match.
    for record in root.iter("INDIVIDUAL"):
        original = (record.findtext("NAME_ORIGINAL_SCRIPT") or "").strip()
        if not original or not re.search(r"[^\x00-\x7f]", original):
            continue
        tags = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
        latin = " ".join(filter(None, (record.findtext(tag) for tag in tags)))
        # Labelled only when the UN's own Latin name is a name of exactly one SDN entry.
        uids = labels.get(folded_key(latin), set())
        if len(uids) == 1:
            queries.append((original, uids, "person"))
    return queries


# Reverse BGN/PCGN: how the SDN list's Russian romanizations are written in Cyrillic.
CYRILLIC = [
    ("shch", "щ"),
    ("kh", "х"),
    ("zh", "ж"),
    ("ts", "ц"),
    ("ch", "ч"),
    ("sh", "ш"),
    ("yu", "ю"),
    ("ya", "я"),
    ("ye", "е"),
    ("yo", "ё"),
    ("iy", "ий"),
    ("yy", "ый"),
    ("a", "а"),
    ("b", "б"),
    ("v", "в"),
    ("g", "г"),
    ("d", "д"),
    ("e", "е"),
    ("z", "з"),
    ("i", "и"),
    ("y", "й"),
    ("k", "к"),
    ("l", "л"),
    ("m", "м"),
    ("n", "н"),
    ("o", "о"),
    ("p", "п"),
    ("r", "р"),
    ("s", "с"),
    ("t", "т"),
    ("u", "у"),
    ("f", "ф"),
]
SLAVIC = re.compile(r"(ov|ev|in|ich|vna|enko|sky|skiy|aya|ova|eva|ina)\b", re.I)
RUSSIA_PROGRAMS = re.compile(r"UKRAINE|RUSSIA|MAGNIT|CYBER|SSIDES", re.I)


def to_cyrillic(name):
    words = []
    for word in re.findall(r"[A-Za-z]+", name.lower()):
        converted, index = "", 0
        while index < len(word):
            for latin, cyrillic in CYRILLIC:
                if word.startswith(latin, index):
                    converted += cyrillic
                    index += len(latin)
                    break
            else:
                return None
        words.append(converted.capitalize())
    return " ".join(words)


def cyrillic_queries(entries, labels):
    queries = []
    for entry in entries.values():
        if entry["kind"] != "person" or not any(
            RUSSIA_PROGRAMS.search(p) for p in entry["programs"]
        ):
            continue
        name = entry["names"][0]
        if SLAVIC.search(name):
            cyrillic = to_cyrillic(name)
            if cyrillic:
                queries.append((cyrillic, labels[folded_key(name)], "person"))
    return queries


def negative_queries(labels, rng, sample):
    from sanctions.names import normalize_name

    listed_words = {}
    for key in labels:
        for word in key.split():
            listed_words.setdefault(word, set()).add(key)
    queries, tries = [], 0
    while len(queries) < sample and tries < sample * 20:
        tries += 1
        if rng.random() < 0.8:
            given, surnames = rng.choice(list(PEOPLE.values()))
            name, kind = f"{rng.choice(given.split())} {rng.choice(surnames.split())}", "person"
        else:
            name = " ".join(rng.choice(words.split()) for words in COMPANY)
            kind = "organization"
        words = normalize_name(name).split()
        # A name whose words are all in one listed name would be a true hit, not a negative.
        shared = set.intersection(*(listed_words.get(w, set()) for w in words))
        if not shared:
            queries.append((name, set(), kind))
    return list({q[0]: q for q in queries}.values())


# --- matchers -----------------------------------------------------------------------------


class EngineMatcher:
    name = "this engine"

    def __init__(self):
        from sanctions.screening import engine

        self.engine = engine
        self.threshold = engine.DEFAULT_THRESHOLD

    def rank(self, name, kind):
        from sanctions.dates import parse_fuzzy_date

        dob = getattr(name, "birth_date", "")
        query = self.engine.Query(
            name=str(name), kind=kind, birth_date=parse_fuzzy_date(dob) if dob else None
        )
        [candidates] = self.engine.screen([query], limit=5)
        return [(c.subject.pk, c.score) for c in candidates]


class PeerMatcher:
    """A nomenklatura algorithm scoring the subjects this engine's candidate search found."""

    threshold = PEER_THRESHOLD

    @classmethod
    def available(cls):
        try:
            from nomenklatura.matching import get_algorithm  # noqa: F401
        except ImportError:
            print("nomenklatura is not installed: pip install -r bench/requirements-peer.txt")
            return []
        return [cls("logic-v2"), cls("ofac")]

    def __init__(self, algorithm):
        from nomenklatura.matching import ScoringConfig, get_algorithm

        self.name = f"nomenklatura {algorithm}"
        self.algorithm = get_algorithm(algorithm)
        self.config = ScoringConfig(weights={}, config={})
        self.entities = {}
        self.queries = 0

    def rank(self, name, kind):
        from sanctions.screening import candidates, scoring

        ids = list(candidates.candidate_names(scoring.query_spellings(name)))
        # A fresh id per query: nomenklatura caches what it derives from an entity by its id.
        self.queries += 1
        dob = getattr(name, "birth_date", "")
        dates = [_iso_date(dob)] if dob else []
        query = make_entity(f"query-{self.queries}", kind, [str(name)], dates, [])
        scored = [
            (pk, self.algorithm.compare(query, self.entity(pk), self.config).score) for pk in ids
        ]
        return sorted(scored, key=lambda pair: (-pair[1], pair[0]))[:5]

    def entity(self, pk):
        if pk not in self.entities:
            from sanctions.models import Subject

            subject = Subject.objects.prefetch_related(
                "aliases", "birth_dates", "nationalities"
            ).get(pk=pk)
            self.entities[pk] = make_entity(
                str(pk),
                subject.kind,
                [subject.name, *(a.name for a in subject.aliases.all())],
                [d.value.rstrip("~").split("/")[0] for d in subject.birth_dates.all()],
                [str(n.country).lower() for n in subject.nationalities.all()],
            )
        return self.entities[pk]


def _iso_date(listed):
    import datetime

    return datetime.datetime.strptime(listed, "%d %b %Y").date().isoformat()


def make_entity(entity_id, kind, names, birth_dates, nationalities):
    from followthemoney import model

    schema = {"person": "Person", "vessel": "Vessel", "aircraft": "Airplane"}.get(
        kind, "Organization"
    )
    entity = model.make_entity(schema)
    entity.id = entity_id
    entity.add("name", names)
    if schema == "Person":
        entity.add("birthDate", birth_dates)
        entity.add("nationality", nationalities)
    return entity


# --- evaluation ---------------------------------------------------------------------------


def evaluate(matcher, sets, uid_subjects):
    matcher.rank("warm up", "person")  # first calls load tables and models
    figures = {}
    for set_name, queries in sets.items():
        hits = flagged = correct = 0
        cpu = 0.0
        timings = []
        for name, uids, kind in queries:
            expected = {uid_subjects.get(uid) for uid in uids}
            started, cpu_started = time.perf_counter(), time.process_time()
            ranked = matcher.rank(name, kind)
            timings.append(time.perf_counter() - started)
            cpu += time.process_time() - cpu_started
            top_score = ranked[0][1] if ranked else None
            hits += any(pk in expected for pk, score in ranked if score == top_score)
            above = [pk for pk, score in ranked if score >= matcher.threshold]
            flagged += bool(above)
            correct += any(pk in expected for pk in above)
        figures[set_name] = {
            "queries": len(queries),
            "recall@1": hits / len(queries),
            "recall": correct / len(queries),
            "flagged": flagged,
            "correct": correct,
            "precision": correct / flagged if flagged else 1.0,
            "ms": 1000 * statistics.mean(timings),
            "p95": 1000 * sorted(timings)[int(0.95 * (len(timings) - 1))],
            "cpu": 1000 * cpu / len(queries),
        }
    return matcher, figures


def write_misses(path, matcher, sets, uid_subjects):
    """A tab-separated file of the queries this engine gets wrong, with what it found."""
    from sanctions.models import Subject

    names = dict(Subject.objects.values_list("pk", "name"))
    with open(path, "w", encoding="utf-8") as file:
        for set_name, queries in sets.items():
            for name, uids, kind in queries:
                expected = {uid_subjects.get(uid) for uid in uids}
                ranked = matcher.rank(name, kind)
                top = ranked[0][1] if ranked else None
                hit = any(pk in expected for pk, score in ranked if score == top)
                above = [pk for pk, score in ranked if score >= matcher.threshold]
                wrong = bool(above) and not any(pk in expected for pk in above)
                negative = set_name in NEGATIVE_SETS
                if negative and above or not negative and not hit:
                    error = "above" if negative else "rank"
                elif wrong:
                    error = "wrong"
                elif not negative and not above:
                    error = "below"
                else:
                    continue
                found = "; ".join(f"{names.get(pk)} {score}" for pk, score in ranked[:3])
                wanted = "; ".join(names.get(pk, "?") for pk in expected)
                file.write(f"{set_name}\t{error}\t{name}\t{wanted}\t{found}\n")


# Sets whose queries should match nothing: reported as the share above the threshold.
NEGATIVE_SETS = {"negatives", "dated_conflicts"}

COLUMNS = [
    "set",
    "matcher (threshold)",
    "queries",
    "recall@1",
    "recall at threshold",
    "precision at threshold",
    "negatives above threshold",
    "ms/query wall (p95)",
    "ms/query CPU",
]


def print_table(table, sets):
    print()
    print("| " + " | ".join(COLUMNS) + " |")
    print("|" + "---|" * len(COLUMNS))
    for set_name in [*sets, "all"]:
        for matcher, figures in table:
            print("| " + " | ".join(_row(set_name, matcher, figures)) + " |")


def _row(set_name, matcher, figures):
    if set_name == "all":  # every query of every set, negatives included
        flagged = sum(f["flagged"] for f in figures.values())
        correct = sum(f["correct"] for f in figures.values())
        precision = f"{correct / flagged:.3f}" if flagged else "–"
        return ["all", f"{matcher.name} ({matcher.threshold})", "", "", "", precision, "", "", ""]
    f = figures[set_name]
    negative = set_name in NEGATIVE_SETS
    return [
        set_name,
        f"{matcher.name} ({matcher.threshold})",
        str(f["queries"]),
        "–" if negative else f"{f['recall@1']:.3f}",
        "–" if negative else f"{f['recall']:.3f}",
        "–" if negative else f"{f['precision']:.3f}",
        f"{f['flagged'] / f['queries']:.2%}" if negative else "–",
        f"{f['ms']:.1f} ({f['p95']:.1f})",
        f"{f['cpu']:.1f}",
    ]


if __name__ == "__main__":
    main()
