"""save_sheet and compute_results: the paths, every refusal (nothing changed, audited)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from innovation.achievements.models import Achievement, RubricCriterion, State
from innovation.audit.models import AuditAction, AuditEntry
from innovation.experts.models import Assignment
from innovation.review import closure, services
from innovation.review.models import ItemResult, Score, ScoreSheet, ScoringClosure
from tests.achievements.conftest import make_campaign


def refusals(assignment, action=AuditAction.REFUSED) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            action=action, object_type="experts.assignment", object_id=str(assignment.pk)
        )
    )


def snapshot(assignment):
    assignment.refresh_from_db()
    sheet = ScoreSheet.objects.filter(assignment=assignment).first()
    return (
        assignment.state,
        sheet and (sheet.comment, sheet.total, sheet.submitted_at),
        sorted(Score.objects.filter(sheet__assignment=assignment).values_list("criterion_id", "value")),
    )


def save(review, key, user, *scores, submit=False, comment="意见", **kw):
    return services.save_sheet(
        assignment=review.assignments[key],
        actor=user,
        values=review.values(*scores) if scores else {},
        comment=comment,
        submit=submit,
        **kw,
    )


# ---------------------------------------------------------------- the paths


def test_a_draft_keeps_partial_scores_without_a_total(world, review):
    expert = world.users["expert"]
    a = review.assignments[("yx", "e1")]
    c = review.criteria
    sheet = services.save_sheet(
        assignment=a, actor=expert, values={c[0].pk: Decimal("80"), c[1].pk: ""}, comment="初评", submit=False
    )
    a.refresh_from_db()
    assert a.state == Assignment.State.ASSIGNED
    assert (sheet.comment, sheet.total, sheet.submitted_at) == ("初评", None, None)
    assert list(sheet.scores.values_list("criterion_id", "value")) == [(c[0].pk, Decimal("80.00"))]
    entry = AuditEntry.objects.get(object_type="review.scoresheet", object_id=str(sheet.pk))
    assert (entry.action, entry.detail, entry.actor) == (AuditAction.CREATE, "review.save_draft", expert)
    # The next draft replaces the sheet: a criterion left out loses its score.
    services.save_sheet(
        assignment=a, actor=expert, values={c[1].pk: Decimal("65.5")}, comment="", submit=False
    )
    assert list(sheet.scores.values_list("criterion_id", "value")) == [(c[1].pk, Decimal("65.50"))]


def test_submit_computes_the_weighted_total_and_closes_the_assignment(world, review):
    sheet = save(review, ("yx", "e1"), world.users["expert"], 80, 90, 70, 60, submit=True)
    # (0.8 × 30 + 0.9 × 30 + 0.7 × 25 + 0.6 × 15) / 100 × 100
    assert sheet.total == Decimal("77.500") and sheet.submitted_at is not None
    a = review.assignments[("yx", "e1")]
    a.refresh_from_db()
    assert a.state == Assignment.State.SUBMITTED
    assert AuditEntry.objects.filter(
        action=AuditAction.UPDATE,
        object_type="experts.assignment",
        object_id=str(a.pk),
        detail="submit",  # the workflow kernel's step
    ).exists()
    assert AuditEntry.objects.filter(
        object_type="review.scoresheet", object_id=str(sheet.pk), detail="review.submit"
    ).exists()


def test_submit_after_a_draft_and_with_uneven_maxima(world, review):
    c = review.criteria
    RubricCriterion.objects.filter(pk=c[0].pk).update(max_score=7)
    expert = review.experts["e2"].user
    a = review.assignments[("hs", "e2")]
    services.save_sheet(assignment=a, actor=expert, values={c[0].pk: Decimal("5")}, comment="", submit=False)
    sheet = services.save_sheet(
        assignment=a,
        actor=expert,
        values={
            c[0].pk: Decimal("5"),
            c[1].pk: Decimal("100"),
            c[2].pk: Decimal("100"),
            c[3].pk: Decimal("100"),
        },
        comment="同意推荐",
        submit=True,
    )
    # 5/7 × 30 + 30 + 25 + 15 = 91.428571… → 91.429
    assert sheet.total == Decimal("91.429")


# ---------------------------------------------------------------- refusals


def test_another_experts_assignment_is_refused_and_audited(world, review):
    a = review.assignments[("yx", "e2")]
    before = snapshot(a)
    for user in (world.users["expert"], world.users["city"], world.users["worker"]):
        with pytest.raises(PermissionDenied, match="不是分配给您"):
            services.save_sheet(
                assignment=a, actor=user, values=review.values(1, 1, 1, 1), comment="", submit=True
            )
    assert snapshot(a) == before
    denied = refusals(a, AuditAction.ACCESS_DENIED)
    assert [e.actor.username for e in denied] == ["t_worker", "t_city", "t_expert"]
    assert "not_yours" in denied[0].detail and not refusals(a)


@pytest.mark.parametrize("state", [Assignment.State.DECLINED, Assignment.State.WITHDRAWN])
def test_a_declined_or_withdrawn_assignment_is_refused(world, review, state):
    a = review.assignments[("yx", "e1")]
    Assignment.objects.filter(pk=a.pk).update(state=state)
    before = snapshot(a)
    with pytest.raises(ValidationError) as exc:
        save(review, ("yx", "e1"), world.users["expert"], 80, 80, 80, 80)
    assert str(Assignment.State(state).label) in exc.value.messages[0] and "不能评分" in exc.value.messages[0]
    assert snapshot(a) == before and len(refusals(a)) == 1


def test_after_the_deadline_nothing_is_saved(world, review):
    a = review.assignments[("yx", "e1")]
    services.save_sheet(
        assignment=a,
        actor=world.users["expert"],
        values={review.criteria[0].pk: 50},
        comment="草稿",
        submit=False,
    )
    before = snapshot(a)
    late = review.campaign.review_deadline + datetime.timedelta(minutes=1)
    with pytest.raises(ValidationError) as exc:
        save(review, ("yx", "e1"), world.users["expert"], 80, 80, 80, 80, submit=True, now=late)
    assert "截止" in exc.value.messages[0]
    assert snapshot(a) == before and "state" in refusals(a)[0].detail
    # Exactly at the deadline is still in time.
    save(
        review,
        ("yx", "e1"),
        world.users["expert"],
        80,
        80,
        80,
        80,
        submit=True,
        now=review.campaign.review_deadline,
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-1", "不能低于0"),
        ("100.01", "不能超过满分100分"),
        ("80.125", "两位小数"),
        ("abc", "请填写数字"),
        ("NaN", "请填写数字"),
    ],
)
def test_bad_values_are_refused(world, review, value, message):
    a = review.assignments[("yx", "e1")]
    services.save_sheet(
        assignment=a,
        actor=world.users["expert"],
        values={review.criteria[1].pk: 70},
        comment="旧",
        submit=False,
    )
    before = snapshot(a)
    values = {c.pk: Decimal("80") for c in review.criteria}
    values[review.criteria[0].pk] = value
    for submit in (False, True):
        with pytest.raises(ValidationError) as exc:
            services.save_sheet(
                assignment=a, actor=world.users["expert"], values=values, comment="新", submit=submit
            )
        assert message in exc.value.message_dict[f"c{review.criteria[0].pk}"][0]
    assert snapshot(a) == before
    assert len(refusals(a)) == 2 and "values" in refusals(a)[0].detail and value in refusals(a)[0].detail


def test_submit_needs_every_criterion(world, review):
    a = review.assignments[("yx", "e1")]
    c = review.criteria
    with pytest.raises(ValidationError) as exc:
        services.save_sheet(
            assignment=a,
            actor=world.users["expert"],
            values={c[0].pk: 80, c[1].pk: 80, c[2].pk: ""},
            comment="",
            submit=True,
        )
    assert "「经济效益」、「推广价值」" in exc.value.message_dict["scores"][0]
    assert snapshot(a) == (Assignment.State.ASSIGNED, None, []) and len(refusals(a)) == 1


def test_a_criterion_of_another_campaign_is_refused(world, review):
    other = make_campaign(world, year=review.campaign.year - 1)
    foreign = other.criteria.first()
    values = review.values(80, 80, 80, 80)
    values[foreign.pk] = Decimal("50")
    a = review.assignments[("yx", "e1")]
    with pytest.raises(ValidationError) as exc:
        services.save_sheet(assignment=a, actor=world.users["expert"], values=values, comment="", submit=True)
    assert f"「{foreign.name}」不属于本次征集活动" in exc.value.message_dict["scores"][0]
    assert snapshot(a) == (Assignment.State.ASSIGNED, None, []) and len(refusals(a)) == 1


def test_a_submitted_sheet_cannot_be_submitted_or_saved_again(world, review):
    save(review, ("yx", "e1"), world.users["expert"], 80, 90, 70, 60, submit=True)
    a = review.assignments[("yx", "e1")]
    before = snapshot(a)
    for submit in (True, False):
        with pytest.raises(ValidationError, match="已提交"):
            save(review, ("yx", "e1"), world.users["expert"], 10, 10, 10, 10, submit=submit)
    assert snapshot(a) == before and len(refusals(a)) == 2


def test_an_item_that_left_review_cannot_be_scored(world, review):
    Achievement.objects.filter(pk=review.items["yx"].pk).update(state=State.NOT_AWARDED)
    with pytest.raises(ValidationError, match="不在专家评审阶段"):
        save(review, ("yx", "e1"), world.users["expert"], 80, 80, 80, 80)
    assert len(refusals(review.assignments[("yx", "e1")])) == 1


def test_an_overlong_comment_is_refused(world, review):
    with pytest.raises(ValidationError) as exc:
        save(review, ("yx", "e1"), world.users["expert"], 80, 80, 80, 80, comment="很" * 5001)
    assert "5000" in exc.value.message_dict["comment"][0]
    assert snapshot(review.assignments[("yx", "e1")]) == (Assignment.State.ASSIGNED, None, [])


# ---------------------------------------------------------------- results


def submit_all(world, review, table):
    """table: {(item, expert): (scores…)}; every sheet submitted."""
    for (item, expert), scores in table.items():
        save(review, (item, expert), review.experts[expert].user, *scores, submit=True)


def test_compute_results_writes_ranked_rows_with_the_items_scope(world, review):
    submit_all(
        world,
        review,
        {
            ("yx", "e1"): (80, 90, 70, 60),  # 77.5
            ("yx", "e2"): (60, 60, 60, 60),  # 60
            ("hs", "e1"): (90, 90, 90, 90),  # 90
            ("hs", "e3"): (100, 100, 100, 20),  # 88
        },
    )
    # A draft does not count: 4 of 9 sheets are in, so the ranking waits for the other 5 ...
    save(review, ("edu", "e1"), world.users["expert"], 100, 100, 100, 100, submit=False)
    with pytest.raises(ValidationError, match=r"还有 5 份专家评分表未提交（已提交 4/9 份）"):
        services.compute_results(campaign=review.campaign, actor=world.users["city"])
    assert not ItemResult.objects.exists()
    # ... until the city ends scoring with a reason.
    closure.close_scoring(campaign=review.campaign, actor=world.users["city"], reason="评审期满")
    n = services.compute_results(campaign=review.campaign, actor=world.users["city"])
    assert n == 2
    rows = list(
        ItemResult.objects.order_by("rank").values_list(
            "achievement_id", "score", "n_scores", "spread", "disagreement", "rank", "field_rank"
        )
    )
    assert rows == [
        (review.items["hs"].pk, Decimal("89.000"), 2, Decimal("2.000"), False, 1, 1),
        (review.items["yx"].pk, Decimal("68.750"), 2, Decimal("17.500"), False, 2, 1),
    ]
    assert ItemResult.objects.get(achievement=review.items["yx"]).scope_path == review.items["yx"].scope_path
    entry = AuditEntry.objects.get(
        action=AuditAction.UPDATE,
        object_type="achievements.campaign",
        object_id=str(review.campaign.pk),
        detail__startswith="review.compute_results",
    )
    assert (
        entry.detail == "review.compute_results: 2 items from 4 sheets" and entry.actor == world.users["city"]
    )
    # Recomputing replaces the rows (now with a lower threshold).
    review.campaign.disagreement_threshold = Decimal("10")
    review.campaign.save(update_fields=["disagreement_threshold"])
    assert services.compute_results(campaign=review.campaign, actor=world.users["city"]) == 2
    assert ItemResult.objects.count() == 2
    assert ItemResult.objects.get(achievement=review.items["yx"]).disagreement is True


def test_declined_sheets_and_items_that_left_the_review_are_not_outstanding(world, review):
    for key, scores in {("yx", "e1"): (80, 90, 70, 60), ("hs", "e1"): (90, 90, 90, 90)}.items():
        save(review, key, review.experts[key[1]].user, *scores, submit=True)
    for key in (("yx", "e2"), ("yx", "e3"), ("hs", "e2"), ("hs", "e3")):
        Assignment.objects.filter(pk=review.assignments[key].pk).update(state=Assignment.State.DECLINED)
    Achievement.objects.filter(pk=review.items["edu"].pk).update(state=State.RETURNED)
    assert closure.sheet_counts(review.campaign) == closure.SheetCounts(
        assigned=2, submitted=2, outstanding=0
    )
    assert services.compute_results(campaign=review.campaign, actor=world.users["city"]) == 2
    assert not ScoringClosure.objects.exists()


def test_compute_results_is_refused_outside_the_city_and_after_approval(world, review):
    for who in ("yixian", "expert", "worker"):
        with pytest.raises(PermissionDenied):
            services.compute_results(campaign=review.campaign, actor=world.users[who])
    assert (
        AuditEntry.objects.filter(
            action=AuditAction.ACCESS_DENIED,
            object_type="achievements.campaign",
            object_id=str(review.campaign.pk),
        ).count()
        == 3
    )
    from innovation.awards.models import Decision

    Decision.objects.create(
        campaign=review.campaign,
        state=Decision.State.LOCKED,
        proposed_by=world.users["city"],
        proposed_at=timezone.now(),
        scope_path=world.city.path,
    )
    with pytest.raises(ValidationError, match="不能再重新计算"):
        services.compute_results(campaign=review.campaign, actor=world.users["city"])
    assert not ItemResult.objects.exists()
