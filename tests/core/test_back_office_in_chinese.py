"""The back office (Django admin) reads as Chinese with the person's display name (issue 8,
defect 15: "MODEL NAME / ADD LINK", "欢迎，DEMO_CITY"); its 修改密码 is the one password page
(the one under the login's lockout)."""

import re

import pytest


@pytest.mark.parametrize("who", ["city", "sysadmin", "security"])
def test_the_index_has_chinese_headers_and_the_display_name(client, world, who):
    user = world.users[who]
    user.display_name = {"city": "市总工会管理员", "sysadmin": "系统管理员", "security": "安全管理员"}[who]
    user.save(update_fields=["display_name"])
    client.force_login(user)

    html = client.get("/backoffice/").content.decode()

    for english in ("Model name", "Add link", "Change or view list link"):
        assert english not in html
    assert html.count('<th scope="col">数据类别</th>') >= 1
    assert f'欢迎，<strong id="admin-user-name">{user.display_name}</strong>。' in html
    assert "/static/css/admin.css" in html


def test_the_admin_css_keeps_names_as_written():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "static" / "css" / "admin.css").read_text()
    assert re.search(r"#user-tools[^{]*\{[^}]*text-transform:\s*none", css)


def test_a_change_page_with_errors_says_so_in_chinese(client, world):
    client.force_login(world.users["sysadmin"])

    response = client.post("/backoffice/accounts/user/add/", {"username": ""})

    title = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)
    assert title.startswith("有错误：") and "Error" not in title


def test_the_back_office_password_change_is_the_one_page(client, world):
    client.force_login(world.users["sysadmin"])

    response = client.get("/backoffice/password_change/")

    assert response.status_code == 302 and response["Location"] == "/accounts/password/"
