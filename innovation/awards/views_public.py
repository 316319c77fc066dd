"""The public notice (公示), open to everyone without signing in: the list of notices, one notice
with its awarded items, and the objection form for the public (real name and phone,
rate-limited per address). The rules are in innovation.awards.public and services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from innovation.core.generic import form_errors_from
from innovation.core.ratelimit import over_limit

from . import public, selectors
from .forms import PublicObjectionForm


@require_GET
def notice_list(request: HttpRequest) -> HttpResponse:
    return render(request, "awards/public_notice_list.html", {"notices": public.published_notices()[:50]})


def _published(pk: int):
    decision = public.published_notices().filter(pk=pk).first()
    if decision is None:  # never published, or withdrawn after an upheld objection
        raise Http404
    return decision


def _page(request, decision, *, form=None, limited=False, status=200) -> HttpResponse:
    lines = public.notice_lines(decision)
    is_open = selectors.notice_is_open(decision)
    if form is None and is_open:
        form = PublicObjectionForm(lines=lines, prefix="objection")
    return render(
        request,
        "awards/public_notice.html",
        {
            "d": decision,
            "lines": lines,
            "is_open": is_open,
            "form": form if is_open else None,
            "limited": limited,
        },
        status=status,
    )


@require_GET
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _published(pk))


@require_POST
def objection(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _published(pk)
    if over_limit(request, "objection"):
        return _page(request, decision, limited=True, status=429)
    lines = public.notice_lines(decision)
    form = PublicObjectionForm(request.POST, lines=lines, prefix="objection")
    if form.is_valid():
        data = form.cleaned_data
        try:
            sent = public.raise_public_objection(
                line=data["line"], name=data["name"], phone=data["phone"], reason=data["reason"]
            )
        except ValidationError as exc:
            form_errors_from(exc, form)
        else:
            # Post/redirect/get: a reload does not send the objection twice.
            messages.success(
                request,
                _(
                    "您对「%(t)s」的异议已提交（编号 %(n)d）。市总工会将在公示期内核实，并通过您留下的电话 %(p)s 答复。"
                )
                % {"t": sent.line.achievement.title, "n": sent.pk, "p": sent.phone_masked},
            )
            return redirect("public:notice", pk=decision.pk)
    return _page(request, decision, form=form, status=400)
