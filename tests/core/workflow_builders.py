"""One item per registered workflow, in the `world` city (unit yx_a in 义县), for the kernel's
refusal tests. A new workflow adds its builder here, or tests/core/test_workflow_kernel.py fails.

Each builder returns (item, actors): actors maps a policy action to a user who may take the
workflow's steps of that action on the item."""

from decimal import Decimal

from innovation.accounts.policy import Action
from innovation.achievements import services as achievement_services
from innovation.studios.models import YearReport
from tests.achievements.conftest import full_fields, make_campaign


def achievement(world):
    item = achievement_services.achievement_create(
        actor=None,
        campaign=make_campaign(world),
        enterprise=world.units["yx_a"],
        authors=[{"worker": world.workers["yx_a_1"], "share": 100}],
        **full_fields(),
    )
    return item, {
        Action.ACHIEVEMENT_SUBMIT: world.users["unit"],
        Action.ACHIEVEMENT_PREREVIEW: world.users["yixian"],
        Action.ACHIEVEMENT_FORMAL_CHECK: world.users["city"],
        Action.REVIEW_ASSIGN: world.users["city"],
        Action.DECISION_MANAGE: world.users["city"],
    }


def studio_application(world):
    from tests.studios.builders import apply

    return apply(world), {
        Action.STUDIO_APPLY: world.users["unit"],
        Action.STUDIO_RECOMMEND: world.users["yixian"],
        Action.STUDIO_MANAGE: world.users["city"],
    }


def year_report(world):
    from tests.studios.builders import make_studio

    studio = make_studio(world, "义县甲职工创新工作室")
    report = YearReport.objects.create(
        studio=studio,
        year=2025,
        problems_solved=1,
        people_trained=2,
        reported_benefit=Decimal("0"),
        summary="年度总结",
        scope_path=studio.scope_path,
    )
    return report, {Action.STUDIO_REPORT: world.users["unit"], Action.STUDIO_MANAGE: world.users["city"]}


def assignment(world):
    from innovation.experts.models import Assignment
    from tests.experts.conftest import make_expert, make_item

    campaign = make_campaign(world)
    item = make_item(world, campaign, "yx_a")
    expert = make_expert(world, "k_expert", "专家甲", outside="锦州大学")
    row = Assignment.objects.create(
        campaign=campaign, achievement=item, expert=expert, scope_path=item.scope_path
    )
    return row, {Action.REVIEW_SCORE: expert.user, Action.REVIEW_ASSIGN: world.users["city"]}


def subsidy_round(world):
    from django.utils import timezone

    from innovation.funds import services as funds
    from innovation.funds.models import LineKind
    from innovation.studios.models import SubsidyRound

    line = funds.line_create(
        actor=world.users["city"],
        union=world.city,
        year=2021,
        kind=LineKind.STUDIO,
        name="补助",
        amount_fen=1,
    )
    row = SubsidyRound.objects.create(
        union=world.city,
        year=2021,
        budget_line=line,
        proposed_by=world.users["city"],
        proposed_at=timezone.now(),
        scope_path=world.city.path,
    )
    return row, {Action.SUBSIDY_MANAGE: world.users["city"]}


def _decision(world):
    from django.utils import timezone

    from innovation.awards.models import Decision

    item, _actors = achievement(world)
    row = Decision.objects.create(
        campaign=item.campaign,
        proposed_by=world.users["city"],
        proposed_at=timezone.now(),
        scope_path=item.campaign.union.path,
    )
    return row, item


def decision(world):
    row, _item = _decision(world)
    return row, {Action.DECISION_MANAGE: world.users["city"], Action.OBJECTION_ANSWER: world.users["city"]}


def objection(world):
    from innovation.awards.models import DecisionLine, Objection

    row, item = _decision(world)
    line = DecisionLine.objects.create(decision=row, achievement=item, rank=1, score=Decimal("90"))
    raised = Objection.objects.create(
        decision=row, line=line, raised_by=world.users["worker"], reason="异议", scope_path=row.scope_path
    )
    return raised, {Action.OBJECTION_ANSWER: world.users["city"]}


def pair_agreement(world):
    import datetime

    from innovation.pairs.models import Agreement, Party, Side

    agreement = Agreement.objects.create(
        enterprise=world.units["yx_a"],
        title="义县职工二 — 义县职工一",
        start_on=datetime.date(2024, 3, 1),
        end_on=datetime.date(2026, 2, 28),
    )
    Party.objects.create(agreement=agreement, worker=world.workers["yx_a_2"], side=Side.MASTER)
    Party.objects.create(agreement=agreement, worker=world.workers["yx_a_1"], side=Side.APPRENTICE)
    unit = world.users["unit"]
    return agreement, {Action.PAIR_APPROVE: unit, Action.PAIR_MANAGE: unit}


def pair_selection(world):
    import datetime

    from innovation.pairs.models import Level, Selection

    row = Selection.objects.create(
        level=Level.CITY,
        union=world.city,
        year=2024,
        title="2024年锦州市金牌师徒评选",
        opens_on=datetime.date(2024, 5, 1),
        closes_on=datetime.date(2024, 6, 30),
        quota=11,
        criteria=[{"key": "skill", "label": "技能", "weight": 100, "max": 100}],
    )
    return row, {Action.PAIR_SELECTION: world.users["city"]}


def _pair_nomination(world):
    from innovation.pairs.models import Nomination

    agreement, _actors = pair_agreement(world)
    selection, _actors = pair_selection(world)
    return Nomination.objects.create(
        selection=selection,
        agreement=agreement,
        series_id=agreement.series_id,
        enterprise=agreement.enterprise,
        title=agreement.title,
        summary="推荐",
    )


def pair_nomination(world):
    return _pair_nomination(world), {
        Action.PAIR_RECOMMEND: world.users["yixian"],
        Action.PAIR_NOMINATE: world.users["unit"],
        Action.PAIR_SELECTION: world.users["city"],
    }


def pair_objection(world):
    from innovation.pairs.models import PairObjection

    nomination = _pair_nomination(world)
    raised = PairObjection.objects.create(
        nomination=nomination, raised_by=world.users["worker"], reason="异议"
    )
    return raised, {Action.PAIR_SELECTION: world.users["city"]}


def competition(world):
    from tests.competitions import builders

    comp = builders.competition(world)
    builders.occupation(world, comp)
    return comp, {Action.COMPETITION_MANAGE: world.users["city"]}


def _competition_registration(world):
    from innovation.competitions import services
    from tests.competitions import builders

    _comp, occ = builders.open_event(world)
    return services.register(actor=world.users["unit"], occupation=occ, worker=builders.contestant(world))


def competition_registration(world):
    return _competition_registration(world), {
        Action.COMPETITION_MANAGE: world.users["city"],
        Action.COMPETITION_REGISTER: world.users["unit"],
    }


def competition_promotion(world):
    from innovation.competitions import services
    from innovation.competitions.models import PromotionRecommendation
    from innovation.org.models import SkillLevel

    registration = _competition_registration(world)
    services.registration_step(actor=world.users["city"], registration=registration, step="confirm")
    registration.refresh_from_db()
    row = PromotionRecommendation.objects.create(
        competition=registration.occupation.competition,
        occupation=registration.occupation,
        registration=registration,
        worker=registration.worker,
        rank=1,
        from_level=SkillLevel.INTERMEDIATE,
        to_level=SkillLevel.SENIOR,
    )
    return row, {Action.COMPETITION_MANAGE: world.users["city"]}


def _service_order(world):
    import datetime

    from django.utils import timezone

    from innovation.accounts.roles import Role
    from innovation.volunteer.models import MemberRole, ServiceOrder, ServiceTeam, TeamMember
    from tests.factories import make_user

    lead = make_user(
        "k_team_lead", (Role.TEAM_LEAD, world.units["yx_a"].union), worker=world.workers["yx_a_2"]
    )
    team = ServiceTeam.objects.create(
        name="义县甲劳模志愿服务队",
        enterprise=world.units["yx_a"],
        leader=world.workers["yx_a_2"],
        categories=["equipment"],
        formed_on=datetime.date(2020, 1, 1),
    )
    TeamMember.objects.create(
        team=team, worker=world.workers["yx_a_2"], role=MemberRole.LEADER, joined_on=datetime.date(2020, 1, 1)
    )
    # The team holds the order, so its leader is in scope whatever the order's state.
    order = ServiceOrder.objects.create(
        enterprise=world.units["yx_a"],
        district=world.units["yx_a"].region,
        category="equipment",
        title="液压站频繁停机",
        description="液压站油温过高",
        contact_name="王经理",
        contact_phone="13812345678",
        team=team,
        posted_at=timezone.now(),
        posted_by=world.users["unit"],
    )
    return order, lead


def service_order(world):
    order, lead = _service_order(world)
    return order, {
        Action.SERVICE_POST: world.users["unit"],
        Action.SERVICE_TRIAGE: world.users["yixian"],
        Action.SERVICE_TEAM: lead,
        Action.SERVICE_CONFIRM: world.users["unit"],
    }


def service_expense(world):
    from innovation.volunteer.models import ServiceExpense

    order, lead = _service_order(world)
    row = ServiceExpense.objects.create(
        order=order, kind="transport", amount_fen=10_000, note="交通费", payee="义县甲", proposed_by=lead
    )
    return row, {Action.FUNDS_MANAGE: world.users["city"]}


def _recommendation(world):
    import datetime

    from innovation.recommendations.models import Contest, ContestCategory, Recommendation
    from tests.awards.test_certificates import make_award

    award = make_award(
        world,
        make_campaign(world),
        title="液压站节能改造",
        grade="first",
        authors=[(world.workers["yx_a_1"], 100)],
    )
    contest = Contest.objects.create(
        union=world.city,
        name="辽宁省职工创新大赛",
        organiser="辽宁省总工会",
        level="provincial",
        year=award.campaign.year,
        deadline=datetime.date(award.campaign.year + 1, 12, 31),
    )
    category = ContestCategory.objects.create(contest=contest, name="职工组", quota=5)
    return Recommendation.objects.create(
        contest=contest, category=category, achievement=award.achievement, award=award
    )


def recommendation(world):
    return _recommendation(world), {Action.RECOMMENDATION_MANAGE: world.users["city"]}


def recommendation_objection(world):
    from innovation.recommendations.models import RecommendationObjection

    row = RecommendationObjection.objects.create(
        recommendation=_recommendation(world), public_name="张三", phone_hash="x", reason="雷同"
    )
    return row, {Action.RECOMMENDATION_MANAGE: world.users["city"]}


def project(world):
    import datetime

    from innovation.projects import services as project_services

    row = project_services.project_create(
        actor=world.users["unit"],
        enterprise=world.units["yx_a"],
        members=[world.workers["yx_a_1"]],
        title="液压站节能攻关",
        channel="breakthrough",
        owner_kind="unit",
        problem="液压站能耗高",
        goal="节能20%",
        start_on=datetime.date(2024, 1, 1),
        end_on=datetime.date(2030, 12, 31),
    )
    return row, {Action.PROJECT_MANAGE: world.users["unit"], Action.PROJECT_APPROVE: world.users["yixian"]}


BUILDERS = {
    "achievement": achievement,
    "studio_application": studio_application,
    "year_report": year_report,
    "assignment": assignment,
    "subsidy_round": subsidy_round,
    "decision": decision,
    "objection": objection,
    "pair_agreement": pair_agreement,
    "pair_selection": pair_selection,
    "pair_nomination": pair_nomination,
    "pair_objection": pair_objection,
    "competition": competition,
    "competition_registration": competition_registration,
    "competition_promotion": competition_promotion,
    "service_order": service_order,
    "service_expense": service_expense,
    "project": project,
    "recommendation": recommendation,
    "recommendation_objection": recommendation_objection,
}
