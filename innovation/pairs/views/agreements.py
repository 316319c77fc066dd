"""The agreements list, the draft form, the detail page and its steps."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from innovation.accounts.policy import Action
from innovation.accounts.scope import can, restrict
from innovation.core import workflow as kernel
from innovation.core.generic import ScopedListView, form_errors_from
from innovation.org.models import Enterprise, TradeUnion, Worker

from .. import rules, selectors, services
from ..exports import AgreementExporter
from ..filters import AgreementFilterSet
from ..forms import (
    AgreementForm,
    BenefitForm,
    BenefitVerifyForm,
    CompleteForm,
    JointForm,
    PatentForm,
    ReasonForm,
    SignForm,
    SkillChangeForm,
    StartForm,
    TargetForm,
    TeachingForm,
    TrainingForm,
)
from ..models import Agreement, Party, Side, State, Target
from ..models.agreements import LIVE_STATES
from ..services.benefits import BENEFIT_STATES
from ..tables import STATE_STYLE, AgreementTable
from .common import act, scoped_agreement


class AgreementListView(ScopedListView):
    model = Agreement
    action = Action.PAIR_VIEW
    filterset_class = AgreementFilterSet
    table_class = AgreementTable
    exporter_class = AgreementExporter
    title = _("师徒协议")
    create_url_name = "pairs:new"
    create_action = Action.PAIR_MANAGE

    def base_queryset(self):
        return selectors.list_queryset()


def _places(user):
    enterprises = restrict(Enterprise.objects.filter(is_active=True), user, Action.ENTERPRISE_VIEW).order_by(
        "name"
    )
    unions = restrict(TradeUnion.objects.filter(kind=TradeUnion.Kind.INDUSTRY), user, Action.UNION_VIEW)
    return enterprises, unions.order_by("name")


def _workers(user, enterprise: Enterprise, industry_union: TradeUnion | None):
    qs = Worker.objects.filter(is_active=True).select_related("enterprise")
    qs = (
        qs.filter(scope_path__startswith=industry_union.path)
        if industry_union
        else qs.filter(enterprise=enterprise)
    )
    return restrict(qs, user, Action.WORKER_VIEW).order_by("name", "pk")


@login_required
@require_http_methods(["GET", "POST"])
def agreement_new(request: HttpRequest) -> HttpResponse:
    """Choose the unit (and an industry union for a pair across units), then the parties."""
    if not can(request.user, Action.PAIR_MANAGE):
        raise PermissionDenied
    enterprises, unions = _places(request.user)
    start = StartForm(request.GET or None, enterprises=enterprises, industry_unions=unions)
    if len(enterprises[:2]) == 1 and not request.GET:
        start = StartForm({"enterprise": enterprises[0].pk}, enterprises=enterprises, industry_unions=unions)
    if not start.is_bound or not start.is_valid():
        return render(request, "pairs/start.html", {"form": start})
    enterprise, industry = start.cleaned_data["enterprise"], start.cleaned_data["industry_union"]
    form = AgreementForm(request.POST or None, workers=_workers(request.user, enterprise, industry))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                agreement = services.agreement_create(
                    actor=request.user,
                    enterprise=enterprise,
                    industry_union=industry,
                    start_on=d["start_on"],
                    end_on=d["end_on"],
                    masters=list(d["masters"]),
                    apprentices=list(d["apprentices"]),
                    notes=d["notes"],
                )
            except (ValidationError, PermissionDenied) as exc:
                form_errors_from(exc if isinstance(exc, ValidationError) else ValidationError(str(exc)), form)
            else:
                messages.success(request, _("师徒协议已草拟：请填写目标并记录双方签署。"))
                return redirect("pairs:detail", pk=agreement.pk)
    return render(
        request,
        "pairs/form.html",
        {"form": form, "enterprise": enterprise, "industry_union": industry, "agreement": None},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = scoped_agreement(request, pk, Action.PAIR_MANAGE)
    if agreement.state != State.DRAFT:
        messages.info(request, _("已审批的协议不能修改；如需变更，请提出新版本。"))
        return redirect("pairs:detail", pk=pk)
    masters, apprentices = selectors.masters_and_apprentices(agreement)
    initial = {
        "start_on": agreement.start_on,
        "end_on": agreement.end_on,
        "notes": agreement.notes,
        "masters": [p.worker_id for p in masters],
        "apprentices": [p.worker_id for p in apprentices],
    }
    workers = _workers(request.user, agreement.enterprise, agreement.industry_union)
    form = AgreementForm(request.POST or None, initial=initial, workers=workers)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.agreement_update(
                    actor=request.user,
                    agreement=agreement,
                    industry_union=agreement.industry_union,
                    start_on=d["start_on"],
                    end_on=d["end_on"],
                    masters=list(d["masters"]),
                    apprentices=list(d["apprentices"]),
                    notes=d["notes"],
                )
            except ValidationError as exc:
                form_errors_from(exc, form)
            else:
                messages.success(request, _("已保存：修改后双方须重新签署。"))
                return redirect("pairs:detail", pk=pk)
    return render(
        request,
        "pairs/form.html",
        {
            "form": form,
            "enterprise": agreement.enterprise,
            "industry_union": agreement.industry_union,
            "agreement": agreement,
        },
        status=status,
    )


def benefit_rows(request, agreement) -> list:
    """The pair's benefit records, each with its verification form for the union (unverified)."""
    verifier = restrict(
        Agreement.objects.filter(pk=agreement.pk), request.user, Action.PAIR_RECOMMEND
    ).exists()
    rows = list(agreement.benefits.order_by("-on", "-pk"))
    for row in rows:
        row.verify_id = f"benefit-verify-{row.pk}"
        row.verify_form = (
            BenefitVerifyForm(initial={"verified": row.claimed_fen / 100}, prefix=f"verify-{row.pk}")
            if verifier and row.verified_fen is None
            else None
        )
    return rows


@login_required
@require_GET
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = scoped_agreement(request, pk)
    user = request.user
    may_manage = restrict(Agreement.objects.filter(pk=pk), user, Action.PAIR_MANAGE).exists()
    draft, live = agreement.state == State.DRAFT, agreement.state in LIVE_STATES
    masters, apprentices = selectors.masters_and_apprentices(agreement)
    apprentice_qs = Worker.objects.filter(pk__in=[p.worker_id for p in apprentices])
    today = timezone.localdate()
    # The approval is the unit union's (or the industry union's): not a county's button.
    steps = [
        s
        for s in kernel.steps_for(agreement, user)
        if s.name != "approve" or rules.may_approve(user, agreement)
    ]
    return render(
        request,
        "pairs/detail.html",
        {
            "a": agreement,
            "state_style": STATE_STYLE.get(agreement.state, "light"),
            "masters": masters,
            "apprentices": apprentices,
            "targets": agreement.targets.select_related("apprentice"),
            "progress": selectors.progress(agreement),
            "joint": agreement.joint_achievements.all().order_by("-pk"),
            "versions": selectors.versions(agreement),
            "transitions": kernel.history(agreement),
            "steps": [s for s in steps if s.name != "complete"],
            "complete_form": CompleteForm(initial={"on": today}, prefix="complete")
            if any(s.name == "complete" for s in steps)
            else None,
            "may_manage": may_manage,
            "can_edit": draft and may_manage,
            "sign_form": SignForm(initial={"signed_on": today}) if draft and may_manage else None,
            "target_form": TargetForm(apprentices=apprentice_qs, prefix="target")
            if draft and may_manage
            else None,
            "revise_form": ReasonForm(prefix="revise") if live and may_manage else None,
            "teaching_form": TeachingForm(initial={"on": today}, prefix="teaching")
            if live and may_manage
            else None,
            "training_form": TrainingForm(apprentices=apprentice_qs, initial={"on": today}, prefix="training")
            if live and may_manage
            else None,
            "skill_form": SkillChangeForm(apprentices=apprentice_qs, initial={"on": today}, prefix="skill")
            if live and may_manage
            else None,
            "patent_form": PatentForm(prefix="patent") if live and may_manage else None,
            "joint_form": JointForm(prefix="joint") if live and may_manage else None,
            # 名师带徒创效: recorded by the unit, verified by the county or city union.
            "benefits": benefit_rows(request, agreement),
            "benefit_form": BenefitForm(initial={"on": today}, prefix="benefit")
            if may_manage and agreement.state in BENEFIT_STATES
            else None,
        },
    )


@login_required
@require_POST
def agreement_step(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = scoped_agreement(request, pk)
    step = request.POST.get("step", "")
    payload = {}
    if step == "complete":
        form = CompleteForm(request.POST, prefix="complete")
        if not form.is_valid():
            return act(request, pk, None, "", form=form)
        payload = form.cleaned_data
    return act(
        request,
        pk,
        lambda: kernel.run(
            obj=agreement, step=step, actor=request.user, reason=request.POST.get("reason", ""), **payload
        ),
        _("已处理：%(s)s") % {"s": _state_after(step)},
    )


def _state_after(step: str) -> str:
    return {
        "approve": State.APPROVED.label,
        "start": State.ACTIVE.label,
        "complete": State.COMPLETED.label,
        "end": State.ENDED.label,
    }.get(step, step)


@login_required
@require_POST
def party_sign(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = scoped_agreement(request, pk, Action.PAIR_MANAGE)
    form = SignForm(request.POST)
    if not form.is_valid():
        return act(request, pk, None, "", form=form)
    party = get_object_or_404(Party, pk=form.cleaned_data["party"], agreement=agreement)
    return act(
        request,
        pk,
        lambda: services.party_sign(
            actor=request.user, party=party, signed_on=form.cleaned_data["signed_on"]
        ),
        _("已记录%(n)s的签署。") % {"n": party.worker.name},
    )


@login_required
@require_POST
def target_add(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = scoped_agreement(request, pk, Action.PAIR_MANAGE)
    apprentices = Worker.objects.filter(pair_parties__agreement=agreement, pair_parties__side=Side.APPRENTICE)
    form = TargetForm(request.POST, apprentices=apprentices, prefix="target")
    if not form.is_valid():
        return act(request, pk, None, "", form=form)
    d = form.cleaned_data
    return act(
        request,
        pk,
        lambda: services.target_add(
            actor=request.user,
            agreement=agreement,
            kind=d["kind"],
            due_on=d["due_on"],
            apprentice=d["apprentice"],
            skill_level=d["skill_level"] or "",
            quantity=d["quantity"] or 0,
            description=d["description"],
        ),
        _("目标已添加（双方须重新签署）。"),
    )


@login_required
@require_POST
def target_remove(request: HttpRequest, pk: int, target: int) -> HttpResponse:
    agreement = scoped_agreement(request, pk, Action.PAIR_MANAGE)
    row = get_object_or_404(Target, pk=target, agreement=agreement)
    return act(request, pk, lambda: services.target_remove(actor=request.user, target=row), _("目标已删除。"))


@login_required
@require_POST
def agreement_revise(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = scoped_agreement(request, pk, Action.PAIR_MANAGE)
    return act(
        request,
        pk,
        lambda: services.agreement_revise(
            actor=request.user, agreement=agreement, reason=request.POST.get("revise-reason", "")
        ),
        _("已生成新版本草稿：修改后由双方签署，审批通过后取代原协议。"),
    )
