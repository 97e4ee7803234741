"""The seed data and the `bootstrap` command that `make run` uses."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from sanctions.models import Citation, Designation, Relationship, SourceArticle, Subject


def test_seed_loads_into_an_empty_database(seed):
    assert Subject.objects.count() == 4
    assert set(Subject.objects.values_list("name", flat=True)) == {
        "Choe Ryong Hae",
        "Jong Kyong Thaek",
        "Pak Kwang Ho",
        "Kim Jong Un",
    }


def test_seed_holds_the_three_designations_of_10_december_2018(seed):
    designations = Designation.objects.filter(
        listed_on=datetime.date(2018, 12, 10),
        agency__slug="us-ofac",
        program__code="DPRK2",
        authorities__slug="eo-13687",
        measures__slug="asset-freeze",
    ).filter(measures__slug="transaction-ban")
    assert sorted(d.subject.name for d in designations) == [
        "Choe Ryong Hae",
        "Jong Kyong Thaek",
        "Pak Kwang Ho",
    ]
    afp = SourceArticle.objects.get(publisher="AFP")
    for designation in designations:
        assert Citation.objects.filter(article=afp, designation=designation).exists()


def test_seed_subjects_carry_their_sdn_details(seed):
    choe = Subject.objects.get(name="Choe Ryong Hae")
    assert {alias.name for alias in choe.aliases.all()} == {"CHOE, Ryong Hae", "CH'OE, Ryong-hae"}
    assert [str(d) for d in choe.birth_dates.all()] == ["15 Jan 1950"]
    assert choe.gender == "male"
    assert "Organization and Guidance Department" in choe.position
    jong = Subject.objects.get(name="Jong Kyong Thaek")
    assert [d.value for d in jong.birth_dates.all()] == ["1961/1963"]
    assert jong.addresses.get().city == "Pyongyang"
    relationship = Relationship.objects.get(subject=choe)
    assert (relationship.related.name, relationship.description) == (
        "Kim Jong Un",
        "right-hand man of",
    )


def test_seed_legal_authorities(seed):
    from sanctions.models import LegalAuthority

    nkspea = LegalAuthority.objects.get(slug="nkspea-2016")
    assert nkspea.citation == "Pub. L. 114-122, 130 Stat. 93"
    assert "304(a)" in nkspea.summary
    assert LegalAuthority.objects.get(slug="eo-13687").enacted_on == datetime.date(2015, 1, 2)


def test_bootstrap_loads_seed_and_creates_the_admin_once(db, capsys):
    call_command("bootstrap")
    first = capsys.readouterr().out
    assert "Loaded the seed data." in first
    assert "Password: " in first
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser
    choe = Subject.objects.get(name="Choe Ryong Hae")
    choe.description = "Edited by an analyst"
    choe.save()

    call_command("bootstrap")
    second = capsys.readouterr().out
    assert "Password: " not in second
    assert "Loaded the seed data." not in second
    choe.refresh_from_db()
    assert choe.description == "Edited by an analyst"
    assert get_user_model().objects.count() == 1
    assert choe.history.count() == 2


def test_bootstrap_leaves_a_database_with_data_alone(make_subject):
    make_subject(name="Someone else")
    call_command("bootstrap", verbosity=0)
    assert list(Subject.objects.values_list("name", flat=True)) == ["Someone else"]


@pytest.mark.django_db
def test_groups_exist_after_migrate():
    from django.contrib.auth.models import Group

    analysts = Group.objects.get(name="Analysts")
    viewers = Group.objects.get(name="Viewers")
    analyst_perms = set(analysts.permissions.values_list("codename", flat=True))
    assert {"add_subject", "change_subject", "view_subject", "delete_alias"} <= analyst_perms
    assert "delete_agency" not in analyst_perms
    assert "delete_designation" not in analyst_perms
    assert "add_tokenproxy" in analyst_perms
    viewer_perms = set(viewers.permissions.values_list("codename", flat=True))
    assert viewer_perms == {p for p in viewer_perms if p.startswith("view_")}
    assert "view_designation" in viewer_perms


def test_every_seeded_record_has_a_created_history_row(seed):
    from sanctions.tracking.history import historied_models

    for model in historied_models():
        created = model.history.filter(history_type="+").values_list("id", flat=True)
        assert set(created) == set(model.objects.values_list("id", flat=True)), model.__name__


def test_seeded_history_rows_record_the_many_to_many_links(seed):
    # A designation's timeline compares its authorities and measures with its first row.
    for designation in Designation.objects.prefetch_related("authorities", "measures"):
        first = designation.history.get(history_type="+")
        assert {link.legalauthority_id for link in first.authorities.all()} == {
            authority.pk for authority in designation.authorities.all()
        }
        assert {link.measure_id for link in first.measures.all()} == {
            measure.pk for measure in designation.measures.all()
        }
    assert Designation.history.model.measures.model.objects.exists()


def test_seed_history_agrees_with_record_updated(db):
    # The page's "Record updated" is last_updated; its History's first row must say the same.
    call_command("bootstrap", verbosity=0)
    choe = Subject.objects.get(name="Choe Ryong Hae")
    first = choe.history.earliest("history_date")
    assert first.history_type == "+"
    assert first.history_date == choe.last_updated
    assert first.history_change_reason == "Loaded from the seed data"
