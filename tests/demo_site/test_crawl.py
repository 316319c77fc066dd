"""The crawler: every page and file of the served Jinzhou demo, as every demo account of README
(and as an anonymous visitor), in Chromium.

Each account signs in through the form (tests/demo_site/conftest.py `log_in`, which also takes
any second step), then from its home page follows every in-site link it is offered — GET only,
so nothing changes state (logging out is a POST form, never a link) — including each list with
a choice of every filter drop-down and its `?export=xlsx`. A URL's route (resolve() of its path)
and the names of its query parameters make its kind: a couple of pages per route are opened in
Chromium and one URL of every other kind is fetched (see crawl()), so the crawl covers every kind
of page in minutes instead of every row.

It fails on: a 4xx or 5xx answer to a link a page offered, a console error or an htmx error event
in a page, a file whose type is not what its name says (or that is not there)."""

from __future__ import annotations

import contextlib
import re
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.demo_site.conftest import log_in

ROOT = Path(__file__).resolve().parents[2]
RENDERED_PER_ROUTE = 2  # pages of one route opened in Chromium (and their links followed)
EXPORTS_PER_ROUTE = 1  # Excel exports of one list
OPTIONS_PER_FILTER = 1  # choices of each filter drop-down tried
PAGE_LIMIT = 800  # a safety net against a crawl that would never end; reaching it fails the test

# Pages that change something on GET would be a defect of their own; these are the links a
# crawler must never follow even though they are links (none today: logout is a POST form).
NEVER = re.compile(r"/accounts/logout/")

FILE_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "zip": "application/zip",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
MAGIC = {"xlsx": b"PK", "zip": b"PK", "docx": b"PK", "pdf": b"%PDF", "png": b"\x89PNG", "jpg": b"\xff\xd8"}

# A page that loads something by itself after it has loaded (hx-trigger "load", "revealed",
# "intersect" or a poll "every …"): the crawler lets htmx finish it before reading the page.
# Every other page is read as soon as it has loaded (waiting for the network to be idle costs at
# least half a second a page, most of a crawl of hundreds of pages).
LOADS_BY_ITSELF = """() => Array.from(document.querySelectorAll("[hx-trigger]")).some(
  el => /\\b(load|revealed|intersect|every)\\b/.test(el.getAttribute("hx-trigger")))"""

HTMX_ERRORS = """(() => {
  for (const name of ["htmx:error", "htmx:responseError", "htmx:sendError", "htmx:swapError",
                      "htmx:targetError", "htmx:syntax:error", "htmx:timeout", "htmx:onLoadError",
                      "htmx:oobErrorNoTarget", "htmx:invalidPath"]) {
    document.addEventListener(name, (e) => console.error("htmx error event " + name), true);
  }
})();"""


def demo_accounts() -> list[str]:
    """The demo accounts README lists (its table of `demo_…` usernames), in its order."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return list(dict.fromkeys(re.findall(r"^\| `(demo_\w+)` \|", text, flags=re.MULTILINE)))


@dataclass
class Crawl:
    who: str
    pages: int = 0
    files: Counter = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    kinds: Counter = field(default_factory=Counter)
    exports: Counter = field(default_factory=Counter)
    seen: set = field(default_factory=set)
    offered_by: dict = field(default_factory=dict)
    verify_links: set = field(default_factory=set)
    seconds: float = 0.0

    def summary(self) -> str:
        files = ", ".join(f"{n} {ext}" for ext, n in sorted(self.files.items())) or "none"
        routes = len({route for route, _names in self.kinds})
        return (
            f"{self.who:18} {self.pages:4} pages, {sum(self.files.values()):3} files ({files}); "
            f"{routes} routes in {self.seconds:5.1f} s"
        )


def kind_of(url: str) -> tuple | None:
    """(route, sorted query names) — or None for a path no route serves."""
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    names = tuple(sorted({k for k, _v in parse_qsl(parts.query, keep_blank_values=True)}))
    if match.namespace == "admin":
        names = ()  # the back office's sort and filter links: its pages, not every combination
    return (match.route or match.view_name, names)


def _file_problem(url: str, response, body: bytes) -> tuple[str | None, str | None]:
    """(extension, problem) of a file answer, judged by the name it is sent under."""
    disposition = response.headers.get("content-disposition", "")
    name = re.search(r"filename\*?=(?:UTF-8''|utf-8'')?\"?([^\";]+)", disposition)
    if not name:
        return None, f"{url}: a file without a name (Content-Disposition: {disposition!r})"
    extension = name.group(1).rsplit(".", 1)[-1].lower()
    content_type = response.headers.get("content-type", "").split(";")[0]
    if FILE_TYPES.get(extension) != content_type:
        return extension, f"{url}: {name.group(1)} sent as {content_type!r}"
    if not body.startswith(MAGIC.get(extension, b"")) or len(body) < 40:
        return extension, f"{url}: {name.group(1)} ({len(body)} bytes) is not a {extension} file"
    return extension, None


def _links_of(page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)")
    out = []
    for href in hrefs:
        href = href.split("#", 1)[0]
        if href.startswith(base + "/") and not href.startswith(base + "/static/"):
            out.append(href[len(base) :])
    return out


def _filter_choices(page, path: str) -> list[str]:
    """For a list's filter form: the list with each drop-down set to one of its choices."""
    selects = page.eval_on_selector_all(
        "#filter-form select",
        "els => els.map(s => [s.name, Array.from(s.options).map(o => o.value).filter(v => v)])",
    )
    kept = page.eval_on_selector_all(
        "#filter-form input[type=hidden]", "els => els.map(i => [i.name, i.value])"
    )
    urls = []
    for name, values in selects:
        for value in values[:OPTIONS_PER_FILTER]:
            urls.append(f"{path}?{urlencode([*map(tuple, kept), (name, value)])}")
    return urls


def _fetch(context, url: str, result: Crawl) -> None:
    """Fetch a URL over HTTP and check the answer: a page's status, a file's name and type."""
    response = context.request.get(url, timeout=300_000)
    if response.status >= 400:
        result.problems.append(f"{url}: {response.status} (offered by {result.offered_by.get(url)})")
    elif response.headers.get("content-type", "").startswith("text/html"):
        result.pages += 1
    else:
        extension, problem = _file_problem(url, response, response.body())
        result.files[extension or "?"] += 1
        if problem:
            result.problems.append(problem)


def crawl(context, base: str, starts: list[str], who: str, *, variants: bool = True) -> Crawl:
    """Breadth-first from `starts`. The first RENDERED_PER_ROUTE URLs of each route are opened in
    Chromium (console and htmx errors checked) and their links followed; every other kind of URL
    the pages offer (a filter choice, a sort, the next page: the same template with other rows)
    is fetched once over HTTP and its answer checked. `variants=False` (an account whose menu an
    earlier account already crawled) skips those other kinds and opens one page of every route."""
    result = Crawl(who=who)
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    rendered: Counter = Counter()
    exports: dict[str, list[str]] = {}
    started = time.monotonic()
    queue = deque(starts)
    while queue:
        url = queue.popleft()
        if url in result.seen or NEVER.search(url):
            continue
        kind = kind_of(url)
        result.seen.add(url)
        if kind is None:
            result.problems.append(
                f"{url}: no page has this address (offered by {result.offered_by.get(url)})"
            )
            continue
        route, names = kind
        if "export" in names:  # decided after the crawl: the most filtered export of each list
            exports.setdefault(route, []).append(url)
            continue
        if rendered[route] < (RENDERED_PER_ROUTE if variants else 1):
            render = True
        elif variants and not result.kinds[kind]:
            render = False
        else:
            continue
        result.kinds[kind] += 1
        if len(result.kinds) > PAGE_LIMIT:
            result.problems.append(f"more than {PAGE_LIMIT} URLs: the crawl was cut short")
            break

        if render:
            before = len(errors)
            try:
                response = page.goto(url)
            except PlaywrightError as error:  # a download (a file link without a file suffix)
                if "Download is starting" not in str(error) and "ERR_ABORTED" not in str(error):
                    raise
                response = None
            if response is not None and response.headers.get("content-type", "").startswith("text/html"):
                if response.status >= 400:
                    result.problems.append(
                        f"{url}: {response.status} (offered by {result.offered_by.get(url)})"
                    )
                    continue
                # Let htmx finish what the page loads by itself (hx-trigger="load"); a page that
                # polls never goes idle, and it has loaded all the same.
                if page.evaluate(LOADS_BY_ITSELF):
                    with contextlib.suppress(PlaywrightTimeout):
                        page.wait_for_load_state("networkidle", timeout=3_000)
                rendered[route] += 1
                result.pages += 1
                result.problems += [f"{url}: browser: {e}" for e in errors[before:]]
                path = urlsplit(page.url).path
                offered = _links_of(page, base) + (_filter_choices(page, path) if variants else [])
                for link in offered:
                    if "/verify/" in link:
                        result.verify_links.add(link)
                    result.offered_by.setdefault(link, url)
                    if link not in result.seen:
                        queue.append(link)
                continue

        _fetch(context, url, result)
    for urls in exports.values():
        # The export of a filtered list (a small file, and the check that it carries the filter).
        for url in sorted(urls, key=lambda u: -len(parse_qsl(urlsplit(u).query)))[:EXPORTS_PER_ROUTE]:
            result.exports[url] += 1
            _fetch(context, url, result)
    result.seconds = time.monotonic() - started
    page.close()
    return result


def _context(browser, demo_site):
    context = browser.new_context(
        base_url=demo_site.url, locale="zh-CN", viewport={"width": 1366, "height": 900}
    )
    context.set_default_timeout(60_000)
    context.add_init_script(HTMX_ERRORS)
    return context


@pytest.fixture(scope="module")
def verify_codes(demo_site) -> list[str]:
    """One certificate code and one plaque code of the demo, for the public check pages."""
    script = (
        "from innovation.awards.models import AwardShare; from innovation.studios.models import Naming; "
        "print(AwardShare.objects.order_by('pk').values_list('certificate_code', flat=True).first()); "
        "print(Naming.objects.order_by('pk').values_list('certificate_code', flat=True).first())"
    )
    lines = demo_site.manage("shell", "-c", script).stdout.split()
    return [f"/verify/{lines[-2]}/", f"/studios/verify/{lines[-1]}/"]


ACCOUNTS = demo_accounts()


def test_readme_lists_the_demo_accounts():
    assert len(ACCOUNTS) >= 14
    assert {"demo_city", "demo_yixian", "demo_unit_petro", "demo_liying", "demo_expert", "demo_audit"} <= set(
        ACCOUNTS
    )


CRAWLED_MENUS: set[tuple] = set()  # the menus (so the roles) crawled in full so far


@pytest.mark.parametrize("username", ACCOUNTS)
def test_every_page_and_file_works_for_the_account(browser, demo_site, username):
    context = _context(browser, demo_site)
    try:
        page = context.new_page()
        log_in(page, username)
        home = urlsplit(page.url).path
        menu = tuple(page.eval_on_selector_all("#main-nav a", "els => els.map(a => a.getAttribute('href'))"))
        page.close()
        # A second account with the same menu (city2, other counties, units) opens every route of
        # its own scope, without again trying each filter, sort and page.
        result = crawl(context, demo_site.url, [home], username, variants=menu not in CRAWLED_MENUS)
        CRAWLED_MENUS.add(menu)
    finally:
        context.close()
    print(f"\ncrawl {result.summary()}")  # noqa: T201
    assert result.pages >= 2
    assert result.problems == []


def test_every_public_page_works_for_an_anonymous_visitor(browser, demo_site, verify_codes):
    context = _context(browser, demo_site)
    try:
        result = crawl(
            context,
            demo_site.url,
            ["/accounts/login/", "/verify/", "/studios/verify/", *verify_codes],
            "(anonymous)",
        )
        page = context.new_page()
        page.goto(verify_codes[0])
        assert page.locator("body").inner_text().count("证书") >= 1
    finally:
        context.close()
    print(f"\ncrawl {result.summary()}")  # noqa: T201
    assert result.pages >= 5
    assert result.problems == []
