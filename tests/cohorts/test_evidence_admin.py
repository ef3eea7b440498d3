"""The capability framework's reference data in the back office's Cohorts menu."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from cohorts.models import CapabilityDomain, KnowledgeStatement
from portal import roles

pytestmark = pytest.mark.django_db


def test_hr_edits_a_capability_domain_and_it_lands_in_history(client, site, staff_with_mfa):
    staff_with_mfa(roles.HR_OFFICER, client)
    domain = CapabilityDomain.objects.get(number=1)
    response = client.post(
        reverse("cohorts_capability_domain:edit", args=[domain.pk]),
        {
            "number": 1,
            "name": "Professionalism",
            "end_of_asye_level": "Identify and behave as a professional social worker.",
            "sort": domain.sort,
        },
    )
    assert response.status_code == 302
    domain.refresh_from_db()
    assert domain.end_of_asye_level == "Identify and behave as a professional social worker."
    assert ModelLogEntry.objects.filter(
        object_id=str(domain.pk), content_type__model="capabilitydomain", action="wagtail.edit"
    ).exists()
    assert client.get(reverse("cohorts_knowledge_statement:index")).status_code == 200


@pytest.mark.parametrize("viewset", ["cohorts_capability_domain", "cohorts_knowledge_statement"])
def test_workforce_lead_reads_the_reference_data_but_cannot_change_it(
    client, site, staff_with_mfa, viewset
):
    staff_with_mfa(roles.WORKFORCE_LEAD, client)
    model = CapabilityDomain if viewset == "cohorts_capability_domain" else KnowledgeStatement
    row = model.objects.first()
    index = client.get(reverse(f"{viewset}:index"))
    assert index.status_code == 200
    assert str(row.number) in index.text
    assert client.get(reverse(f"{viewset}:inspect", args=[row.pk])).status_code == 200
    assert client.get(reverse(f"{viewset}:add")).status_code in (302, 403)
    assert client.get(reverse(f"{viewset}:edit", args=[row.pk])).status_code in (302, 403)
    assert client.post(reverse(f"{viewset}:edit", args=[row.pk]), {}).status_code in (302, 403)


def test_other_staff_have_no_reference_data_pages(client, site, staff_with_mfa):
    staff_with_mfa(roles.MENTOR, client)
    response = client.get(reverse("cohorts_capability_domain:index"))
    assert response.status_code in (302, 403)
