"""The May-Day award quota page: the year's quota, the proposed candidates, confirmation,
Excel export. The candidate list of a year is short (the year's first authors of awards), so
it is shown whole (the confirmation picks from all of it); the name search narrows it."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from innovation.accounts.policy import Action
from innovation.accounts.scope import can, home_node, restrict
from innovation.core.exports import Column, Exporter
from innovation.core.generic import form_errors_from

from . import mayday
from .models import MayDayCandidate, MayDayQuota


class QuotaForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=2000, max_value=2100)
    places_total = forms.IntegerField(label=gettext_lazy("五一劳动奖章名额总数"), min_value=1)
    share_percent = forms.DecimalField(
        label=gettext_lazy("五小创新带头人占比（%）"), min_value=0, max_value=100, decimal_places=2
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            f.widget.attrs.setdefault("class", "form-control")


class MayDayCandidateExporter(Exporter):
    title = gettext_lazy("五一劳动奖候选人")
    columns = [
        Column(gettext_lazy("年度"), lambda c: c.quota.year, 8),
        Column(gettext_lazy("排序"), lambda c: c.rank, 8),
        Column(gettext_lazy("姓名"), lambda c: c.worker.name, 12),
        Column(gettext_lazy("单位"), lambda c: c.worker.enterprise.name, 32),
        Column(gettext_lazy("岗位"), lambda c: c.worker.post, 16),
        Column(gettext_lazy("积分"), lambda c: c.points, 10),
        Column(gettext_lazy("推荐依据"), lambda c: c.basis, 60),
        Column(gettext_lazy("已确认"), lambda c: _("是") if c.confirmed else "", 8),
    ]


def _mayday_union(user):
    """The union whose quota this user keeps (accounts.scope.home_node)."""
    node = home_node(user, Action.MAYDAY_MANAGE)
    if node is None:
        raise PermissionDenied(_("只有市总工会可以管理五一劳动奖名额。"))
    return node


def _year_of(request: HttpRequest, quotas) -> int:
    raw = request.POST.get("year") or request.GET.get("year") or ""
    if raw.isdigit():
        return int(raw)
    latest = quotas.order_by("-year").first()
    return latest.year if latest else timezone.localdate().year


@login_required
@require_http_methods(["GET", "POST"])
def mayday_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not can(user, Action.MAYDAY_MANAGE):
        raise PermissionDenied
    union = _mayday_union(user)
    quotas = restrict(MayDayQuota.objects.filter(union=union), user, Action.MAYDAY_MANAGE)
    year = _year_of(request, quotas)
    quota = quotas.filter(year=year).first()
    here = reverse("awards:mayday") + f"?year={year}"

    form = QuotaForm(
        initial={
            "year": year,
            **({"places_total": quota.places_total, "share_percent": quota.share_percent} if quota else {}),
        }
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "quota":
                form = QuotaForm(request.POST)
                if form.is_valid():
                    d = form.cleaned_data
                    mayday.quota_save(
                        union=union,
                        year=d["year"],
                        places_total=d["places_total"],
                        share_percent=d["share_percent"],
                        actor=user,
                    )
                    messages.success(request, _("名额设置已保存。"))
                    return redirect(reverse("awards:mayday") + f"?year={d['year']}")
            elif quota is None:
                messages.error(request, _("请先设置该年度的名额。"))
                return redirect(here)
            elif action == "propose":
                rows = mayday.propose_candidates(quota=quota, actor=user)
                messages.success(request, _("已生成候选名单，共 %(n)s 人。") % {"n": len(rows)})
                return redirect(here)
            elif action == "confirm":
                chosen = mayday.confirm(quota=quota, worker_ids=request.POST.getlist("worker"), actor=user)
                messages.success(request, _("已确认 %(n)s 名人选。") % {"n": len(chosen)})
                return redirect(here)
        except ValidationError as exc:
            if action == "quota":
                form_errors_from(exc, form)
            else:
                messages.error(request, " ".join(exc.messages))
                return redirect(here)

    candidates = MayDayCandidate.objects.none()
    if quota is not None:
        candidates = quota.candidates.select_related("worker__enterprise", "quota").order_by("rank")
    search = request.GET.get("q", "").strip()
    if search:
        candidates = candidates.filter(worker__name__icontains=search)
    if request.GET.get("export") == "xlsx" and quota is not None:
        return MayDayCandidateExporter().response(candidates, user=user, description=f"year={year}")

    reserved = mayday.reserved_places(quota) if quota else 0
    return render(
        request,
        "awards/mayday.html",
        {
            "year": year,
            "years": sorted({q.year for q in quotas} | {year}, reverse=True),
            "quota": quota,
            "form": form,
            "reserved": reserved,
            "candidates": candidates,
            "search": search,
            "rules": mayday.rules(),
        },
    )
