"""Country names as the lists write them, to ISO 3166-1 codes.

django-countries knows the standard English names; the lists also use inverted names
("Korea, North"), old names ("Burma"), official UN names ("Iran (Islamic Republic of)") and
adjectives ("Iraqi"). What none of these covers stays unmapped, and the import warns.
"""

import re
from functools import lru_cache

from django.utils.translation import get_language
from django_countries import countries
from django_countries.data import COUNTRIES

from ..choices import COUNTRY_CODES

# Spellings the lists use that django-countries does not know (lower case).
NAMES = {
    "korea, north": "KP",
    "north korea": "KP",
    "dprk": "KP",
    "democratic people's republic of korea": "KP",
    "korea, democratic people's republic of": "KP",
    "korea, south": "KR",
    "republic of korea": "KR",
    "burma": "MM",
    "russia": "RU",
    "the russian federation": "RU",
    "iran": "IR",
    "syria": "SY",
    "united states": "US",
    "usa": "US",
    "us": "US",
    "united kingdom": "GB",
    "uk": "GB",
    "england": "GB",
    "great britain": "GB",
    "bosnia-herzegovina": "BA",
    "bosnia": "BA",
    "congo, democratic republic of the": "CD",
    "drc": "CD",
    "democratic republic of congo": "CD",
    "congo, republic of the": "CG",
    "republic of the congo": "CG",
    "virgin islands, british": "VG",
    "british virgin islands": "VG",
    "the gambia": "GM",
    "gambia, the": "GM",
    "bahamas, the": "BS",
    "bahamas": "BS",
    "bosina-herzegovina": "BA",
    "the bahamas": "BS",
    "man, isle of": "IM",
    "isle of man": "IM",
    "west bank": "PS",
    "gaza": "PS",
    "gaza strip": "PS",
    "palestinian territories": "PS",
    "palestinian territory": "PS",
    "state of palestine": "PS",
    "cote d ivoire": "CI",
    "cote d'ivoire": "CI",
    "ivory coast": "CI",
    "the philippines": "PH",
    "phillipines": "PH",
    "st kitts and nevis": "KN",
    "st. kitts and nevis": "KN",
    "st. lucia": "LC",
    "st. vincent and the grenadines": "VC",
    "comoros islands": "KM",
    "macedonia": "MK",
    "macedonia, the former yugoslav republic of": "MK",
    "the former yugoslav republic of macedonia": "MK",
    "czech republic": "CZ",
    "swaziland": "SZ",
    "cape verde": "CV",
    "turkey": "TR",
    "vietnam": "VN",
    "laos": "LA",
    "brunei": "BN",
    "micronesia, federated states of": "FM",
    "holy see": "VA",
    "china, hong kong special administrative region": "HK",
    "hong kong, china": "HK",
    "macau": "MO",
    "taiwan": "TW",
    "east timor": "TL",
    "tanzania": "TZ",
    "sao tome and principe": "ST",
    "curacao": "CW",
}

# Adjectives of nationality ("nationality Iraqi", UK "Syrian"). Ambiguous ones
# ("Congolese", "Guinean") are left out on purpose.
DEMONYMS = {
    "afghan": "AF",
    "albanian": "AL",
    "algerian": "DZ",
    "american": "US",
    "azerbaijani": "AZ",
    "bahraini": "BH",
    "bangladeshi": "BD",
    "belarusian": "BY",
    "belgian": "BE",
    "bosnian": "BA",
    "british": "GB",
    "burmese": "MM",
    "canadian": "CA",
    "chadian": "TD",
    "chinese": "CN",
    "colombian": "CO",
    "cuban": "CU",
    "danish": "DK",
    "dutch": "NL",
    "egyptian": "EG",
    "emirati": "AE",
    "eritrean": "ER",
    "ethiopian": "ET",
    "filipino": "PH",
    "french": "FR",
    "german": "DE",
    "indian": "IN",
    "indonesian": "ID",
    "iranian": "IR",
    "iraqi": "IQ",
    "irish": "IE",
    "israeli": "IL",
    "italian": "IT",
    "jordanian": "JO",
    "kenyan": "KE",
    "kuwaiti": "KW",
    "kyrgyz": "KG",
    "lebanese": "LB",
    "libyan": "LY",
    "malaysian": "MY",
    "malian": "ML",
    "mauritanian": "MR",
    "mexican": "MX",
    "moroccan": "MA",
    "nicaraguan": "NI",
    "nigerian": "NG",
    "north korean": "KP",
    "norwegian": "NO",
    "omani": "OM",
    "pakistani": "PK",
    "palestinian": "PS",
    "panamanian": "PA",
    "qatari": "QA",
    "russian": "RU",
    "rwandan": "RW",
    "saudi": "SA",
    "saudi arabian": "SA",
    "senegalese": "SN",
    "serbian": "RS",
    "somali": "SO",
    "south sudanese": "SS",
    "spanish": "ES",
    "sudanese": "SD",
    "swedish": "SE",
    "swiss": "CH",
    "syrian": "SY",
    "tajik": "TJ",
    "tunisian": "TN",
    "turkish": "TR",
    "ugandan": "UG",
    "ukrainian": "UA",
    "uzbek": "UZ",
    "venezuelan": "VE",
    "yemeni": "YE",
    "zimbabwean": "ZW",
}

_NOISE = re.compile(r"^(the|possibly|probably)\s+", re.I)
_BRACKETS = re.compile(r"\s*\(([^)]*)\)\s*")


@lru_cache(maxsize=4096)
def country_code(text):
    """The ISO code of a country name, alternative name or adjective; "" when unknown."""
    name = " ".join(str(text or "").replace("’", "'").split()).strip(" .,;")
    if not name:
        return ""
    # A code written as one ("KP"); lower-case "na" is "not available", not Namibia.
    if len(name) == 2 and name.isupper() and name in COUNTRY_CODES:
        return name
    for candidate in _candidates(name):
        code = _lookup(candidate)
        if code:
            return code
    return ""


@lru_cache(maxsize=1)
def _index():
    """Every name known for a code, lower case: ISO names, common names, list spellings."""
    index = {str(name).lower(): code for code, name in COUNTRIES.items()}
    index.update((str(name).lower(), code) for code, name in countries)
    index.update(DEMONYMS)
    index.update(NAMES)
    return {name: code for name, code in index.items() if code in COUNTRY_CODES}


def _lookup(name):
    return _index().get(name.lower(), "")


def _candidates(name):
    """The name as written, then without notes in brackets or leading words, then its end."""
    yield name
    yield _NOISE.sub("", name)
    inside = _BRACKETS.findall(name)
    outside = _BRACKETS.sub(" ", name).strip()
    if outside != name:
        yield outside
    yield from inside
    # "Sarajevo Bosnia-Herzegovina", "Jalisco Mexico": a country at the end of a place.
    # "New Mexico" and "New Jersey" are not Mexico and Jersey.
    words = name.replace(",", " ").split()
    for start in range(1, len(words)):
        if words[start - 1].lower() != "new":
            yield " ".join(words[start:])


# Regions and towns OFAC writes places of birth with, and no country: Mexican states and
# Colombian departments (its narcotics programs), Palestinian towns; unambiguous names only.
PLACES = {
    **dict.fromkeys(
        (
            "aguascalientes", "baja california", "baja california sur", "campeche", "chiapas",
            "chihuahua", "coahuila", "colima", "distrito federal", "durango", "guanajuato",
            "guerrero", "hidalgo", "jalisco", "michoacan", "morelos", "nayarit", "nuevo leon",
            "oaxaca", "puebla", "queretaro", "quintana roo", "san luis potosi", "sinaloa",
            "sonora", "tabasco", "tamaulipas", "tlaxcala", "veracruz", "yucatan", "zacatecas",
            "guadalajara", "tijuana", "culiacan", "cuiliacan",
        ),
        "MX",
    ),
    **dict.fromkeys(
        (
            "antioquia", "valle", "valle del cauca", "cordoba", "cundinamarca", "atlantico",
            "magdalena", "cesar", "santander", "norte de santander", "boyaca", "tolima", "huila",
            "caqueta", "cauca", "narino", "putumayo", "risaralda", "caldas", "quindio", "choco",
            "la guajira", "casanare", "medellin", "cali", "bogota",
        ),
        "CO",
    ),
    **dict.fromkeys(
        (
            "khan younis", "khan yunis", "jabalia camp", "jabaliya", "jabalia", "shati",
            "hebron", "al-khalil", "bethlehem", "ramallah", "nablus", "jenin", "tulkarem",
            "tulkarim", "qalqilya", "umm tuba", "rafah", "deir al-balah",
        ),
        "PS",
    ),
    "rio de janeiro": "BR",
    "sao paulo": "BR",
    "kigali": "RW",
    "kafr al-shaykh": "EG",
    "cairo": "EG",
    "baghdad": "IQ",
    "damascus": "SY",
    "tehran": "IR",
    "pyongyang": "KP",
    "moscow": "RU",
    "jalsico": "MX",
    "baja california norte": "MX",
    "raqqah": "SY",
    "crimea": "UA",
    "donetsk region": "UA",
    "dagestan republic": "RU",
    "chechen ingush": "RU",
    "south waziristan": "PK",
    "helmand province": "AF",
    "unity state": "SS",
    "lakes state": "SS",
    "new mexico": "US",
    "kirghiz ssr": "KG",
    "south pyo'ngan province": "KP",
    "vitez": "BA",
    "vladicin han municipality": "RS",
    "drenovc": "XK",
    "kruskovo polje": "BA",
    "akale guzay (shemejena)": "ER",
}  # fmt: skip


def place_country(place):
    """The country of a place written "City, Region, Country": the shortest tail that is one.

    Tails, not single parts, because lists invert names: "Pyongyang, Korea, North". A place
    without a country is looked up among the regions and towns lists name alone (PLACES).
    """
    parts = [part.strip() for part in str(place or "").split(",") if part.strip()]
    for start in range(len(parts) - 1, -1, -1):
        code = country_code(", ".join(parts[start:]))
        if code:
            return code
    for part in map(str.lower, reversed(parts)):
        # "Nawzad District of Helmand Province": a known region may end a longer part.
        found = PLACES.get(part) or next(
            (c for k, c in PLACES.items() if part.endswith(f" {k}")), ""
        )
        if found:
            return found
    return ""


def country_name(code):
    """The standard English name of a code, for writing addresses out."""
    return _country_name(code, get_language()) if code else ""


@lru_cache(maxsize=1024)
def _country_name(code, language):
    # django-countries translates on every call: an import asks thousands of times.
    return str(countries.name(code))
