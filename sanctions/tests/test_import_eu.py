"""The EU Financial Sanctions Files importer (eu-fsf-xml), on the project's own file written
in the schema 1.1 layout (tests/data/eu/export.xml)."""

import datetime

import pytest

from sanctions.importers import ImportFileError, parse, xmlstream
from sanctions.models import LegalAuthority, ListEntry

from .conftest import TEST_DATA

EXPORT = TEST_DATA / "eu" / "export.xml"


def entry(entry_id):
    return ListEntry.objects.select_related("subject").get(list="eu-fsf", entry_id=entry_id)


@pytest.fixture
def eu_run(run_import):
    return run_import("eu-fsf-xml", EXPORT)[0]


def test_eu_person_every_field(eu_run):
    assert (eu_run.list, eu_run.list_date, eu_run.new_count) == (
        "eu-fsf",
        datetime.date(2024, 3, 4),
        3,
    )
    choe = entry("13001")
    assert (choe.reference, choe.name) == ("EU.3930.48", "Choe Hwi")
    subject = choe.subject
    assert (subject.name, subject.kind, subject.shown_gender()) == ("Choe Hwi", "person", "male")
    assert subject.shown_text("position") == (
        "Mr; First Vice Director of the Workers' Party of Korea Propaganda and Agitation Department"
    )
    assert (
        subject.shown_text("remarks")
        == "UN listing date: 2.6.2017. Involved in the DPRK's weapons programmes."
    )
    assert sorted(subject.aliases.values_list("name", "quality", "language", "script")) == [
        ("Ch'oe Hwi", "weak", "", ""),
        ("Чхве Хви", "strong", "ru", "Cyrl"),
        ("최휘", "strong", "ko", "Hang"),
    ]
    assert list(subject.nationalities.values_list("country", "kind")) == [("KP", "citizenship")]
    # A day, a year "circa", a range of years.
    assert sorted(subject.birth_dates.values_list("value", flat=True)) == [
        "1950/1952",
        "1954-03-07",
        "1955~",
    ]
    assert list(subject.birth_places.values_list("place", "country")) == [
        ("Pyongyang, North Korea", "KP")
    ]
    assert sorted(subject.identifiers.values_list("kind", "number", "country")) == [
        ("national_id", "KP-0451-27", "KP"),
        ("passport", "745420176", "KP"),
    ]
    passport = subject.identifiers.get(kind="passport")
    assert "diplomatic" in passport.note
    assert "valid to 2018-02-01" in passport.note
    address = subject.addresses.get()
    assert (address.full, address.city, address.country) == (
        "Sosong Street 12, Pyongyang, North Korea",
        "Pyongyang",
        "KP",
    )


def test_eu_designation_rests_on_its_regulation_and_decision(eu_run):
    designation = entry("13001").subject.designations.get()
    assert designation.agency.slug == "eu-council"
    assert designation.agency.name == "Council of the European Union"
    assert (designation.program.code, designation.program.name) == (
        "PRK",
        "Democratic People's Republic of Korea",
    )
    assert designation.listed_on == datetime.date(2017, 6, 2)  # designationDate
    assert designation.reference == "EU.3930.48"
    assert designation.reason == "Director of the Munitions Industry Department."
    assert list(designation.measures.values_list("slug", flat=True)) == ["asset-freeze"]
    regulation, decision = (
        designation.authorities.get(kind="eu_regulation"),
        designation.authorities.get(kind="eu_decision"),
    )
    assert (regulation.slug, regulation.title, regulation.citation) == (
        "eu-regulation-2017-1509",
        "Council Regulation 2017/1509 (OJ L224)",
        "2017/1509 (OJ L224)",
    )
    assert regulation.enacted_on == datetime.date(2017, 8, 30)  # the publication date
    assert regulation.url == "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32017R1509"
    assert (regulation.country, decision.slug) == ("EU", "eu-decision-2016-849")


def test_eu_enterprise_and_partial_birth_date(eu_run):
    komid = entry("13002").subject
    assert (komid.kind, komid.shown_text("position")) == ("organization", "")
    assert komid.shown_text("description").startswith("Primary arms dealer")
    assert list(komid.aliases.values_list("name", flat=True)) == ["KOMID"]
    assert list(komid.identifiers.values_list("kind", "number")) == [("swift_bic", "KMDTKPPY")]
    assert komid.addresses.get().note == "phone: +850 2 18111; email: mining@example.kp"
    testova = entry("13003").subject
    assert (testova.name, testova.shown_gender()) == ("Olga Petrovna Testova", "female")
    assert list(testova.birth_dates.values_list("value", flat=True)) == ["1971-05"]
    assert list(testova.birth_places.values_list("place", flat=True)) == [
        "Kazan, Tatarstan, Russian Federation"
    ]


def test_eu_entry_joins_the_un_entry_of_the_same_party(run_import):
    run_import("un-xml", TEST_DATA / "un" / "consolidated.xml")
    run_import("eu-fsf-xml", EXPORT)
    un_choe = ListEntry.objects.get(list="un-consolidated", reference="KPi.042")
    assert entry("13001").subject_id == un_choe.subject_id
    assert entry("13002").subject_id == ListEntry.objects.get(reference="KPe.001").subject_id
    assert set(un_choe.subject.designations.values_list("agency__slug", flat=True)) == {
        "un-security-council",
        "eu-council",
    }


def test_eu_reimport_is_unchanged_and_keeps_edited_authorities(eu_run, run_import):
    LegalAuthority.objects.filter(slug="eu-regulation-2017-1509").update(summary="Edited.")
    [again] = run_import("eu-fsf-xml", EXPORT)
    assert (again.new_count, again.changed_count, again.unchanged_count) == (0, 0, 3)
    assert LegalAuthority.objects.get(slug="eu-regulation-2017-1509").summary == "Edited."


def test_eu_new_regulation_is_added_to_the_designation(eu_run, run_import, tmp_path):
    text = EXPORT.read_text()
    amendment = (
        '<regulation regulationType="regulation" organisationType="council" '
        'publicationDate="2024-05-01" entryIntoForceDate="2024-05-02" '
        'numberTitle="2024/1234 (OJ L99)" programme="UKR" logicalId="113099"/>\n'
        '    <subjectType code="person" classificationCode="P"/>\n'
        '    <nameAlias firstName="Olga"'
    )
    text = text.replace(
        '<subjectType code="person" classificationCode="P"/>\n    <nameAlias firstName="Olga"',
        amendment,
    )
    (tmp_path / "export.xml").write_text(text)
    [run] = run_import("eu-fsf-xml", tmp_path / "export.xml")
    assert run.changed_count == 1
    designation = entry("13003").subject.designations.get()
    assert sorted(designation.authorities.values_list("slug", flat=True)) == [
        "eu-regulation-2022-261",
        "eu-regulation-2024-1234",
    ]
    change = run.changes.get()
    assert change.changes["listings"]["changed"][0]["authorities"] == [
        "eu-regulation-2022-261",
        "eu-regulation-2024-1234",
    ]


def test_eu_file_is_read_as_a_stream_of_entities(tmp_path):
    """A file far bigger than the parser's chunks: every entity, each with its line."""
    text = EXPORT.read_text()
    head, _, rest = text.partition("<sanctionEntity ")
    body, _, tail = ("<sanctionEntity " + rest).rpartition("</export>")
    copies = [body.replace('logicalId="1300', f'logicalId="{n:03d}1300') for n in range(1, 41)]
    (tmp_path / "big.xml").write_text(head + "".join(copies) + tail + "</export>\n")
    [parsed] = parse("eu-fsf-xml", [tmp_path / "big.xml"])
    assert len(parsed.entries) == 120
    assert parsed.files[0].size > 5 * xmlstream.CHUNK
    lines = [int(entry.origin.rpartition(" ")[2]) for entry in parsed.entries]
    assert lines == sorted(lines)
    assert lines[-1] > 3000


def test_eu_layout_of_another_list_is_refused(tmp_path):
    (tmp_path / "other.xml").write_text('<CONSOLIDATED_LIST dateGenerated="2024-01-01"/>')
    with pytest.raises(ImportFileError, match="root element is CONSOLIDATED_LIST, not the EU"):
        parse("eu-fsf-xml", [tmp_path / "other.xml"])
