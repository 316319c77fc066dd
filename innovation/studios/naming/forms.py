"""Forms of the studio pages. They shape input only; every rule is the services'."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innovation.achievements.models import DemonstrationPost, Field
from innovation.org.forms import BootstrapMixin
from innovation.org.models import Worker

from ..forms import DATE
from ..models import Studio, StudioType
from .models import RECORDED_LEVELS, Member


def workers_of(enterprise):
    """Active workers of a unit, names and posts only (no personal data is read)."""
    if enterprise is None:
        return Worker.objects.none()
    return (
        Worker.objects.filter(enterprise=enterprise, is_active=True)
        .only("id", "name", "post", "enterprise_id")
        .order_by("name", "id")
    )


class WorkerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.post}）" if obj.post else obj.name


class RecordNamingForm(BootstrapMixin, forms.Form):
    """A provincial or national naming with its document; for a studio new to the platform also
    the studio's own fields."""

    name = forms.CharField(label=_("工作室名称"), max_length=100)
    leader = WorkerChoiceField(label=_("带头人"), queryset=Worker.objects.none())
    field = forms.ChoiceField(label=_("所属领域"), choices=[("", "")] + list(Field.choices), required=False)
    founded_on = forms.DateField(label=_("成立日期"), widget=DATE, required=False)
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    type = forms.ChoiceField(label=_("工作室类型"), choices=StudioType.choices)
    level = forms.ChoiceField(label=_("命名级别"), choices=[(lv.value, lv.label) for lv in RECORDED_LEVELS])
    year = forms.IntegerField(label=_("命名年度"), min_value=1950, max_value=2100)
    document_no = forms.CharField(label=_("命名文号"), max_length=60, help_text=_("如：辽工发〔2020〕15号"))
    named_by = forms.CharField(label=_("命名单位"), max_length=60, initial=_("辽宁省总工会"))
    named_on = forms.DateField(label=_("命名日期"), widget=DATE)

    STUDIO_FIELDS = ("name", "leader", "field", "founded_on", "address")

    def __init__(self, *args, studio: Studio | None = None, enterprise=None, **kwargs):
        super().__init__(*args, **kwargs)
        if studio is not None:
            for key in self.STUDIO_FIELDS:
                del self.fields[key]
            self.fields["type"].initial = studio.type
        else:
            self.fields["leader"].queryset = workers_of(enterprise)
        self.fields["year"].initial = timezone.localdate().year
        self._style()


class MemberForm(BootstrapMixin, forms.Form):
    worker = WorkerChoiceField(label=_("职工"), queryset=Worker.objects.none())
    role = forms.ChoiceField(
        label=_("角色"), choices=[(r.value, r.label) for r in (Member.Role.MEMBER, Member.Role.CORE)]
    )
    joined_on = forms.DateField(label=_("加入日期"), widget=DATE)

    def __init__(self, *args, studio: Studio, **kwargs):
        super().__init__(*args, **kwargs)
        on_roster = studio.members.filter(left_on__isnull=True).values("worker_id")
        self.fields["worker"].queryset = workers_of(studio.enterprise).exclude(pk__in=on_roster)
        self.fields["joined_on"].initial = timezone.localdate()
        self._style()


class LeaveForm(BootstrapMixin, forms.Form):
    left_on = forms.DateField(label=_("退出日期"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["left_on"].initial = timezone.localdate()
        self._style()


class PostChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.year}年 {obj.enterprise.name} · {obj.post}"


class LineageForm(BootstrapMixin, forms.Form):
    grew_from = forms.ModelChoiceField(label=_("前身工作室"), queryset=Studio.objects.none(), required=False)
    demonstration_posts = PostChoiceField(
        label=_("来源示范岗"),
        queryset=DemonstrationPost.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("本工作室由哪些职工创新示范岗发展而来（可多选）。"),
    )

    def __init__(self, *args, studios, posts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grew_from"].queryset = studios
        self.fields["demonstration_posts"].queryset = posts
        self._style()


class ApplicationForm(BootstrapMixin, forms.Form):
    studio = forms.ModelChoiceField(
        label=_("升级的工作室"),
        queryset=Studio.objects.none(),
        required=False,
        help_text=_(
            "申请新建工作室时留空；本单位已命名的工作室申请升级（如职工创新工作室申请劳模创新工作室）时选择。"
        ),
    )
    name = forms.CharField(label=_("工作室名称"), max_length=100)
    type = forms.ChoiceField(label=_("申请类型"), choices=StudioType.choices)
    leader = WorkerChoiceField(
        label=_("带头人"),
        queryset=Worker.objects.none(),
        help_text=_("劳模创新工作室的带头人须获得劳动模范称号，工匠创新工作室的须获得工匠称号。"),
    )
    field = forms.ChoiceField(label=_("所属领域"), choices=[("", "")] + list(Field.choices), required=False)
    founded_on = forms.DateField(label=_("成立日期"), widget=DATE, required=False)
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    results_so_far = forms.CharField(
        label=_("已取得成果"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("技术攻关、五小创新、专利、培训带徒、创造效益等。"),
    )
    plan = forms.CharField(label=_("建设计划"), widget=forms.Textarea(attrs={"rows": 5}), required=False)

    def __init__(self, *args, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = workers_of(enterprise)
        self.fields["studio"].queryset = (
            Studio.objects.filter(enterprise=enterprise, status=Studio.Status.ACTIVE).order_by("name")
            if enterprise is not None
            else Studio.objects.none()
        )
        self._style()


class NameForm(BootstrapMixin, forms.Form):
    """The city's naming: inspection record, panel opinion, document number."""

    inspection_record = forms.CharField(label=_("现场考察记录"), widget=forms.Textarea(attrs={"rows": 3}))
    panel_opinion = forms.CharField(label=_("评审组意见"), widget=forms.Textarea(attrs={"rows": 3}))
    document_no = forms.CharField(label=_("命名文号"), max_length=60, help_text=_("如：锦工发〔2024〕8号"))
    named_on = forms.DateField(label=_("命名日期"), widget=DATE)
    reason = forms.CharField(label=_("审核意见"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["named_on"].initial = timezone.localdate()
        self._style()
