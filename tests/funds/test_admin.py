from innovation.funds.models import BudgetLine

from .conftest import make_commitment


def test_back_office_lists_are_scoped_and_money_is_read_only(client, world, lines):
    c = make_commitment(lines.heishan, 100_000, world.users["city"])
    # Only city-level staff reach the back office at all.
    client.force_login(world.users["yixian"])
    assert client.get("/backoffice/funds/budgetline/").status_code == 302

    client.force_login(world.users["city"])
    page = client.get("/backoffice/funds/budgetline/")
    assert {line.pk for line in page.context["cl"].result_list} == {
        lines.city.pk,
        lines.yixian.pk,
        lines.heishan.pk,
    }
    form = client.get(f"/backoffice/funds/budgetline/{lines.heishan.pk}/change/")
    assert form.status_code == 200
    assert set(form.context["adminform"].form.fields) == {"name", "note"}
    client.post(
        f"/backoffice/funds/budgetline/{lines.heishan.pk}/change/",
        {"name": "黑山县工作室补助（后台）", "note": "", "amount_fen": 1, "committed_fen": 0},
    )
    line = BudgetLine.objects.get(pk=lines.heishan.pk)
    assert (line.name, line.amount_fen, line.committed_fen) == (
        "黑山县工作室补助（后台）",
        3_000_000,
        100_000,
    )
    assert client.get("/backoffice/funds/commitment/add/").status_code == 403
    view = client.get(f"/backoffice/funds/commitment/{c.pk}/change/")
    assert view.status_code == 200 and not view.context["adminform"].form.fields
