"""The edit page autosaves what was typed, and nothing else: an idle page sends no request, so
an idle session ends after SESSION_IDLE_MINUTES as it should (issue 8, defect 12)."""

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from innovation.achievements import services
from innovation.achievements.models import Achievement
from tests.achievements.conftest import full_fields, make_campaign


@pytest.mark.browser
def test_an_idle_edit_page_autosaves_nothing_and_does_not_keep_the_session_alive(page, logged_in, world):
    draft = services.achievement_create(
        actor=world.users["worker"],
        campaign=make_campaign(world),
        enterprise=world.units["yx_a"],
        authors=[{"worker": world.workers["yx_a_1"], "share": 100}],
        **full_fields(),
    )
    page.clock.install()
    logged_in("t_worker")
    autosaves: list[str] = []
    page.on(
        "request", lambda request: autosaves.append(request.method) if "/autosave/" in request.url else None
    )
    page.goto(f"/achievements/{draft.pk}/edit/")
    expect(page.locator("#autosave-status")).to_have_text("填写时自动保存")
    expires = Session.objects.get().expire_date

    # Twenty idle minutes (the old page posted every 60 seconds, twenty times).
    page.clock.run_for("20:00")

    assert autosaves == []
    assert Session.objects.get().expire_date == expires

    # Typing is saved once, by the next round of the timer…
    page.locator("#id_effect").fill("数据准确，试验人员由3人减为1人。")
    page.clock.run_for("01:05")
    expect(page.locator("#autosave-status")).to_contain_text("已自动保存")
    assert autosaves == ["POST"]
    assert Achievement.objects.get(pk=draft.pk).effect == "数据准确，试验人员由3人减为1人。"

    # …and then nothing again while the page sits there.
    page.clock.run_for("10:00")
    assert autosaves == ["POST"]


@pytest.mark.browser
def test_an_incomplete_form_is_not_posted_again_and_again(page, logged_in, world):
    draft = services.achievement_create(
        actor=world.users["worker"],
        campaign=make_campaign(world),
        enterprise=world.units["yx_a"],
        authors=[{"worker": world.workers["yx_a_1"], "share": 100}],
        **full_fields(),
    )
    page.clock.install()
    logged_in("t_worker")
    autosaves: list[str] = []
    page.on(
        "request", lambda request: autosaves.append(request.method) if "/autosave/" in request.url else None
    )
    page.goto(f"/achievements/{draft.pk}/edit/")

    page.locator("#id_title").fill("")  # the server says: incomplete, not saved
    page.clock.run_for("01:05")
    expect(page.locator("#autosave-status")).to_have_text("有填写不完整的内容，尚未自动保存。")
    page.clock.run_for("10:00")

    assert autosaves == ["POST"]
