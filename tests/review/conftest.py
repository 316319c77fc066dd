"""A campaign in expert review: three items of three units, three experts (plus one who
reviews nothing), assignments made directly (the assignment service is tested elsewhere)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from innovation.accounts.roles import Role
from innovation.achievements import services as achievement_services
from innovation.achievements.models import Attachment
from innovation.core import workflow as kernel
from innovation.experts.models import Assignment, ExpertProfile
from tests.achievements.conftest import full_fields, make_campaign
from tests.factories import make_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_expert(world, username: str, name: str, user=None) -> ExpertProfile:
    user = user or make_user(username, (Role.EXPERT, None))
    return ExpertProfile.objects.create(user=user, name=name, union=world.city, title="高级工程师")


def under_review(world, campaign, unit_key: str, title: str, **overrides):
    """An item of unit `unit_key` stepped through submit → recommend → pass → assign."""
    unit = world.units[unit_key]
    item = achievement_services.achievement_create(
        actor=None,
        campaign=campaign,
        enterprise=unit,
        authors=[
            {"worker": world.workers[f"{unit_key}_1"].pk, "share": 70},
            {"outside_name": "外聘顾问赵六", "outside_unit": "锦州理工研究院", "share": 30},
        ],
        **full_fields(title=title, **overrides),
    )
    for step in ("submit", "recommend", "pass"):
        kernel.run(obj=item, step=step, actor=None, pledge=True)
    kernel.run(obj=item, step="assign", actor=world.users["city"], by_service=True)
    item.refresh_from_db()
    return item


def assign(item, expert, state=Assignment.State.ASSIGNED) -> Assignment:
    return Assignment.objects.create(
        campaign=item.campaign, achievement=item, expert=expert, state=state, scope_path=item.scope_path
    )


@dataclass
class Review:
    campaign: object
    items: dict
    experts: dict
    assignments: dict  # (item key, expert key) -> Assignment
    criteria: list

    def values(self, *scores) -> dict[int, Decimal]:
        return {c.pk: Decimal(str(v)) for c, v in zip(self.criteria, scores, strict=True)}


@pytest.fixture
def review(world, settings, tmp_path) -> Review:
    settings.MEDIA_ROOT = tmp_path
    campaign = make_campaign(world)
    campaign.review_deadline = timezone.now() + datetime.timedelta(days=10)
    campaign.save(update_fields=["review_deadline"])
    items = {
        "yx": under_review(
            world,
            campaign,
            "yx_a",
            "义县甲机械有限公司电机保护装置",
            problem="义县甲机械有限公司的电机经常烧毁，义县职工一多次抢修。",
            solution="由外聘顾问赵六设计保护电路。",
        ),
        "hs": under_review(world, campaign, "hs_a", "化工管道泄漏快速封堵器", field="safety"),
        "edu": under_review(world, campaign, "edu", "教学楼节能照明改造", field="energy"),
    }
    item = items["yx"]
    Attachment.objects.create(
        achievement=item,
        purpose="material",
        file=SimpleUploadedFile("义县甲机械有限公司-成果报告.pdf", PDF),
        original_name="义县甲机械有限公司-成果报告.pdf",
        extension="pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="a" * 64,
        uploaded_by=world.users["unit"],
    )
    Attachment.objects.create(
        achievement=item,
        purpose="attestation",
        file=SimpleUploadedFile("财务证明.pdf", PDF),
        original_name="义县甲机械有限公司财务科效益证明.pdf",
        extension="pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="b" * 64,
        uploaded_by=world.users["unit"],
    )
    item.patents.create(type="utility", number="ZL202320000001.X", status="granted")
    experts = {
        "e1": make_expert(world, "", "专家王一", user=world.users["expert"]),
        "e2": make_expert(world, "t_expert2", "专家李二"),
        "e3": make_expert(world, "t_expert3", "专家张三"),
        "idle": make_expert(world, "t_expert4", "专家孙四"),
    }
    assignments = {}
    for item_key in items:
        for expert_key in ("e1", "e2", "e3"):
            assignments[(item_key, expert_key)] = assign(items[item_key], experts[expert_key])
    return Review(
        campaign=campaign,
        items=items,
        experts=experts,
        assignments=assignments,
        criteria=list(campaign.criteria.all()),
    )
