"""A realistic synthetic database for benchmarks: ``manage.py generate_test_data --subjects N``.

Subjects, their names, aliases and other parts, designations, list entries, the import run
that "listed" them and every history row, with the shapes of the real lists (the tables
below). Reproducible: the same ``--seed`` on the same database state writes the same rows,
timestamps included. Rows are written with explicit keys through :mod:`sanctions.bulk`
(PostgreSQL's COPY; ``executemany`` on SQLite), a chunk of subjects at a time; the name index
is rebuilt at the end (``--no-index`` leaves it to ``manage.py rebuild_name_index``).
"""

import datetime
import hashlib
import json
import random
import time
from functools import cache, lru_cache
from itertools import accumulate

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django_countries import countries

from sanctions.bulk import db_date, db_datetime, insert_rows, next_id, reset_sequences
from sanctions.dates import parse_fuzzy_date
from sanctions.importers.references import References
from sanctions.models import (
    Address,
    Alias,
    BirthDate,
    BirthPlace,
    Designation,
    Identifier,
    ImportChange,
    ImportRun,
    ListEntry,
    Nationality,
    Relationship,
    Subject,
)
from sanctions.names import search_text, sort_key
from sanctions.screening.index import rebuild_name_index

GENERATED_BY = "generate_test_data"
CHUNK = 5000
# Generated subjects "arrive" in imports of this many, each a few hours after the previous:
# history rows share a timestamp within one, as a real import's do.
IMPORT_SIZE = 500
FIRST_IMPORT = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
ENTRY_ID_OFFSET = 1_000_000  # far above OFAC's own uids, so generated entries never clash
LIST = "us-ofac-sdn"
AGENCY = "us-ofac"


def _weighted(text):
    """("word:count word:count ...") → (words, cumulative weights) for random.choices."""
    pairs = [item.rsplit(":", 1) for item in text.split()]
    return [word for word, _ in pairs], list(accumulate(int(count) for _, count in pairs))


def _histogram(pairs):
    """{value: count} → (values, cumulative weights)."""
    return list(pairs), list(accumulate(pairs.values()))


# --- Distributions -------------------------------------------------------------------
# Measured once from the OFAC SDN list of 15 January 2019 (the CSV files in
# ../shared/reference-data/ofac-sdn-csv/2019-01-15/: 7,379 entries) and from that list as
# `import_list ofac-csv` stores it (aliases, parts, identifiers, designations); the listing
# years from the UN Consolidated List (../shared/reference-data/un-consolidated/, its
# LISTED_ON dates), as OFAC's CSV files carry no dates. Counts, not shares: the same numbers
# as the files give. Name words are the most frequent of the SDN list's own.
KINDS = _histogram({"person": 3845, "organization": 2994, "vessel": 323, "aircraft": 217})
ALIASES_PER_SUBJECT = _histogram(
    {0: 4183, 1: 1377, 2: 617, 3: 384, 4: 254, 5: 151, 6: 107, 7: 74, 8: 55, 9: 39, 10: 33,
     11: 22, 12: 9, 13: 9, 15: 11, 17: 14, 21: 10, 28: 4, 31: 3, 45: 2}
)  # fmt: skip
ALIAS_KINDS = _histogram({"aka": 11359, "fka": 342, "nka": 16})
WEAK_ALIASES = 2037 / 11717
ADDRESSES_PER_SUBJECT = _histogram(
    {1: 5826, 2: 782, 3: 301, 4: 161, 5: 87, 6: 55, 7: 37, 8: 27, 9: 17, 10: 18, 12: 24,
     14: 15, 17: 10, 21: 9, 30: 6}
)  # fmt: skip
# Country of an address ("" where the list gives none).
ADDRESS_COUNTRIES = _histogram(
    {"": 2263, "MX": 1783, "CO": 1742, "IR": 756, "SY": 572, "RU": 346, "PK": 280, "LB": 206,
     "KP": 206, "AE": 201, "CN": 200, "PA": 185, "UA": 144, "AF": 141, "GB": 138, "VE": 123,
     "IQ": 119, "PE": 111, "TH": 101, "DE": 99, "ZW": 80, "IT": 76, "MM": 73, "US": 72,
     "HN": 71, "YE": 68, "SO": 60, "GT": 56, "CD": 50, "MT": 46}
)  # fmt: skip
BIRTH_DATES_PER_PERSON = _histogram({0: 183, 1: 3250, 2: 293, 3: 80, 4: 22, 5: 4, 6: 7, 8: 5})
# Stored forms of dates of birth by length: exact day, year only, circa, a range.
BIRTH_DATE_FORMS = _histogram({"day": 3357, "year": 726, "circa": 16, "range": 95})
BIRTH_PLACES_PER_PERSON = _histogram({0: 1481, 1: 2213, 2: 127, 3: 16, 4: 7, 5: 1})
NATIONALITIES_PER_PERSON = _histogram({0: 1944, 1: 1473, 2: 403, 3: 20, 4: 5})
NATIONALITY_KINDS = _histogram({"nationality": 1532, "citizenship": 833})
NATIONALITIES = _histogram(
    {"MX": 474, "SY": 310, "CO": 262, "IQ": 123, "IR": 81, "KP": 79, "VE": 78, "RU": 77,
     "PK": 67, "LB": 64, "SA": 57, "AF": 38, "TN": 35, "ID": 29, "TR": 28, "CN": 28, "YE": 21,
     "GT": 21, "GB": 21, "EG": 20, "CD": 18, "LY": 17, "PH": 16, "DE": 16, "DZ": 14}
)  # fmt: skip
IDENTIFIERS_PER_SUBJECT = _histogram(
    {0: 4342, 1: 2294, 2: 485, 3: 152, 4: 63, 5: 22, 6: 10, 7: 6, 8: 3, 11: 1, 13: 1}
)
IDENTIFIER_KINDS = _histogram(
    {"national_id": 1480, "passport": 1224, "tax_id": 1206, "registration": 770,
     "website": 307, "email": 149, "other": 120, "swift_bic": 72}
)  # fmt: skip
LINKS_PER_SUBJECT = _histogram(
    {0: 5652, 1: 1471, 2: 124, 3: 53, 4: 26, 5: 15, 6: 9, 7: 9, 9: 9, 12: 5, 16: 3, 20: 2}
)
PROGRAMS_PER_SUBJECT = _histogram({1: 6722, 2: 474, 3: 95, 4: 82, 5: 5, 6: 1})
PROGRAMS = _histogram(
    {"SDNTK": 1794, "SDGT": 1408, "IRAN": 673, "SDNT": 572, "SYRIA": 552, "IFSR": 515,
     "NPWMD": 411, "IRAQ2": 197, "BALKANS": 193, "UKRAINE-EO13661": 150, "DPRK4": 144,
     "IRGC": 143, "ZIMBABWE": 141, "UKRAINE-EO13660": 138, "TCO": 125, "DPRK3": 113,
     "GLOMAG": 99, "DPRK2": 85, "CUBA": 79, "UKRAINE-EO13685": 73, "VENEZUELA": 72,
     "CYBER2": 66, "FTO": 65, "DRCONGO": 52, "DPRK": 50, "MAGNIT": 49, "LIBYA3": 48, "SDT": 33,
     "IRAN-HR": 30, "BELARUS": 25, "IRAN-TRA": 24, "SOUTH SUDAN": 21, "SOMALIA": 20,
     "LIBYA2": 20, "CAR": 19, "UKRAINE-EO13662": 19, "IRAQ3": 15, "BURUNDI": 11, "DARFUR": 8}
)  # fmt: skip
SECONDARY_SANCTIONS = 2472 / 8314  # designations that also carry secondary sanctions
LISTING_YEARS = _histogram(
    {2001: 143, 2002: 25, 2003: 69, 2004: 46, 2005: 37, 2006: 35, 2007: 38, 2008: 46,
     2009: 21, 2010: 67, 2011: 41, 2012: 54, 2013: 26, 2014: 43, 2015: 48, 2016: 71,
     2017: 69, 2018: 51, 2019: 6, 2020: 12, 2021: 14, 2022: 7, 2023: 11}
)  # fmt: skip
# Not measured (the files are snapshots of what is listed): a share of designations ended,
# so that status=delisted and the delisting dates have rows to find.
DELISTED = 0.04
# Words of names in the SDN list (persons "SURNAME, Given Names"), with their counts.
PERSON_NAME_WORDS = _histogram({2: 1340, 3: 1441, 4: 871, 5: 136, 6: 38, 7: 12})
ORGANIZATION_NAME_WORDS = _histogram(
    {1: 97, 2: 484, 3: 780, 4: 667, 5: 471, 6: 249, 7: 121, 8: 66, 9: 31, 10: 17, 11: 6}
)

SURNAMES = _weighted(
    """
    Kim:43 Gonzalez:40 Al-Tikriti:37 Lopez:33 Sanchez:32 Garcia:31 Rodriguez:30 Perez:30
    Hernandez:29 De:28 Ramirez:24 Gomez:23 Torres:22 Mejia:22 Valencia:21 Flores:21 Ri:20
    Martinez:18 Alvarez:17 Gutierrez:16 Al:16 Vargas:16 El:16 Diaz:15 Salazar:14 Moreno:14
    Castillo:14 Herrera:13 Marin:13 Quintero:13 Felix:13 Grajales:12 Khan:12 Ahmad:12
    Cifuentes:12 Buitrago:11 Rincon:11 Avila:11 Castro:11 Rivera:11 Gastelum:11 Pak:11
    Romero:10 Munoz:10 Ibrahim:10 Ruiz:10 Rojas:10 Molina:10 Reyes:9 Londono:9 Giraldo:9
    Saleh:9 Rios:9 Barrera:9 Ruelas:9 Serna:8 Montoya:8 Contreras:8 Caro:8 Ali:8 Muhammad:8
    Alzate:8 Mendoza:8 Fernandez:8 Villa:8 Choe:8 Henao:7 Murillo:7 Jaramillo:7 Franco:7
    Chang:7 Cardenas:7 Medina:7 Zambada:7 Suarez:7 Cabrera:7 Zevallos:7 Gonzales:7 Marquez:7
    Pena:7 Vasquez:7 Cardona:7 Valle:7 Morales:6 Restrepo:6 Ortega:6 Bin:6 Arellano:6 Guzman:6
    Guerrero:6 Aguirre:6 Milosevic:6 Soto:6 Hassan:6 Jimenez:6 Niebla:6 Makhluf:6 Meza:6
    Beltran:6 Ojeda:6 Estrada:6 Lorenzana:6 Olivera:6 Gaddafi:6 Serrano:6 Kang:6 Waked:6 Abu:5
    Escobar:5 Galindo:5 Piedrahita:5 Figueroa:5 Nasser:5 Cuellar:5 Aguilar:5 Gil:5 Ben:5
    Trujillo:5 Mustafa:5 Esparragoza:5 Al-Ahmad:5 Silva:5 Abd:5 Noorzai:5 Barakat:5 Khalil:5
    Parra:5 Velez:5 Duarte:5 Arriola:5 Rendon:5 Cazares:5 Velasquez:5 Duran:5 Li:5 Abdul:5
    Garza:5 Ibarra:5 Cordon:5 Jafari:5 Salim:5 Kelmendi:5 Zagaria:5 Elenes:5 Zuleta:5
    Maradiaga:5 Cruz:4 Abbas:4 Arboleda:4 Linares:4 Rosales:4 Arias:4 Zapata:4 Patino:4 Posso:4
    Al-Masri:4 Amezcua:4 Wei:4 Duque:4 Leon:4 Hamdan:4 Medrano:4 Bustamante:4 Mendez:4
    Castano:4 Nikolic:4 Al-Rawi:4 Ahmed:4 Arce:4 Mohammad:4 Bernal:4 Gaxiola:4 Del:4 Luna:4
    Varela:4 Ocampo:4 Ochoa:4 Paez:4 Araujo:4 Cazarez:4 Olivas:4 Camacho:4 Leyva:4 Rangel:4
    Cadena:4 Pao:4 Acosta:4 Alvarado:4 Hoyos:4 Harb:4 Usuga:4 Valenzuela:4 Musavi:4 Haqqani:4
    Zepeda:4 Barakzai:4 Fawaz:4 Apodaca:4 Ko:4 Chu:4 Lira:4 Zhang:4 Rotenberg:4 Salman:4 Jang:4
    Briones:4 Hatum:4 Laredo:4 Jo:4 Hasan:4 Yusuf:4 Husayn:4 Jong:4 Katrangi:4 Rahman:3
    Fadlallah:3 Orejuela:3 Sarria:3 Hurtado:3 Lopera:3 Saavedra:3 Uribe:3 Villegas:3 Correa:3
    Sepulveda:3 David:3 Arana:3 Omar:3 Urdinola:3 Guillen:3 Al-Libi:3 Abdullah:3 Mohammed:3
    Agha:3 Hijazi:3 Mahmood:3 Pulido:3 Tapia:3 Mugabe:3 Chinamasa:3
    """
)
GIVEN_NAMES = _weighted(
    """
    Muhammad:148 Jose:93 Ali:88 Ahmad:72 Ibrahim:57 Abdul:56 Mohammad:53 Maria:53 Carlos:49
    Ben:47 Antonio:46 Jesus:44 Luis:43 Mohammed:40 Ahmed:37 Alberto:35 Mohamed:35 Hasan:33
    Jorge:33 Juan:31 Manuel:28 Abu:28 Abdullah:26 de:25 Hassan:25 Chol:24 Miguel:23 Mario:23
    Hussein:22 Vladimir:22 Haji:21 Abd:20 Fernando:19 Victor:19 Arturo:18 Eduardo:18 Enrique:18
    Mustafa:17 Mohamad:17 Abdallah:17 Angel:16 Francisco:16 Alexander:16 Khalid:16 Omar:16
    Oleg:16 Julio:15 Mahmoud:15 Javier:15 Hamid:15 Cesar:14 Hector:14 Ivan:14 Alfonso:14
    Aleksandr:14 Reza:14 Vladimirovich:14 Aleksandrovich:14 Igor:14 Ignacio:13 Ramon:13
    Oscar:13 Alfredo:13 Andrey:13 Sergey:13 Salih:12 Alejandro:12 John:12 Daniel:12 Yahya:12
    Yong:12 Aleksey:12 Aziz:11 Husayn:11 Pedro:11 Jairo:11 Viktor:11 Jaime:11 Mikhail:11
    Song:11 Nam:11 del:10 Emilio:10 Rafael:10 Armando:10 Patricia:10 Salim:10 Yusuf:10 Hafiz:10
    Sergei:10 Il:10 Rashid:9 Gustavo:9 Amin:9 Habib:9 Guillermo:9 Amir:9 Mahmud:9 Felipe:9
    Hossein:9 Andrei:9 Jong:9 Ayman:8 Diego:8 Raul:8 Edgar:8 Carmen:8 Ismael:8 Samir:8 Said:8
    David:8 Barzan:8 German:8 Martin:8 Musa:8 Elena:8 Chun:8 Dmitry:8 Ivanovich:8 Sergeyevich:8
    Su:8 Ricardo:7 Salah:7 Sa'd:7 Sergio:7 Humberto:7 Gabriel:7 Dario:7 Saddam:7 Muhammed:7
    Muhsin:7 Imad:7 Adnan:7 Abbas:7 Gerardo:7 Nikolaevich:7 Mikhailovich:7 Andres:7 Sa'id:7
    Alonso:7 Ruben:7 Rahim:7 Kyong:7 Umar:6 Gilberto:6 Diana:6 Fabio:6 Alvaro:6 Jhon:6
    Claudia:6 Hugo:6 Joseph:6 Bin:6 Sami:6 Miroslav:6 Milan:6 Dragan:6 Khalil:6 Jamal:6
    Roberto:6 Teresa:6 Anas:6 Malik:6 Turki:6 Yunis:6 Sabawi:6 Marco:6 Guadalupe:6 Igorevich:6
    Saleh:6 Leonidovich:6 Rosario:6 Morteza:6 Mohsen:6 Khan:6 Alekseyevich:6 Iyad:6 Pavel:6
    Seyed:6 Borisovich:6 Viktorovich:6 Anatolievich:6 Kwang:6 Man:6 Shaykh:5 George:5 Ismail:5
    Vicente:5 Ernesto:5 Cecilia:5 Benjamin:5 Nasir:5 Bilal:5 Sultan:5 Adel:5 Tahir:5 Walid:5
    Kamel:5 Henry:5 Rodrigo:5
    """
)
ORGANIZATION_WORDS = _weighted(
    """
    S.A.:494 DE:462 COMPANY:296 C.V.:249 LIMITED:205 LTDA.:150 SHIPPING:114 AND:113 TRADING:110
    OF:108 BANK:102 LTD.:101 LTD:98 INTERNATIONAL:97 CO.:91 GROUP:83 INVERSIONES:62
    DEVELOPMENT:61 CORPORATION:53 S.:51 DEL:49 KOREA:49 INVESTMENT:49 CO:48 CIA.:46 LA:45
    ORGANIZATION:45 INDUSTRIES:45 IRAN:43 LLC:43 GRUPO:43 R.L.:41 ISLAMIC:40 INC.:39
    COMERCIALIZADORA:38 GENERAL:37 THE:35 INMOBILIARIA:34 FOR:34 S.A.S.:34 GMBH:33 EL:29
    SERVICES:28 C.A.:28 ENERGY:28 TRADE:27 COMMERCIAL:26 MANAGEMENT:26 HOLDING:25 OIL:25
    ENGINEERING:25 S.C.S.:24 NATIONAL:24 FARM:23 INDUSTRIAL:23 GHADIR:23 INTERNACIONAL:22 EN:22
    STATE:22 INDUSTRY:22 CENTER:21 EXCHANGE:21 JOINT:21 AL:20 GLOBAL:20 TECHNOLOGY:20 LOS:20
    SHAHID:20 SERVICIOS:20 CONSTRUCTORA:19 FOUNDATION:19 CONSTRUCTION:19 SYRIAN:19 IRANIAN:18
    PARS:18 COMERCIAL:17 EXPORT:17 ARMY:17 HOLDINGS:17 KISH:17 PETROCHEMICAL:17 OCEAN:17 OOO:17
    PEOPLE'S:16 INVESTMENTS:16 CORP.:16 ENTERPRISE:16 STOCK:16 IMPORT:15 REPUBLIC:15
    SECURITY:15 PANAMA:15 MARITIME:14 COLOMBIA:14 INSTITUTE:14 MINISTRY:14 FZE:14 CEMENT:14
    AGRICOLA:13 AL-AQSA:13 AL-HARAMAIN:13 IN:13 AIR:13 MARINE:13 RESEARCH:13 MONEY:13
    TRANSPORTATION:13 ELECTRICITY:13 SA:12 AGROPECUARIA:12 SOCIEDAD:12 LIBERATION:12
    DISTRIBUIDORA:12 SEA:12 PROPERTIES:12 S.P.R.:12 OAO:12 COMPANIA:11 C.:11 REVOLUTIONARY:11
    E.U.:11 BRANCH:11 S.A.C.:11 LTDA:11 SARL:11 GENERATION:11 CASA:10 EMPRESA:10 VALLE:10
    TRUST:10 FINANCIAL:10 S.C.:10 OPERADORA:10 SERVICIO:10 AGENCY:10 SANTA:10 AFRICA:10 HONG:10
    S.R.L.:10 KG:10 C.I.:10 SHIP:10 AVIATION:10 DANDONG:10 LINES:10 DAY:10 CORPORACION:9
    IMPORTADORA:9 HOTEL:9 SAN:9 LIMITADA:9 BARAKAT:9 ASSOCIATION:9 ELECTRONICS:9 OVERSEAS:9
    MANUFACTURING:9 BUREAU:9 INSURANCE:9 CAPITAL:9 DRUG:9 TRAFFICKING:9 OFFSHORE:9 EAST:9
    AIRLINES:8 NEGOCIOS:8 FORCES:8 DESARROLLOS:8 GANADERA:8 MOVEMENT:8 REAL:8 FORCE:8 CIA:8
    FUNDACION:8 SYSTEMS:8 CORP:8 MINING:8 AUTO:8 DEFENSE:8 DESARROLLO:8 NUEVA:8 GUARD:8 BRECO:8
    ENTERPRISES:8 GAS:8 STAR:8 PETRO:8 DARYA:8 SAL:8 SEPAHAN:8 FINANCE:7 PLC:7 PARTY:7
    DEMOCRATIC:7 RELIEF:7 NEW:7 MINERA:7 COMMITTEE:7 ARAB:7 GREEN:7 TECH:7
    """
)
VESSEL_WORDS = _weighted(
    """
    IRAN:12 SONG:11 SAN:10 GANG:9 KUM:6 STAR:5 CHONG:5 CHON:5 BONG:5 RYONG:5 RA:5 YU:5 HORMUZ:5
    MA:4 UN:4 II:3 SEA:3 IMICO:3 NEKA:3 JANG:3 JIN:3 WON:3 RIM:3 NAM:3 HUNG:3 RUNG:3 MARIE:3
    DE:3 LOURDES:3 JI:3 SAM:3 JONG:3 HYUNDAI:3 MIPO:3 DREAM:2 LIGHT:2 III:2 BRIGHT:2 DAN:2
    BAEK:2 KANG:2 NYON:2 HO:2 PO:2 THAE:2 RAK:2 DONG:2 BLUE:2 EVER:2 SOUTH:2 HILL:2 MI:2
    MYONG:2 TONG:2 DO:2 HAO:2 FAN:2 HERMANN:1 MAR:1 AZUL:1 SAND:1 SWAN:1 TIFON:1 ARTAVIL:1
    ARK:1 ARGO:1 ARNICA:1 APAMA:1 BANEH:1 DIAMOND:1 DEEP:1 DORE:1 DOVER:1 DEVON:1 DOWNY:1
    FOREST:1 HERO:1 HENNA:1 AMBER:1 HASNA:1
    """
)
# A few towns per country for addresses and places of birth (any will do: only their
# spread matters).
TOWNS = {
    "MX": ["Culiacan", "Guadalajara", "Tijuana", "Mexico City", "Monterrey"],
    "CO": ["Bogota", "Medellin", "Cali", "Barranquilla"],
    "IR": ["Tehran", "Isfahan", "Mashhad"],
    "SY": ["Damascus", "Aleppo", "Latakia"],
    "RU": ["Moscow", "Saint Petersburg", "Novosibirsk"],
    "KP": ["Pyongyang", "Nampo", "Chongjin"],
    "AE": ["Dubai", "Sharjah", "Abu Dhabi"],
    "CN": ["Beijing", "Shanghai", "Dalian", "Shenzhen"],
}
# Columns computed from others, which a list's snapshot does not hold.
_DERIVED = {"earliest", "latest"}


def _pick(rng, table):
    values, weights = table
    return rng.choices(values, cum_weights=weights)[0]


@lru_cache(maxsize=100_000)
def _fuzzy(value):
    parsed = parse_fuzzy_date(value)
    return parsed.value, db_date(parsed.earliest), db_date(parsed.latest)


@cache
def _country_name(code):
    return str(countries.name(code)) if code else ""


# Every column of every table written, in order; checked against the models at start so that
# a new field fails loudly here rather than go unset.
BOOKKEEPING = ["id", "created", "last_updated", "version"]
PART = [*BOOKKEEPING, "subject_id", "source_id"]
COLUMNS = {
    Subject: [*BOOKKEEPING, "kind", "name", "gender", "position", "description", "remarks",
              "search_text", "merged_into_id", "sort_name"],
    ListEntry: [*BOOKKEEPING, "list", "entry_id", "reference", "name", "subject_id", "data",
                "digest", "first_run_id", "last_run_id", "removed_on"],
    Alias: [*PART, "name", "kind", "quality", "script", "language"],
    BirthDate: [*PART, "value", "earliest", "latest", "note"],
    Nationality: [*PART, "country", "kind"],
    BirthPlace: [*PART, "place", "country"],
    Identifier: [*PART, "kind", "number", "country", "note"],
    Address: [*PART, "full", "city", "country", "note"],
    Relationship: [*PART, "related_id", "kind", "description"],
    Designation: [*BOOKKEEPING, "subject_id", "agency_id", "program_id", "listed_on",
                  "delisted_on", "reason", "reference", "source_url", "list_entry_id",
                  "delisting_article_id", "delisting_url", "relisted_from_id"],
    ImportChange: [*BOOKKEEPING, "run_id", "entry_id", "action", "changes"],
}  # fmt: skip
M2M = {"authorities": "legalauthority_id", "measures": "measure_id"}


def check_columns():
    """Raise CommandError naming any column of the tables that this command does not fill."""
    for model, columns in COLUMNS.items():
        actual = {field.column for field in model._meta.concrete_fields}
        if actual != set(columns):
            raise CommandError(
                f"generate_test_data does not know {model.__name__}'s columns "
                f"{sorted(actual ^ set(columns))}: update its COLUMNS."
            )


_HISTORY = ["history_id", "history_date", "history_change_reason", "history_type",
            "history_user_id"]  # fmt: skip


class _Table:
    """Rows for one model and, where it has history, their "created" history rows."""

    def __init__(self, model, reason):
        self.model, self.columns, self.rows = model, COLUMNS[model], []
        self.history, self.reason = None, reason
        self.history_ids = {}  # object id → its history row, for the many-to-many history
        if hasattr(model, "history"):
            self.history = model.history.model
            self.next_history_id = next_id(self.history, "history_id")
            tracked = [f.column for f in self.history._meta.concrete_fields]
            tracked = [column for column in tracked if column not in _HISTORY]
            self.picks = [self.columns.index(column) for column in tracked]
            self.history_columns = _HISTORY + tracked

    def add(self, *values):
        self.rows.append(values)

    def flush(self):
        insert_rows(self.model, self.columns, self.rows)
        if self.history is not None:
            insert_rows(self.history, self.history_columns, self._history_rows())
        self.rows = []

    def _history_rows(self):
        for row in self.rows:
            history_id = self.next_history_id
            self.next_history_id += 1
            self.history_ids[row[0]] = history_id
            yield (history_id, row[1], self.reason, "+", None, *(row[i] for i in self.picks))


class Generator:
    """Writes generated subjects with everything they have, a chunk at a time."""

    def __init__(self, seed, run, references):
        self.seed, self.run = seed, run
        self.tables = {model: _Table(model, run.change_reason) for model in COLUMNS}
        self.next = {model: next_id(model) for model in COLUMNS}
        self.first_subject = self.next[Subject]
        self.m2m = {name: self._m2m_plan(name) for name in M2M}
        self.agency = references.agency(AGENCY).pk
        self.programs = {
            code: (program.pk, references.authorities(program))
            for code in PROGRAMS[0]
            for program in [references.program(AGENCY, code)]
        }
        self.measures = {
            False: references.measure_ids(["asset-freeze", "transaction-ban"]),
            True: references.measure_ids(
                ["asset-freeze", "secondary-sanctions", "transaction-ban"]
            ),
        }
        self.stamps = {}

    def _m2m_plan(self, name):
        through = getattr(Designation, name).through
        history = getattr(Designation.history.model, name).model
        return {
            "through": through,
            "history": history,
            "next": next_id(through),
            "next_history": next_id(history, "m2m_history_id"),
            "rows": [],
        }

    def new_id(self, model):
        pk = self.next[model]
        self.next[model] = pk + 1
        return pk

    def stamp(self, subject_id):
        """The moment the subject's "import" wrote it, as the database stores it."""
        block = (subject_id - self.first_subject) // IMPORT_SIZE
        if block not in self.stamps:
            self.stamps = {block: db_datetime(FIRST_IMPORT + datetime.timedelta(hours=6 * block))}
        return self.stamps[block]

    def chunk(self, count):
        """Generate and write ``count`` subjects after the ones written so far."""
        first = self.next[Subject]
        rng = random.Random(f"{self.seed}:{first}")
        for _ in range(count):
            _Subject(self, rng).write()
        for table in self.tables.values():
            table.flush()
        self._flush_m2m()

    def link(self, name, designation_id, related_ids):
        plan = self.m2m[name]
        for related in related_ids:
            plan["rows"].append((plan["next"], designation_id, related))
            plan["next"] += 1

    def _flush_m2m(self):
        designations = self.tables[Designation].history_ids
        for name, column in M2M.items():
            plan = self.m2m[name]
            insert_rows(plan["through"], ["id", "designation_id", column], plan["rows"])
            history = []
            for pk, designation, related in plan["rows"]:
                history.append(
                    (plan["next_history"], designations[designation], pk, designation, related)
                )
                plan["next_history"] += 1
            columns = ["m2m_history_id", "history_id", "id", "designation_id", column]
            insert_rows(plan["history"], columns, history)
            plan["rows"] = []
        designations.clear()

    def models(self):
        """Every model written to, history included."""
        tables = [table.history for table in self.tables.values() if table.history]
        m2m = [model for plan in self.m2m.values() for model in (plan["through"], plan["history"])]
        return [*COLUMNS, *tables, *m2m]


class _Subject:
    """One generated subject: picks its facts, then adds the rows of every table."""

    def __init__(self, generator, rng):
        self.gen, self.rng = generator, rng
        self.id = generator.new_id(Subject)
        self.entry = generator.new_id(ListEntry)
        self.now = generator.stamp(self.id)
        self.kind = _pick(rng, KINDS)
        self.name, self.listed_name = self._name()
        self.data = {"kind": self.kind, "name": self.name, "entry_id": self.entry_id}

    @property
    def entry_id(self):
        return str(ENTRY_ID_OFFSET + self.entry)

    def _name(self):
        rng = self.rng
        if self.kind == "person":
            words = _pick(rng, PERSON_NAME_WORDS)
            surnames = [_pick(rng, SURNAMES) for _ in range(1 if words < 4 else 2)]
            given = [_pick(rng, GIVEN_NAMES) for _ in range(words - len(surnames))]
            return " ".join(given + surnames), f"{' '.join(surnames).upper()}, {' '.join(given)}"
        if self.kind == "organization":
            words = [
                _pick(rng, ORGANIZATION_WORDS) for _ in range(_pick(rng, ORGANIZATION_NAME_WORDS))
            ]
        elif self.kind == "vessel":
            words = [_pick(rng, VESSEL_WORDS) for _ in range(rng.choice((1, 1, 2, 2, 3)))]
        else:
            words = [f"EP-{''.join(rng.choices('ABCDEFGHIJKLMNOPQRSTUVWXYZ', k=3))}"]
        name = " ".join(words)
        return name, name

    def write(self):
        gen = self.gen
        aliases = self._aliases()
        self.part(Alias, "aliases", aliases)
        if self.kind == "person":
            self.part(BirthDate, "birth_dates", self._birth_dates())
            self.part(Nationality, "nationalities", self._nationalities())
            self.part(BirthPlace, "birth_places", self._birth_places())
        self.part(Identifier, "identifiers", self._identifiers())
        self.part(Address, "addresses", self._addresses())
        self.part(Relationship, "links", self._links())
        self.data["listed_name"] = self.listed_name
        self.data["listings"] = self._designations()
        names = [alias[0] for alias in aliases]
        gen.tables[Subject].add(
            self.id, self.now, self.now, 1, self.kind, self.name, "", "", "", "",
            search_text(self.name, *names), None, sort_key(self.name),
        )  # fmt: skip
        text = json.dumps(self.data, sort_keys=True)
        gen.tables[ListEntry].add(
            self.entry, self.now, self.now, 1, LIST, self.entry_id, "", self.listed_name,
            self.id, text, hashlib.sha256(text.encode()).hexdigest(), gen.run.pk, gen.run.pk,
            None,
        )  # fmt: skip
        gen.tables[ImportChange].add(
            gen.new_id(ImportChange), self.now, self.now, 1, gen.run.pk, self.entry, "added", "{}"
        )

    def part(self, model, key, rows):
        """Rows of a part (values after subject and source), and the snapshot's list of them."""
        table, fields = self.gen.tables[model], COLUMNS[model][len(PART) :]
        snapshot = []
        for values in rows:
            table.add(self.gen.new_id(model), self.now, self.now, 1, self.id, self.entry, *values)
            fact = dict(zip(fields, values, strict=True))
            snapshot.append({k: v for k, v in fact.items() if k not in _DERIVED})
        self.data[key] = snapshot

    def _aliases(self):
        rng, seen, found = self.rng, {self.name.lower()}, []
        for _ in range(_pick(rng, ALIASES_PER_SUBJECT)):
            weak = rng.random() < WEAK_ALIASES
            name = self._alias_name(weak)
            if name.lower() not in seen:
                seen.add(name.lower())
                found.append((name, _pick(rng, ALIAS_KINDS), "weak" if weak else "strong", "", ""))
        return found

    def _alias_name(self, weak):
        rng, words = self.rng, self.name.split()
        if self.kind == "person":
            if weak:
                return _pick(rng, GIVEN_NAMES)
            words[rng.randrange(len(words))] = _pick(
                rng, GIVEN_NAMES if rng.random() < 0.5 else SURNAMES
            )
            return " ".join(words)
        if weak:
            return "".join(word[0] for word in words if word[0].isalpha()) or words[0]
        words[rng.randrange(len(words))] = _pick(rng, ORGANIZATION_WORDS)
        return " ".join(words)

    def _birth_dates(self):
        rng, found = self.rng, {}
        for _ in range(_pick(rng, BIRTH_DATES_PER_PERSON)):
            # Not measured: years of birth around 1966 (the list's are mostly 1950s to 1980s).
            year, form = int(rng.gauss(1966, 12)), _pick(rng, BIRTH_DATE_FORMS)
            year = min(max(year, 1920), 2005)
            day = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
            written = {
                "day": day.isoformat(),
                "year": str(year),
                "circa": f"{day.isoformat()}~",
                "range": f"{year}/{year + rng.randint(1, 3)}",
            }[form]
            found[written] = (*_fuzzy(written), "")
        return list(found.values())

    def _nationalities(self):
        rng, found = self.rng, set()
        for _ in range(_pick(rng, NATIONALITIES_PER_PERSON)):
            found.add((_pick(self.rng, NATIONALITIES), _pick(self.rng, NATIONALITY_KINDS)))
        return sorted(found)

    def _town(self, country):
        return self.rng.choice(TOWNS.get(country, ["Capital"])) if country else ""

    def _birth_places(self):
        found = {}
        for _ in range(_pick(self.rng, BIRTH_PLACES_PER_PERSON)):
            country = _pick(self.rng, NATIONALITIES)
            found[f"{self._town(country)}, {_country_name(country)}"] = country
        return list(found.items())

    def _identifiers(self):
        rng, found = self.rng, {}
        count = _pick(rng, IDENTIFIERS_PER_SUBJECT)
        kinds = {"vessel": ["imo", "mmsi"], "aircraft": ["aircraft_serial"]}.get(self.kind, [])
        for i in range(max(count, len(kinds))):
            kind = kinds[i] if i < len(kinds) else _pick(rng, IDENTIFIER_KINDS)
            number = str(rng.randrange(10**6, 10**9))
            country = (
                "" if kind in ("imo", "mmsi", "website", "email") else _pick(rng, NATIONALITIES)
            )
            found[(kind, number, country)] = (kind, number, country, "")
        return list(found.values())

    def _addresses(self):
        rng, found = self.rng, []
        for _ in range(_pick(rng, ADDRESSES_PER_SUBJECT)):
            country = _pick(rng, ADDRESS_COUNTRIES)
            town = self._town(country)
            street = f"{rng.randint(1, 400)} {_pick(rng, SURNAMES)} Street" if country else ""
            full = ", ".join(part for part in (street, town, _country_name(country)) if part)
            found.append((full or "Unknown", town, country, ""))
        return found

    def _links(self):
        rng, first, found = self.rng, self.gen.first_subject, set()
        if self.id == first:
            return []
        for _ in range(_pick(rng, LINKS_PER_SUBJECT)):
            found.add((rng.randrange(max(first, self.id - 10_000), self.id), "linked", ""))
        return sorted(found)

    def _designations(self):
        rng, gen, listings = self.rng, self.gen, []
        codes = {_pick(rng, PROGRAMS) for _ in range(_pick(rng, PROGRAMS_PER_SUBJECT))}
        for code in sorted(codes):
            program, authorities = gen.programs[code]
            listed = datetime.date(_pick(rng, LISTING_YEARS), 1, 1)
            listed += datetime.timedelta(days=rng.randrange(365))
            delisted = None
            if rng.random() < DELISTED:
                delisted = listed + datetime.timedelta(days=rng.randint(30, 2500))
            secondary = rng.random() < SECONDARY_SANCTIONS
            url = f"https://sanctionssearch.ofac.treas.gov/Details.aspx?id={self.entry_id}"
            pk = gen.new_id(Designation)
            gen.tables[Designation].add(
                pk, self.now, self.now, 1, self.id, gen.agency, program, db_date(listed),
                db_date(delisted), "", "", url, self.entry, None, "", None,
            )  # fmt: skip
            gen.link("authorities", pk, authorities)
            gen.link("measures", pk, gen.measures[secondary])
            listings.append({"agency": AGENCY, "program": code, "listed_on": listed.isoformat()})
        return listings


class Command(BaseCommand):
    help = (
        "Fill the database with a realistic synthetic list for benchmarks: subjects with "
        "names, aliases, parts, designations, list entries and history, shaped like the real "
        "lists. Refuses a database that holds other data unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--subjects", type=int, required=True, help="How many subjects to generate."
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed: the same seed writes the same data."
        )
        parser.add_argument(
            "--append",
            action="store_true",
            help="Add to a database that already holds generated subjects.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Add to a database that holds other (imported or entered) data too.",
        )
        parser.add_argument(
            "--no-index",
            action="store_true",
            help="Leave the name index for screening to 'manage.py rebuild_name_index'.",
        )

    def handle(self, *args, subjects, seed, append, force, no_index, **options):
        if subjects < 1:
            raise CommandError("--subjects must be at least 1.")
        check_columns()
        self._check_database(append, force)
        self.verbosity = options["verbosity"]
        started = time.monotonic()
        with transaction.atomic():
            generator = self._generate(subjects, seed)
            reset_sequences(*generator.models())
        self.stdout.write(
            f"Generated {subjects} subjects in {time.monotonic() - started:.1f} s (seed {seed})."
        )
        self._analyze(generator.models())
        if no_index:
            self.stdout.write("Name index not rebuilt: run manage.py rebuild_name_index.")
            return
        started = time.monotonic()
        names = rebuild_name_index()
        self.stdout.write(f"Indexed {names} names in {time.monotonic() - started:.1f} s.")

    def _generate(self, subjects, seed):
        run = ImportRun.objects.create(
            format="ofac-csv",
            list=LIST,
            run_by=f"{GENERATED_BY} --subjects {subjects} --seed {seed}",
            started=FIRST_IMPORT,
            finished=FIRST_IMPORT,
            new_count=subjects,
        )
        generator = Generator(seed, run, References(LIST, []))
        for start in range(0, subjects, CHUNK):
            generator.chunk(min(CHUNK, subjects - start))
            if self.verbosity > 1:
                self.stdout.write(f"{start + min(CHUNK, subjects - start)} subjects")
        return generator

    def _check_database(self, append, force):
        generated = ListEntry.objects.filter(first_run__run_by__startswith=GENERATED_BY)
        others = Subject.everything.exclude(pk__in=generated.values("subject_id"))
        if others.exists() and not force:
            raise CommandError(
                f"This database holds {others.count()} subjects that generate_test_data did "
                "not write (imported or entered by hand). Generated subjects would mix with "
                "them: use an empty database (manage.py migrate on a new one), or --force to "
                "add to it anyway."
            )
        if Subject.everything.exists() and not (append or force):
            raise CommandError(
                f"This database already holds {Subject.everything.count()} generated subjects: "
                "--append adds more after them; or start from an empty database."
            )

    @staticmethod
    def _analyze(models):
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            for model in models:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
