"""An achievement's page, its workflow steps (one and in bulk), the benefit check and the
attachments."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from innovation.accounts.policy import Action
from innovation.accounts.scope import get_scoped_or_404, restrict
from innovation.core import workflow as kernel
from innovation.core.related import related_for

from .. import services, workflow
from ..duplicates import selectors as duplicate_selectors
from ..duplicates.services import may_recheck
from ..forms import (
    AttachmentForm,
    BenefitVerifyForm,
)
from ..models import Achievement, Attachment, DemonstrationPost, Verdict
from ..tables import STATE_STYLE

# ---------------------------------------------------------------- detail and workflow


def scoped_achievement(request, pk, action=Action.ACHIEVEMENT_VIEW):
    return get_scoped_or_404(
        Achievement.objects.select_related(
            "campaign", "enterprise__union__parent", "benefit_verified_by", "created_by"
        ),
        request.user,
        action,
        pk=pk,
    )


@login_required
@require_GET
def achievement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    achievement = scoped_achievement(request, pk)
    user = request.user
    one = Achievement.objects.filter(pk=pk)
    can_edit = achievement.is_editable and restrict(one, user, Action.ACHIEVEMENT_EDIT).exists()
    can_verify = (
        restrict(one, user, Action.BENEFIT_VERIFY).exists()
        and not achievement.benefit_locked
        and achievement.submitted_at
    )
    named_posts = DemonstrationPost.objects.filter(first_achievement=achievement).select_related("enterprise")
    # The studio is linked only where the reader may open it (a worker author sees the item, not
    # necessarily the studio it was incubated in).
    studio_open = achievement.studio_id is not None and (
        restrict(
            Achievement.studio.field.related_model.objects.filter(pk=achievement.studio_id),
            user,
            Action.STUDIO_VIEW,
        ).exists()
    )
    return render(
        request,
        "achievements/detail.html",
        {
            "state_style": STATE_STYLE.get(achievement.state, "light"),
            "a": achievement,
            "authors": achievement.authors.select_related("worker__enterprise"),
            "patents": achievement.patents.all(),
            "attachments": achievement.attachments.all(),
            "transitions": kernel.history(achievement),
            "steps": kernel.steps_for(achievement, user),
            "can_edit": can_edit,
            "can_verify": can_verify,
            "verify_form": BenefitVerifyForm(
                initial={"amount": achievement.benefit_verified or achievement.benefit_claimed}
            )
            if can_verify
            else None,
            "attachment_form": AttachmentForm() if can_edit else None,
            "named_posts": named_posts,
            "studio_open": studio_open,
            "related": related_for(achievement, user),
            "max_upload_mb": settings.ATTACHMENT_MAX_BYTES // 1048576,
            # 查重: the unions see "相似的已申报成果", the unit "与已申报的成果相似"
            "duplicates": duplicate_selectors.matches_for(user, achievement),
            "duplicates_union_view": duplicate_selectors.may_view_pairs_of(user, achievement),
            "can_recheck": achievement.submitted_at is not None and may_recheck(user, achievement),
            "verdict_choices": Verdict.choices,
        },
    )


@login_required
@require_POST
def achievement_step(request: HttpRequest, pk: int) -> HttpResponse:
    achievement = scoped_achievement(request, pk)
    try:
        kernel.run(
            obj=achievement,
            step=request.POST.get("step", ""),
            actor=request.user,
            reason=request.POST.get("reason", ""),
            pledge=request.POST.get("pledge") == "on",
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已处理：%(s)s") % {"s": achievement.get_state_display()})
        similar = achievement.duplicate_pairs.count() if request.POST.get("step") == "submit" else 0
        if similar:
            messages.warning(
                request,
                _("提示：该成果与%(n)d项已申报的成果相似，请查看下方“与已申报的成果相似”。提交不受影响。")
                % {"n": similar},
            )
    return redirect("achievements:detail", pk=pk)


@login_required
@require_POST
def bulk_action(request: HttpRequest) -> HttpResponse:
    step = request.POST.get("step", "")
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    spec = next((s for s in workflow.STEPS if s.name == step and s.manual), None)
    if spec is None or spec.name == "submit" or not ids:
        messages.error(request, _("请选择成果和要执行的操作。"))
        return redirect(request.POST.get("next") or "achievements:list")
    items = restrict(Achievement.objects.filter(pk__in=ids), request.user, spec.action)
    done, problems = services.bulk_transition(
        actor=request.user, achievements=list(items), step=step, reason=request.POST.get("reason", "")
    )
    skipped = len(ids) - len(problems) - done
    if done:
        messages.success(request, _("已对%(n)d项成果执行「%(s)s」。") % {"n": done, "s": spec.label})
    for problem in problems[:10]:
        messages.error(request, problem)
    if skipped:
        messages.warning(request, _("%(n)d项成果不在您的权限范围内，未处理。") % {"n": skipped})
    target = request.POST.get("next", "")
    return redirect(target if target.startswith("/") and not target.startswith("//") else "achievements:list")


@login_required
@require_POST
def benefit_verify(request: HttpRequest, pk: int) -> HttpResponse:
    achievement = scoped_achievement(request, pk, Action.BENEFIT_VERIFY)
    form = BenefitVerifyForm(request.POST)
    if form.is_valid():
        try:
            services.benefit_verify(
                actor=request.user,
                achievement=achievement,
                amount=form.cleaned_data["amount"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("经济效益已核定。"))
    else:
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
    return redirect("achievements:detail", pk=pk)


# ---------------------------------------------------------------- attachments


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    # Refuse an oversized body before Django spools it to disk.
    if int(request.META.get("CONTENT_LENGTH") or 0) > settings.ATTACHMENT_MAX_BYTES + 1024 * 1024:
        messages.error(
            request, _("文件超过上限 %(l)d MB，未上传。") % {"l": settings.ATTACHMENT_MAX_BYTES // 1048576}
        )
        return redirect("achievements:detail", pk=pk)
    achievement = scoped_achievement(request, pk, Action.ACHIEVEMENT_EDIT)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(
                actor=request.user,
                achievement=achievement,
                upload=form.cleaned_data["file"],
                purpose=form.cleaned_data["purpose"],
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("附件已上传。"))
    else:
        messages.error(request, _("请选择要上传的文件。"))
    return redirect("achievements:detail", pk=pk)


@login_required
@require_GET
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    # The achievement is the scoped row (out of scope: 404, audited); its attachments are
    # reached only through it, so they need no scope registration of their own.
    achievement = scoped_achievement(request, pk)
    attachment = get_object_or_404(achievement.attachments, pk=attachment_pk)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


@login_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    achievement = scoped_achievement(request, pk, Action.ACHIEVEMENT_EDIT)
    attachment = Attachment.objects.filter(achievement=achievement, pk=attachment_pk).first()
    if attachment is not None:
        try:
            services.attachment_remove(actor=request.user, attachment=attachment)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
    return redirect("achievements:detail", pk=pk)
