"""The reference data imports need: issuing agencies, and what a new program starts with.

An import creates an agency or a program the first time a list names it. A new program's
legal authorities come from the tables below: only well-known, published mappings (OFAC's
program tags, the UN committees' founding resolutions). From then on the mapping lives in
the database (Program.authorities), where analysts extend or correct it in the admin, and
imports use what is there; they never change a program that exists.
"""

from dataclasses import dataclass

# slug: (name, acronym, country, website, parent slug)
AGENCIES = {
    "us-treasury": ("U.S. Department of the Treasury", "", "US", "https://home.treasury.gov/", ""),
    "us-ofac": (
        "Office of Foreign Assets Control",
        "OFAC",
        "US",
        "https://ofac.treasury.gov/",
        "us-treasury",
    ),
    "un-security-council": (
        "United Nations Security Council",
        "UNSC",
        "UN",
        "https://www.un.org/securitycouncil/",
        "",
    ),
    "uk-ofsi": (
        "Office of Financial Sanctions Implementation",
        "OFSI",
        "GB",
        "https://www.gov.uk/government/organisations/office-of-financial-sanctions-implementation",
        "",
    ),
    "eu-council": (
        "Council of the European Union",
        "",
        "EU",
        "https://www.consilium.europa.eu/",
        "",
    ),
}


@dataclass(frozen=True)
class Authority:
    title: str
    kind: str
    country: str
    citation: str = ""


def _eo(number):
    return f"eo-{number}", Authority(f"Executive Order {number}", "executive_order", "US")


def _unscr(number, year):
    title = f"UN Security Council Resolution {number} ({year})"
    return f"unscr-{number}", Authority(title, "unsc_resolution", "UN", f"S/RES/{number} ({year})")


AUTHORITIES = dict(
    [
        *(
            _eo(number)
            for number in (
                12947, 12978, 13219, 13224, 13288, 13315, 13382, 13400, 13405, 13413,
                13438, 13441, 13536, 13551, 13553, 13566, 13581, 13606, 13608, 13611, 13660,
                13661, 13662, 13664, 13667, 13685, 13687, 13692, 13694, 13712, 13722, 13726,
                13810, 13818, 13851,
            )
        ),
        *(
            _unscr(number, year)
            for number, year in (
                (751, 1992), (1267, 1999), (1518, 2003), (1533, 2004), (1591, 2005),
                (1718, 2006), (1970, 2011), (1988, 2011), (2048, 2012), (2127, 2013),
                (2140, 2014), (2206, 2015), (2653, 2022),
            )
        ),
        (
            "nkspea-2016",
            Authority(
                "North Korea Sanctions and Policy Enhancement Act of 2016",
                "statute",
                "US",
                "Pub. L. 114-122, 130 Stat. 93",
            ),
        ),
        ("caatsa", Authority("Countering America's Adversaries Through Sanctions Act",
                             "statute", "US", "Pub. L. 115-44")),
        ("kingpin-act", Authority("Foreign Narcotics Kingpin Designation Act", "statute", "US",
                                  "21 U.S.C. 1901-1908")),
        ("ina-219", Authority("Immigration and Nationality Act, section 219", "statute", "US",
                              "8 U.S.C. 1189")),
        ("magnitsky-act", Authority("Sergei Magnitsky Rule of Law Accountability Act of 2012",
                                    "statute", "US", "Pub. L. 112-208")),
        ("ifca", Authority("Iran Freedom and Counter-Proliferation Act of 2012", "statute", "US")),
        ("isa", Authority("Iran Sanctions Act of 1996", "statute", "US")),
    ]
)  # fmt: skip

# (agency, program code): (program name, authority slugs)
PROGRAMS = {
    ("us-ofac", "BALKANS"): ("Western Balkans", ("eo-13219",)),
    ("us-ofac", "BELARUS"): ("Belarus", ("eo-13405",)),
    ("us-ofac", "BURUNDI"): ("Burundi", ("eo-13712",)),
    ("us-ofac", "CAATSA - RUSSIA"): ("CAATSA: Russia", ("caatsa",)),
    ("us-ofac", "CAR"): ("Central African Republic", ("eo-13667",)),
    ("us-ofac", "CYBER"): ("Cyber-related sanctions", ("eo-13694",)),
    ("us-ofac", "CYBER2"): ("Cyber-related sanctions (E.O. 13694 as amended)", ("eo-13694",)),
    ("us-ofac", "DARFUR"): ("Darfur", ("eo-13400",)),
    ("us-ofac", "DPRK"): ("North Korea (E.O. 13551)", ("eo-13551",)),
    ("us-ofac", "DPRK2"): ("North Korea (E.O. 13687)", ("eo-13687",)),
    ("us-ofac", "DPRK3"): ("North Korea (E.O. 13722)", ("eo-13722",)),
    ("us-ofac", "DPRK4"): ("North Korea (E.O. 13810)", ("eo-13810",)),
    ("us-ofac", "DPRK-NKSPEA"): ("North Korea (NKSPEA)", ("nkspea-2016",)),
    ("us-ofac", "DRCONGO"): ("Democratic Republic of the Congo", ("eo-13413",)),
    ("us-ofac", "FSE-IR"): ("Foreign Sanctions Evaders: Iran", ("eo-13608",)),
    ("us-ofac", "FSE-SY"): ("Foreign Sanctions Evaders: Syria", ("eo-13608",)),
    ("us-ofac", "FTO"): ("Foreign Terrorist Organizations", ("ina-219",)),
    ("us-ofac", "GLOMAG"): ("Global Magnitsky", ("eo-13818",)),
    ("us-ofac", "HRIT-IR"): ("Human rights abuses via IT: Iran", ("eo-13606",)),
    ("us-ofac", "HRIT-SY"): ("Human rights abuses via IT: Syria", ("eo-13606",)),
    ("us-ofac", "IFCA"): ("Iran Freedom and Counter-Proliferation Act", ("ifca",)),
    ("us-ofac", "IRAN-HR"): ("Iran: human rights abuses", ("eo-13553",)),
    ("us-ofac", "IRAQ2"): ("Iraq (E.O. 13315)", ("eo-13315",)),
    ("us-ofac", "IRAQ3"): ("Iraq (E.O. 13438)", ("eo-13438",)),
    ("us-ofac", "ISA"): ("Iran Sanctions Act", ("isa",)),
    ("us-ofac", "LEBANON"): ("Lebanon", ("eo-13441",)),
    ("us-ofac", "LIBYA2"): ("Libya (E.O. 13566)", ("eo-13566",)),
    ("us-ofac", "LIBYA3"): ("Libya (E.O. 13726)", ("eo-13726",)),
    ("us-ofac", "MAGNIT"): ("Magnitsky Act", ("magnitsky-act",)),
    ("us-ofac", "NICARAGUA"): ("Nicaragua", ("eo-13851",)),
    ("us-ofac", "NPWMD"): ("Non-Proliferation: Weapons of Mass Destruction", ("eo-13382",)),
    ("us-ofac", "SDGT"): ("Specially Designated Global Terrorists", ("eo-13224",)),
    ("us-ofac", "SDNT"): ("Specially Designated Narcotics Traffickers", ("eo-12978",)),
    ("us-ofac", "SDNTK"): ("Narcotics Kingpins", ("kingpin-act",)),
    ("us-ofac", "SDT"): ("Specially Designated Terrorists", ("eo-12947",)),
    ("us-ofac", "SOMALIA"): ("Somalia", ("eo-13536",)),
    ("us-ofac", "SOUTH SUDAN"): ("South Sudan", ("eo-13664",)),
    ("us-ofac", "TCO"): ("Transnational Criminal Organizations", ("eo-13581",)),
    ("us-ofac", "UKRAINE-EO13660"): ("Ukraine (E.O. 13660)", ("eo-13660",)),
    ("us-ofac", "UKRAINE-EO13661"): ("Ukraine (E.O. 13661)", ("eo-13661",)),
    ("us-ofac", "UKRAINE-EO13662"): ("Ukraine (E.O. 13662)", ("eo-13662",)),
    ("us-ofac", "UKRAINE-EO13685"): ("Ukraine: Crimea (E.O. 13685)", ("eo-13685",)),
    ("us-ofac", "VENEZUELA"): ("Venezuela (E.O. 13692)", ("eo-13692",)),
    ("us-ofac", "YEMEN"): ("Yemen", ("eo-13611",)),
    ("us-ofac", "ZIMBABWE"): ("Zimbabwe", ("eo-13288",)),
    ("un-security-council", "Al-Qaida"): ("ISIL (Da'esh) and Al-Qaida", ("unscr-1267",)),
    ("un-security-council", "CAR"): ("Central African Republic", ("unscr-2127",)),
    ("un-security-council", "DPRK"): ("Democratic People's Republic of Korea", ("unscr-1718",)),
    ("un-security-council", "DRC"): ("Democratic Republic of the Congo", ("unscr-1533",)),
    ("un-security-council", "GB"): ("Guinea-Bissau", ("unscr-2048",)),
    ("un-security-council", "Haiti"): ("Haiti", ("unscr-2653",)),
    ("un-security-council", "Iraq"): ("Iraq", ("unscr-1518",)),
    ("un-security-council", "Libya"): ("Libya", ("unscr-1970",)),
    ("un-security-council", "Somalia"): ("Somalia", ("unscr-751",)),
    ("un-security-council", "SouthSudan"): ("South Sudan", ("unscr-2206",)),
    ("un-security-council", "Sudan"): ("Sudan", ("unscr-1591",)),
    ("un-security-council", "Taliban"): ("Taliban", ("unscr-1988",)),
    ("un-security-council", "Yemen"): ("Yemen", ("unscr-2140",)),
}


@dataclass(frozen=True)
class ListInfo:
    """An official list: who issues it and what its entries' designations do."""

    agency: str  # "" for aggregators, whose entries name each issuer themselves
    measures: tuple[str, ...] = ()
    # The reference outlives the entry ID: an ID re-issued with the same reference is the
    # same entry (the UN's DATAID and reference number).
    stable_reference: bool = False


LISTS = {
    "us-ofac-sdn": ListInfo("us-ofac", ("asset-freeze", "transaction-ban")),
    "us-ofac-cons": ListInfo("us-ofac"),
    "un-consolidated": ListInfo(
        "un-security-council", ("asset-freeze", "travel-ban"), stable_reference=True
    ),
    "uk-ofsi-conlist": ListInfo("uk-ofsi", ("asset-freeze",)),
    "opensanctions": ListInfo(""),
    "eu-fsf": ListInfo("eu-council", ("asset-freeze",)),
    "uk-sanctions-list": ListInfo("uk-ofsi"),
}
