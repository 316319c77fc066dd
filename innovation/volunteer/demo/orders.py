"""The demo's order-based service (订单式服务), exactly as the report counts it: in two years
(March 2020 to December 2021) the teams served 17 small and micro enterprises, solved 32
technical problems they confirmed, and trained 316 people (技术传帮带300余人). Around them: two
orders partly solved and one the team found not solvable (closed, at the same 17 firms), two
cancelled (one withdrawn by the firm, one cancelled by the county union), and this year's open
ones — one in service with the clock paused (waiting for the firm), one triaged and not yet
claimed, one just posted.

The orders and their step logs are written through `kernel.load_history` (no rule runs), with
their SLA targets and deadlines computed as the services would; the expenses of ten orders are
committed and paid through the funds ledger on the city's 志愿服务经费 lines of 2020 and 2021."""

from __future__ import annotations

import datetime
import random
from collections import Counter

from django.db import transaction
from django.utils import timezone

from innovation.accounts.models import User
from innovation.core import workflow as kernel
from innovation.core.pii import mask_phone
from innovation.funds import services as funds
from innovation.funds.models import BudgetLine, LineKind
from innovation.org.models import Enterprise, TradeUnion, Worker

from .. import rules, sla
from ..calendar import work_calendar
from ..models import (
    ExpenseState,
    OrderPause,
    OrderState,
    Outcome,
    ServiceExpense,
    ServiceOrder,
    ServiceTeam,
    ServiceTraining,
    ServiceVisit,
)
from ..worktime import deadline
from . import order_texts as texts

FIRM_ACCOUNT = "demo_unit_wantong"  # innovation.accounts.demo: the union of the firm in service
PAPER_CONFIRMATION = "企业签署的服务确认单（历史记录录入）"

S = OrderState
SEED = "volunteer-orders"
CITY_UNION = "锦州市总工会"
FIRMS = 17
# The city's 志愿服务经费 (yuan) of the years the service ran; a demo value.
LINES = {2020: 30_000, 2021: 40_000}
FIRST_POST = datetime.date(2020, 3, 9)
LAST_POST = datetime.date(2021, 11, 15)
COUNTY_ADMINS = {"义县": "demo_yixian", "黑山县": "demo_heishan", "太和区": "demo_taihe"}
PAUSE_REASONS = ["等待企业停线检修窗口", "等待企业采购的备件到货", "等待企业提供近一年的质量记录"]
HOUR = 3600


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _workday(calendar, day: datetime.date) -> datetime.date:
    while not calendar.is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def _firms() -> tuple[list[Enterprise], list[Enterprise]]:
    """Two manufacturing small or micro enterprises in each county-level division, in code order
    (the last county one): the 17 served; and the next ones, for the orders not served."""
    by_county: dict = {}
    candidates = Enterprise.objects.filter(
        size__in=(Enterprise.Size.SMALL, Enterprise.Size.MICRO), industry=Enterprise.Industry.MANUFACTURING
    ).select_related("region__parent")
    for firm in candidates.order_by("id"):
        county = rules.county_of(firm)
        if county is not None:
            by_county.setdefault(county.code, []).append(firm)
    ordered = [by_county[code] for code in sorted(by_county)]
    firms = [firm for found in ordered for firm in found[:2]][:FIRMS]
    others = [found[2] for found in ordered if len(found) > 2]
    return firms, others


def _team_for(teams, county, category, load: Counter, exclude=()) -> ServiceTeam:
    serving = [t for t in teams if county.pk in t.area and t.pk not in exclude]
    taking = [t for t in serving if category in t.categories] or serving
    team = min(taking, key=lambda t: (load[t.pk], t.pk))
    load[team.pk] += 1
    return team


def _plan(firms, teams, entries) -> list[tuple]:
    """Each closed order at the firm with the fewest orders yet whose county a team taking the
    category serves (every firm gets two, one three)."""
    served: Counter = Counter()
    load: Counter = Counter()
    plan = []
    for entry in entries:
        category = entry[0]

        def fits(firm, category=category):
            county = rules.county_of(firm)
            return any(county.pk in t.area and category in t.categories for t in teams)

        firm = min((f for f in firms if fits(f)), key=lambda f: (served[f.pk], firms.index(f)))
        served[firm.pk] += 1
        plan.append((entry, firm, _team_for(teams, rules.county_of(firm), category, load)))
    return plan


class _Writer:
    """Builds the orders and their service record in memory, then writes them in bulk."""

    def __init__(self, city_admin):
        self.city_admin = city_admin
        self.rng = random.Random(SEED)
        self.calendar = work_calendar(datetime.date(2021, 1, 1))
        self.users = {u.username: u for u in User.objects.filter(username__in=COUNTY_ADMINS.values())}
        self.histories: list[tuple] = []
        self.pauses: list[OrderPause] = []
        self.visits: list[tuple] = []  # (visit, members)
        self.trainings: list[tuple] = []  # (training, trainees)

    def county_admin(self, order):
        return self.users.get(COUNTY_ADMINS.get(order.district.name, ""), self.city_admin)

    def later(self, moment, hours: float, pauses=()):
        return deadline(self.calendar, moment, int(hours * HOUR), pauses)

    def new_order(self, firm, category, title, description, posted_at) -> ServiceOrder:
        workers = list(
            Worker.objects.filter(enterprise=firm).order_by("id").values_list("name", flat=True)[:1]
        )
        phone = f"13{self.rng.randint(0, 9)}{self.rng.randint(10_000_000, 99_999_999)}"
        order = ServiceOrder(
            enterprise=firm,
            district=rules.county_of(firm),
            category=category,
            title=title,
            description=description,
            contact_name=workers[0] if workers else "联系人",
            contact_phone=phone,
            contact_phone_masked=mask_phone(phone),
            posted_at=posted_at,
            scope_path=firm.scope_path,
        )
        order.posted_by = self.county_admin(order)
        sla.set_targets(order)
        return order

    def service(self, order, team, start, until, headcount, topic, named=False):
        """Visits from `start` to `until` (the members present from the roster), a training."""
        roster = [m.worker for m in team.members.all() if m.left_on is None]
        first, last = timezone.localdate(start), timezone.localdate(until)
        days = sorted({first, last} | ({first + (last - first) / 2} if (last - first).days > 6 else set()))
        for n, day in enumerate(days):
            present = [team.leader] + self.rng.sample(
                [w for w in roster if w.pk != team.leader_id], k=min(2, len(roster) - 1)
            )
            notes = [
                "现场查看问题，了解生产情况并收集数据。",
                "实施改进措施，指导职工操作。",
                "复查效果，整理技术资料交付企业。",
            ]
            visit = ServiceVisit(
                order=order,
                on=day,
                hours=self.rng.choice([3, 4, 4.5, 6, 8]),
                notes=notes[min(n, 2) if n < len(days) - 1 else 2],
                recorded_by=team.leader.user,
            )
            self.visits.append((visit, present[: 2 + n % 2]))
        if headcount:
            trainees = []
            if named:
                trainees = list(
                    Worker.objects.filter(enterprise=order.enterprise).order_by("id")[: min(4, headcount)]
                )
            training = ServiceTraining(
                order=order, on=days[-1], topic=topic, headcount=headcount, recorded_by=team.leader.user
            )
            self.trainings.append((training, trainees))

    def closed(self, n, entry, firm, team, teams, load, outcome, posted_on) -> ServiceOrder:
        category, title, description, diagnosis, solution, comment, claimed, verified, headcount, topic = (
            entry
        )
        posted_at = _at(posted_on, 9, self.rng.choice([0, 15, 30, 45]))
        order = self.new_order(firm, category, title, description, posted_at)
        poster, union = order.posted_by, self.county_admin(order)
        lead = team.leader.user
        steps = [("post", "", S.POSTED, poster, "", posted_at)]
        if n == 3:  # returned for more detail, posted again the next working day
            back = self.later(posted_at, 1.5)
            steps.append(
                ("return", S.POSTED, S.RETURNED, union, "请补充近三个月的不良品统计数据和现场照片。", back)
            )
            order.posted_at = posted_at = self.later(back, 8)
            sla.set_targets(order)
            steps.append(("resubmit", S.RETURNED, S.POSTED, poster, "", posted_at))
        triaged = self.later(posted_at, self.rng.choice([0.5, 1, 1.5, 2]))
        steps.append(("triage", S.POSTED, S.TRIAGED, union, "", triaged))
        responded = self.later(triaged, self.rng.choice([1, 2, 3, 4]))
        if n % 4 == 1:  # dispatched by the union
            if n == 9:  # declined by a full team first
                other = _team_for(teams, order.district, category, load, exclude=(team.pk,))
                load[other.pk] -= 1
                steps.append(("dispatch", S.TRIAGED, S.OFFERED, union, "", self.later(triaged, 0.5)))
                steps.append(
                    (
                        "decline",
                        S.OFFERED,
                        S.TRIAGED,
                        other.leader.user,
                        "本队队员近期承担企业检修任务，无法按期上门，请改派。",
                        self.later(triaged, 1.5),
                    )
                )
                triaged = self.later(triaged, 2)
                responded = self.later(triaged, 2)
            steps.append(("dispatch", S.TRIAGED, S.OFFERED, union, "", self.later(triaged, 0.5)))
            steps.append(("accept", S.OFFERED, S.ACCEPTED, lead, "", responded))
        else:
            steps.append(("claim", S.TRIAGED, S.ACCEPTED, lead, "", responded))
        started = self.later(responded, 2)
        steps.append(("start", S.ACCEPTED, S.IN_SERVICE, lead, "", started))
        pauses = []
        if n in (5, 14, 24):
            begin = self.later(started, 8)
            pauses = [(begin, begin + datetime.timedelta(days=3))]
            self.pauses.append(
                OrderPause(
                    order=order,
                    started_at=pauses[0][0],
                    ended_at=pauses[0][1],
                    reason=PAUSE_REASONS[n % 3],
                    started_by=lead,
                    ended_by=lead,
                )
            )
        share = 1.12 if n == 17 else self.rng.uniform(0.45, 0.9)  # one finished a little late
        resolved = self.later(posted_at, order.sla_resolution_hours * share, pauses)
        steps.append(("resolve", S.IN_SERVICE, S.RESOLVED, lead, "", resolved))
        rated = _at(
            _workday(
                self.calendar, timezone.localdate(resolved) + datetime.timedelta(days=self.rng.randint(2, 4))
            ),
            10,
        )
        # Only the enterprise rates its service; these small firms have no account on the platform,
        # so their signed confirmation sheets of 2020–2021 are entered as records (no actor).
        steps.append(("confirm", S.RESOLVED, S.CONFIRMED, None, PAPER_CONFIRMATION, rated))
        closed = _at(
            _workday(
                self.calendar, timezone.localdate(rated) + datetime.timedelta(days=self.rng.randint(3, 8))
            ),
            15,
        )
        steps.append(("close", S.CONFIRMED, S.CLOSED, union, "", closed))
        order.team = team
        order.responded_at, order.resolved_at = responded, resolved
        order.outcome, order.diagnosis, order.solution = outcome, diagnosis, solution
        order.rating = 4 if outcome != Outcome.SOLVED or n % 5 == 2 else 5
        order.rating_comment, order.rated_by, order.rated_at = comment, None, rated
        order.benefit_claimed_fen = claimed * 100 if claimed else None
        order.benefit_verified_fen = verified * 100 if verified is not None else None
        sla.refresh_dues(order, pauses=pauses)
        self.service(order, team, started, resolved, headcount, topic, named=n % 6 == 4)
        self.histories.append((order, steps, closed))
        return order

    def write(self) -> None:
        kernel.load_history(ServiceOrder, [(order, steps) for order, steps, _last in self.histories])
        for order, steps, last in self.histories:
            ServiceOrder.objects.filter(pk=order.pk).update(created_at=steps[0][5], updated_at=last)
        for pause in self.pauses:
            pause.order_id = pause.order.pk
        OrderPause.objects.bulk_create(self.pauses)
        for model, rows, relation in (
            (ServiceVisit, self.visits, "members"),
            (ServiceTraining, self.trainings, "trainees"),
        ):
            for row, _people in rows:
                row.order_id = row.order.pk
            model.objects.bulk_create([row for row, _people in rows])
            through = getattr(model, relation).through
            key = "servicevisit_id" if model is ServiceVisit else "servicetraining_id"
            through.objects.bulk_create(
                [through(**{key: row.pk, "worker_id": w.pk}) for row, people in rows for w in people]
            )


def _lines(city: TradeUnion, actor) -> dict[int, BudgetLine]:
    lines = {}
    for year, yuan in LINES.items():
        line = BudgetLine.objects.filter(union=city, year=year, kind=LineKind.SERVICE).first()
        lines[year] = line or funds.line_create(
            actor=actor,
            union=city,
            year=year,
            kind=LineKind.SERVICE,
            name=f"{year}年志愿服务经费",
            amount_fen=yuan * 100,
        )
    return lines


def _expenses(solved: list[ServiceOrder], city_admin, second) -> int:
    rows = []
    for n, kind, yuan, note, payee in texts.EXPENSES:
        order = solved[n]
        proposed = order.resolved_at - datetime.timedelta(hours=2)
        expense = ServiceExpense(
            order=order,
            kind=kind,
            amount_fen=yuan * 100,
            note=note,
            payee=payee or order.team.leader.name,
            proposed_by=order.team.leader.user,
            scope_path=order.scope_path,
        )
        rows.append(
            (
                expense,
                [
                    ("propose", "", ExpenseState.PROPOSED, order.team.leader.user, "", proposed),
                    (
                        "approve",
                        ExpenseState.PROPOSED,
                        ExpenseState.APPROVED,
                        city_admin,
                        "",
                        order.rated_at + datetime.timedelta(days=1),
                    ),
                ],
            )
        )
    kernel.load_history(ServiceExpense, rows)
    serial: Counter = Counter()
    for expense, steps in rows:
        order = expense.order
        commitment = funds.commit(
            line=rules.service_line(order),
            amount_fen=expense.amount_fen,
            payee=expense.payee,
            purpose=f"{expense.get_kind_display()}：{order.title[:60]}",
            source_kind=rules.EXPENSE_SOURCE,
            source_id=expense.pk,
            policy_ref="锦州市总工会劳模志愿服务经费使用办法",
            decision_ref=f"服务经费审批（订单{order.code}）",
            approved_by=city_admin,
        )
        expense.commitment = commitment
        expense.save(update_fields=["commitment"])
        ServiceExpense.objects.filter(pk=expense.pk).update(created_at=steps[0][5], updated_at=steps[1][5])
        paid_on = timezone.localdate(steps[1][5]) + datetime.timedelta(days=5)
        serial[paid_on.year] += 1
        funds.pay(
            commitment=commitment,
            amount_fen=expense.amount_fen,
            paid_on=paid_on,
            voucher_no=f"JZZGH-ZYFW-{paid_on.year}-{serial[paid_on.year]:04d}",
            actor=second,
        )
    return len(rows)


def _open_and_cancelled(writer: _Writer, others, teams, load: Counter) -> list[ServiceOrder]:
    """The two cancelled orders of 2021, and this year's three open ones."""
    made = []
    for n, (category, title, description, step, reason) in enumerate(texts.CANCELLED):
        firm = others[n]
        posted_at = _at(_workday(writer.calendar, datetime.date(2021, 5 + 4 * n, 10)), 9, 30)
        order = writer.new_order(firm, category, title, description, posted_at)
        union = writer.county_admin(order)
        triaged = writer.later(posted_at, 1)
        steps = [
            ("post", "", S.POSTED, order.posted_by, "", posted_at),
            ("triage", S.POSTED, S.TRIAGED, union, "", triaged),
        ]
        if step == "withdraw":
            steps.append(
                ("withdraw", S.TRIAGED, S.CANCELLED, order.posted_by, reason, writer.later(triaged, 3))
            )
        else:
            order.team = _team_for(teams, order.district, category, load)
            steps.append(("dispatch", S.TRIAGED, S.OFFERED, union, "", writer.later(triaged, 1)))
            steps.append(("cancel", S.OFFERED, S.CANCELLED, union, reason, writer.later(triaged, 6)))
        sla.refresh_dues(order, pauses=[])
        writer.histories.append((order, steps, steps[-1][5]))
        made.append(order)
    now = timezone.now().replace(second=0, microsecond=0)
    # In service: claimed a month ago, visited, then waiting for the firm's records.
    category, title, description, reason, headcount, topic = texts.IN_SERVICE
    firm = others[2]
    order = writer.new_order(firm, category, title, description, now - datetime.timedelta(days=30))
    # This firm has its own account (demo_unit_wantong): it posted the order itself.
    order.posted_by = (
        User.objects.filter(username=FIRM_ACCOUNT, grants__node=firm.union).first() or order.posted_by
    )
    team = _team_for(teams, order.district, category, load)
    union, lead = writer.county_admin(order), team.leader.user
    triaged = order.posted_at + datetime.timedelta(hours=1)
    responded = order.posted_at + datetime.timedelta(hours=20)
    started = order.posted_at + datetime.timedelta(days=2)
    paused = now - datetime.timedelta(days=6)
    order.team, order.responded_at = team, responded
    pauses = [(paused, None)]
    writer.pauses.append(OrderPause(order=order, started_at=paused, reason=reason, started_by=lead))
    sla.refresh_dues(order, pauses=pauses)
    writer.service(order, team, started, paused - datetime.timedelta(days=1), headcount, topic, named=True)
    steps = [
        ("post", "", S.POSTED, order.posted_by, "", order.posted_at),
        ("triage", S.POSTED, S.TRIAGED, union, "", triaged),
        ("claim", S.TRIAGED, S.ACCEPTED, lead, "", responded),
        ("start", S.ACCEPTED, S.IN_SERVICE, lead, "", started),
    ]
    writer.histories.append((order, steps, paused))
    made.append(order)
    # Triaged two weeks ago and not yet claimed: past its response target, in the overdue queue;
    # and one posted two hours ago.
    for firm, (category, title, description), ago, triage in (
        (others[3], texts.TRIAGED, datetime.timedelta(days=14), True),
        (others[4], texts.POSTED, datetime.timedelta(hours=2), False),
    ):
        order = writer.new_order(firm, category, title, description, now - ago)
        sla.refresh_dues(order, pauses=[])
        steps = [("post", "", S.POSTED, order.posted_by, "", order.posted_at)]
        if triage:
            steps.append(
                (
                    "triage",
                    S.POSTED,
                    S.TRIAGED,
                    writer.county_admin(order),
                    "",
                    order.posted_at + datetime.timedelta(hours=1),
                )
            )
        writer.histories.append((order, steps, steps[-1][5]))
        made.append(order)
    return made


def seed_orders(city_admin, stdout=None) -> int:
    """The orders of 2020 and 2021 and this year's open ones (once: nothing when orders exist)."""
    if ServiceOrder.objects.exists():
        return ServiceOrder.objects.count()
    second = User.objects.get(username="demo_city2")
    city = TradeUnion.objects.get(name=CITY_UNION, kind=TradeUnion.Kind.CITY)
    teams = list(
        ServiceTeam.objects.filter(is_active=True)
        .select_related("leader__user")
        .prefetch_related("districts", "members__worker")
        .order_by("id")
    )
    for team in teams:
        team.area = {d.pk for d in team.districts.all()}
    firms, others = _firms()
    entries = (
        [(e, Outcome.SOLVED) for e in texts.SOLVED]
        + [(e, Outcome.PARTLY) for e in texts.PARTLY]
        + [(e, Outcome.NOT_SOLVABLE) for e in texts.NOT_SOLVABLE]
    )
    writer = _Writer(city_admin)
    load: Counter = Counter()
    plan = _plan(firms, teams, [e for e, _o in entries])
    span = (LAST_POST - FIRST_POST).days
    with transaction.atomic():
        _lines(city, city_admin)
        closed = []
        for n, ((entry, firm, team), (_e, outcome)) in enumerate(zip(plan, entries, strict=True)):
            posted_on = _workday(writer.calendar, FIRST_POST + datetime.timedelta(days=span * n // len(plan)))
            closed.append(writer.closed(n, entry, firm, team, teams, load, outcome, posted_on))
        made = _open_and_cancelled(writer, others, teams, load)
        writer.write()
        expenses = _expenses([o for o in closed if o.outcome == Outcome.SOLVED], city_admin, second)
    if stdout is not None:
        stdout.write(
            f"  volunteer orders: {len(closed) + len(made)} orders at "
            f"{len({o.enterprise_id for o in closed})} firms served, {expenses} expenses paid"
        )
    return len(closed) + len(made)
