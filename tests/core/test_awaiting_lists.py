"""`?awaiting=me` on every list of a workflow's model (innovation.core.generic.ScopedListView):
the to-do list's links open the rows waiting for this user's step, and the tabs count them."""

from django.urls import reverse

from innovation.core import workflow as kernel
from innovation.studios.models import YearReport
from tests.core import workflow_builders as builders


def _rows(response) -> list[int]:
    return [row.record.pk for row in response.context["table"].page.object_list]


def test_the_year_report_queue_holds_the_submitted_reports_only(client, world):
    draft, actors = builders.year_report(world)
    submitted, _ = builders.year_report(world)
    YearReport.objects.filter(pk=submitted.pk).update(year=2024)
    kernel.run(obj=submitted, step="submit", actor=actors["studio.report"])
    url = reverse("studios:reports")

    client.force_login(world.users["city"])
    everything = client.get(url)
    waiting = client.get(url, {"awaiting": "me"})

    assert sorted(_rows(everything)) == sorted([draft.pk, submitted.pk])
    assert _rows(waiting) == [submitted.pk]
    assert (everything.context["queue_count"], everything.context["awaiting"]) == (1, False)
    assert (waiting.context["queue_count"], waiting.context["awaiting"]) == (1, True)
    assert 'id="queue-tab"' in waiting.content.decode()
    # The filter form and 重置 keep the queue; the Excel export holds the same rows.
    assert waiting.context["reset_url"] == f"{url}?awaiting=me"
    assert "awaiting=me" in waiting.context["export_query"]


def test_the_unit_has_nothing_of_the_city_s_to_verify(client, world):
    _draft, actors = builders.year_report(world)
    kernel.run(obj=_draft, step="submit", actor=actors["studio.report"])
    client.force_login(world.users["heishan"])
    response = client.get(reverse("studios:reports"), {"awaiting": "me"})
    assert (response.status_code, _rows(response), response.context["queue_count"]) == (200, [], 0)


def test_a_list_of_a_model_without_a_workflow_ignores_the_parameter(client, world):
    client.force_login(world.users["city"])
    plain = client.get(reverse("org:union_list"))
    asked = client.get(reverse("org:union_list"), {"awaiting": "me"})
    assert _rows(asked) == _rows(plain)
    assert asked.context["queue_count"] is None and 'id="queue-tab"' not in asked.content.decode()
