from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from innovation.accounts.policy import Action
from innovation.accounts.scope import can, get_scoped_or_404, restrict
from innovation.core.generic import ScopedDetailView, ScopedListView, form_errors_from
from innovation.core.pagination import KeysFirstTableData

from . import exports, filters, services, tables
from .forms import EnterpriseForm, HonourForm, TradeUnionForm, WorkerForm
from .models import WORKER_LIST_ORDER, Enterprise, Honour, Region, TradeUnion, Worker


class RegionListView(ScopedListView):
    model = Region
    action = Action.REGION_VIEW
    filterset_class = filters.RegionFilterSet
    table_class = tables.RegionTable
    exporter_class = exports.RegionExporter
    select_related = ("parent",)


class TradeUnionListView(ScopedListView):
    model = TradeUnion
    action = Action.UNION_VIEW
    filterset_class = filters.TradeUnionFilterSet
    table_class = tables.TradeUnionTable
    exporter_class = exports.TradeUnionExporter
    select_related = ("parent", "region")
    create_url_name = "org:union_create"
    create_action = Action.UNION_CHANGE


class EnterpriseListView(ScopedListView):
    model = Enterprise
    action = Action.ENTERPRISE_VIEW
    filterset_class = filters.EnterpriseFilterSet
    table_class = tables.EnterpriseTable
    exporter_class = exports.EnterpriseExporter
    select_related = ("region", "union__parent")
    create_url_name = "org:enterprise_create"
    create_action = Action.ENTERPRISE_CHANGE


class WorkerListView(ScopedListView):
    model = Worker
    action = Action.WORKER_VIEW
    filterset_class = filters.WorkerFilterSet
    table_class = tables.WorkerTable
    exporter_class = exports.WorkerExporter
    select_related = ("enterprise",)
    create_url_name = "org:worker_create"
    create_action = Action.WORKER_CHANGE

    def base_queryset(self):
        # Lists never decrypt: only the masked copies are read.
        return super().base_queryset().defer("id_number", "phone").order_by(*WORKER_LIST_ORDER)

    def get_table_data(self):
        return KeysFirstTableData(super().get_table_data())


class TradeUnionDetailView(ScopedDetailView):
    model = TradeUnion
    action = Action.UNION_VIEW
    template_name = "org/union_detail.html"
    select_related = ("parent", "region")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        union = ctx["object"]
        user = self.request.user
        ctx["children"] = restrict(union.children.select_related("region"), user, Action.UNION_VIEW)[:200]
        ctx["enterprise"] = getattr(union, "enterprise", None)
        ctx["can_change"] = (
            can(user, Action.UNION_CHANGE)
            and restrict(TradeUnion.objects.filter(pk=union.pk), user, Action.UNION_CHANGE).exists()
        )
        return ctx


class EnterpriseDetailView(ScopedDetailView):
    model = Enterprise
    action = Action.ENTERPRISE_VIEW
    template_name = "org/enterprise_detail.html"
    select_related = ("region", "union__parent", "group")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        enterprise = ctx["object"]
        user = self.request.user
        ctx["workers_count"] = restrict(enterprise.workers.all(), user, Action.WORKER_VIEW).count()
        ctx["members"] = restrict(enterprise.members.all(), user, Action.ENTERPRISE_VIEW)[:100]
        ctx["can_change"] = restrict(
            Enterprise.objects.filter(pk=enterprise.pk), user, Action.ENTERPRISE_CHANGE
        ).exists()
        return ctx


class WorkerDetailView(ScopedDetailView):
    model = Worker
    action = Action.WORKER_VIEW
    template_name = "org/worker_detail.html"
    select_related = ("enterprise__union__parent", "user")

    def base_queryset(self):
        return super().base_queryset().defer("id_number", "phone")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        worker = ctx["object"]
        user = self.request.user
        one = Worker.objects.filter(pk=worker.pk)
        ctx["honours"] = worker.honours.all()
        ctx["skill_history"] = worker.skill_history.all()
        ctx["can_reveal"] = restrict(one, user, Action.WORKER_REVEAL).exists()
        ctx["can_change"] = restrict(one, user, Action.WORKER_CHANGE).exists()
        ctx["honour_form"] = HonourForm() if ctx["can_change"] else None
        return ctx


@login_required
@require_http_methods(["GET", "POST"])
def union_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    union = (
        get_scoped_or_404(TradeUnion.objects.all(), request.user, Action.UNION_CHANGE, pk=pk) if pk else None
    )
    if union is None and not can(request.user, Action.UNION_CHANGE):
        raise PermissionDenied
    initial = {"name": union.name, "region": union.region} if union else {}
    form = TradeUnionForm(request.POST or None, user=request.user, editing=union is not None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if union:
                union = services.union_update(
                    actor=request.user, union=union, name=data["name"], region=data["region"]
                )
            else:
                union = services.union_create(
                    actor=request.user,
                    name=data["name"],
                    kind=data["kind"],
                    parent=data["parent"],
                    region=data["region"],
                )
        except ValidationError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("已保存。"))
            return redirect("org:union_detail", pk=union.pk)
    return render(request, "core/object_form.html", {"form": form, "object": union, "title": _("工会组织")})


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    enterprise = (
        get_scoped_or_404(
            Enterprise.objects.select_related("union"), request.user, Action.ENTERPRISE_CHANGE, pk=pk
        )
        if pk
        else None
    )
    if enterprise is None and not can(request.user, Action.ENTERPRISE_CHANGE):
        raise PermissionDenied
    form = EnterpriseForm(request.POST or None, instance=enterprise, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "parent_union"}
        try:
            if enterprise:
                # form.instance already carries the new values; the service re-checks and saves.
                enterprise = services.enterprise_update(actor=request.user, enterprise=form.instance, **data)
            else:
                enterprise = services.enterprise_create(
                    actor=request.user, parent_union=form.cleaned_data["parent_union"], **data
                )
        except ValidationError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("已保存。"))
            return redirect("org:enterprise_detail", pk=enterprise.pk)
    return render(request, "core/object_form.html", {"form": form, "object": enterprise, "title": _("单位")})


@login_required
@require_http_methods(["GET", "POST"])
def worker_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    worker = (
        get_scoped_or_404(
            Worker.objects.select_related("enterprise__union"), request.user, Action.WORKER_CHANGE, pk=pk
        )
        if pk
        else None
    )
    if worker is None and not can(request.user, Action.WORKER_CHANGE):
        raise PermissionDenied
    initial = {}
    if worker:
        initial = {
            "name": worker.name,
            "gender": worker.gender,
            "birth_year": worker.birth_year,
            "enterprise": worker.enterprise,
            "post": worker.post,
            "skill_level": worker.skill_level,
            "is_active": worker.is_active,
        }
    elif request.GET.get("enterprise"):
        initial = {"enterprise": request.GET["enterprise"]}
    form = WorkerForm(request.POST or None, user=request.user, editing=worker is not None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["birth_year"] = data.get("birth_year") or None
        try:
            if worker:
                worker = services.worker_update(
                    actor=request.user,
                    worker=worker,
                    id_number=data.pop("id_number") or None,
                    phone=data.pop("phone") or None,
                    **data,
                )
            else:
                worker = services.worker_create(actor=request.user, **data)
        except ValidationError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("已保存。"))
            return redirect("org:worker_detail", pk=worker.pk)
    return render(request, "core/object_form.html", {"form": form, "object": worker, "title": _("职工")})


@login_required
@require_POST
def worker_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    worker = get_scoped_or_404(Worker.objects.all(), request.user, Action.WORKER_REVEAL, pk=pk)
    field = request.POST.get("field", "")
    try:
        value = services.worker_reveal(actor=request.user, worker=worker, field=field)
    except ValidationError:
        return HttpResponse(_("只能查看身份证号码或联系电话。"), status=400)
    return render(request, "org/_revealed.html", {"value": value or "—", "field": field})


@login_required
@require_POST
def honour_add(request: HttpRequest, pk: int) -> HttpResponse:
    worker = get_scoped_or_404(
        Worker.objects.select_related("enterprise__union"), request.user, Action.WORKER_CHANGE, pk=pk
    )
    form = HonourForm(request.POST)
    if form.is_valid():
        try:
            services.honour_add(actor=request.user, worker=worker, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("已添加荣誉称号。"))
    else:
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    return redirect("org:worker_detail", pk=worker.pk)


@login_required
@require_POST
def honour_delete(request: HttpRequest, pk: int, honour_pk: int) -> HttpResponse:
    honour = get_scoped_or_404(
        Honour.objects.select_related("worker__enterprise__union"),
        request.user,
        Action.WORKER_CHANGE,
        pk=honour_pk,
        worker_id=pk,
    )
    services.honour_remove(actor=request.user, honour=honour)
    messages.success(request, _("已删除荣誉称号。"))
    return redirect("org:worker_detail", pk=pk)
