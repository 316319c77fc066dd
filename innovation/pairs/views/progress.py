"""The progress forms of the detail page: teaching, training, skill levels, patents, joint
achievements. Each calls one service and shows its message on the detail page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innovation.accounts.policy import Action
from innovation.achievements.models import Achievement, Patent
from innovation.org.models import Worker

from .. import services
from ..forms import JointForm, PatentForm, SkillChangeForm, TeachingForm, TrainingForm
from ..models import Side
from .common import act, scoped_agreement


def _apprentices(agreement):
    return Worker.objects.filter(pair_parties__agreement=agreement, pair_parties__side=Side.APPRENTICE)


@login_required
@require_POST
def teaching_add(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = scoped_agreement(request, pk, Action.PAIR_MANAGE)
    form = TeachingForm(request.POST, prefix="teaching")
    return act(
        request,
        pk,
        lambda: services.teaching_add(actor=request.user, agreement=agreement, **form.cleaned_data),
        _("带教记录已保存。"),
        form=form,
    )


@login_required
@require_POST
def training_add(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = scoped_agreement(request, pk, Action.PAIR_MANAGE)
    form = TrainingForm(request.POST, apprentices=_apprentices(agreement), prefix="training")
    return act(
        request,
        pk,
        lambda: services.training_add(actor=request.user, agreement=agreement, **form.cleaned_data),
        _("培训记录已保存。"),
        form=form,
    )


@login_required
@require_POST
def skill_change_add(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = scoped_agreement(request, pk, Action.PAIR_MANAGE)
    form = SkillChangeForm(request.POST, apprentices=_apprentices(agreement), prefix="skill")
    return act(
        request,
        pk,
        lambda: services.skill_change_record(actor=request.user, agreement=agreement, **form.cleaned_data),
        _("技能等级变更已记录，职工档案中的技能等级已更新。"),
        form=form,
    )


@login_required
@require_POST
def patent_add(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = scoped_agreement(request, pk, Action.PAIR_MANAGE)
    form = PatentForm(request.POST, prefix="patent")

    def call():
        data = dict(form.cleaned_data)
        patent_id = data.pop("patent", None)
        patent = Patent.objects.filter(pk=patent_id).first() if patent_id else None
        if patent_id and patent is None:
            from django.core.exceptions import ValidationError

            raise ValidationError(_("成果库中没有编号为%(n)s的专利。") % {"n": patent_id})
        return services.patent_add(actor=request.user, agreement=agreement, patent=patent, **data)

    return act(request, pk, call, _("专利已登记。"), form=form)


@login_required
@require_POST
def joint_link(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = scoped_agreement(request, pk, Action.PAIR_MANAGE)
    form = JointForm(request.POST, prefix="joint")

    def call():
        from django.core.exceptions import ValidationError

        achievement = Achievement.objects.filter(pk=form.cleaned_data["achievement"]).first()
        if achievement is None:
            raise ValidationError(_("没有编号为%(n)s的成果。") % {"n": form.cleaned_data["achievement"]})
        return services.joint_achievement_link(
            actor=request.user, agreement=agreement, achievement=achievement
        )

    return act(request, pk, call, _("联合成果已关联。"), form=form)
