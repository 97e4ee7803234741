"""A corpus of malformed list files, generated from small valid files written here.

Each case is a format, the files (relative path → bytes) to write into a folder, the path
to import, and what the command must say: a refusal naming the file (and line) and the
problem, or, for a file that is importable with warnings, the warning. ``write`` puts a
case's files under a folder (a test's ``tmp_path``). Nothing here touches the database.
"""

import json
import re
from dataclasses import dataclass, field

COUNT = 8  # entries in every base file: enough for the mass-delisting rule to matter
LONG_ID = "9" * 150
LONG_NAME = "VERY LONG NAME " * 30  # 450 characters
FILLER = "Remarks that make the file longer than four kilobytes. " * 80


@dataclass
class Case:
    format: str
    files: dict  # relative path → bytes
    path: str  # what to give import_list, relative to the folder
    expect: tuple  # fragments of the error (or, with imports=True, of a warning)
    imports: bool = False  # legitimately importable, with warnings
    options: dict = field(default_factory=dict)

    def write(self, folder):
        for name, data in self.files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(data)
        return folder / self.path


# --- the valid base files --------------------------------------------------------------


def ofac_base():
    sdn, add, alt = [], [], []
    for n in range(1, COUNT + 1):
        uid = 1000 + n
        if n % 2:
            name, kind, remarks = f"PERSON{n}, Test", '"individual"', f"DOB 1{n} Jan 1960"
        else:
            name, kind, remarks = f"COMPANY {n} LTD.", "-0- ", "Website www.example.com"
        sdn.append(f'{uid},"{name}",{kind},"DPRK3",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"{remarks}"')
        add.append(f'{uid},{2000 + n},"Street {n}","Pyongyang","Korea, North",-0- ')
        alt.append(f'{uid},{3000 + n},"aka","ALIAS {n}",-0- ')
    comments = ['1001," and more remarks."']
    return {
        "ofac/sdn.csv": _crlf(sdn),
        "ofac/add.csv": _crlf(add),
        "ofac/alt.csv": _crlf(alt),
        "ofac/sdn_comments.csv": _crlf(comments),
    }


def _crlf(rows):
    return ("\r\n".join(rows) + "\r\n").encode()


def un_base():
    lines = ['<?xml version="1.0" encoding="UTF-8"?>']
    lines.append('<CONSOLIDATED_LIST dateGenerated="2024-03-01T00:00:00.000-04:00">')
    lines.append("<INDIVIDUALS>")
    for n in range(1, COUNT - 1):
        lines += [
            "<INDIVIDUAL>",
            f"<DATAID>{6000 + n}</DATAID>",
            "<VERSIONNUM>1</VERSIONNUM>",
            "<FIRST_NAME>PERSON</FIRST_NAME>",
            f"<SECOND_NAME>NUMBER {n}</SECOND_NAME>",
            "<UN_LIST_TYPE>DPRK</UN_LIST_TYPE>",
            f"<REFERENCE_NUMBER>KPi.{900 + n}</REFERENCE_NUMBER>",
            "<LISTED_ON>2017-06-02</LISTED_ON>",
            f"<COMMENTS1>{FILLER[:300]}</COMMENTS1>",
            "<NATIONALITY><VALUE>Democratic People's Republic of Korea</VALUE></NATIONALITY>",
            "<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY>",
            f"<ALIAS_NAME>Alias {n}</ALIAS_NAME></INDIVIDUAL_ALIAS>",
            "<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE>",
            f"<DATE>1960-01-0{n}</DATE></INDIVIDUAL_DATE_OF_BIRTH>",
            "</INDIVIDUAL>",
        ]
    lines += ["</INDIVIDUALS>", "<ENTITIES>"]
    for n in range(COUNT - 1, COUNT + 1):
        lines += [
            "<ENTITY>",
            f"<DATAID>{6000 + n}</DATAID>",
            f"<FIRST_NAME>TRADING COMPANY {n}</FIRST_NAME>",
            "<UN_LIST_TYPE>DPRK</UN_LIST_TYPE>",
            f"<REFERENCE_NUMBER>KPe.{900 + n}</REFERENCE_NUMBER>",
            "<LISTED_ON>2009-04-24</LISTED_ON>",
            "</ENTITY>",
        ]
    lines += ["</ENTITIES>", "</CONSOLIDATED_LIST>"]
    return {"un.xml": "\n".join(lines).encode() + b"\n"}


UK_HEADER = (
    "Name 6,Name 1,Name 2,Name 3,Name 4,Name 5,Title,DOB,Town of Birth,Country of Birth,"
    "Nationality,Passport Details,NI Number,Position,Address 1,Address 2,Address 3,Address 4,"
    "Address 5,Address 6,Post/Zip Code,Country,Other Information,Group Type,Alias Type,Regime,"
    "Listed On,Last Updated,Group ID"
)


def uk_row(group, name, alias_type="Prime Alias", dob="01/02/1960", group_type="Individual"):
    cells = [name, "Test", "", "", "", "", "", dob, "Pyongyang", "North Korea", "North Korean"]
    cells += ["", "", "Director", "Street 1", "", "", "", "", "", "", "North Korea"]
    cells += [f'"{FILLER[:200]}"', group_type, alias_type, "Democratic People's Republic of Korea"]
    cells += ["02/06/2017", "17/02/2020", str(group)]
    return ",".join(cells)


def uk_base():
    rows = ["Last Updated,17/02/2020", UK_HEADER]
    for n in range(1, COUNT + 1):
        rows.append(uk_row(13000 + n, f"PERSON{n}"))
        if n % 2:
            rows.append(uk_row(13000 + n, f"OTHERNAME{n}", alias_type="AKA"))
    return {"ConList.csv": ("\n".join(rows) + "\n").encode("cp1252")}


def ftm_entity(n, **changes):
    entity = {
        "id": f"NK-test{n}",
        "caption": f"Person Number {n}",
        "schema": "Person",
        "properties": {
            "name": [f"Person Number {n}"],
            "birthDate": [f"1960-01-0{n}"],
            "nationality": ["kp"],
            "notes": [FILLER[:600]],
            "topics": ["sanction"],
        },
        "referents": [],
        "datasets": ["eu_fsf"],
    }
    entity.update(changes)
    return entity


def ftm_lines(records):
    return "".join(json.dumps(record) + "\n" for record in records).encode()


def ftm_base():
    return {"entities.ftm.json": ftm_lines([ftm_entity(n) for n in range(1, COUNT + 1)])}


OFAC_XML_REFERENCES = (
    "<ReferenceValueSets>"
    '<AliasTypeValues><AliasType ID="1403">Name</AliasType></AliasTypeValues>'
    '<CountryValues><Country ID="11121" ISO2="KP">Korea, North</Country></CountryValues>'
    '<FeatureTypeValues><FeatureType ID="8">Birthdate</FeatureType>'
    '<FeatureType ID="14">Website</FeatureType></FeatureTypeValues>'
    '<EntryEventTypeValues><EntryEventType ID="1">Created</EntryEventType></EntryEventTypeValues>'
    '<IDRegDocTypeValues><IDRegDocType ID="1571">Passport</IDRegDocType></IDRegDocTypeValues>'
    '<LegalBasisValues><LegalBasis ID="91" LegalBasisShortRef="Executive Order 13722 (North Korea)"'
    ' SanctionsProgramID="1">Executive Order 13722 (North Korea)</LegalBasis></LegalBasisValues>'
    '<ListValues><List ID="1550">SDN List</List></ListValues>'
    '<NamePartTypeValues><NamePartType ID="1520">Last Name</NamePartType>'
    '<NamePartType ID="1521">First Name</NamePartType>'
    '<NamePartType ID="1525">Entity Name</NamePartType></NamePartTypeValues>'
    '<PartySubTypeValues><PartySubType ID="3" PartyTypeID="2">Unknown</PartySubType>'
    '<PartySubType ID="4" PartyTypeID="1">Unknown</PartySubType></PartySubTypeValues>'
    '<PartyTypeValues><PartyType ID="1">Individual</PartyType>'
    '<PartyType ID="2">Entity</PartyType></PartyTypeValues>'
    '<SanctionsTypeValues><SanctionsType ID="1">Program</SanctionsType>'
    '<SanctionsType ID="1705">Block</SanctionsType></SanctionsTypeValues>'
    "</ReferenceValueSets>"
)


def _ofac_xml_party(n):
    uid = 5000 + n
    if n % 2:
        subtype, parts = 4, ((1520, f"PERSON{n}"), (1521, "Test"))
        feature = (
            f'<Feature ID="{uid}" FeatureTypeID="8"><FeatureVersion ID="{uid}"><DatePeriod>'
            f"<Start><From><Year>1960</Year><Month>1</Month><Day>{n}</Day></From></Start>"
            f"<End><To><Year>1960</Year><Month>1</Month><Day>{n}</Day></To></End>"
            "</DatePeriod></FeatureVersion></Feature>"
        )
    else:
        subtype, parts = 3, ((1525, f"COMPANY {n} LTD."),)
        feature = (
            f'<Feature ID="{uid}" FeatureTypeID="14"><FeatureVersion ID="{uid}">'
            "<VersionDetail>www.example.com</VersionDetail></FeatureVersion></Feature>"
        )
    names = "".join(
        f'<DocumentedNamePart><NamePartValue NamePartGroupID="{uid}{t}">{v}</NamePartValue>'
        "</DocumentedNamePart>"
        for t, v in parts
    )
    groups = "".join(
        f'<MasterNamePartGroup><NamePartGroup ID="{uid}{t}" NamePartTypeID="{t}"/>'
        "</MasterNamePartGroup>"
        for t, _ in parts
    )
    return (
        f'<DistinctParty FixedRef="{uid}"><Comment/><Profile ID="{uid}" PartySubTypeID="{subtype}">'
        f'<Identity ID="{uid}"><Alias AliasTypeID="1403" Primary="true" LowQuality="false">'
        f"<DocumentedName>{names}</DocumentedName></Alias>"
        f"<NamePartGroups>{groups}</NamePartGroups></Identity>{feature}</Profile></DistinctParty>\n"
    )


def _ofac_xml_entry(n):
    uid = 5000 + n
    return (
        f'<SanctionsEntry ID="{uid}" ProfileID="{uid}" ListID="1550">'
        f'<EntryEvent ID="{uid}" EntryEventTypeID="1" LegalBasisID="91"><Comment/>'
        "<Date><Year>2016</Year><Month>3</Month><Day>16</Day></Date></EntryEvent>"
        f'<SanctionsMeasure ID="{uid}" SanctionsTypeID="1705"/>'
        f'<SanctionsMeasure ID="{uid}1" SanctionsTypeID="1"><Comment>DPRK3</Comment>'
        "</SanctionsMeasure></SanctionsEntry>\n"
    )


def ofac_xml_base():
    numbers = range(1, COUNT + 1)
    text = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<Sanctions xmlns="http://www.un.org/sanctions/1.0">\n'
        "<DateOfIssue><Year>2021</Year><Month>6</Month><Day>1</Day></DateOfIssue>\n"
        f"{OFAC_XML_REFERENCES}\n<Locations/>\n"
        '<IDRegDocuments><IDRegDocument ID="1" IDRegDocTypeID="1571" IdentityID="5001"'
        ' IssuedBy-CountryID="11121"><IDRegistrationNo>P123</IDRegistrationNo></IDRegDocument>'
        "</IDRegDocuments>\n"
        f"<DistinctParties>\n{''.join(map(_ofac_xml_party, numbers))}</DistinctParties>\n"
        "<ProfileRelationships/>\n"
        f"<SanctionsEntries>\n{''.join(map(_ofac_xml_entry, numbers))}</SanctionsEntries>\n"
        f"<!-- {FILLER} -->\n</Sanctions>\n"
    )
    return {"sdn_advanced.xml": text.encode()}


BASES = {"ofac-csv": ofac_base, "un-xml": un_base, "uk-ofsi-csv": uk_base, "ftm": ftm_base}
BASES["ofac-xml"] = ofac_xml_base
BASE_PATHS = {"ofac-csv": "ofac", "un-xml": "un.xml", "uk-ofsi-csv": "ConList.csv"}
BASE_PATHS["ofac-xml"] = "sdn_advanced.xml"
BASE_PATHS["ftm"] = "entities.ftm.json"


# --- changes to a base ---------------------------------------------------------------------


def replaced(files, name, old, new, count=1):
    data = files[name]
    assert old in data, (name, old)
    return {**files, name: data.replace(old, new, count)}


def _case(format, change, expect, imports=False, **options):
    files = change(BASES[format]())
    return Case(format, files, BASE_PATHS[format], expect, imports, options)


def ofac(change, *expect, imports=False):
    return _case("ofac-csv", change, expect, imports)


def un(change, *expect, imports=False):
    return _case("un-xml", change, expect, imports)


def uk(change, *expect, imports=False):
    return _case("uk-ofsi-csv", change, expect, imports)


def ftm(change, *expect, imports=False):
    return _case("ftm", change, expect, imports)


def ofac_xml(change, *expect, imports=False):
    return _case("ofac-xml", change, expect, imports)


def ofac_first(count):
    """The first ``count`` entries of the OFAC base, with their addresses and aliases."""
    return lambda files: {
        name: b"".join(data.splitlines(keepends=True)[:count]) for name, data in files.items()
    }


def set_file(name, data):
    return lambda files: {**files, name: data}


def cut(name, size):
    return lambda files: {**files, name: files[name][:size]}


def keep_lines(name, count):
    def change(files):
        return {**files, name: b"".join(files[name].splitlines(keepends=True)[:count])}

    return change


def swap(name, old, new, count=1):
    return lambda files: replaced(files, name, old, new, count)


def append(name, data):
    return lambda files: {**files, name: files[name] + data}


HTML = (
    b"<!DOCTYPE html>\n<html><head><title>503 Service Unavailable</title></head>\n"
    b"<body><h1>Service Unavailable</h1><p>Try again later.</p></body></html>\n"
)
BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    + b"".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">\n'.encode()
        for n in range(1, 10)
    )
    + b"]>\n<CONSOLIDATED_LIST>&lol9;</CONSOLIDATED_LIST>\n"
)
EXTERNAL_ENTITY = (
    b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    b"<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID>"
    b"<FIRST_NAME>&xxe;</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>\n"
)
PARAMETER_ENTITY = (
    b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY % ext SYSTEM "http://127.0.0.1:9/x.dtd"> '
    b"%ext;]>\n<CONSOLIDATED_LIST/>\n"
)


def _ofac_nul_late(files):
    long_row = f'1009,"LATE ENTRY",-0- ,"DPRK3",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"{FILLER}'
    data = files["ofac/sdn.csv"] + long_row.encode() + b'\x00 end"\r\n'
    return {**files, "ofac/sdn.csv": data}


def _empty_all_ofac(files):
    return dict.fromkeys(files, b"")


OFAC_CASES = {
    "ofac-empty-sdn": ofac(set_file("ofac/sdn.csv", b""), "sdn.csv: the file is empty"),
    "ofac-empty-add": ofac(set_file("ofac/add.csv", b""), "add.csv: the file is empty"),
    "ofac-empty-alt": ofac(set_file("ofac/alt.csv", b""), "alt.csv: the file is empty"),
    "ofac-all-four-empty": ofac(_empty_all_ofac, "sdn.csv: the file is empty"),
    "ofac-blank-lines-only": ofac(set_file("ofac/sdn.csv", b"\r\n\r\n\x1a"), "sdn.csv: the file"),
    "ofac-empty-comments": ofac(set_file("ofac/sdn_comments.csv", b""), imports=True),
    "ofac-truncated-rows": ofac(ofac_first(2), "sdn.csv", "would delist 6 of the 8 listed entries"),
    "ofac-truncated-in-cell": ofac(
        lambda f: {**f, "ofac/sdn.csv": f["ofac/sdn.csv"][: f["ofac/sdn.csv"].index(b"Website")]},
        "sdn.csv line 2: malformed CSV",
    ),
    "ofac-nul-after-4k": ofac(_ofac_nul_late, "sdn.csv line 9: a NUL (0x00) byte"),
    "ofac-nul-at-start": ofac(
        swap("ofac/sdn.csv", b"PERSON1", b"PERS\x00N1"), "sdn.csv: unexpected encoding"
    ),
    "ofac-utf16": ofac(
        lambda f: {**f, "ofac/sdn.csv": f["ofac/sdn.csv"].decode().encode("utf-16")},
        "sdn.csv: unexpected encoding: UTF-16",
    ),
    "ofac-not-windows-1252": ofac(
        swap("ofac/alt.csv", b"ALIAS 3", b"ALI\x81S 3"), "alt.csv line 3: unexpected encoding"
    ),
    "ofac-missing-column": ofac(
        swap("ofac/sdn.csv", b'"DPRK3",-0- ,', b'"DPRK3",'), "sdn.csv line 1: expected 12"
    ),
    "ofac-extra-column": ofac(
        swap("ofac/add.csv", b"-0- \r\n", b"-0- ,x\r\n"), "add.csv line 1: expected 6 columns"
    ),
    "ofac-header-row": ofac(
        lambda f: {
            **f,
            "ofac/alt.csv": b"ent_num,alt_num,alt_type,alt_name,alt_remarks\r\n"
            + f["ofac/alt.csv"],
        },
        "alt.csv line 1: ent_num 'ent_num' is not a number",
    ),
    "ofac-duplicate-uid": ofac(swap("ofac/sdn.csv", b"1002,", b"1001,"), "sdn.csv line 2"),
    "ofac-uid-150-digits": ofac(
        lambda f: replaced(
            replaced(
                replaced(f, "ofac/sdn.csv", b"1001,", LONG_ID.encode() + b","),
                "ofac/add.csv",
                b"1001,",
                LONG_ID.encode() + b",",
            ),
            "ofac/alt.csv",
            b"1001,",
            LONG_ID.encode() + b",",
        ),
        "sdn.csv line 1",
        "entry ID of 150 characters",
    ),
    "ofac-html-error-page": ofac(set_file("ofac/sdn.csv", HTML), "sdn.csv line 1"),
    "ofac-alias-of-no-entry": ofac(
        swap("ofac/alt.csv", b"1003,", b"9999,"), "alt.csv line 3: ent_num 9999 is not in"
    ),
    "ofac-unknown-type": ofac(
        swap("ofac/sdn.csv", b'"individual"', b'"submarine"'), "sdn.csv line 1: SDN_Type"
    ),
    "ofac-ctrl-z-inside": ofac(
        swap("ofac/add.csv", b"Street 4", b"Str\x1aeet 4"), "add.csv line 4: a Ctrl-Z"
    ),
    "ofac-missing-alt-file": ofac(
        lambda f: {k: v for k, v in f.items() if k != "ofac/alt.csv"}, "alt.csv: missing"
    ),
    "ofac-no-program": ofac(
        swap("ofac/sdn.csv", b'"DPRK3"', b"-0- "), "sdn.csv line 1: no program"
    ),
    "ofac-stray-quote": ofac(
        swap("ofac/sdn.csv", b'"PERSON3, Test"', b'"PERSON3, "Test"'), "sdn.csv line 3: malformed"
    ),
    "ofac-impossible-dob": ofac(
        swap("ofac/sdn.csv", b"DOB 13 Jan 1960", b"DOB 31 Feb 1960"),
        "sdn.csv line 3: DOB '31 Feb 1960' not understood",
        imports=True,
    ),
    "ofac-long-name": ofac(
        swap("ofac/sdn.csv", b'"COMPANY 2 LTD."', f'"{LONG_NAME}"'.encode()),
        "sdn.csv line 2: name of 449 characters cut to 300",
        imports=True,
    ),
    "ofac-long-alias": ofac(
        swap("ofac/alt.csv", b'"ALIAS 2"', f'"{LONG_NAME}"'.encode()),
        "sdn.csv line 2: alias name of 449 characters cut to 300",
        imports=True,
    ),
}


def _un_records_removed(files):
    data = files["un.xml"]
    start = data.index(b"<INDIVIDUAL>")
    end = data.index(b"</INDIVIDUAL>", data.index(b"<DATAID>6006")) + len(b"</INDIVIDUAL>")
    return {"un.xml": data[:start] + data[end:]}


UN_CASES = {
    "un-empty": un(set_file("un.xml", b""), "un.xml: the file is empty"),
    "un-truncated": un(cut("un.xml", 2000), "un.xml line", "malformed XML"),
    "un-unclosed-tag": un(
        swap("un.xml", b"<FIRST_NAME>PERSON</FIRST_NAME>", b"<FIRST_NAME>PERSON"),
        "un.xml line 18, column 2: malformed XML (mismatched tag",
    ),
    "un-billion-laughs": un(set_file("un.xml", BILLION_LAUGHS), "un.xml: refused"),
    "un-external-entity": un(set_file("un.xml", EXTERNAL_ENTITY), "un.xml: refused"),
    "un-parameter-entity": un(set_file("un.xml", PARAMETER_ENTITY), "un.xml: refused"),
    "un-wrong-root": un(
        lambda f: {"un.xml": f["un.xml"].replace(b"CONSOLIDATED_LIST", b"SANCTIONS")},
        "un.xml line 1: root element is SANCTIONS",
    ),
    "un-no-records": un(
        set_file("un.xml", b'<CONSOLIDATED_LIST dateGenerated="2024-03-01"/>'),
        "un.xml: no INDIVIDUAL or ENTITY elements",
    ),
    "un-duplicate-dataid": un(
        swap("un.xml", b"<DATAID>6002</DATAID>", b"<DATAID>6001</DATAID>"),
        "un.xml line 19",
        "DATAID 6001 repeated (first at un.xml line 4)",
    ),
    "un-dataid-150-digits": un(
        swap("un.xml", b"<DATAID>6003</DATAID>", f"<DATAID>{LONG_ID}</DATAID>".encode()),
        "un.xml line 34",
        "entry ID of 150 characters",
    ),
    "un-missing-dataid": un(
        swap("un.xml", b"<DATAID>6007</DATAID>", b""),
        "un.xml line",
        "DATAID is missing or not a number",
    ),
    "un-empty-name": un(
        swap("un.xml", b"<FIRST_NAME>TRADING COMPANY 8</FIRST_NAME>", b"<FIRST_NAME/>"),
        "DATAID 6008: FIRST_NAME is empty",
    ),
    "un-bad-listed-on": un(
        swap("un.xml", b"<LISTED_ON>2009-04-24</LISTED_ON>", b"<LISTED_ON>2009-13-45</LISTED_ON>"),
        "LISTED_ON '2009-13-45' is not a date",
    ),
    "un-impossible-dob": un(
        swap("un.xml", b"<DATE>1960-01-02</DATE>", b"<DATE>1960-02-31</DATE>"),
        "un.xml line 31: date of birth '1960-02-31' not understood",
        imports=True,
    ),
    "un-nul-after-4k": un(
        swap("un.xml", b"<FIRST_NAME>TRADING", b"<FIRST_NAME>TRA\x00DING"),
        "un.xml line 98: a NUL (0x00) byte",
    ),
    "un-html-page": un(set_file("un.xml", HTML), "un.xml: refused"),
    "un-latin1-in-utf8": un(
        swap("un.xml", b"Alias 3", b"Ali\xe4s 3"), "un.xml line 45", "malformed XML"
    ),
    "un-bad-date-generated": un(
        swap("un.xml", b'dateGenerated="2024-03-01T', b'dateGenerated="yesterday'),
        "dateGenerated 'yesterday",
    ),
    "un-utf16": un(
        lambda f: {"un.xml": f["un.xml"].decode().encode("utf-16")}, "un.xml: unexpected encoding"
    ),
    "un-invalid-character-reference": un(
        swap("un.xml", b"Alias 4", b"Alias &#0;4"), "un.xml line 60", "malformed XML"
    ),
    "un-most-records-gone": un(_un_records_removed, "un.xml", "would delist 6 of the 8"),
    "un-long-alias": un(
        swap("un.xml", b"Alias 5", LONG_NAME.encode()),
        imports=True,
    ),
}


def _uk_rows_without(files, groups):
    lines = files["ConList.csv"].splitlines(keepends=True)
    kept = [line for line in lines if not any(f",{g}\n".encode() in line for g in groups)]
    return {"ConList.csv": b"".join(kept)}


UK_CASES = {
    "uk-empty": uk(set_file("ConList.csv", b""), "ConList.csv: the file is empty"),
    "uk-only-date-line": uk(keep_lines("ConList.csv", 1), "ConList.csv: no header row"),
    "uk-header-only": uk(keep_lines("ConList.csv", 2), "ConList.csv: no data rows"),
    "uk-wrong-header": uk(
        swap("ConList.csv", b"Regime,", b"Regime Name,"),
        "ConList.csv line 2: not the OFSI ConList layout",
    ),
    "uk-missing-column": uk(
        swap("ConList.csv", b",Director,", b","), "ConList.csv line 3: expected 29 columns"
    ),
    "uk-extra-column": uk(
        swap("ConList.csv", b",13002\n", b",13002,x\n"), "ConList.csv line 5: expected 29"
    ),
    "uk-nul-after-4k": uk(
        swap("ConList.csv", b"PERSON8", b"PERS\x00N8"), "ConList.csv line 14: a NUL (0x00) byte"
    ),
    "uk-utf16": uk(
        lambda f: {"ConList.csv": f["ConList.csv"].decode("cp1252").encode("utf-16")},
        "ConList.csv: unexpected encoding: UTF-16",
    ),
    "uk-undefined-byte": uk(
        swap("ConList.csv", b"PERSON2", b"PERS\x81N2"), "ConList.csv line 5", "not Windows-1252"
    ),
    "uk-group-id-150-digits": uk(
        swap("ConList.csv", b",13004\n", f",{LONG_ID}\n".encode()),
        "ConList.csv line 8",
        "entry ID of 150 characters",
    ),
    "uk-group-id-not-number": uk(
        swap("ConList.csv", b",13004\n", b",G13004\n"), "ConList.csv line 8: Group ID 'G13004'"
    ),
    "uk-bad-listed-on": uk(
        swap("ConList.csv", b"02/06/2017", b"31/02/2017"),
        "ConList.csv line 3: '31/02/2017' is not a dd/mm/yyyy date",
    ),
    "uk-bad-last-updated": uk(
        swap("ConList.csv", b"Last Updated,17/02/2020", b"Last Updated,yesterday"),
        "ConList.csv line 1: 'yesterday' is not a dd/mm/yyyy date",
    ),
    "uk-impossible-dob": uk(
        swap("ConList.csv", b"01/02/1960", b"31/02/1960"),
        "ConList.csv line 3: date of birth '31/02/1960' not understood",
        imports=True,
    ),
    "uk-unknown-group-type": uk(
        swap("ConList.csv", b",Individual,Prime Alias,", b",Alien,Prime Alias,"),
        "ConList.csv line 3: Group Type 'Alien'",
    ),
    "uk-html-page": uk(set_file("ConList.csv", HTML), "ConList.csv line 1: not the OFSI"),
    "uk-truncated-groups": uk(
        lambda f: _uk_rows_without(f, range(13003, 13009)),
        "ConList.csv",
        "would delist 6 of the 8",
    ),
    "uk-truncated-in-cell": uk(
        lambda f: {"ConList.csv": f["ConList.csv"][: f["ConList.csv"].index(b"Remarks") + 9]},
        "ConList.csv line 3: malformed CSV",
    ),
}


def _ftm_with(*records):
    return set_file("entities.ftm.json", ftm_lines(records))


def _ftm_base_plus(text):
    return lambda f: {"entities.ftm.json": f["entities.ftm.json"] + text}


def _ftm_base_entities(**changes_of_first):
    return [ftm_entity(1, **changes_of_first)] + [ftm_entity(n) for n in range(2, COUNT + 1)]


def _ftm_name(name):
    entity = ftm_entity(3)
    entity["properties"]["name"] = [name]
    entity["caption"] = name
    return [ftm_entity(n) for n in (1, 2)] + [entity] + [ftm_entity(n) for n in range(4, 9)]


def _ftm_impossible_birth_date():
    entity = ftm_entity(2)
    entity["properties"]["birthDate"] = ["1960-02-31"]
    return [ftm_entity(1), entity] + [ftm_entity(n) for n in range(3, COUNT + 1)]


def _ftm_deltas(delta, index=b'{"versions": {"20240527194702-wnk": "x"}}'):
    return lambda f: {
        **f,
        "deltas/delta.json": index,
        "deltas/20240527194702-wnk/entities.delta.json": delta,
    }


FTM_CASES = {
    "ftm-empty": ftm(set_file("entities.ftm.json", b""), "entities.ftm.json: empty file"),
    "ftm-cut-line": ftm(
        lambda f: {
            "entities.ftm.json": f["entities.ftm.json"][: f["entities.ftm.json"].index(b"NK-test3")]
        },
        "entities.ftm.json line 3: not JSON",
    ),
    "ftm-array-line": ftm(_ftm_base_plus(b"[1, 2]\n"), "entities.ftm.json line 9: not a JSON"),
    "ftm-string-line": ftm(_ftm_base_plus(b'"NK-x"\n'), "entities.ftm.json line 9: not a JSON"),
    "ftm-no-id": ftm(
        _ftm_base_plus(b'{"schema": "Person", "properties": {}}\n'),
        "entities.ftm.json line 9: not an FtM entity",
    ),
    "ftm-property-not-list": ftm(
        _ftm_base_plus(b'{"id": "NK-x", "schema": "Person", "properties": {"name": "X"}}\n'),
        "entities.ftm.json line 9: not an FtM entity",
    ),
    "ftm-duplicate-id": ftm(
        _ftm_with(*[ftm_entity(n) for n in range(1, COUNT + 1)], ftm_entity(3)),
        "entities.ftm.json line 9: id 'NK-test3' repeated (first on line 3)",
    ),
    "ftm-id-150-characters": ftm(
        _ftm_with(*_ftm_base_entities(id="NK-" + LONG_ID)),
        "entities.ftm.json line 1",
        "entry ID of 153 characters",
    ),
    "ftm-nul-escape": ftm(
        _ftm_with(*_ftm_name("Nul\x00Name")), "entities.ftm.json line 3", "NUL character"
    ),
    "ftm-lone-surrogate": ftm(
        _ftm_with(*_ftm_name("Bad\ud800Name")), "entities.ftm.json line 3", "not valid Unicode"
    ),
    "ftm-impossible-birth-date": ftm(
        _ftm_with(*_ftm_impossible_birth_date()),
        "entities.ftm.json line 2: date of birth '1960-02-31' not understood",
        imports=True,
    ),
    "ftm-long-name": ftm(_ftm_with(*_ftm_name(LONG_NAME)), imports=True),
    "ftm-html-page": ftm(set_file("entities.ftm.json", HTML), "entities.ftm.json line 1: not"),
    "ftm-nul-byte-after-4k": ftm(
        _ftm_base_plus(b'{"id": "NK-\x00"}\n'), "entities.ftm.json line 9: a NUL (0x00) byte"
    ),
    "ftm-latin1": ftm(
        swap("entities.ftm.json", b"Person Number 4", b"P\xe9rson Number 4"),
        "entities.ftm.json line 4: unexpected encoding",
    ),
    "ftm-only-addresses": ftm(
        _ftm_with({"id": "addr-1", "schema": "Address", "properties": {"full": ["Pyongyang"]}}),
        "entities.ftm.json",
        "finds 0 entries and would delist 8",
    ),
    "ftm-truncated-to-two": ftm(
        keep_lines("entities.ftm.json", 2), "entities.ftm.json", "would delist 6 of the 8"
    ),
    "ftm-delta-unknown-op": ftm(
        set_file(
            "entities.ftm.json",
            ftm_lines([{"op": "UPSERT", "entity": ftm_entity(1)}]),
        ),
        "entities.ftm.json line 1: op 'UPSERT' is not ADD, MOD or DEL",
    ),
    "ftm-delta-mixed": ftm(
        set_file(
            "entities.ftm.json",
            ftm_lines([{"op": "ADD", "entity": ftm_entity(9)}]) + ftm_lines([ftm_entity(10)]),
        ),
        "entities.ftm.json line 2: mixes delta operations and entities",
    ),
    "ftm-delta-entity-not-object": ftm(
        set_file("entities.ftm.json", ftm_lines([{"op": "ADD", "entity": ["NK-x"]}])),
        "entities.ftm.json line 1: no entity object",
    ),
    "ftm-delta-duplicate-id": ftm(
        set_file(
            "entities.ftm.json",
            ftm_lines(
                [{"op": "MOD", "entity": ftm_entity(1)}, {"op": "DEL", "entity": ftm_entity(1)}]
            ),
        ),
        "entities.ftm.json line 2: id 'NK-test1' repeated",
    ),
    "ftm-bad-delta-index": ftm(
        lambda f: {
            **_ftm_deltas(ftm_lines([{"op": "ADD", "entity": ftm_entity(9)}]), b"<html>")(f)
        },
        "delta.json: not a delta.json index",
    ),
}
FTM_CASES["ftm-bad-delta-index"].path = "deltas"

X = "sdn_advanced.xml"
OFAC_XML_CASES = {
    "ofac-xml-empty": ofac_xml(set_file(X, b""), f"{X}: the file is empty"),
    "ofac-xml-truncated": ofac_xml(cut(X, 3000), f"{X} line", "malformed XML"),
    "ofac-xml-unclosed-tag": ofac_xml(
        swap(X, b"<Comment>DPRK3</Comment>", b"<Comment>DPRK3"), f"{X} line", "mismatched tag"
    ),
    "ofac-xml-billion-laughs": ofac_xml(set_file(X, BILLION_LAUGHS), f"{X}: refused: a DTD"),
    "ofac-xml-external-entity": ofac_xml(set_file(X, EXTERNAL_ENTITY), f"{X}: refused: a DTD"),
    "ofac-xml-parameter-entity": ofac_xml(set_file(X, PARAMETER_ENTITY), f"{X}: refused"),
    "ofac-xml-html-page": ofac_xml(set_file(X, HTML), f"{X}: refused"),
    "ofac-xml-wrong-root": ofac_xml(
        lambda f: {
            X: f[X].replace(b"<Sanctions ", b"<Other ").replace(b"</Sanctions>", b"</Other>")
        },
        f"{X} line 1: root element is Other, not Sanctions",
    ),
    "ofac-xml-utf16": ofac_xml(
        lambda f: {X: f[X].decode().encode("utf-16")}, f"{X}: unexpected encoding: UTF-16"
    ),
    "ofac-xml-unknown-feature-type": ofac_xml(
        swap(X, b'FeatureTypeID="14"', b'FeatureTypeID="77"'),
        "Feature ID=5002 FeatureTypeID=77: FeatureTypeID 77 is not in "
        "ReferenceValueSets/FeatureTypeValues",
    ),
    "ofac-xml-missing-fixed-ref": ofac_xml(
        swap(X, b'<DistinctParty FixedRef="5003">', b"<DistinctParty>"),
        "DistinctParty",
        "FixedRef is missing or not a number",
    ),
    "ofac-xml-no-program": ofac_xml(
        swap(X, b"<Comment>DPRK3</Comment>", b"<Comment/>"),
        "DistinctParty FixedRef=5001: no program",
    ),
    "ofac-xml-bad-date": ofac_xml(
        swap(X, b"<Month>3</Month><Day>16</Day>", b"<Month>13</Month><Day>16</Day>"),
        "Date",
        "Year, Month and Day are not a date",
    ),
    "ofac-xml-no-parties": ofac_xml(
        lambda f: {X: re.sub(rb"<DistinctParty .*?</DistinctParty>\n", b"", f[X])},
        f"{X}: no DistinctParty elements",
    ),
    "ofac-xml-repeated-uid": ofac_xml(
        swap(X, b'<DistinctParty FixedRef="5004">', b'<DistinctParty FixedRef="5003">'),
        "entry ID 5003 repeated",
    ),
    "ofac-xml-two-files": Case(
        "ofac-xml",
        {**ofac_xml_base(), "cons_advanced.xml": ofac_xml_base()[X]},
        ".",
        ("give one XML file",),
    ),
    "ofac-xml-unknown-measure": ofac_xml(
        lambda f: {
            X: f[X]
            .replace(
                b"</SanctionsTypeValues>",
                b'<SanctionsType ID="9">Quarantine</SanctionsType></SanctionsTypeValues>',
            )
            .replace(b'SanctionsTypeID="1705"', b'SanctionsTypeID="9"', 1)
        },
        "sanctions type 'Quarantine' is no known measure",
        imports=True,
    ),
}


CORPUS = {**OFAC_CASES, **UN_CASES, **UK_CASES, **FTM_CASES, **OFAC_XML_CASES}


# --- EU Financial Sanctions Files (eu-fsf-xml) -----------------------------------------------

EU_NAMESPACE = "http://eu.europa.ec/fpi/fsd/export"


def eu_entity(n):
    kind = ("person", "P") if n % 2 else ("enterprise", "E")
    return "\n".join(
        [
            f'<sanctionEntity euReferenceNumber="EU.{n}.1" logicalId="{7000 + n}" '
            f'unitedNationId="" designationDate="2017-06-0{n}">',
            f"<remark>{FILLER[:120]}</remark>",
            '<regulation regulationType="regulation" organisationType="council" '
            'publicationDate="2017-08-30" entryIntoForceDate="2017-08-31" '
            f'numberTitle="2017/1509 (OJ L224)" programme="PRK" logicalId="{8000 + n}">',
            "<publicationUrl>https://eur-lex.europa.eu/eli/reg/2017/1509/oj</publicationUrl>",
            "</regulation>",
            f'<subjectType code="{kind[0]}" classificationCode="{kind[1]}"/>',
            f'<nameAlias wholeName="Test Name {n}" strong="true" regulationLanguage="en" '
            f'logicalId="{9000 + n}"/>',
            f'<nameAlias wholeName="Other Name {n}" strong="false" regulationLanguage="en" '
            f'logicalId="{9100 + n}"/>',
            f'<birthdate circa="false" calendarType="GREGORIAN" birthdate="1960-01-0{n}" '
            'countryIso2Code="KP" countryDescription="NORTH KOREA" regulationLanguage="en" '
            f'logicalId="{9200 + n}"/>',
            "</sanctionEntity>",
        ]
    )


def eu_base():
    lines = ['<?xml version="1.0" encoding="UTF-8"?>']
    lines.append(
        f'<export xmlns="{EU_NAMESPACE}" generationDate="2024-03-04T18:09:12.000+01:00" '
        'globalFileId="1">'
    )
    lines += [eu_entity(n) for n in range(1, COUNT + 1)]
    lines.append("</export>")
    return {"export.xml": "\n".join(lines).encode() + b"\n"}


BASES["eu-fsf-xml"] = eu_base
BASE_PATHS["eu-fsf-xml"] = "export.xml"


def eu(change, *expect, imports=False):
    return _case("eu-fsf-xml", change, expect, imports)


def _eu_first(count):
    def change(files):
        text = files["export.xml"].decode()
        end = text.index(f'logicalId="{7000 + count + 1}"')
        end = text.rindex("<sanctionEntity", 0, end)
        return {"export.xml": (text[:end] + "</export>\n").encode()}

    return change


def _eu_without_regulation(files):
    data = files["export.xml"]
    start, end = data.index(b"<regulation"), data.index(b"</regulation>") + len(b"</regulation>")
    return {"export.xml": data[:start] + data[end:]}


EU_CASES = {
    "eu-empty": eu(set_file("export.xml", b""), "export.xml: the file is empty"),
    "eu-blank": eu(set_file("export.xml", b"\n  \n"), "export.xml: the file is empty"),
    "eu-truncated": eu(cut("export.xml", 3000), "export.xml line", "malformed XML"),
    "eu-unclosed-tag": eu(
        swap("export.xml", b"</regulation>", b""), "export.xml line", "malformed XML (mismatched"
    ),
    "eu-html-page": eu(set_file("export.xml", HTML), "export.xml: refused"),
    "eu-billion-laughs": eu(set_file("export.xml", BILLION_LAUGHS), "export.xml: refused"),
    "eu-external-entity": eu(set_file("export.xml", EXTERNAL_ENTITY), "export.xml: refused"),
    "eu-wrong-root": eu(
        lambda f: {"export.xml": f["export.xml"].replace(b"export", b"exported")},
        "export.xml line 1: root element is {http://eu.europa.ec/fpi/fsd/exported}exported",
    ),
    "eu-wrong-namespace": eu(
        swap("export.xml", EU_NAMESPACE.encode(), b"http://example.org/other"),
        "export.xml line 1: root element is {http://example.org/other}export",
    ),
    "eu-no-entities": eu(
        set_file(
            "export.xml", f'<export xmlns="{EU_NAMESPACE}" generationDate="2024-03-04"/>'.encode()
        ),
        "export.xml: no sanctionEntity elements",
    ),
    "eu-logical-id-not-number": eu(
        swap("export.xml", b'logicalId="7003"', b'logicalId="X7003"'),
        "sanctionEntity X7003: logicalId is missing or not a number",
    ),
    "eu-logical-id-150-digits": eu(
        swap("export.xml", b'logicalId="7003"', f'logicalId="{LONG_ID}"'.encode()),
        "entry ID of 150 characters",
    ),
    "eu-duplicate-logical-id": eu(
        swap("export.xml", b'logicalId="7004"', b'logicalId="7003"'),
        "entry ID 7003 repeated",
    ),
    "eu-no-name": eu(
        lambda f: replaced(
            replaced(f, "export.xml", b'wholeName="Test Name 5"', b'wholeName=""'),
            "export.xml",
            b'wholeName="Other Name 5"',
            b'wholeName=""',
        ),
        "sanctionEntity 7005: no nameAlias with a name",
    ),
    "eu-unknown-subject-type": eu(
        swap(
            "export.xml",
            b'code="person" classificationCode="P"',
            b'code="alien" classificationCode="X"',
        ),
        "sanctionEntity 7001: subjectType alien/X: not person or enterprise",
    ),
    "eu-no-regulation": eu(_eu_without_regulation, "sanctionEntity 7001: no regulation"),
    "eu-bad-designation-date": eu(
        swap("export.xml", b'designationDate="2017-06-02"', b'designationDate="2017-13-45"'),
        "designationDate '2017-13-45' is not a date",
    ),
    "eu-bad-generation-date": eu(
        swap("export.xml", b'generationDate="2024-03-04T', b'generationDate="yesterday'),
        "export.xml line 1: generationDate 'yesterday",
    ),
    "eu-utf16": eu(
        lambda f: {"export.xml": f["export.xml"].decode().encode("utf-16")},
        "export.xml: unexpected encoding",
    ),
    "eu-latin1-in-utf8": eu(
        swap("export.xml", b"Other Name 4", b"Oth\xe9r Name 4"), "export.xml line", "malformed XML"
    ),
    "eu-nul-after-4k": eu(
        swap("export.xml", b"Other Name 7", b"Other\x00Name 7"), "export.xml line", "malformed XML"
    ),
    "eu-most-entities-gone": eu(_eu_first(2), "export.xml", "would delist 6 of the 8"),
    "eu-impossible-birth-date": eu(
        swap("export.xml", b'birthdate="1960-01-02"', b'birthdate="1960-02-31"'),
        "birth date '1960-02-31' not understood",
        imports=True,
    ),
    "eu-long-name": eu(swap("export.xml", b"Other Name 3", LONG_NAME.encode()), imports=True),
}
CORPUS.update(EU_CASES)


# --- the FCDO's UK Sanctions List (uk-sanctions-list), XML and CSV ---------------------------

UKSL_XML, UKSL_CSV = "UK-Sanctions-List.xml", "UK-Sanctions-List.csv"
UKSL_REGIME = "The Democratic People's Republic of Korea (Sanctions) (EU Exit) Regulations 2019"
UKSL_HEADER = (
    "Last Updated,Unique ID,OFSI Group ID,UN Reference Number,Name 6,Name 1,Name 2,Name 3,"
    "Name 4,Name 5,Name type,Alias strength,Title,Name non-latin script,Non-latin script type,"
    "Non-latin script language,Regime Name,Designation Type,Designation source,"
    "Sanctions Imposed,Other Information,UK Statement of Reasons,D.O.B,Date Designated"
)


def uksl_designation(n):
    kind = "Individual" if n % 2 else "Entity"
    return "\n".join(
        [
            "<Designation>",
            "<LastUpdated>09/01/2018</LastUpdated>",
            f"<DateDesignated>0{n}/06/2017</DateDesignated>",
            f"<UniqueID>DPR{n:04d}</UniqueID>",
            f"<Names><Name><Name1>Test</Name1><Name6>PERSON{n}</Name6>"
            "<NameType>Primary Name</NameType></Name>"
            f"<Name><Name6>OTHER{n}</Name6><NameType>Alias</NameType></Name></Names>",
            f"<RegimeName>{UKSL_REGIME.replace(chr(39), '&apos;')}</RegimeName>",
            f"<IndividualEntityShip>{kind}</IndividualEntityShip>",
            "<SanctionsImposed>Asset freeze</SanctionsImposed>",
            f"<OtherInformation>{FILLER[:150]}</OtherInformation>",
            f"<IndividualDetails><Individual><DOBs><DOB>0{n}/01/1960</DOB></DOBs>"
            "</Individual></IndividualDetails>",
            "</Designation>",
        ]
    )


def uksl_xml_base():
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<Designations>"]
    lines.append("<DateGenerated>03/03/2026</DateGenerated>")
    lines += [uksl_designation(n) for n in range(1, COUNT + 1)]
    lines.append("</Designations>")
    return {UKSL_XML: "\n".join(lines).encode() + b"\n"}


def uksl_row(n, name, name_type="Primary Name"):
    kind = "Individual" if n % 2 else "Entity"
    cells = ["09/01/2018", f"DPR{n:04d}", "", "", name, "Test", "", "", "", "", name_type, ""]
    cells += ["", "", "", "", f'"{UKSL_REGIME}"', kind, "UK", "Asset freeze"]
    cells += [f'"{FILLER[:150]}"', "", f"0{n}/01/1960", f"0{n}/06/2017"]
    return ",".join(cells)


def uksl_csv_base():
    rows = ["Report Date: 03-Mar-2026", UKSL_HEADER]
    for n in range(1, COUNT + 1):
        rows += [uksl_row(n, f"PERSON{n}"), uksl_row(n, f"OTHER{n}", "Alias")]
    return {UKSL_CSV: ("\r\n".join(rows) + "\r\n").encode("utf-8")}


BASES["uk-sanctions-list"] = uksl_xml_base
BASE_PATHS["uk-sanctions-list"] = UKSL_XML


def uksl(change, *expect, imports=False):
    return _case("uk-sanctions-list", change, expect, imports)


def uksl_csv(change, *expect, imports=False):
    return Case("uk-sanctions-list", change(uksl_csv_base()), UKSL_CSV, expect, imports)


def _uksl_xml_first(count):
    def change(files):
        text = files[UKSL_XML].decode()
        end = text.rindex("<Designation>", 0, text.index(f"DPR{count + 1:04d}"))
        return {UKSL_XML: (text[:end] + "</Designations>\n").encode()}

    return change


UKSL_CASES = {
    "uksl-xml-empty": uksl(set_file(UKSL_XML, b""), f"{UKSL_XML}: the file is empty"),
    "uksl-xml-truncated": uksl(cut(UKSL_XML, 2500), f"{UKSL_XML} line", "malformed XML"),
    "uksl-xml-html-page": uksl(set_file(UKSL_XML, HTML), f"{UKSL_XML}: refused"),
    "uksl-xml-billion-laughs": uksl(set_file(UKSL_XML, BILLION_LAUGHS), f"{UKSL_XML}: refused"),
    "uksl-xml-wrong-root": uksl(
        set_file(UKSL_XML, b'<?xml version="1.0"?>\n<ArrayOfFinancialSanctionsTarget/>\n'),
        "root element is ArrayOfFinancialSanctionsTarget",
        "an OFSI Consolidated List file (the 2022 format)",
    ),
    "uksl-xml-no-designations": uksl(
        set_file(
            UKSL_XML, b"<Designations><DateGenerated>03/03/2026</DateGenerated></Designations>"
        ),
        "no Designation elements",
    ),
    "uksl-xml-no-unique-id": uksl(
        swap(UKSL_XML, b"<UniqueID>DPR0003</UniqueID>", b""), "line", "?: UniqueID is empty"
    ),
    "uksl-xml-duplicate-unique-id": uksl(
        swap(UKSL_XML, b"<UniqueID>DPR0004</UniqueID>", b"<UniqueID>DPR0003</UniqueID>"),
        "entry ID DPR0003 repeated",
    ),
    "uksl-xml-unique-id-150": uksl(
        swap(UKSL_XML, b"<UniqueID>DPR0004</UniqueID>", f"<UniqueID>{LONG_ID}</UniqueID>".encode()),
        "entry ID of 150 characters",
    ),
    "uksl-xml-unknown-type": uksl(
        swap(UKSL_XML, b"<IndividualEntityShip>Entity", b"<IndividualEntityShip>Aircraft"),
        "DPR0002: designation type 'Aircraft' is not Individual, Entity or Ship",
    ),
    "uksl-xml-no-name": uksl(
        lambda f: replaced(
            replaced(f, UKSL_XML, b"<Name1>Test</Name1><Name6>PERSON5</Name6>", b""),
            UKSL_XML,
            b"<Name6>OTHER5</Name6>",
            b"",
        ),
        "DPR0005: no name",
    ),
    "uksl-xml-no-regime": uksl(
        lambda f: {
            UKSL_XML: f[UKSL_XML]
            .replace(b"<RegimeName>The Democratic", b"<RegimeName></RegimeName><X>", 1)
            .replace(b"2019</RegimeName>", b"</X>", 1)
        },
        "DPR0001: RegimeName is empty",
    ),
    "uksl-xml-bad-designated": uksl(
        swap(UKSL_XML, b"<DateDesignated>03/06/2017", b"<DateDesignated>31/02/2017"),
        "DateDesignated '31/02/2017' is not a dd/mm/yyyy date",
    ),
    "uksl-xml-bad-date-generated": uksl(
        swap(UKSL_XML, b"<DateGenerated>03/03/2026", b"<DateGenerated>yesterday"),
        "DateGenerated 'yesterday' is not a dd/mm/yyyy date",
    ),
    "uksl-xml-utf16": uksl(
        lambda f: {UKSL_XML: f[UKSL_XML].decode().encode("utf-16")}, "unexpected encoding"
    ),
    "uksl-xml-most-gone": uksl(_uksl_xml_first(2), UKSL_XML, "would delist 6 of the 8"),
    "uksl-xml-impossible-dob": uksl(
        swap(UKSL_XML, b"<DOB>02/01/1960", b"<DOB>31/02/1960"),
        "date of birth '31/02/1960' not understood",
        imports=True,
    ),
    "uksl-csv-empty": uksl_csv(set_file(UKSL_CSV, b""), f"{UKSL_CSV}: the file is empty"),
    "uksl-csv-only-report-date": uksl_csv(keep_lines(UKSL_CSV, 1), "no header row"),
    "uksl-csv-header-only": uksl_csv(keep_lines(UKSL_CSV, 2), f"{UKSL_CSV}: no data rows"),
    "uksl-csv-wrong-header": uksl_csv(
        swap(UKSL_CSV, b"Unique ID,", b"Unique Ident,"),
        f"{UKSL_CSV} line 2: not the UK Sanctions List layout (missing Unique ID)",
    ),
    "uksl-csv-ofsi-file": uksl_csv(
        lambda f: {UKSL_CSV: uk_base()["ConList.csv"]},
        "an OFSI Consolidated List file: import it with uk-ofsi-csv",
    ),
    "uksl-csv-missing-column": uksl_csv(
        swap(UKSL_CSV, b",UK,Asset freeze,", b",Asset freeze,"), "line 3: expected 24 columns"
    ),
    "uksl-csv-truncated-in-cell": uksl_csv(
        lambda f: {UKSL_CSV: f[UKSL_CSV][: f[UKSL_CSV].index(b"Remarks") + 9]},
        "line 3: malformed CSV",
    ),
    "uksl-csv-empty-unique-id": uksl_csv(
        swap(UKSL_CSV, b",DPR0003,", b",,"), "line 7: Unique ID is empty"
    ),
    "uksl-csv-bad-report-date": uksl_csv(
        swap(UKSL_CSV, b"03-Mar-2026", b"31-Feb-2026"), "line 1: Report Date '31-Feb-2026'"
    ),
    "uksl-csv-html-page": uksl_csv(
        set_file(UKSL_CSV, HTML), f"{UKSL_CSV}: refused: an HTML page, not the list"
    ),
    "uksl-csv-nul-after-4k": uksl_csv(
        swap(UKSL_CSV, b"PERSON8", b"PERS\x00N8"), "a NUL (0x00) byte"
    ),
    "uksl-csv-undefined-byte": uksl_csv(
        swap(UKSL_CSV, b"PERSON2", b"PERS\x81N2"), "line 5", "not Windows-1252"
    ),
}
CORPUS.update(UKSL_CASES)
