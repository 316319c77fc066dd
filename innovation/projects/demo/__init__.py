"""The demo's technical breakthrough projects and the pairs' benefit records, calibrated on the
report: "2019年至今，劳模和职工创新工作室通过技术攻关、'五小'创新、岗位创新、名师带徒等多种方式为企业
创造经济效益近5亿元".

The achievements' demo gives 五小创新 289,784,000 yuan (filed achievements of 2019–2021 with a
verified benefit). This adds, verified and concluded in 2019 or later: 技术攻关 170,500,000 yuan
(11 projects, 高颖明's 航煤 one "近600万元"), 岗位创新 27,640,000 yuan (6 teams' projects) and
名师带徒 8,936,000 yuan (8 completed pairs): 496,860,000 yuan in all for demo_city — 近5亿元.

Besides them, one project in every other state: concluded awaiting verification, concluded in
2018 (before the figure), in progress (with funds committed and paid through the ledger, and
experts' help), approved, proposed, not approved and stopped. 高颖明's 余热回收 project (concluded
2025) is filed as a five-smalls draft of this year's campaign. Deterministic and idempotent: a
second run finds the projects and does nothing."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from innovation.accounts.models import User
from innovation.core import workflow as kernel
from innovation.org.models import Enterprise, Worker
from innovation.studios.models import Studio

from .. import rules, services
from ..models import MemberRole, Milestone, OwnerKind, Project, ProjectMember, ProjectState
from .data import ADMINS, CURRENT, FILED, PAIR_BENEFITS, PETRO, PROJECTS, STOP_REASONS

D = datetime.date
S = ProjectState
W = 10_000_00  # fen per 万元


def _owner(owner):
    """(enterprise, studio, team name, owner kind) of a row's owner."""
    if isinstance(owner, str):
        studio = Studio.objects.select_related("enterprise", "leader").get(name=owner)
        return studio.enterprise, studio, "", OwnerKind.STUDIO
    enterprise = Enterprise.objects.get(name=owner[0])
    return enterprise, None, owner[1], OwnerKind.TEAM if owner[1] else OwnerKind.UNIT


def _members(enterprise, studio) -> list[Worker]:
    # Studio leaders work in their studios' projects, not in the teams'.
    workers = list(
        Worker.objects.filter(enterprise=enterprise, is_active=True, led_studios__isnull=True).order_by("pk")[
            :3
        ]
    )
    if studio is not None:
        workers = [studio.leader] + [w for w in workers if w.pk != studio.leader_id][:2]
    return workers


def _steps(state, start, concluded, reason, city, unit):
    at = lambda day: timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))  # noqa: E731
    steps = [("propose", "", S.PROPOSED, unit, "", at(start - datetime.timedelta(days=20)))]
    if state == S.PROPOSED:
        return steps
    if (
        state == S.STOPPED
        and reason
        and concluded is None
        and start > timezone.localdate() - datetime.timedelta(days=350)
    ):
        return [
            *steps,
            ("reject", S.PROPOSED, S.STOPPED, city, reason, at(start - datetime.timedelta(days=5))),
        ]
    steps.append(("approve", S.PROPOSED, S.APPROVED, city, "", at(start - datetime.timedelta(days=7))))
    if state == S.APPROVED:
        return steps
    steps.append(("start", S.APPROVED, S.IN_PROGRESS, unit, "", at(start)))
    if state == S.STOPPED:
        return [
            *steps,
            ("stop", S.IN_PROGRESS, S.STOPPED, unit, reason, at(start + datetime.timedelta(days=120))),
        ]
    if state == S.CONCLUDED:
        steps.append(("conclude", S.IN_PROGRESS, S.CONCLUDED, unit, "", at(concluded)))
    return steps


def _project(row_owner, title, channel, state, start, end, problem, goal, city, **facts):
    enterprise, studio, team, kind = _owner(row_owner)
    unit = User.objects.filter(username=ADMINS.get(enterprise.name, "")).first()
    project = Project(
        title=title,
        channel=channel,
        owner_kind=kind,
        enterprise=enterprise,
        studio=studio,
        team_name=team,
        problem=problem,
        goal=goal,
        plan="成立攻关小组，调研分析、方案设计、试验验证、推广应用。",
        start_on=start,
        end_on=end,
        created_by=unit,
        scope_path=enterprise.scope_path,  # load_history writes in bulk: save() does not set it
        **facts,
    )
    reason = facts.get("stop_reason", "")
    return (
        project,
        _steps(state, start, facts.get("concluded_on"), reason, city, unit),
        _members(enterprise, studio),
    )


def seed(stdout=None) -> None:
    if Project.objects.exists():
        return
    city = User.objects.get(username="demo_city")
    today = timezone.localdate()
    items, members = [], []
    for title, channel, owner, state, start, end, concluded, claimed, verified, problem, goal in PROJECTS:
        project, steps, workers = _project(
            owner,
            title,
            channel,
            state,
            start,
            end,
            problem,
            goal,
            city,
            concluded_on=concluded,
            result=f"{goal}已实现，经生产验证效果稳定。",
            benefit_claimed_fen=claimed * W,
            benefit_basis="按年度节约成本与增产增效测算。",
            benefit_verified_fen=verified * W if verified is not None else None,
            benefit_verified_by=city if verified is not None else None,
            benefit_verified_at=timezone.now() if verified is not None else None,
        )
        items.append((project, steps))
        members.append(workers)
    for title, channel, owner, state, ago, ahead, problem, goal in CURRENT:
        start = today - datetime.timedelta(days=ago)
        project, steps, workers = _project(
            owner,
            title,
            channel,
            state,
            start,
            today + datetime.timedelta(days=ahead),
            problem,
            goal,
            city,
            stop_reason=STOP_REASONS.get(title, ""),
        )
        items.append((project, steps))
        members.append(workers)
    with transaction.atomic():
        kernel.load_history(Project, items)
        rows, milestones = [], []
        for (project, _log), workers in zip(items, members, strict=True):
            rows += [
                ProjectMember(
                    project=project, worker=w, order=i, role=MemberRole.LEAD if i == 1 else MemberRole.MEMBER
                )
                for i, w in enumerate(workers, start=1)
            ]
            middle = project.start_on + (project.end_on - project.start_on) / 2
            for name, due in (("完成调研与方案设计", middle), ("完成试验验证", project.end_on)):
                done = (
                    due
                    if project.state == S.CONCLUDED or due < today and project.state == S.IN_PROGRESS
                    else None
                )
                milestones.append(Milestone(project=project, title=name, due_on=due, done_on=done))
        ProjectMember.objects.bulk_create(rows)
        Milestone.objects.bulk_create(milestones)
        _support(city, today)
        _pair_benefits(city)
    filed = _file()
    if stdout is not None:
        stdout.write(f"  projects: {Project.objects.count()} projects, filed as an achievement: {filed}")


def _support(city, today) -> None:
    """The union's support of the projects under way: funds on this year's 「其他」 line (one paid),
    experts' help."""
    from innovation.funds import services as funds
    from innovation.funds.models import BudgetLine, LineKind
    from innovation.org.models import TradeUnion

    union = TradeUnion.objects.get(kind=TradeUnion.Kind.CITY, name="锦州市总工会")
    if not BudgetLine.objects.filter(union=union, year=today.year, kind=LineKind.OTHER).exists():
        funds.line_create(
            actor=city,
            union=union,
            year=today.year,
            kind=LineKind.OTHER,
            name=f"{today.year}年职工创新项目经费",
            amount_fen=500_000_00,
        )
    first = Project.objects.get(title="加氢裂化催化剂国产化应用")
    second = Project.objects.get(title="重型齿轮箱加工精度攻关")
    paid = services.funds_commit(
        actor=city, project=first, amount_fen=50_000_00, content="催化剂评价试验费", on=today
    )
    services.funds_pay(actor=city, support=paid, paid_on=today, voucher_no=f"GG{today.year}-001")
    services.funds_commit(
        actor=city, project=second, amount_fen=30_000_00, content="检测设备租赁费", on=today
    )
    for project, name, content in (
        (first, "辽宁石油化工大学 王教授", "催化剂工业评价方案论证"),
        (second, "锦州市机械工程学会 刘高工", "齿轮加工误差分析"),
    ):
        services.expert_help_add(actor=city, project=project, on=today, content=content, helper_name=name)


def _pair_benefits(city) -> None:
    from innovation.pairs.models import Agreement, PairBenefit

    agreements = list(Agreement.objects.filter(state="completed").order_by("pk")[: len(PAIR_BENEFITS)])
    PairBenefit.objects.bulk_create(
        [
            PairBenefit(
                agreement=agreement,
                title=title,
                on=on,
                claimed_fen=claimed * 100,
                basis="按年节约成本测算。",
                verified_fen=verified * 100 if verified is not None else None,
                verified_by=city if verified is not None else None,
                verified_at=timezone.now() if verified is not None else None,
            )
            for agreement, (title, on, claimed, verified) in zip(agreements, PAIR_BENEFITS, strict=False)
        ]
    )


def _file() -> str:
    """高颖明's 余热回收 project, filed by 锦州石化's union as a draft of this year's campaign."""
    project = Project.objects.get(title=FILED)
    if project.achievement_id or rules.open_campaign(project) is None:
        return "—"
    achievement = services.project_file(actor=User.objects.get(username=ADMINS[PETRO]), project=project)
    return achievement.title
