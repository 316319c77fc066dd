"""The page of benefit by channel (创新创效经济效益): its figures are the stats' figures, and each
channel's link opens a list whose rows are exactly the channel's rows (their verified benefit
adds up to the channel's amount, in the page's Excel export)."""

import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from .test_stats import build_every_channel

pytestmark = pytest.mark.django_db

# The column of the verified amount in each list's export, by the list's path.
VERIFIED_COLUMN = {
    "/projects/": "核实效益（元）",
    "/achievements/": "核定效益(元/年)",
    "/pairs/benefits/": "核实效益（元）",
}


def _channel_rows(html: str) -> dict[str, tuple[str, str, str]]:
    rows = re.findall(
        r'<tr data-channel="(\w+)">.*?channel-amount"><a href="([^"]+)">([\d,.]+)</a>.*?channel-rows">([\d,]+)<',
        html,
        re.S,
    )
    return {code: (url.replace("&amp;", "&"), amount, count) for code, url, amount, count in rows}


def _export(client, url: str) -> tuple[int, Decimal]:
    response = client.get(url + "&export=xlsx")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    column = header.index(VERIFIED_COLUMN[url.split("?")[0]])
    return len(body), sum((Decimal(str(r[column] or 0)) for r in body), Decimal(0))


def test_the_page_shows_each_channel_and_links_to_exactly_its_rows(client, pw):
    build_every_channel(pw)
    client.force_login(pw.world.users["city"])

    response = client.get("/projects/benefit/")

    assert response.status_code == 200
    html = response.content.decode()
    rows = _channel_rows(html)
    assert {code: (amount, count) for code, (_, amount, count) in rows.items()} == {
        "breakthrough": ("1,234,567.89", "1"),
        "five_smalls": ("320,000.00", "2"),
        "post": ("50,000.50", "1"),
        "mentoring": ("8,000.00", "1"),
    }
    assert 'id="benefit-total">1,612,568.39<' in html
    assert rows["five_smalls"][0] == (
        "/achievements/?filed=true&verified=true&since_year=2019&from_project=false"
    )
    for code, (url, amount, count) in rows.items():
        assert _export(client, url) == (int(count), Decimal(amount.replace(",", ""))), code


def test_a_county_sees_its_own_channels_and_a_worker_gets_no_page(client, pw):
    build_every_channel(pw)
    client.force_login(pw.world.users["heishan"])
    rows = _channel_rows(client.get("/projects/benefit/").content.decode())
    assert {code: amount for code, (_, amount, _) in rows.items()} == {
        "breakthrough": "0.00",
        "five_smalls": "20,000.00",
        "post": "0.00",
        "mentoring": "0.00",
    }
    client.force_login(pw.world.users["nobody"])
    assert client.get("/projects/benefit/").status_code == 403


def test_the_home_page_card_links_to_the_page(client, pw):
    build_every_channel(pw)
    client.force_login(pw.world.users["city"])
    html = client.get("/").content.decode()
    assert re.search(
        r'href="/projects/benefit/" data-key="benefit_since_2019_yuan">.*?figure-value">1,612,568<',
        html,
        re.S,
    )


def test_a_concluded_project_waits_in_the_unions_to_do_list_until_its_benefit_is_verified(client, pw):
    from innovation.core.workflow import todos_for
    from innovation.projects import services

    from .conftest import propose, run_to_concluded

    world = pw.world
    project = run_to_concluded(pw, propose(pw), claimed=500_000)

    def waiting(who):
        return {t.label: (t.count, t.url) for t in todos_for(world.users[who])}.get(
            "技术攻关项目：效益待核实"
        )

    assert waiting("city") == (1, "/projects/?state=concluded&verified=false")
    assert waiting("yixian") == (1, "/projects/?state=concluded&verified=false")
    assert waiting("heishan") is None  # 0 in its district: not shown
    assert waiting("unit") is None  # the unit does not verify
    client.force_login(world.users["yixian"])
    listed = client.get("/projects/?state=concluded&verified=false").content.decode()
    assert project.title in listed
    services.benefit_verify(actor=world.users["yixian"], project=project, amount_fen=400_000)
    assert waiting("city") is None and waiting("yixian") is None


def test_the_api_lists_the_pair_benefit_rows_of_the_channel_within_scope(client, pw):
    build_every_channel(pw)
    client.force_login(pw.world.users["city"])
    rows = client.get("/api/v1/pairs/benefits?verified=true&since_year=2019").json()["results"]
    assert [(r["title"], r["claimed_fen"], r["verified_fen"]) for r in rows] == [
        ("师徒合作改进刀具", 1_000_000, 800_000)
    ]
    assert client.get("/api/v1/pairs/benefits?verified=maybe").status_code == 400
    client.force_login(pw.world.users["heishan"])
    assert client.get("/api/v1/pairs/benefits").json()["results"] == []
