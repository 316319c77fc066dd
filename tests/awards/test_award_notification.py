"""The award notification names the campaign once (issue 8, defect 14: "2020年2020年…"); the
authors of the listed items are told when the notice is published."""

from django.urls import reverse
from django.utils import timezone

from innovation.awards import services
from innovation.awards.models import AwardShare
from innovation.notifications.models import Notification

from . import decision_world as support
from .decision_world import after_notice, to_notice

city2 = support.city2
ranked = support.ranked


def test_the_award_notification_reads_as_one_sentence(world, ranked):
    decision = to_notice(ranked)
    services.finalise(decision=decision, actor=ranked.city, now=after_notice(decision))

    share = AwardShare.objects.get(award__achievement=ranked.items[0])
    note = Notification.objects.get(user=world.users["worker"], title__contains="一等奖")
    year = ranked.campaign.year
    assert ranked.campaign.title == f"{year}年职工“五小”创新成果征集活动"
    assert note.title == f"您的成果「{ranked.items[0].title}」荣获一等奖"
    assert note.body == (
        f"{year}年职工“五小”创新成果征集活动，您的奖金为5,000.00元，证书验证码 {share.certificate_code}。"
    )


def test_the_authors_are_told_their_item_is_listed_in_the_notice(world, ranked):
    decision = to_notice(ranked)

    note = Notification.objects.get(user=world.users["worker"], title__contains="获奖名单公示")
    ends = timezone.localtime(decision.notice_ends).strftime("%Y-%m-%d")
    assert note.title == f"您的成果已列入「{ranked.campaign.title}」获奖名单公示，公示期至{ends}"
    assert note.url == reverse("awards:notice", args=[decision.pk])  # the page the worker may open
    assert not Notification.objects.filter(user=ranked.city, title__contains="获奖名单公示").exists()
