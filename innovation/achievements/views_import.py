"""Pages of the Excel batch import: template, upload, batch progress and error list."""

from urllib.parse import quote

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from innovation.accounts.policy import Action
from innovation.accounts.scope import can, restrict
from innovation.audit.services import record_denied, record_export
from innovation.core import jobs
from innovation.core.generic import form_errors_from

from . import importer
from .models import Campaign, ImportBatch

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ERRORS_SHOWN = 500


def _require_import(request: HttpRequest) -> None:
    if not can(request.user, Action.ACHIEVEMENT_IMPORT):
        raise PermissionDenied


def _open_campaigns(user):
    now = timezone.now()
    return (
        restrict(Campaign.objects.all(), user, Action.CAMPAIGN_VIEW)
        .filter(opens_at__lte=now, closes_at__gt=now)
        .order_by("-year")
    )


def _xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def _batch_or_404(request: HttpRequest, pk: int) -> ImportBatch:
    """A batch is seen by its creator only, and only while it is within their scope."""
    queryset = ImportBatch.objects.select_related("campaign")
    try:
        return restrict(queryset, request.user, Action.ACHIEVEMENT_IMPORT).get(pk=pk, created_by=request.user)
    except ImportBatch.DoesNotExist:
        if queryset.filter(pk=pk).exists():
            record_denied(
                user=request.user, model=ImportBatch, lookup={"pk": pk}, action=Action.ACHIEVEMENT_IMPORT
            )
        raise Http404 from None


class ImportForm(forms.Form):
    campaign = forms.ModelChoiceField(
        queryset=Campaign.objects.none(), label=gettext_lazy("征集活动"), empty_label=None
    )
    file = forms.FileField(
        label=gettext_lazy("Excel文件"),
        help_text=gettext_lazy("只接受用导入模板填写的 .xlsx 文件。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx", "class": "form-control"}),
    )
    submit = forms.BooleanField(
        required=False,
        label=gettext_lazy("导入后直接提交"),
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    pledge = forms.BooleanField(
        required=False,
        label=gettext_lazy(
            "本单位工会承诺：所报成果及经济效益真实、准确，完成人及份额无争议，如有不实愿承担相应责任。"
        ),
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = _open_campaigns(user)
        self.fields["campaign"].widget.attrs["class"] = "form-select"
        if not can(user, Action.ACHIEVEMENT_SUBMIT):
            del self.fields["submit"]
            del self.fields["pledge"]


@login_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    _require_import(request)
    campaign = None
    if request.GET.get("campaign", "").isdigit():
        campaign = _open_campaigns(request.user).filter(pk=int(request.GET["campaign"])).first()
    data = importer.build_template(campaign=campaign, actor=request.user)
    name = _("五小创新成果导入模板")
    if campaign is not None:
        name = f"{name}-{campaign.year}"
    return _xlsx_response(data, f"{name}.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    _require_import(request)
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            batch = importer.start_import(
                actor=request.user,
                campaign=data["campaign"],
                upload=data["file"],
                submit=data.get("submit", False),
                pledge=data.get("pledge", False),
                ip=request.META.get("REMOTE_ADDR"),
                user_agent=request.META.get("HTTP_USER_AGENT", "")[:255],
            )
        except ValidationError as exc:
            form_errors_from(exc, form)
        else:
            return redirect("achievements:import_detail", pk=batch.pk)
    batches = restrict(
        ImportBatch.objects.filter(created_by=request.user), request.user, Action.ACHIEVEMENT_IMPORT
    ).select_related("campaign")[:10]
    batches = [jobs.check_lease(b) for b in batches]
    return render(
        request,
        "achievements/import_upload.html",
        {
            "form": form,
            "campaigns": form.fields["campaign"].queryset,
            "batches": batches,
            "max_rows": importer.MAX_ROWS,
            "max_mb": importer.import_max_bytes() // 1048576,
        },
    )


def _batch_context(batch: ImportBatch) -> dict:
    # A batch whose worker died says so here instead of "running" for ever.
    batch = jobs.check_lease(batch)
    errors = batch.errors or []
    return {
        "batch": batch,
        "running": batch.is_active,
        "stalled": jobs.waiting_too_long(batch),
        "writing": batch.status == ImportBatch.Status.RUNNING
        and batch.total_rows
        and batch.processed_rows >= batch.total_rows,
        "errors": errors[:ERRORS_SHOWN],
        "errors_total": len(errors),
        "errors_cut": len(errors) > ERRORS_SHOWN,
    }


@login_required
@require_GET
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_import(request)
    batch = _batch_or_404(request, pk)
    return render(request, "achievements/import_detail.html", _batch_context(batch))


@login_required
@require_GET
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    _require_import(request)
    batch = _batch_or_404(request, pk)
    return render(request, "achievements/_import_progress.html", _batch_context(batch))


@login_required
@require_GET
def import_errors(request: HttpRequest, pk: int) -> HttpResponse:
    _require_import(request)
    batch = _batch_or_404(request, pk)
    if not batch.errors:
        raise Http404
    record_export(
        user=request.user,
        model=ImportBatch,
        rows=len(batch.errors),
        description=f"import batch #{batch.pk} errors",
    )
    return _xlsx_response(importer.errors_workbook(batch), _("导入错误清单-%(b)d.xlsx") % {"b": batch.pk})


@login_required
@require_GET
def import_file(request: HttpRequest, pk: int) -> FileResponse:
    """The workbook as it was uploaded (kept with the batch), for its uploader."""
    _require_import(request)
    batch = _batch_or_404(request, pk)
    if not batch.file:
        raise Http404
    return FileResponse(
        batch.file.open("rb"), as_attachment=True, filename=batch.original_name, content_type=XLSX
    )
