"""Logging in, failing to, being locked out, and the forced first password change."""

import re

import pytest
from playwright.sync_api import expect

from innovation.accounts import services as account_services
from innovation.accounts.models import User
from innovation.accounts.roles import Role
from tests.factories import PASSWORD

GENERIC_ERROR = "用户名或密码不正确。连续失败5次账户将被锁定15分钟。"
LOCKOUT_TEXT = "登录失败次数过多，该账户已被锁定15分钟，请稍后再试。如需帮助请联系系统管理员。"
LOGIN_PATH = re.compile(r"/accounts/login/")


def figure(page, key):
    return page.locator(f'#home-figures [data-key="{key}"]')


@pytest.mark.browser
def test_city_admin_logs_in_and_sees_role_badge_and_city_figures(page, login, world, live_server):
    login("t_city")

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("h1")).to_have_text("您好，t_city")
    expect(page.locator("#home-roles .badge")).to_have_text(["市总工会管理员 @ 锦州市总工会"])
    expect(figure(page, "districts")).to_contain_text("县(市、区)总工会")
    # 义县 and 黑山县 are district unions; the 教育 union is an industry union.
    expect(figure(page, "districts").locator(".figure-value")).to_have_text("2")
    # city + 2 districts + the industry union + the base union of each of the 5 units.
    expect(figure(page, "unions").locator(".figure-value")).to_have_text("9")
    expect(figure(page, "units")).to_contain_text("单位")
    expect(figure(page, "units").locator(".figure-value")).to_have_text("5")
    expect(figure(page, "workers")).to_contain_text("职工")
    expect(figure(page, "workers").locator(".figure-value")).to_have_text("10")


@pytest.mark.browser
def test_district_admin_home_figures_cover_only_the_district(page, login, world, live_server):
    login("t_yixian")

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("#home-roles .badge")).to_have_text(["县(市、区)/产业工会管理员 @ 义县总工会"])
    expect(figure(page, "districts").locator(".figure-value")).to_have_text("1")
    # 义县总工会 + the base unions of its 2 units (not the 教育 unit located in 义县).
    expect(figure(page, "unions").locator(".figure-value")).to_have_text("3")
    expect(figure(page, "units").locator(".figure-value")).to_have_text("2")
    expect(figure(page, "workers").locator(".figure-value")).to_have_text("4")


@pytest.mark.browser
@pytest.mark.parametrize("username", ["t_city", "no_such_user"], ids=["wrong_password", "unknown_user"])
def test_failed_login_shows_one_generic_error(page, login, world, username):
    login(username, "Wrong@Pass2026")

    expect(page).to_have_url(LOGIN_PATH)
    expect(page.locator("#login-error")).to_have_text(GENERIC_ERROR)
    expect(page.locator("#lockout-message")).to_have_count(0)
    expect(page.locator("#id_password")).to_have_value("")
    # Still anonymous: the home page sends us back to the login form.
    page.goto("/")
    expect(page).to_have_url(LOGIN_PATH)
    expect(page.locator("#login-submit")).to_be_visible()


@pytest.mark.browser
@pytest.mark.parametrize("username", ["t_city", "no_such_user"], ids=["existing_user", "unknown_user"])
def test_five_failures_lock_the_username_even_for_the_right_password(page, login, world, username, console):
    console.allow(r"status of 429 .*/accounts/login/")  # the lockout page answers 429 on purpose
    for _attempt in range(4):
        login(username, "Wrong@Pass2026")
        expect(page.locator("#login-error")).to_have_text(GENERIC_ERROR)
        expect(page.locator("#lockout-message")).to_have_count(0)

    # The fifth failure reaches the limit: that answer already is the lockout page.
    login(username, "Wrong@Pass2026")
    expect(page.locator("#lockout-message")).to_have_text(LOCKOUT_TEXT)

    # The sixth attempt, with the right password (for the real account), is refused too.
    login(username, PASSWORD)
    expect(page.locator("#lockout-message")).to_have_text(LOCKOUT_TEXT)
    expect(page.locator("#login-error")).to_have_count(0)
    page.goto("/")
    expect(page).to_have_url(LOGIN_PATH)
    expect(page.locator("#lockout-message")).to_have_count(0)
    # Still locked on the next try.
    login(username, PASSWORD)
    expect(page.locator("#lockout-message")).to_have_text(LOCKOUT_TEXT)


@pytest.mark.browser
def test_lockout_does_not_spill_over_to_other_usernames(page, login, world, live_server, console):
    console.allow(r"status of 429 .*/accounts/login/")  # the lockout page answers 429 on purpose
    for _attempt in range(6):
        login("no_such_user", "Wrong@Pass2026")
    expect(page.locator("#lockout-message")).to_have_text(LOCKOUT_TEXT)

    login("t_city")
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("#home-figures")).to_be_visible()


@pytest.mark.browser
def test_generated_password_must_be_changed_before_anything_else(page, login, world, live_server):
    user, generated = account_services.user_create(actor=None, username="t_newbie", display_name="新来的")
    account_services.grant_role(actor=None, user=user, role=Role.DISTRICT_ADMIN, node=world.yixian)
    assert user.must_change_password

    login("t_newbie", generated)
    expect(page).to_have_url(re.compile(r"/accounts/password/$"))
    expect(page.locator("#forced-change")).to_be_visible()

    for path in ("/", "/org/workers/", f"/org/workers/{world.workers['yx_a_1'].pk}/", "/audit/"):
        page.goto(path)
        expect(page).to_have_url(re.compile(r"/accounts/password/$"))
        expect(page.locator("#forced-change")).to_be_visible()
        expect(page.locator("#result-count")).to_have_count(0)

    # A password that breaks the rules is refused and the user stays on the form.
    page.locator("#id_old_password").fill(generated)
    page.locator("#id_new_password1").fill("12345678")
    page.locator("#id_new_password2").fill("12345678")
    page.get_by_role("button", name="保存新密码").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    expect(page.locator("#forced-change")).to_be_visible()
    page.goto("/org/workers/")
    expect(page).to_have_url(re.compile(r"/accounts/password/$"))

    page.locator("#id_old_password").fill(generated)
    page.locator("#id_new_password1").fill("Neu@Kennwort2026")
    page.locator("#id_new_password2").fill("Neu@Kennwort2026")
    page.get_by_role("button", name="保存新密码").click()

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator(".alert-success")).to_contain_text("密码已修改。")
    expect(page.locator("#home-roles .badge")).to_have_text(["县(市、区)/产业工会管理员 @ 义县总工会"])
    page.goto("/org/workers/")
    expect(page.locator("#result-count")).to_have_text("共 4 条")
    user = User.objects.get(pk=user.pk)
    assert not user.must_change_password
    assert user.check_password("Neu@Kennwort2026")
