"""The crawler found read-only back-office pages linking to pages the reader may not open (a city
admin reading an expert's profile was offered the expert's account: 403). Such a field is text."""

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
