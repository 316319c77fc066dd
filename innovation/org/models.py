"""Organisation: regions, the union tree, enterprises (units) and workers.

The union tree is the scope tree: every role grant names a TradeUnion node, and rows
carry the materialised path of the node they belong to (`path` on the tree itself,
`scope_path` on enterprises and workers), so a subtree is one indexed prefix filter.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from innovation.core.models import ScopedModel
from innovation.core.pii import EncryptedTextField


class Region(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", _("省")
        CITY = "city", _("市")
        COUNTY = "county", _("县(市、区)")

    code = models.CharField(_("区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    level = models.CharField(_("级别"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级"),
    )
    sort = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["sort", "code"]

    def __str__(self) -> str:
        return self.name


class TradeUnion(models.Model):
    class Kind(models.TextChoices):
        PROVINCE = "province", _("省总工会")
        CITY = "city", _("市总工会")
        DISTRICT = "district", _("县(市、区)总工会")
        INDUSTRY = "industry", _("产业工会")
        UNIT = "unit", _("基层工会")
        SUB_UNIT = "sub_unit", _("分工会")

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级工会"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="unions",
        verbose_name=_("所在地区"),
    )
    # "/1/4/97/": ids from the root down; written only by org.services.
    path = models.CharField(_("路径"), max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(_("层级"), default=0, editable=False)
    sort = models.PositiveIntegerField(_("排序"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("工会组织")
        verbose_name_plural = _("工会组织")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def is_descendant_of(self, other: "TradeUnion") -> bool:
        return self.path.startswith(other.path)


class Enterprise(ScopedModel):
    """A unit (企业/单位). Its base union is the node of the union tree it belongs to."""

    class Size(models.TextChoices):
        LARGE = "large", _("大型")
        MEDIUM = "medium", _("中型")
        SMALL = "small", _("小型")
        MICRO = "micro", _("微型")

    class Industry(models.TextChoices):
        # GB/T 4754-2017 sections most represented among Jinzhou's unions.
        AGRICULTURE = "A", _("农、林、牧、渔业")
        MINING = "B", _("采矿业")
        MANUFACTURING = "C", _("制造业")
        UTILITIES = "D", _("电力、热力、燃气及水生产和供应业")
        CONSTRUCTION = "E", _("建筑业")
        TRADE = "F", _("批发和零售业")
        TRANSPORT = "G", _("交通运输、仓储和邮政业")
        HOSPITALITY = "H", _("住宿和餐饮业")
        IT = "I", _("信息传输、软件和信息技术服务业")
        FINANCE = "J", _("金融业")
        REAL_ESTATE = "K", _("房地产业")
        RESEARCH = "M", _("科学研究和技术服务业")
        PUBLIC_FACILITIES = "N", _("水利、环境和公共设施管理业")
        EDUCATION = "P", _("教育")
        HEALTH = "Q", _("卫生和社会工作")
        OTHER = "Z", _("其他")

    name = models.CharField(_("单位名称"), max_length=100)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True, null=True, blank=True)
    size = models.CharField(_("企业规模"), max_length=8, choices=Size.choices, db_index=True)
    industry = models.CharField(_("所属行业"), max_length=2, choices=Industry.choices, db_index=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="enterprises", verbose_name=_("所在地区")
    )
    union = models.OneToOneField(
        TradeUnion, on_delete=models.PROTECT, related_name="enterprise", verbose_name=_("基层工会")
    )
    group = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("所属集团/上级单位"),
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    is_active = models.BooleanField(_("有效"), default=True)

    scope_from = "union.path"

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.name


class SkillLevel(models.TextChoices):
    NONE = "", _("未定级")
    JUNIOR = "5", _("初级工")
    INTERMEDIATE = "4", _("中级工")
    SENIOR = "3", _("高级工")
    TECHNICIAN = "2", _("技师")
    SENIOR_TECHNICIAN = "1", _("高级技师")


# Lowest to highest; `skill_rank("")` is 0 (未定级).
SKILL_LEVEL_ORDER = [
    SkillLevel.NONE,
    SkillLevel.JUNIOR,
    SkillLevel.INTERMEDIATE,
    SkillLevel.SENIOR,
    SkillLevel.TECHNICIAN,
    SkillLevel.SENIOR_TECHNICIAN,
]


def skill_rank(level: str) -> int:
    """0 for 未定级 up to 5 for 高级技师; an unknown value ranks as 未定级."""
    try:
        return SKILL_LEVEL_ORDER.index(level or "")
    except ValueError:
        return 0


class Gender(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


class Worker(ScopedModel):
    name = models.CharField(_("姓名"), max_length=50, db_index=True)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField(_("出生年份"))
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="workers", verbose_name=_("所在单位")
    )
    post = models.CharField(_("岗位"), max_length=100)
    skill_level = models.CharField(
        _("技能等级"), max_length=1, choices=SkillLevel.choices, blank=True, default=""
    )
    # Personal data: ciphertext, keyed hash (unique, for look-up) and masked copy.
    id_number = EncryptedTextField(_("身份证号码"))
    id_number_hash = models.CharField(max_length=64, unique=True, editable=False)
    id_number_masked = models.CharField(_("身份证号码"), max_length=18, editable=False)
    phone = EncryptedTextField(_("联系电话"), blank=True, default="")
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    phone_masked = models.CharField(_("联系电话"), max_length=20, blank=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="worker",
        verbose_name=_("登录账号"),
    )
    is_active = models.BooleanField(_("在职"), default=True)

    scope_from = "enterprise.union.path"

    class Meta:
        verbose_name = _("职工")
        verbose_name_plural = _("职工")
        ordering = ["-id"]
        indexes = [
            # Scoped worker lists, newest first (WORKER_LIST_ORDER): a subtree's rows are read
            # from this index alone (scope_path LIKE 'prefix%') and the newest picked from them.
            models.Index(
                fields=["scope_path", "created_at", "id"],
                name="org_worker_scope_newest",
                opclasses=["varchar_pattern_ops", "timestamptz_ops", "int8_ops"],
            ),
        ]

    def __str__(self) -> str:
        return self.name


# The order of worker lists (page, export, API): newest first. Not Meta.ordering's bare "-id":
# with ORDER BY id DESC LIMIT n, PostgreSQL walks the primary key backwards and filters by
# scope, which assumes a scope's rows are spread evenly over the ids; a city whose workers
# were all registered before the rest of the province (one old id range) then has the whole
# newer table scanned for one page (seconds at 2M workers). Ordered by creation time, with
# the page's keys found first (innovation.core.pagination), a page is a top-n over the
# scope's entries in org_worker_scope_newest: its cost follows the size of the scope, like
# the page's count, whatever the id layout.
WORKER_LIST_ORDER = ("-created_at", "-id")


class Honour(models.Model):
    class Kind(models.TextChoices):
        MODEL_WORKER = "model_worker", _("劳动模范")
        MAY_DAY_MEDAL = "may_day_medal", _("五一劳动奖章")
        CRAFTSMAN = "craftsman", _("工匠")
        ADVANCED_WORKER = "advanced_worker", _("先进工作者")
        TECH_EXPERT = "tech_expert", _("技术能手")
        CONTEST_AWARD = "contest_award", _("职工创新大赛获奖")

    class Level(models.TextChoices):
        NATIONAL = "national", _("全国")
        PROVINCIAL = "provincial", _("省级")
        CITY = "city", _("市级")
        DISTRICT = "district", _("县区级")

    worker = models.ForeignKey(
        Worker, on_delete=models.CASCADE, related_name="honours", verbose_name=_("职工")
    )
    kind = models.CharField(_("荣誉"), max_length=32, choices=Kind.choices, db_index=True)
    level = models.CharField(_("级别"), max_length=16, choices=Level.choices, db_index=True)
    year = models.PositiveSmallIntegerField(_("授予年份"))
    title = models.CharField(_("称号全称"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("荣誉称号")
        verbose_name_plural = _("荣誉称号")
        ordering = ["-year", "id"]
        constraints = [
            models.UniqueConstraint(fields=["worker", "kind", "level", "year"], name="honour_unique"),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.year}年{self.get_level_display()}{self.get_kind_display()}"


class SkillLevelRecord(models.Model):
    """One step of a worker's skill-level history: from, to, the certificate the
    human-resources office issued, and where it was reached (a master-apprentice pair, a
    skills competition, or recorded by hand). Written only by
    `org.services.skill_level_record`, which also sets the worker's level."""

    class Source(models.TextChoices):
        PAIR = "pair", _("名师带徒")
        COMPETITION = "competition", _("职业技能大赛")
        OTHER = "other", _("其他")

    worker = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="skill_history", verbose_name=_("职工")
    )
    from_level = models.CharField(_("原技能等级"), max_length=1, choices=SkillLevel.choices, blank=True)
    to_level = models.CharField(_("新技能等级"), max_length=1, choices=SkillLevel.choices)
    certificate_no = models.CharField(_("证书编号"), max_length=40)
    on = models.DateField(_("取证日期"))
    source = models.CharField(_("来源"), max_length=16, choices=Source.choices, default=Source.OTHER)
    source_title = models.CharField(_("来源说明"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("技能等级记录")
        verbose_name_plural = _("技能等级记录")
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_from_level_display()} → {self.get_to_level_display()}"
