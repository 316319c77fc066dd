"""Links the crawler found offered to people who may not open them (a 403 or 404 behind the
link): a read-only back-office field, the grant form's union look-up, a campaign's state counts.
(Others — an award's commitment for a county, a studio's alliance for a unit, an achievement's
studio for a worker — are checked by the crawler on the demo.)"""

from innovation.experts.models import ExpertProfile


def test_a_read_only_page_links_only_to_pages_the_reader_may_open(client, world):
    profile = ExpertProfile.objects.create(
        user=world.users["expert"], name="专家王一", union=world.city, title="高级工程师"
    )
    client.force_login(world.users["city"])

    html = client.get(f"/backoffice/experts/expertprofile/{profile.pk}/change/").content.decode()

    assert "/backoffice/accounts/user/" not in html
    assert "t_expert" in html  # the account is still shown, as text
    assert client.get(f"/backoffice/accounts/user/{world.users['expert'].pk}/change/").status_code == 403


def test_the_grant_form_offers_no_look_up_of_unions_to_the_security_administrator(client, world):
    client.force_login(world.users["security"])
    html = client.get("/backoffice/accounts/rolegrant/add/").content.decode()
    assert "/backoffice/org/tradeunion/?_to_field" not in html
    assert client.get("/backoffice/org/tradeunion/").status_code == 403


def test_a_campaign_offers_its_state_counts_only_to_those_who_may_open_the_list(client, world):
    from tests.achievements.conftest import make_campaign

    campaign = make_campaign(world)
    client.force_login(world.users["expert"])
    assert (
        "/achievements/?campaign="
        not in client.get(f"/achievements/campaigns/{campaign.pk}/").content.decode()
    )
    assert client.get(f"/achievements/?campaign={campaign.pk}").status_code == 403
    client.force_login(world.users["yixian"])
    assert (
        "/achievements/?campaign=" in client.get(f"/achievements/campaigns/{campaign.pk}/").content.decode()
    )


def test_a_role_grant_shows_its_union_as_text_to_the_security_administrator(client, world):
    from innovation.accounts.models import RoleGrant

    grant = RoleGrant.objects.filter(node__isnull=False).select_related("node").first()
    client.force_login(world.users["security"])

    html = client.get(f"/backoffice/accounts/rolegrant/{grant.pk}/change/").content.decode()

    assert "/backoffice/org/tradeunion/" not in html
    assert grant.node.name in html  # the union is still shown, as text
    assert client.get(f"/backoffice/org/tradeunion/{grant.node_id}/change/").status_code == 403
