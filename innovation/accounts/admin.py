"""Accounts in the back office: the system administrator manages accounts, the
security administrator manages role grants (等保 separation of duties)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import services, twofactor
from .admin_links import PlainForeignKeysMixin
from .models import RoleGrant, User
from .policy import Action
from .scope import can


class UserCreateForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ("username", "display_name", "email")


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = (
        "username",
        "display_name",
        "is_active",
        "is_staff",
        "must_change_password",
        "two_factor",
        "last_login",
    )
    list_filter = ("is_active", "is_staff", "must_change_password")
    search_fields = ("username", "display_name")
    fields = (
        "username",
        "display_name",
        "email",
        "is_active",
        "must_change_password",
        "last_login",
        "date_joined",
    )
    readonly_fields = ("last_login", "date_joined")
    actions = ["reset_password", "reset_two_factor"]

    def get_queryset(self, request):
        enrolled = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return super().get_queryset(request).annotate(two_factor_on=Exists(enrolled))

    @admin.display(description=_("两步验证"), boolean=True, ordering="two_factor_on")
    def two_factor(self, obj) -> bool:
        return obj.two_factor_on

    def has_module_permission(self, request):
        return can(request.user, Action.ACCOUNT_MANAGE) or can(request.user, Action.GRANT_MANAGE)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return can(request.user, Action.ACCOUNT_MANAGE)

    def has_add_permission(self, request):
        return can(request.user, Action.ACCOUNT_MANAGE)

    def has_delete_permission(self, request, obj=None):
        return False  # accounts are deactivated, never deleted (the audit trail refers to them)

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = UserCreateForm
            kwargs["fields"] = UserCreateForm.Meta.fields
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.readonly_fields

    def get_fields(self, request, obj=None):
        return UserCreateForm.Meta.fields if obj is None else self.fields

    def save_model(self, request, obj, form, change):
        if change:
            obj.save()
            return
        try:
            user, password = services.user_create(
                actor=request.user, username=obj.username, display_name=obj.display_name
            )
        except ValidationError as exc:
            self.message_user(request, "；".join(exc.messages), level=messages.ERROR)
            return
        obj.pk = user.pk
        obj._state.adding = False
        self.message_user(
            request,
            _("已创建账户 %(u)s，初始密码：%(p)s （首次登录须修改）") % {"u": user.username, "p": password},
            level=messages.WARNING,
        )

    @admin.action(description=_("重置密码（生成临时密码）"))
    def reset_password(self, request, queryset):
        for user in queryset:
            password = services.generate_password()
            services.user_set_password(actor=request.user, user=user, password=password, temporary=True)
            self.message_user(
                request,
                _("%(u)s 的临时密码：%(p)s") % {"u": user.username, "p": password},
                level=messages.WARNING,
            )

    def has_two_factor_reset_permission(self, request) -> bool:
        return can(request.user, Action.TWO_FACTOR_RESET)

    @admin.action(description=_("重置两步验证（须填写原因）"), permissions=["two_factor_reset"])
    def reset_two_factor(self, request, queryset):
        """A lost phone: the security administrator removes the authenticator and recovery codes,
        with a reason for the audit trail; the user enrols again at the next sign-in."""
        from .twofactor_forms import ResetForm

        form = ResetForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            done = 0
            for user in queryset:
                try:
                    twofactor.reset(actor=request.user, user=user, reason=form.cleaned_data["reason"])
                except (ValidationError, PermissionDenied) as exc:
                    text = "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                    self.message_user(request, f"{user.username}：{text}", level=messages.ERROR)
                else:
                    done += 1
            if done:
                self.message_user(
                    request,
                    _("已重置 %(n)d 个账户的两步验证，这些用户下次登录时须重新绑定身份验证器。")
                    % {"n": done},
                    level=messages.SUCCESS,
                )
            return None
        return TemplateResponse(
            request,
            "admin/accounts/user/reset_two_factor.html",
            {
                **self.admin_site.each_context(request),
                "title": _("重置两步验证"),
                "opts": self.model._meta,
                "users": queryset,
                "form": form,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )


class RoleGrantForm(forms.ModelForm):
    class Meta:
        model = RoleGrant
        fields = ("user", "role", "node")


class _UnlinkedRawIdWidget(admin.widgets.ForeignKeyRawIdWidget):
    """A raw id box without the look-up and change links, for a reader who may not open the
    related list (the security administrator does not read the union tree's back-office pages)."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["related_url"] = None
        context["link_url"] = None
        return context


@admin.register(RoleGrant)
class RoleGrantAdmin(PlainForeignKeysMixin, admin.ModelAdmin):
    form = RoleGrantForm
    list_display = ("user", "role", "node", "created_at")
    list_filter = ("role",)
    search_fields = ("user__username", "user__display_name", "node__name")
    raw_id_fields = ("user", "node")
    list_select_related = ("user", "node")

    def has_module_permission(self, request):
        return can(request.user, Action.GRANT_MANAGE)

    has_view_permission = lambda self, request, obj=None: can(request.user, Action.GRANT_MANAGE)  # noqa: E731
    has_add_permission = lambda self, request: can(request.user, Action.GRANT_MANAGE)  # noqa: E731
    has_delete_permission = lambda self, request, obj=None: can(request.user, Action.GRANT_MANAGE)  # noqa: E731

    def has_change_permission(self, request, obj=None):
        return False  # a grant is revoked and granted anew, never edited

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = self.admin_site._registry.get(db_field.related_model)
        if db_field.name in self.raw_id_fields and (
            related is None or not related.has_view_permission(request)
        ):
            kwargs["widget"] = _UnlinkedRawIdWidget(db_field.remote_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        try:
            services.grant_role(actor=request.user, user=obj.user, role=obj.role, node=obj.node)
        except ValidationError as exc:
            self.message_user(request, "；".join(exc.messages), level=messages.ERROR)

    def delete_model(self, request, obj):
        services.revoke_grant(actor=request.user, grant=obj)

    def delete_queryset(self, request, queryset):
        for grant in queryset:
            services.revoke_grant(actor=request.user, grant=grant)
