"""The public notice (公示) and objections (异议): only while the notice is open, attachments
checked, every objection answered, an upheld one sends the decision back through the same path."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from innovation.achievements.models import AwardGrade
from innovation.audit.models import AuditAction, AuditEntry
from innovation.awards import services
from innovation.awards.models import Decision, Objection
from innovation.notifications.models import Notification

from . import decision_world as support
from .decision_world import line_of, to_locked, to_notice

# Shared fixtures (tests/awards has no conftest of its own).
city2 = support.city2
media = support.media
ranked = support.ranked

pytestmark = pytest.mark.usefixtures("media")

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def refusals(step: str) -> int:
    return AuditEntry.objects.filter(
        action__in=(AuditAction.ACCESS_DENIED, AuditAction.REFUSED), detail__startswith=f"awards.{step}"
    ).count()


def test_an_objection_before_the_notice_is_refused_and_audited(world, ranked):
    decision = to_locked(ranked)
    line = line_of(decision, ranked.items[0])
    with pytest.raises(ValidationError, match="不在公示期"):
        services.raise_objection(line=line, actor=world.users["worker"], reason="成果非原创")
    assert not Objection.objects.exists()
    assert refusals("objection") == 1


def test_an_objection_after_the_notice_has_ended_is_refused(world, ranked):
    decision = to_notice(ranked)
    decision.refresh_from_db()
    line = line_of(decision, ranked.items[0])
    late = decision.notice_ends + datetime.timedelta(seconds=1)
    with pytest.raises(ValidationError, match="现已结束，不能再提出异议"):
        services.raise_objection(line=line, actor=world.users["worker"], reason="成果非原创", now=late)
    assert not Objection.objects.exists()
    assert refusals("objection") == 1


def test_an_objection_during_the_notice_is_saved_with_its_attachment(world, ranked):
    decision = to_notice(ranked)
    line = line_of(decision, ranked.items[1])
    upload = SimpleUploadedFile("证明.pdf", PDF, content_type="application/pdf")
    objection = services.raise_objection(
        line=line, actor=world.users["expert"], reason="该成果与2019年某成果雷同", attachment=upload
    )
    assert objection.state == Objection.State.OPEN
    assert objection.decision == decision
    assert objection.scope_path == ranked.campaign.union.path
    assert objection.attachment_name == "证明.pdf"
    assert objection.attachment.name.endswith(".pdf")
    assert "证明" not in objection.attachment.name
    admins = set(
        Notification.objects.filter(title__startswith="公示异议").values_list("user__username", flat=True)
    )
    assert admins == {"t_city", "t_city2"}


def test_an_attachment_of_the_wrong_real_type_is_refused(world, ranked):
    decision = to_notice(ranked)
    line = line_of(decision, ranked.items[1])
    fake = SimpleUploadedFile("证明.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as caught:
        services.raise_objection(line=line, actor=world.users["worker"], reason="雷同", attachment=fake)
    assert "attachment" in caught.value.message_dict
    assert "实际类型" in caught.value.message_dict["attachment"][0]
    assert not Objection.objects.exists()


def test_an_oversized_attachment_is_refused(world, ranked, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    decision = to_notice(ranked)
    line = line_of(decision, ranked.items[1])
    big = SimpleUploadedFile("证明.pdf", PDF + b"0" * 2048, content_type="application/pdf")
    with pytest.raises(ValidationError, match="超过上限"):
        services.raise_objection(line=line, actor=world.users["worker"], reason="雷同", attachment=big)
    assert not Objection.objects.exists()


def test_an_objection_needs_a_reason(world, ranked):
    decision = to_notice(ranked)
    with pytest.raises(ValidationError) as caught:
        services.raise_objection(
            line=line_of(decision, ranked.items[1]), actor=world.users["worker"], reason=" "
        )
    assert "reason" in caught.value.message_dict


def test_a_dismissed_objection_keeps_the_notice_and_tells_the_objector(world, ranked):
    decision = to_notice(ranked)
    objection = services.raise_objection(
        line=line_of(decision, ranked.items[1]), actor=world.users["worker"], reason="效益数据偏高"
    )
    services.answer_objection(
        objection=objection, upheld=False, answer="经核查，效益数据有财务证明。", actor=ranked.city
    )
    objection.refresh_from_db()
    assert objection.state == Objection.State.DISMISSED
    assert objection.answered_by == ranked.city
    fresh = Decision.objects.get(pk=decision.pk)
    assert (fresh.state, fresh.version) == (Decision.State.NOTICE, 1)
    # The worker is also told his item is listed in the notice: this is the objection's answer.
    note = Notification.objects.get(user=world.users["worker"], title__contains="的异议已答复")
    assert "异议不成立" in note.title
    assert note.body == "经核查，效益数据有财务证明。"


def test_an_objection_is_answered_only_once(world, ranked):
    decision = to_notice(ranked)
    objection = services.raise_objection(
        line=line_of(decision, ranked.items[1]), actor=world.users["worker"], reason="效益数据偏高"
    )
    services.answer_objection(objection=objection, upheld=False, answer="不成立", actor=ranked.city)
    with pytest.raises(ValidationError, match="不能重复答复"):
        services.answer_objection(objection=objection, upheld=True, answer="成立", actor=ranked.city2)
    assert Objection.objects.get(pk=objection.pk).state == Objection.State.DISMISSED


def test_only_the_city_admin_answers(world, ranked):
    decision = to_notice(ranked)
    objection = services.raise_objection(
        line=line_of(decision, ranked.items[1]), actor=world.users["worker"], reason="效益数据偏高"
    )
    for who in ("worker", "yixian"):
        with pytest.raises(PermissionDenied):
            services.answer_objection(objection=objection, upheld=True, answer="成立", actor=world.users[who])
    assert Objection.objects.get(pk=objection.pk).state == Objection.State.OPEN
    assert refusals("answer") == 2


def test_an_upheld_objection_sends_the_decision_back_to_draft_version_2(world, ranked):
    decision = to_notice(ranked)
    second_line = line_of(decision, ranked.items[1])
    objection = services.raise_objection(line=second_line, actor=world.users["worker"], reason="成果抄袭他人")
    services.answer_objection(
        objection=objection, upheld=True, answer="经查属实，取消该项奖励。", actor=ranked.city
    )
    fresh = Decision.objects.get(pk=decision.pk)
    assert fresh.state == Decision.State.DRAFT
    assert fresh.version == 2
    assert (fresh.first_approver, fresh.second_approver, fresh.notice_starts, fresh.notice_ends) == (
        None,
        None,
        None,
        None,
    )
    entry = AuditEntry.objects.filter(object_type="awards.decision", action=AuditAction.UPDATE).latest("id")
    assert "异议成立" in entry.detail and entry.actor == ranked.city
    # The committee changes it through the same path: adjust → two approvals → publish again.
    services.adjust(
        line=line_of(fresh, ranked.items[1]), grade=None, reason="异议成立，取消奖励", actor=ranked.city
    )
    services.adjust(
        line=line_of(fresh, ranked.items[10]),
        grade=AwardGrade.objects.get(campaign=ranked.campaign, code="second"),
        reason="递补二等奖",
        actor=ranked.city,
    )
    with pytest.raises(ValidationError):
        services.publish(decision=fresh, actor=ranked.city)
    services.approve(decision=fresh, actor=ranked.city2)
    services.approve(decision=fresh, actor=ranked.city)
    later = timezone.now() + datetime.timedelta(hours=1)
    services.publish(decision=fresh, actor=ranked.city, now=later)
    fresh.refresh_from_db()
    assert (fresh.state, fresh.version, fresh.notice_starts) == (Decision.State.NOTICE, 2, later)
    assert line_of(fresh, ranked.items[1]).grade is None
    assert line_of(fresh, ranked.items[10]).grade.code == "second"


def test_a_second_upheld_objection_on_a_draft_does_not_bump_the_version_again(world, ranked):
    decision = to_notice(ranked)
    a = services.raise_objection(
        line=line_of(decision, ranked.items[1]), actor=world.users["worker"], reason="甲"
    )
    b = services.raise_objection(
        line=line_of(decision, ranked.items[2]), actor=world.users["worker"], reason="乙"
    )
    services.answer_objection(objection=a, upheld=True, answer="成立", actor=ranked.city)
    services.answer_objection(objection=b, upheld=True, answer="也成立", actor=ranked.city)
    fresh = Decision.objects.get(pk=decision.pk)
    assert (fresh.state, fresh.version) == (Decision.State.DRAFT, 2)
