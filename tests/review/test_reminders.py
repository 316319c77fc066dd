"""Reminders before the review deadline: who, when, and at most once a day."""

import datetime
import io

from django.core.management import call_command
from django.utils import timezone

from innovation.experts.models import Assignment
from innovation.notifications.models import Notification
from innovation.review import services


def reminded(review) -> dict[str, int]:
    """expert key -> reminders received."""
    return {
        key: Notification.objects.filter(user=expert.user, url__startswith="/review/?reminder=").count()
        for key, expert in review.experts.items()
    }


def test_experts_with_unfinished_items_are_reminded_once_a_day(world, review):
    # e2 finished everything; e3 has a draft (still unfinished); e1 has not started.
    for item in ("yx", "hs", "edu"):
        services.save_sheet(
            assignment=review.assignments[(item, "e2")],
            actor=review.experts["e2"].user,
            values=review.values(80, 80, 80, 80),
            comment="",
            submit=True,
        )
    services.save_sheet(
        assignment=review.assignments[("yx", "e3")],
        actor=review.experts["e3"].user,
        values={},
        comment="看过",
        submit=False,
    )
    # A deadline at 18:00 local time, so "47 hours before" and "5 minutes later" share a day.
    day = timezone.localdate() + datetime.timedelta(days=10)
    deadline = timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 18, 0))
    review.campaign.review_deadline = deadline
    review.campaign.save(update_fields=["review_deadline"])
    too_early = deadline - datetime.timedelta(hours=49)
    assert services.remind_unfinished(campaign=review.campaign, now=too_early) == 0
    now = deadline - datetime.timedelta(hours=47)
    assert services.remind_unfinished(campaign=review.campaign, now=now) == 2
    assert reminded(review) == {"e1": 1, "e2": 0, "e3": 1, "idle": 0}
    note = Notification.objects.get(user=review.experts["e1"].user)
    assert note.title == "评审提醒：您还有3项成果未提交评分"
    assert review.campaign.title in note.body
    assert timezone.localtime(deadline).strftime("%Y-%m-%d %H:%M") in note.body
    # Again the same (local) day: nothing more.
    assert services.remind_unfinished(campaign=review.campaign, now=now + datetime.timedelta(minutes=5)) == 0
    # The next day, once more.
    assert services.remind_unfinished(campaign=review.campaign, now=now + datetime.timedelta(hours=24)) == 2
    assert reminded(review) == {"e1": 2, "e2": 0, "e3": 2, "idle": 0}
    # After the deadline there is nothing to remind of.
    assert (
        services.remind_unfinished(campaign=review.campaign, now=deadline + datetime.timedelta(hours=1)) == 0
    )


def test_declined_assignments_and_campaigns_without_deadline_are_not_reminded(world, review):
    Assignment.objects.filter(expert=review.experts["e1"]).update(state=Assignment.State.DECLINED)
    now = review.campaign.review_deadline - datetime.timedelta(hours=1)
    assert services.remind_unfinished(campaign=review.campaign, now=now, within_hours=2) == 2
    assert reminded(review)["e1"] == 0
    review.campaign.review_deadline = None
    review.campaign.save(update_fields=["review_deadline"])
    assert services.remind_unfinished(campaign=review.campaign, now=now + datetime.timedelta(days=1)) == 0


def test_the_command_reminds_for_every_campaign(world, review):
    review.campaign.review_deadline = timezone.now() + datetime.timedelta(hours=30)
    review.campaign.save(update_fields=["review_deadline"])
    out = io.StringIO()
    call_command("send_review_reminders", stdout=out)
    assert f"campaign {review.campaign.pk}: 3 experts reminded" in out.getvalue()
    assert "3 reminders sent" in out.getvalue()
    assert reminded(review) == {"e1": 1, "e2": 1, "e3": 1, "idle": 0}
    out = io.StringIO()
    call_command("send_review_reminders", stdout=out)
    assert "0 reminders sent" in out.getvalue()
    # A narrower window set on the command line leaves this deadline out.
    Notification.objects.all().delete()
    out = io.StringIO()
    call_command("send_review_reminders", "--within-hours", "24", stdout=out)
    assert "0 reminders sent" in out.getvalue()
