"""Uniform list / detail / edit views for scoped models (the NetBox pattern, small).

A list view names its model, the policy action, its FilterSet, Table and Exporter; the
queryset always comes from `restrict()`, and the Excel export is exactly the filtered rows.
"""

from urllib.parse import urlencode

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from innovation.accounts.scope import can, get_scoped_or_404, restrict

from . import workflow as kernel
from .pagination import PER_PAGE_CHOICES, ListRequestConfig


class ScopedQuerysetMixin:
    model = None
    action: str = ""
    select_related: tuple[str, ...] = ()

    def base_queryset(self) -> QuerySet:
        qs = self.model.objects.all()
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        return qs

    def scoped_queryset(self) -> QuerySet:
        return restrict(self.base_queryset(), self.request.user, self.action)


def style_filter_form(form) -> None:
    """Bootstrap classes on a filter form's widgets (FilterSets stay presentation-free)."""
    from django import forms

    for field in form.fields.values():
        widget = field.widget
        css = (
            "form-select form-select-sm"
            if isinstance(widget, forms.Select)
            else "form-control form-control-sm"
        )
        if isinstance(widget, forms.SelectMultiple):
            css = "form-select form-select-sm"
        widget.attrs.setdefault("class", css)
        if isinstance(field, forms.DateField) and isinstance(widget, forms.DateInput):
            widget.input_type = "date"  # the browser's date picker (the value is ISO either way)
        if isinstance(field, forms.ModelChoiceField) and field.empty_label is not None:
            field.empty_label = _("全部")


class ScopedListView(LoginRequiredMixin, ScopedQuerysetMixin, SingleTableMixin, FilterView):
    template_name = "core/object_list.html"
    exporter_class = None
    partial_template_name = "core/_object_table.html"
    keep_params: tuple[str, ...] = ()
    # Templates of links outside the list that carry its filters (besides the Excel export):
    # re-rendered out of band whenever htmx swaps the filtered list in.
    oob_templates: tuple[str, ...] = ()
    export_label = ""  # the Excel link's text when not just 导出Excel
    paginate_by = 25  # the default page size; `?per_page=` may choose another of PER_PAGE_CHOICES
    title = ""
    create_url_name = ""
    create_action = ""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can(request.user, self.action):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def awaiting_me(self) -> bool:
        """`?awaiting=me`: only the rows that wait for this user's step (the to-do list's links),
        for a list whose model runs on the workflow kernel."""
        return self.request.GET.get("awaiting") == "me" and kernel.is_registered(self.model)

    def get_queryset(self):
        qs = self.scoped_queryset()
        if self.awaiting_me():
            q = kernel.awaiting_q(self.request.user, self.model)
            qs = qs.filter(q) if q is not None else qs.none()
        return qs

    def paginate_queryset(self, queryset, page_size):
        # The table is paginated (and its rows counted) by django-tables2 with `paginate_by`;
        # ListView paginating the same queryset again would run a second COUNT per request.
        return None, None, queryset, False

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        style_filter_form(filterset.form)
        return filterset

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx" and self.exporter_class is not None:
            filterset = self.get_filterset(self.get_filterset_class())
            qs = filterset.qs if filterset.is_valid() else self.get_queryset().none()
            description = request.GET.urlencode().replace("export=xlsx", "").strip("&")
            return self.exporter_class().response(qs, user=request.user, description=description)
        return super().get(request, *args, **kwargs)

    def get_table(self, **kwargs):
        # Not SingleTableMixin.get_table: its RequestConfig hands `?per_page=` to the paginator
        # unchecked (a negative size was a server error, a huge one rendered a whole city).
        table = self.get_table_class()(data=self.get_table_data(), **kwargs)
        ListRequestConfig(self.request, per_page=self.paginate_by).configure(table)
        if not table.empty_text:
            table.empty_text = _("暂无符合条件的记录。")
        return table

    def get_template_names(self):
        if getattr(self.request, "htmx", False) and not self.request.htmx.boosted:
            # The list's own partial, plus (out of band) the links that carry the filters.
            return ["core/_list_swap.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        # The Excel link carries the list's filters (a blank field filters nothing: left out).
        query = QueryDict(mutable=True)
        for name, values in self.request.GET.lists():
            if name not in ("page", "per_page", "export"):
                query.setlist(name, [v for v in values if v.strip()])
        query["export"] = "xlsx"
        keep = (*self.keep_params, "awaiting") if self.awaiting_me() else self.keep_params
        kept = [(name, self.request.GET[name]) for name in dict.fromkeys(keep) if self.request.GET.get(name)]
        ctx.update(
            title=self.title or self.model._meta.verbose_name_plural,
            export_query=query.urlencode(),
            can_export=self.exporter_class is not None,
            partial_template=self.partial_template_name,
            oob_templates=self.oob_templates,
            per_page_choices=PER_PAGE_CHOICES,
            # Query parameters that are not filters but choose the list (a tab): the filter
            # form carries them along, and 重置 keeps them.
            kept_params=kept,
            reset_url=self.request.path + (f"?{urlencode(kept)}" if kept else ""),
            export_label=self.export_label,
            awaiting=self.awaiting_me(),
            # The 全部 / 待我处理 tabs of a list whose model runs on the workflow kernel.
            queue_count=kernel.queue_count(self.request.user, self.model)
            if kernel.is_registered(self.model)
            else None,
            create_url_name=self.create_url_name
            if (self.create_action and can(self.request.user, self.create_action))
            else "",
        )
        return ctx


class ScopedDetailView(LoginRequiredMixin, ScopedQuerysetMixin, TemplateView):
    lookup = "pk"

    def get_object(self):
        return get_scoped_or_404(
            self.base_queryset(), self.request.user, self.action, pk=self.kwargs[self.lookup]
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["object"] = self.get_object()
        return ctx


def form_errors_from(exc, form) -> None:
    """Copy a service's ValidationError onto a form, field by field."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages or [_("提交的内容有误。")])
