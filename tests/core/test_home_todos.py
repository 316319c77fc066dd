"""The home page's to-do list (innovation.core.workflow.todos_for): the second approver finds the
decision the first approved, and the first approver does not (four-eyes); each to-do links to
the item and its queue."""

import pytest
from django.urls import reverse

from innovation.awards import services
from innovation.core.workflow import todos_for
from tests.awards import decision_world as support

pytestmark = pytest.mark.django_db

city2 = support.city2
ranked = support.ranked


def _decision_todos(user):
    return [
        (str(t.label), t.count, t.url, t.items) for t in todos_for(user) if str(t.label).startswith("审定")
    ]


def test_the_second_approver_finds_the_decision_the_first_approved_and_the_first_does_not(client, ranked):
    decision = services.propose(campaign=ranked.campaign, actor=ranked.city)
    services.set_budget_line(decision=decision, line=ranked.line, actor=ranked.city)
    url = reverse("awards:decision", args=[decision.pk])
    assert (
        _decision_todos(ranked.city)
        == _decision_todos(ranked.city2)
        == [("审定：拟定中", 1, url, [(str(ranked.campaign), url)])]
    )

    services.approve(decision=decision, actor=ranked.city)
    assert _decision_todos(ranked.city) == []
    assert _decision_todos(ranked.city2) == [("审定：待第二人审批", 1, url, [(str(ranked.campaign), url)])]

    client.force_login(ranked.city2)
    page = client.get("/").content.decode()
    assert "审定：待第二人审批" in page and f'href="{url}"' in page
    client.force_login(ranked.city)
    assert "审定：待第二人审批" not in client.get("/").content.decode()

    services.approve(decision=decision, actor=ranked.city2)  # approved: now to publish, for either
    assert (
        _decision_todos(ranked.city2)
        == _decision_todos(ranked.city)
        == [("审定：已审定", 1, url, [(str(ranked.campaign), url)])]
    )
