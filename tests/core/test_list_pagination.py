"""Defect 6: `?per_page=-5` was a server error on every HTML list and `?per_page=100000` had no
cap (a city's 6,434 workers on one page in 9.7 s). The page size is one of 25/50/100/200, the page
number a positive integer; anything else falls back, on every list (found in the URLconf)."""

import re
from html import unescape

import pytest
from django.http import QueryDict
from django.urls import reverse

from innovation.accounts.scope import can
from innovation.core.pagination import MAX_PER_PAGE, PER_PAGE_CHOICES, clean_page, clean_per_page
from innovation.org.models import Worker
from tests.achievements.conftest import make_campaign

from .list_views import list_routes

ROUTES = list_routes()
# The one who opens each list: the first of these whom the list's action allows.
OPENERS = ("city", "audit", "expert", "unit", "worker")
BAD_QUERIES = [
    "per_page=-5",
    "per_page=abc&page=0",
    "per_page=100000&page=99999999999999999999999",
    "per_page=99999999999999999999999&page=-1",
    "page=1.5&sort=no_such_column",
]


@pytest.fixture
def campaign(world):
    """A campaign, so that the lists of a campaign (assignments, ranking) have one to show."""
    return make_campaign(world)


def kwargs_for(route, campaign) -> dict:
    """Values for the parameters of a list's route. A new kind of parameter needs a line here."""
    values = {}
    for name in route.kwargs:
        if name == "campaign_id":
            values[name] = campaign.pk
        else:
            raise AssertionError(f"{route.name}: no test value for the route parameter {name!r}")
    return values


def opener(route, world):
    for key in OPENERS:
        if can(world.users[key], route.view.action):
            return world.users[key]
    raise AssertionError(f"{route.name}: none of {OPENERS} may open it")


def test_every_list_of_the_urlconf_is_found():
    names = {r.name for r in ROUTES}
    assert {"achievements:list", "org:worker_list", "audit:entry_list", "review:ranking"} <= names
    assert len(ROUTES) == len(names) >= 27


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_bad_page_parameters_fall_back_on_every_list(client, world, campaign, route):
    client.force_login(opener(route, world))
    url = reverse(route.name, kwargs=kwargs_for(route, campaign))
    for n, query in enumerate(BAD_QUERIES):
        headers = {"HX-Request": "true"} if n % 2 else {}  # the page, and the list htmx swaps in
        response = client.get(f"{url}?{query}", headers=headers, follow=True)
        assert response.status_code == 200, (query, headers)
        table = response.context["table"]
        assert table.paginator.per_page in PER_PAGE_CHOICES, query
        assert 1 <= table.page.number <= max(1, table.paginator.num_pages), query


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, 25),
        ("", 25),
        ("abc", 25),
        ("-5", 25),
        ("0", 25),
        ("30", 25),
        ("50", 50),
        (" 100 ", 100),
        ("200", 200),
        ("201", 200),
        ("100000", 200),
        ("1e3", 25),
    ],
)
def test_a_page_size_is_one_of_the_choices(raw, expected):
    assert clean_per_page(raw, 25) == expected


@pytest.mark.parametrize(("raw", "expected"), [(None, 1), ("x", 1), ("-3", 1), ("0", 1), ("7", 7)])
def test_a_page_number_is_positive(raw, expected):
    assert clean_page(raw) == expected


@pytest.fixture
def many_workers(world):
    unit = world.units["yx_a"]
    Worker.objects.bulk_create(
        Worker(
            name=f"批量{i:03d}",
            gender="F",
            birth_year=1990,
            enterprise=unit,
            post="焊工",
            id_number=f"21072719900101{i:04d}",
            id_number_hash=f"many-{i}",
            id_number_masked="210727********0000",
            scope_path=unit.union.path,
        )
        for i in range(250)
    )
    return Worker.objects.filter(scope_path__startswith=world.city.path).count()


def test_a_huge_page_size_is_capped_and_a_page_past_the_end_is_the_last(client, world, many_workers):
    assert many_workers == 260
    client.force_login(world.users["city"])

    table = client.get("/org/workers/?per_page=100000").context["table"]
    assert (table.paginator.per_page, len(table.page.object_list), table.paginator.num_pages) == (200, 200, 2)
    table = client.get("/org/workers/?per_page=100000&page=99").context["table"]
    assert (table.page.number, len(table.page.object_list)) == (2, 60)
    table = client.get("/org/workers/?page=-1").context["table"]
    assert (table.paginator.per_page, table.page.number, len(table.page.object_list)) == (25, 1, 25)


def test_the_footer_offers_the_page_sizes_and_keeps_the_filters(client, world, many_workers):
    client.force_login(world.users["city"])
    html = client.get("/org/workers/?q=批量&per_page=50").content.decode()
    assert 'id="per-page"' in html
    for n in PER_PAGE_CHOICES:
        if n == 50:
            assert '<strong class="px-1" aria-current="true">50</strong>' in html
        else:
            assert f'href="?q=%E6%89%B9%E9%87%8F&amp;per_page={n}"' in html
    assert MAX_PER_PAGE == 200


@pytest.mark.parametrize("route", [r for r in ROUTES if r.view.exporter_class], ids=lambda r: r.name)
def test_a_list_swapped_in_by_htmx_brings_an_export_link_with_its_filters(client, world, campaign, route):
    """Defect 8: the Excel link outside the swapped list is replaced out of band, so it always
    exports what the list shows; defect 9: the filter form's trigger is valid htmx syntax."""
    client.force_login(opener(route, world))
    url = reverse(route.name, kwargs=kwargs_for(route, campaign))
    page = client.get(url, follow=True)
    html = page.content.decode()
    assert 'hx-trigger="submit, change from:(#filter-form select, #filter-form input[type=checkbox])"' in html
    assert html.count('id="export-link"') == 1 and "hx-swap-oob" not in html

    final = page.request  # after a redirect (the assignments page picks a campaign)
    query = QueryDict(final.get("QUERY_STRING", ""), mutable=True)
    query.update({"q": "甲", "x": ""})
    partial = client.get(f"{final['PATH_INFO']}?{query.urlencode()}", headers={"HX-Request": "true"})
    partial = partial.content.decode()
    assert "<html" not in partial
    link = re.search(r'<a [^>]*href="\?([^"]*)" id="export-link" hx-swap-oob="true"', partial)
    assert partial.count('id="export-link"') == 1 and link is not None
    exported = QueryDict(unescape(link.group(1)))
    assert exported["q"] == "甲" and exported["export"] == "xlsx" and "x" not in exported
