from django import forms
from django.utils.translation import gettext_lazy as _


class CodeInput(forms.TextInput):
    """A one-time code is typed afresh after a refusal: the refused one is not shown again."""

    def format_value(self, value):
        return None


def _code_field(label, *, numeric: bool) -> forms.CharField:
    attrs = {"class": "form-control form-control-lg text-center otp-code", "autocomplete": "one-time-code"}
    if numeric:
        attrs.update(inputmode="numeric", maxlength="6")
    return forms.CharField(label=label, max_length=32, widget=CodeInput(attrs=attrs))


class CodeForm(forms.Form):
    """The second step of signing in: a code from the app, or a recovery code."""

    code = _code_field(_("验证码或恢复码"), numeric=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs["autofocus"] = True


class EnrolForm(forms.Form):
    code = _code_field(_("身份验证器显示的6位验证码"), numeric=True)


class TurnOffForm(forms.Form):
    code = _code_field(_("身份验证器当前显示的6位验证码"), numeric=True)


class ResetForm(forms.Form):
    """The security administrator's reason for resetting someone's two-factor sign-in."""

    reason = forms.CharField(
        label=_("重置原因"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        help_text=_("例如：手机丢失，本人持工作证到安全管理员处当面申请。原因将写入审计日志。"),
    )
