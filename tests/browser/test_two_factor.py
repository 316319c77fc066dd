"""Two-factor sign-in in the browser: enrolment at the first sign-in, the code step, a recovery
code, the security administrator's reset, and the audit chain's status on the audit page."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from innovation.audit.models import AuditAction, AuditEntry
from tests.factories import PASSWORD
from tests.twofactor import code_at, counter_to_use, current_code, enrolled_device, hex_of

HOME = re.compile(r"/$")


def submit_password(page, username):
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#login-submit").click()


def log_out(page):
    page.locator("#user-menu").click()
    page.locator("#logout").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))


@pytest.mark.browser
def test_an_administrator_enrols_at_first_sign_in_then_uses_a_code_and_a_recovery_code(
    page, world, live_server, artifacts_dir
):
    submit_password(page, "t_city")

    # Sent to enrol, with nothing else reachable.
    expect(page).to_have_url(re.compile(r"/accounts/2fa/setup/$"))
    expect(page.locator("#otp-required")).to_be_visible()
    expect(page.locator("#otp-qr")).to_be_visible()
    expect(page.locator("#main-nav")).to_have_count(0)
    page.goto("/org/workers/")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/setup/\?next=%2Forg%2Fworkers%2F$"))
    secret = page.locator("#otp-secret").inner_text()
    assert re.fullmatch(r"([A-Z2-7]{4} ){7}[A-Z2-7]{4}", secret), secret
    page.screenshot(path=str(artifacts_dir / "two_factor_1_enrolment.png"), full_page=True)

    # A mistyped code first, then the one the app shows (computed from the secret on the page).
    page.locator("#id_code").fill(
        "000000" if code_at(hex_of(secret), counter_to_use()[0]) != "000000" else "111111"
    )
    page.locator("#otp-enrol-submit").click()
    expect(page.locator("#otp-error")).to_have_text(
        "验证码不正确，请核对手机时间后输入身份验证器当前显示的6位数字。"
    )
    page.locator("#id_code").fill(code_at(hex_of(secret), counter_to_use()[0]))
    page.locator("#otp-enrol-submit").click()

    # The recovery codes, once; then on to where the user was going.
    expect(page).to_have_url(re.compile(r"/accounts/2fa/recovery-codes/\?next="))
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert all(re.fullmatch(r"[A-Z2-7]{4} [A-Z2-7]{4}", code) for code in codes), codes
    page.screenshot(path=str(artifacts_dir / "two_factor_2_recovery_codes.png"), full_page=True)
    page.locator("#codes-continue").click()
    expect(page).to_have_url(re.compile(r"/org/workers/$"))
    expect(page.locator("#result-count")).to_have_text("共 10 条")

    # Next sign-in: the code step. A wrong code is refused, the right one lets in.
    log_out(page)
    submit_password(page, "t_city")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/verify/$"))
    page.locator("#id_code").fill(
        "999999" if current_code(TOTPDevice.objects.get()) != "999999" else "888888"
    )
    page.locator("#otp-submit").click()
    expect(page.locator("#otp-error")).to_have_text("验证码不正确。连续失败5次账户将被锁定15分钟。")
    expect(page.locator("#id_code")).to_have_value("")
    page.screenshot(path=str(artifacts_dir / "two_factor_3_code_step.png"), full_page=True)
    page.locator("#id_code").fill(current_code(TOTPDevice.objects.get()))
    page.locator("#otp-submit").click()
    expect(page.locator("#home-roles")).to_be_visible()

    # Phone left at home: a recovery code, typed with a space, works once.
    log_out(page)
    submit_password(page, "t_city")
    page.locator("#id_code").fill(codes[0].lower())  # as printed, in any case
    page.locator("#otp-submit").click()
    expect(page.locator("#home-roles")).to_be_visible()
    page.goto("/accounts/security/")
    expect(page.locator("#otp-status")).to_contain_text("已启用")
    expect(page.locator("#codes-left")).to_have_text("9")
    expect(page.locator("#otp-mandatory")).to_be_visible()
    page.screenshot(path=str(artifacts_dir / "two_factor_4_security_page.png"), full_page=True)
    log_out(page)
    submit_password(page, "t_city")
    page.locator("#id_code").fill(codes[0].replace(" ", ""))
    page.locator("#otp-submit").click()
    expect(page.locator("#otp-error")).to_be_visible()
    assert AuditEntry.objects.filter(action=AuditAction.OTP_RECOVERY).count() == 1


@pytest.mark.browser
def test_the_security_administrator_resets_a_lost_authenticator_in_the_back_office(
    as_user, world, artifacts_dir
):
    victim = world.users["city"]
    enrolled_device(victim)
    page = as_user("t_sec")

    page.goto("/backoffice/accounts/user/")
    page.locator(f'input[name="_selected_action"][value="{victim.pk}"]').check()
    page.locator('select[name="action"]').select_option("reset_two_factor")
    page.locator('button[name="index"]').click()
    expect(page.locator("#reset-users")).to_contain_text("t_city")
    page.locator("#id_reason").fill("手机丢失，本人持工作证当面申请")
    page.screenshot(path=str(artifacts_dir / "two_factor_5_reset.png"), full_page=True)
    page.locator("#confirm-reset").click()

    expect(page.locator(".messagelist")).to_contain_text("已重置 1 个账户的两步验证")
    assert not TOTPDevice.objects.filter(user=victim).exists()
    entry = AuditEntry.objects.get(action=AuditAction.OTP_RESET)
    assert entry.actor == world.users["security"]
    assert entry.detail.endswith("reason: 手机丢失，本人持工作证当面申请")


@pytest.mark.browser
def test_the_audit_administrator_sees_and_runs_the_chain_check(as_user, world):
    page = as_user("t_audit")
    page.goto("/audit/")
    expect(page.locator("#chain-state")).to_have_text("尚未校验")

    page.locator("#chain-verify").click()

    expect(page.locator("#chain-state")).to_have_text("完好")
    expect(page.locator("#chain-detail")).to_contain_text("由 t_audit 校验：共")
    expect(page.locator(".alert-success")).to_contain_text("审计链完好")
