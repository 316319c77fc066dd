"""名师带徒创效 on the agreement page: the unit records a benefit, the county verifies it; a
refusal changes nothing."""

import pytest
from django.urls import reverse

from innovation.pairs.models import PairBenefit
from tests.pairs.builders import approved, cap

pytestmark = pytest.mark.django_db


def test_record_and_verify_a_pair_benefit_on_the_page(client, world):
    cap()
    agreement = approved(
        world.users["unit"], world.units["yx_a"], [world.workers["yx_a_1"]], [world.workers["yx_a_2"]]
    )
    client.force_login(world.users["unit"])
    page = client.get(reverse("pairs:detail", args=[agreement.pk])).content.decode()
    assert 'id="benefit-add"' in page
    url = reverse("pairs:benefit_add", args=[agreement.pk])
    client.post(url, {"benefit-title": "刀具改进", "benefit-on": "2099-01-01", "benefit-claimed": "1000"})
    assert PairBenefit.objects.count() == 0
    client.post(url, {"benefit-title": "刀具改进", "benefit-on": "2021-05-01", "benefit-claimed": "12000.50"})
    row = PairBenefit.objects.get()
    assert row.claimed_fen == 1_200_050
    client.force_login(world.users["yixian"])
    page = client.get(reverse("pairs:detail", args=[agreement.pk])).content.decode()
    assert f'id="benefit-verify-{row.pk}"' in page
    verify = reverse("pairs:benefit_verify", args=[agreement.pk, row.pk])
    client.post(verify, {f"verify-{row.pk}-verified": "13000"})
    row.refresh_from_db()
    assert row.verified_fen is None
    client.post(verify, {f"verify-{row.pk}-verified": "12000"})
    row.refresh_from_db()
    assert row.verified_fen == 1_200_000
    data = client.get(f"/api/v1/pairs/{agreement.pk}").json()
    assert data["progress"]["benefits"] == [
        {"title": "刀具改进", "on": "2021-05-01", "claimed_fen": 1_200_050, "verified_fen": 1_200_000}
    ]
