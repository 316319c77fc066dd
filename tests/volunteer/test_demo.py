"""The demo's office calendar, exactly: the holiday arrangements of 2020 and 2021."""

import datetime

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.demo_db]


def test_the_calendar_of_2020_and_2021(demo):
    from innovation.volunteer.calendar import work_calendar
    from innovation.volunteer.models import CalendarDay, SlaTarget

    kinds = list(CalendarDay.objects.values_list("kind", flat=True))
    assert (kinds.count("holiday"), kinds.count("workday")) == (61, 13)
    calendar = work_calendar(datetime.date(2021, 1, 1))
    working = {
        year: sum(
            calendar.is_working_day(datetime.date(year, 1, 1) + datetime.timedelta(days=n))
            for n in range(366 if year == 2020 else 365)
        )
        for year in (2020, 2021)
    }
    # 2021: 261 weekdays − 18 holiday weekdays + 7 make-up days = 250, the official count (365 −
    # 104 weekend days − 11 public holidays). 2020: 262 − 19 + 6 = 249, the official 251 less Friday
    # 31 January (the Spring Festival extended) and the make-up Saturday 1 February (cancelled).
    assert working == {2020: 249, 2021: 250}
    assert SlaTarget.objects.count() == 6


def test_ten_teams_formed_from_named_studios(demo):
    from innovation.accounts.models import User
    from innovation.core.stats import stats_for
    from innovation.volunteer.models import MemberRole, ServiceTeam

    teams = list(ServiceTeam.objects.order_by("id").prefetch_related("studios"))
    assert len(teams) == 10
    sun = teams[0]
    assert (sun.name, sun.enterprise.name, sun.leader.name) == (
        "天晟重工孙健劳模志愿服务队",
        "锦州天晟重工有限公司",
        "孙健",
    )
    assert sorted(s.name for s in sun.studios.all()) == sorted(
        s.name for s in sun.enterprise.studios.filter(status="active")
    )
    assert all(
        t.studios.count() >= 1 and t.members.filter(role=MemberRole.LEADER).count() == 1 for t in teams
    )
    # 孙健 sees his own team (team lead and worker: the teams he serves in).
    assert stats_for(User.objects.get(username="demo_sunjian"))["service_teams_total"] == 1
    assert stats_for(User.objects.get(username="demo_city"))["service_teams_total"] == 10


def test_the_reports_figures_of_order_based_service(demo):
    """组建了10支…志愿服务队 … 两年来对接中小微企业17家，解决技术难题32个，技术传帮带300余人."""
    from innovation.accounts.models import User
    from innovation.core.stats import stats_for

    figures = stats_for(User.objects.get(username="demo_city"))
    assert {k: v for k, v in figures.items() if k.startswith("service_")} == {
        "service_teams_total": 10,
        "service_firms_served": 17,
        "service_problems_solved": 32,
        "service_people_trained": 316,
    }


def test_the_orders_states_and_outcomes(demo):
    from collections import Counter

    from innovation.core.models import StepLog
    from innovation.volunteer.models import OrderState, Outcome, ServiceOrder

    orders = ServiceOrder.objects.all()
    assert Counter(orders.values_list("state", flat=True)) == {
        OrderState.CLOSED: 35,
        OrderState.CANCELLED: 2,
        OrderState.IN_SERVICE: 1,
        OrderState.TRIAGED: 1,
        OrderState.POSTED: 1,
    }
    closed = orders.filter(state=OrderState.CLOSED)
    assert Counter(closed.values_list("outcome", flat=True)) == {
        Outcome.SOLVED: 32,
        Outcome.PARTLY: 2,
        Outcome.NOT_SOLVABLE: 1,
    }
    # Every closed order at the 17 firms, rated 4–5, most with a verified benefit.
    assert closed.values("enterprise").distinct().count() == 17
    assert all(4 <= o.rating <= 5 and o.rating_comment for o in closed)
    assert closed.filter(benefit_verified_fen__gt=0).count() >= 20
    assert all(o.enterprise.size in ("small", "micro") for o in orders.select_related("enterprise"))
    assert all(o.visits.exists() and o.diagnosis and o.solution for o in closed)
    assert len({o.title for o in orders}) == 40
    # Cancelled: one withdrawn by the firm, one by the county union, each with its reason.
    cancels = StepLog.objects.filter(workflow="service_order", to_state=OrderState.CANCELLED)
    assert sorted(cancels.values_list("step", flat=True)) == ["cancel", "withdraw"]
    assert all(log.reason for log in cancels)
    # The one in service waits for the firm: its clock stands still.
    serving = orders.get(state=OrderState.IN_SERVICE)
    assert serving.pauses.filter(ended_at=None).count() == 1
    assert serving.resolution_due is None and serving.responded_at is not None
    # Each order's log runs from posting to its state, step by step.
    for order in orders:
        logs = list(StepLog.objects.filter(workflow="service_order", object_id=order.pk).order_by("at", "id"))
        assert logs[0].step == "post" and logs[-1].to_state == order.state
        assert all(a.to_state == b.from_state for a, b in zip(logs, logs[1:], strict=False))


def test_every_order_is_in_its_teams_area_and_within_capacity(demo):
    from collections import Counter

    from django.utils import timezone

    from innovation.volunteer import rules
    from innovation.volunteer.models import TEAM_LOAD_STATES, ServiceOrder

    orders = ServiceOrder.objects.select_related("enterprise__region", "team").prefetch_related(
        "team__districts"
    )
    for order in orders:
        assert order.district == rules.county_of(order.enterprise)
        assert order.contact_phone and order.contact_phone_masked and order.sla_resolution_hours
        if order.team is not None:
            assert order.district in order.team.districts.all(), order
            members = {m.worker_id for m in order.team.members.all()}
            for visit in order.visits.all():
                assert {w.pk for w in visit.members.all()} <= members
                assert visit.on >= timezone.localdate(order.posted_at)
    load = Counter(o.team for o in orders if o.state in TEAM_LOAD_STATES)
    assert load and all(n <= team.capacity for team, n in load.items())


def test_the_expenses_are_paid_on_the_service_lines(demo):
    from django.utils import timezone

    from innovation.funds.models import BudgetLine, Commitment, LineKind
    from innovation.volunteer import rules
    from innovation.volunteer.models import ExpenseState, ServiceExpense

    lines = {line.year: line for line in BudgetLine.objects.filter(kind=LineKind.SERVICE)}
    assert sorted(lines) == [2020, 2021]
    expenses = list(ServiceExpense.objects.select_related("commitment__line", "order"))
    assert len(expenses) == 10
    for expense in expenses:
        commitment = expense.commitment
        assert expense.state == ExpenseState.APPROVED
        assert (commitment.source_kind, commitment.source_id) == (rules.EXPENSE_SOURCE, expense.pk)
        assert commitment.line == lines[timezone.localdate(expense.order.posted_at).year]
        assert commitment.state == Commitment.State.PAID
        assert commitment.payments.get().amount_fen == expense.amount_fen
    for year, line in lines.items():
        spent = sum(e.amount_fen for e in expenses if e.commitment.line_id == line.pk)
        assert line.committed_fen == line.paid_fen == spent > 0, year
