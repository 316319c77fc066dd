import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from innovation.achievements import services
from innovation.achievements.models import Achievement, Attachment
from innovation.core import workflow as kernel

from .conftest import CRITERIA, GRADES, full_fields, make_campaign

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_only_one_campaign_per_year(world, campaign):
    with pytest.raises(ValidationError) as exc:
        make_campaign(world)
    assert "year" in exc.value.message_dict


def test_campaign_rules_freeze_when_it_opens(world, campaign):
    with pytest.raises(ValidationError) as exc:
        services.campaign_update(
            actor=world.users["city"], campaign=campaign, grades=GRADES, criteria=CRITERIA, title="改"
        )
    assert exc.value.code == "frozen"


def test_campaign_rules_can_change_before_it_opens(world):
    year = timezone.localdate().year + 1
    opens = timezone.make_aware(datetime.datetime(year, 3, 1))
    campaign = services.campaign_create(
        actor=world.users["city"],
        union=world.city,
        year=year,
        title="明年",
        opens_at=opens,
        closes_at=opens + datetime.timedelta(days=180),
        kinds=["invention"],
        fields=["safety"],
        grades=GRADES,
        criteria=CRITERIA,
    )
    services.campaign_update(
        actor=world.users["city"], campaign=campaign, grades=GRADES[:2], criteria=CRITERIA, notice_days=10
    )
    campaign.refresh_from_db()
    assert campaign.notice_days == 10 and campaign.grades.count() == 2


def _campaign_args(year):
    opens = timezone.make_aware(datetime.datetime(year, 3, 1))
    return {
        "year": year,
        "title": "x",
        "opens_at": opens,
        "closes_at": opens + datetime.timedelta(days=30),
        "kinds": ["invention"],
        "fields": ["safety"],
    }


def test_rubric_weights_must_sum_to_100(world):
    with pytest.raises(ValidationError) as exc:
        services.campaign_create(
            actor=None, union=world.city, grades=GRADES, criteria=CRITERIA[:2], **_campaign_args(2031)
        )
    assert exc.value.message_dict["criteria"] == ["评分标准权重合计须为100。"]


def test_the_window_must_be_in_order_and_in_its_year(world):
    args = _campaign_args(2032)
    args["closes_at"] = args["opens_at"] - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        services.campaign_create(actor=None, union=world.city, grades=GRADES, criteria=CRITERIA, **args)
    assert "closes_at" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.campaign_create(
            actor=None,
            union=world.city,
            grades=GRADES,
            criteria=CRITERIA,
            **{**_campaign_args(2033), "year": 2034},
        )
    assert "opens_at" in exc.value.message_dict


def test_only_the_city_publishes_campaigns(world):
    with pytest.raises(PermissionDenied):
        services.campaign_create(
            actor=world.users["yixian"],
            union=world.city,
            year=2030,
            title="x",
            opens_at=timezone.now(),
            closes_at=timezone.now() + datetime.timedelta(days=1),
            kinds=["invention"],
            fields=["safety"],
            grades=GRADES,
            criteria=CRITERIA,
        )


@pytest.mark.parametrize(
    ("authors", "message"),
    [
        ([{"worker_key": "yx_a_1", "share": 60}, {"worker_key": "yx_a_2", "share": 30}], "合计须为100"),
        ([{"outside_name": "张三", "share": 100}], "第一完成人须是本单位职工"),
        ([{"worker_key": "hs_a_1", "share": 100}], "不存在或不是申报单位的在职职工"),
        ([{"worker_key": "yx_a_1", "share": 50}, {"worker_key": "yx_a_1", "share": 50}], "重复"),
        ([{"worker_key": "yx_a_1", "share": 0}, {"outside_name": "张三", "share": 100}], "大于0"),
    ],
)
def test_author_rules(world, campaign, authors, message):
    rows = [
        {
            "worker": world.workers[a["worker_key"]].pk if "worker_key" in a else None,
            "outside_name": a.get("outside_name", ""),
            "share": a["share"],
        }
        for a in authors
    ]
    with pytest.raises(ValidationError) as exc:
        services.achievement_create(
            actor=world.users["unit"],
            campaign=campaign,
            enterprise=world.units["yx_a"],
            authors=rows,
            **full_fields(),
        )
    assert any(message in m for m in exc.value.message_dict["authors"])
    assert not Achievement.objects.exists()


def test_an_outside_co_author_is_allowed(world, campaign):
    item = services.achievement_create(
        actor=world.users["unit"],
        campaign=campaign,
        enterprise=world.units["yx_a"],
        authors=[
            {"worker": world.workers["yx_a_1"].pk, "share": 70},
            {"outside_name": "李教授", "outside_unit": "辽宁工业大学", "share": 30},
        ],
        **full_fields(),
    )
    assert [(a.name, a.share) for a in item.authors.all()] == [
        (world.workers["yx_a_1"].name, Decimal("70.00")),
        ("李教授", Decimal("30.00")),
    ]


@pytest.mark.parametrize(
    ("amount", "fragment"), [("-1", "不能为负数"), ("20000000000", "超过100亿元"), ("abc", "请输入金额")]
)
def test_bad_benefit_amounts(world, campaign, amount, fragment):
    with pytest.raises(ValidationError) as exc:
        services.achievement_create(
            actor=world.users["unit"],
            campaign=campaign,
            enterprise=world.units["yx_a"],
            **full_fields(benefit_claimed=amount),
        )
    assert fragment in exc.value.message_dict["benefit_claimed"][0]


def test_kind_outside_the_campaign_is_refused(world):
    campaign = make_campaign(world, kinds=["suggestion"])
    with pytest.raises(ValidationError) as exc:
        services.achievement_create(
            actor=world.users["unit"], campaign=campaign, enterprise=world.units["yx_a"], **full_fields()
        )
    assert "kind" in exc.value.message_dict


def test_a_district_admin_cannot_draft_for_a_unit(world, campaign):
    with pytest.raises(PermissionDenied):
        services.achievement_create(
            actor=world.users["heishan"], campaign=campaign, enterprise=world.units["yx_a"], **full_fields()
        )


def test_benefit_verification_by_the_city_only(world, draft):
    kernel.run(obj=draft, step="submit", actor=world.users["unit"], pledge=True)
    with pytest.raises(PermissionDenied):
        services.benefit_verify(actor=world.users["yixian"], achievement=draft, amount="100")
    services.benefit_verify(
        actor=world.users["city"], achievement=draft, amount="2500000", note="按财务证明核减"
    )
    draft.refresh_from_db()
    assert (draft.benefit_claimed, draft.benefit_verified) == (Decimal("2720000.00"), Decimal("2500000.00"))
    assert draft.benefit_verified_by == world.users["city"]
    with pytest.raises(ValidationError):
        services.benefit_verify(actor=world.users["city"], achievement=draft, amount="-5")
    Achievement.objects.filter(pk=draft.pk).update(benefit_locked=True)
    draft.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.benefit_verify(actor=world.users["city"], achievement=draft, amount="1")
    assert exc.value.code == "locked"


def test_attachments_are_checked_by_their_real_type(world, draft):
    unit = world.users["unit"]
    ok = services.attachment_add(
        actor=unit, achievement=draft, upload=SimpleUploadedFile("证明.pdf", PDF), purpose="attestation"
    )
    assert (ok.extension, ok.content_type, ok.size) == ("pdf", "application/pdf", len(PDF))
    exe = SimpleUploadedFile("病毒.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    with pytest.raises(ValidationError) as exc:
        services.attachment_add(actor=unit, achievement=draft, upload=exe)
    assert exc.value.code == "type"
    renamed = SimpleUploadedFile("照片.pdf", PNG)
    with pytest.raises(ValidationError) as exc:
        services.attachment_add(actor=unit, achievement=draft, upload=renamed)
    assert exc.value.code == "mismatch"
    with pytest.raises(ValidationError) as exc:
        services.attachment_add(actor=unit, achievement=draft, upload=SimpleUploadedFile("again.pdf", PDF))
    assert exc.value.code == "duplicate"
    assert Attachment.objects.count() == 1


def test_an_oversized_upload_is_refused(world, draft, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    big = SimpleUploadedFile("大.pdf", PDF + b"0" * 2000)
    with pytest.raises(ValidationError) as exc:
        services.attachment_add(actor=world.users["unit"], achievement=draft, upload=big)
    assert exc.value.code == "too_large"


def test_a_200_mb_upload_is_refused_before_it_is_read(client, world, draft):
    client.force_login(world.users["unit"])
    response = client.post(
        f"/achievements/{draft.pk}/attachments/",
        data=b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(200 * 1024 * 1024),
    )
    assert response.status_code == 302
    assert not Attachment.objects.exists()
