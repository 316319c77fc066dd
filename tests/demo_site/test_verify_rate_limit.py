"""The public verification pages allow VERIFY_RATE_LIMIT (30) look-ups per address per 10 minutes
across all of the server's worker processes (issue 8, defect 13): the served demo runs two
gunicorn workers, and the 31st look-up is refused whichever of them answers it."""

import re
from concurrent.futures import ThreadPoolExecutor

import pytest

RESET = "from innovation.core import ratelimit; ratelimit.reset(scope='verify', address='127.0.0.1')"


@pytest.fixture
def fresh_count(demo_site):
    """This test's look-ups only (the crawler also opens the verify pages), and none left after it."""
    demo_site.manage("shell", "-c", RESET)
    yield
    demo_site.manage("shell", "-c", RESET)


def test_the_31st_look_up_in_ten_minutes_is_refused_whichever_worker_answers(demo_site, fresh_count):
    paths = [f"/verify/ABCDEFGHJK{n:02d}/" for n in range(40)]
    # Four at a time, so that both workers are busy answering.
    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = list(pool.map(lambda path: demo_site.get(path)[0], paths))

    assert sorted(statuses) == [200] * 30 + [429] * 10
    # The studio plaque check counts against the same limit.
    status, body = demo_site.get("/studios/verify/ABCDEFGHJKMN/")
    assert status == 429 and "查询过于频繁" in body.decode()
    # Both workers answered (the access log names the process of each request).
    served_by = {
        match.group(1)
        for line in demo_site.access_log.read_text().splitlines()
        if (match := re.search(r'"GET /verify/ABCDEFGHJK\d\d/ HTTP/1\.1" \d+ .* <(\d+)>$', line))
    }
    assert len(served_by) == 2
