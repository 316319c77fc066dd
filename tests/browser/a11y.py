"""The automated accessibility check: axe-core (vendored from npm into static/vendor by
`make vendor`, never from a CDN) run inside the page, WCAG 2.0/2.1 levels A and AA.

Only critical and serious findings fail a test; the page must be served with its static files
(the live server and the served demo both are)."""

AXE_URL = "/static/vendor/axe-core/axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = ("critical", "serious")

_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")), count: v.nodes.length,
  }));
}"""


def axe_findings(page) -> list[dict]:
    """Every WCAG 2.1 A/AA violation axe finds on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=AXE_URL)
    return page.evaluate(_RUN, WCAG_21_AA)


def accessibility_problems(page) -> list[str]:
    """The critical and serious findings, one line each (empty when the page passes)."""
    return [
        f"{page.url}: [{v['impact']}] {v['id']} ×{v['count']} — {v['help']} — {', '.join(v['targets'])}"
        for v in axe_findings(page)
        if v["impact"] in FAILING_IMPACTS
    ]
