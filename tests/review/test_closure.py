"""Defect 10: a decision on an incomplete review. Ranking, the proposal and both approvals wait
for every assigned sheet, unless the city ends scoring explicitly with a reason (audited,
recorded on the campaign's ScoringClosure, shown on the ranking and decision pages and in the
decision's API answer)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from innovation.accounts.roles import Role
from innovation.achievements.models import Achievement, State
from innovation.audit.models import AuditAction, AuditEntry
from innovation.awards import services as awards
from innovation.awards.models import Decision
from innovation.experts.models import Assignment
from innovation.review import closure, services
from innovation.review.models import ItemResult, ScoringClosure
from tests.factories import make_user

from .conftest import assign, make_expert

REASON = "两位专家因病无法按期评审，经评审委员会同意按已提交的评分排名"
CLOSED_AT = timezone.make_aware(datetime.datetime(2026, 11, 12, 9, 30))


@pytest.fixture
def one_of_five(world, review):
    """The issue's case: one item under review, five experts, one sheet submitted, the
    campaign's window still open (the fixture's other two items have left the review)."""
    Achievement.objects.filter(pk__in=[review.items["hs"].pk, review.items["edu"].pk]).update(
        state=State.RETURNED
    )
    item = review.items["yx"]
    review.assignments[("yx", "idle")] = assign(item, review.experts["idle"])
    review.experts["e5"] = make_expert(world, "t_expert5", "专家周五")
    review.assignments[("yx", "e5")] = assign(item, review.experts["e5"])
    services.save_sheet(
        assignment=review.assignments[("yx", "e1")],
        actor=world.users["expert"],
        values=review.values(80, 90, 70, 60),
        comment="实用",
        submit=True,
    )
    return review


@pytest.fixture
def city2(world):
    return make_user("t_city2", (Role.CITY_ADMIN, world.city))


def incomplete(campaign, doing: str) -> str:
    return (
        f"「{campaign}」还有 4 份专家评分表未提交（已提交 1/5 份），不能{doing}。"
        "请等专家提交全部评分表，或由市总工会写明理由结束评分。"
    )


def refused(step: str, action=AuditAction.REFUSED) -> int:
    return AuditEntry.objects.filter(action=action, detail__startswith=step).count()


def submit_the_rest(review) -> None:
    for key in (("yx", "e2"), ("yx", "e3"), ("yx", "idle"), ("yx", "e5")):
        services.save_sheet(
            assignment=review.assignments[key],
            actor=review.experts[key[1]].user,
            values=review.values(70, 70, 70, 70),
            comment="",
            submit=True,
        )


# ---------------------------------------------------------------- the rule


def test_ranking_is_refused_while_sheets_are_outstanding(world, one_of_five):
    campaign = one_of_five.campaign
    assert campaign.closes_at > timezone.now() and campaign.review_deadline > timezone.now()
    assert closure.sheet_counts(campaign) == closure.SheetCounts(assigned=5, submitted=1, outstanding=4)
    with pytest.raises(ValidationError) as exc:
        services.compute_results(campaign=campaign, actor=world.users["city"])
    assert exc.value.messages == [incomplete(campaign, "计算评审结果（排名）")]
    assert not ItemResult.objects.exists()
    assert refused("review.compute_results refused (incomplete)") == 1


def test_the_decision_is_refused_while_sheets_are_outstanding(world, one_of_five):
    """A ranking already on file (computed earlier, or written behind the service) does not
    make the review complete: the proposal counts the sheets itself."""
    campaign, item = one_of_five.campaign, one_of_five.items["yx"]
    ItemResult.objects.create(
        achievement=item,
        campaign=campaign,
        score=Decimal("75"),
        raw_mean=Decimal("75"),
        n_scores=1,
        spread=Decimal("0"),
        rank=1,
        field_rank=1,
        computed_at=timezone.now(),
        scope_path=item.scope_path,
    )
    with pytest.raises(ValidationError) as exc:
        awards.propose(campaign=campaign, actor=world.users["city"])
    assert exc.value.messages == [incomplete(campaign, "拟定审定方案")]
    assert not Decision.objects.exists()
    assert refused("awards.propose refused") == 1


def test_approvals_are_refused_when_a_sheet_is_outstanding_again(world, one_of_five, city2):
    """All five sheets in, ranked and proposed; then a sixth expert is assigned (a manual
    override): neither approval goes through until that sheet is in too."""
    review = one_of_five
    submit_the_rest(review)
    assert services.compute_results(campaign=review.campaign, actor=world.users["city"]) == 1
    decision = awards.propose(campaign=review.campaign, actor=world.users["city"])
    sixth = assign(review.items["yx"], make_expert(world, "t_expert6", "专家吴六"))
    with pytest.raises(ValidationError, match=r"还有 1 份专家评分表未提交（已提交 5/6 份），不能审批审定"):
        awards.approve(decision=decision, actor=world.users["city"])
    decision.refresh_from_db()
    assert (decision.state, decision.first_approver) == (Decision.State.DRAFT, None)
    services.save_sheet(
        assignment=sixth,
        actor=sixth.expert.user,
        values=review.values(60, 60, 60, 60),
        comment="",
        submit=True,
    )
    awards.approve(decision=decision, actor=world.users["city"])
    assert decision.state == Decision.State.APPROVING
    Assignment.objects.create(  # a seventh, between the two approvals
        campaign=review.campaign,
        achievement=review.items["yx"],
        expert=make_expert(world, "t_expert7", "专家郑七"),
        scope_path=review.items["yx"].scope_path,
    )
    with pytest.raises(ValidationError, match=r"还有 1 份专家评分表未提交（已提交 6/7 份），不能审批审定"):
        awards.approve(decision=decision, actor=city2)
    decision.refresh_from_db()
    assert decision.state == Decision.State.APPROVING
    assert refused("awards.approve refused") == 2


# ---------------------------------------------------------------- closing scoring


def test_the_city_closes_scoring_with_a_reason_and_the_review_goes_on(world, one_of_five, city2):
    review, city = one_of_five, world.users["city"]
    row = closure.close_scoring(campaign=review.campaign, actor=city, reason=f"  {REASON} ", now=CLOSED_AT)
    row.refresh_from_db()
    assert (row.closed_by, row.closed_at, row.reason, row.assigned, row.submitted, row.outstanding) == (
        city,
        CLOSED_AT,
        REASON,
        5,
        1,
        4,
    )
    assert row.scope_path == review.campaign.union.path
    entry = AuditEntry.objects.get(object_type="review.scoringclosure", object_id=str(row.pk))
    assert (entry.action, entry.actor, entry.detail) == (
        AuditAction.CREATE,
        city,
        f"review.close_scoring: 4 of 5 sheets outstanding; {REASON}",
    )
    assert entry.changes["outstanding"] == [None, 4]
    assert closure.closed_message(row) == (
        f"t_city 于 2026-11-12 09:30 结束评分（结束时已提交评分表 1/5 份，4 份未提交），理由：{REASON}"
    )
    # Ranking, proposal and both approvals now go through, on the one submitted sheet.
    assert services.compute_results(campaign=review.campaign, actor=city) == 1
    decision = awards.propose(campaign=review.campaign, actor=city)
    awards.approve(decision=decision, actor=city)
    awards.approve(decision=decision, actor=city2)
    assert decision.state == Decision.State.LOCKED
    # No sheet can be saved or submitted any more.
    with pytest.raises(ValidationError, match="市总工会已于 2026-11-12 09:30 结束本次活动的评分"):
        services.save_sheet(
            assignment=review.assignments[("yx", "e2")],
            actor=review.experts["e2"].user,
            values=review.values(90, 90, 90, 90),
            comment="",
            submit=True,
        )
    assert Assignment.objects.filter(campaign=review.campaign, state=Assignment.State.SUBMITTED).count() == 1


@pytest.mark.parametrize("who", ["yixian", "heishan", "unit", "worker", "expert", "nobody"])
def test_only_the_city_may_close_scoring(world, one_of_five, who):
    with pytest.raises(PermissionDenied, match="只有市总工会可以结束"):
        closure.close_scoring(campaign=one_of_five.campaign, actor=world.users[who], reason=REASON)
    assert not ScoringClosure.objects.exists()
    assert refused("review.close_scoring refused", AuditAction.ACCESS_DENIED) == 1


def test_closing_scoring_is_refused_without_a_reason_twice_or_after_approval(world, one_of_five, city2):
    campaign, city = one_of_five.campaign, world.users["city"]
    for reason in ("", "   ", None):
        with pytest.raises(ValidationError) as exc:
            closure.close_scoring(campaign=campaign, actor=city, reason=reason)
        assert exc.value.message_dict == {"reason": ["结束评分须写明理由。"]}
    with pytest.raises(ValidationError) as exc:
        closure.close_scoring(campaign=campaign, actor=city, reason="理" * 501)
    assert exc.value.message_dict == {"reason": ["理由不能超过500个字。"]}
    first = closure.close_scoring(campaign=campaign, actor=city, reason=REASON, now=CLOSED_AT)
    with pytest.raises(ValidationError, match="的评分已经结束：t_city 于 2026-11-12 09:30 结束评分"):
        closure.close_scoring(campaign=campaign, actor=city2, reason="再次结束")
    assert list(ScoringClosure.objects.all()) == [first]
    assert refused("review.close_scoring refused") == 5


def test_closing_scoring_is_refused_when_every_sheet_is_in(world, one_of_five):
    submit_the_rest(one_of_five)
    with pytest.raises(ValidationError) as exc:
        closure.close_scoring(campaign=one_of_five.campaign, actor=world.users["city"], reason=REASON)
    assert exc.value.messages == [f"「{one_of_five.campaign}」的专家评分表已全部提交（5 份），无需结束评分。"]
    assert not ScoringClosure.objects.exists()


def test_closing_scoring_is_refused_once_the_committee_has_approved(world, one_of_five):
    Decision.objects.create(
        campaign=one_of_five.campaign,
        state=Decision.State.LOCKED,
        proposed_by=world.users["city"],
        proposed_at=timezone.now(),
        scope_path=world.city.path,
    )
    with pytest.raises(ValidationError, match="已审批.*不能再结束评分"):
        closure.close_scoring(campaign=one_of_five.campaign, actor=world.users["city"], reason=REASON)
    assert not ScoringClosure.objects.exists()
