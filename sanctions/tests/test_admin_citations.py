"""Citations in the admin: credited to the right party, and addable with a new subject."""

import pytest
from django.core.exceptions import ValidationError

from sanctions.models import Citation, Subject

from .test_admin import admin_url, form_data, subject_form


def test_a_citation_can_be_added_in_the_save_that_creates_its_subject(analyst_client, make_article):
    article = make_article()
    data = subject_form(citations=[{"article": article.pk, "quote": "designated today"}])
    response = analyst_client.post(admin_url(Subject, "add"), data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    subject = Subject.objects.get(name="Ri Yong Ho")
    citation = subject.citations.get()
    assert (citation.article, citation.quote) == (article, "designated today")


def test_a_citation_of_another_subjects_designation_is_refused_on_the_subject_page(
    analyst_client, make_subject, make_designation, make_article
):
    subject = make_subject(name="First Party")
    other = make_designation(subject=make_subject(name="Second Party"))
    change_url = admin_url(Subject, "change", subject.pk)
    data = form_data(analyst_client.get(change_url))
    data.update(
        {
            "citations-TOTAL_FORMS": "1",
            "citations-0-article": make_article().pk,
            "citations-0-designation": other.pk,
            "citations-0-quote": "a quote about the second party",
        }
    )
    response = analyst_client.post(change_url, data)
    assert response.status_code == 200
    assert not Citation.objects.exists()
    assert "Select a valid choice" in response.text
    page = analyst_client.get(other.subject.get_absolute_url()).text
    assert "a quote about the second party" not in page


def test_the_subject_page_offers_only_the_subjects_own_designations(
    analyst_client, make_subject, make_designation
):
    own = make_designation(subject=make_subject(name="First Party"))
    other = make_designation(subject=make_subject(name="Second Party"))
    page = analyst_client.get(admin_url(Subject, "change", own.subject.pk))
    [formset] = [
        f.formset for f in page.context["inline_admin_formsets"] if f.formset.prefix == "citations"
    ]
    offered = list(formset.empty_form.fields["designation"].queryset)
    assert offered == [own]
    assert other not in offered


def test_citation_clean_refuses_a_designation_of_another_subject(
    make_subject, make_designation, make_article
):
    designation = make_designation(subject=make_subject(name="Second Party"))
    citation = Citation(
        article=make_article(), subject=make_subject(name="First Party"), designation=designation
    )
    with pytest.raises(ValidationError) as refused:
        citation.full_clean()
    assert "designation of another subject" in str(refused.value)


def test_a_citation_of_a_designation_alone_takes_its_subject(make_designation, make_article):
    designation = make_designation()
    citation = Citation(article=make_article(), designation=designation)
    citation.full_clean()
    citation.save()
    assert citation.subject == designation.subject
