"""Review of a document in a real browser (Playwright driving Debian's Chromium): the text with its
segments highlighted, selecting a passage fills the "add a missed segment" form (an external
script, allowed by the CSP), the added segment shows as a reviewer's and the agreement is shown;
the same form works without JavaScript; axe finds no serious or critical violation; screenshots at
1280 and 390 px are kept in ``TALENTFLOW_SCREENSHOTS`` (a temporary folder when unset)."""

from __future__ import annotations

import pytest

from tests.web.conftest import PASSWORD, USERS
from tests.web.test_browser import (  # noqa: F401  (fixtures of the browser tests)
    AXE,
    CHROMIUM,
    Watch,
    browser,
    page,
    server,
    shots_dir,
)

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium found (apt-get install chromium)")
QUOTE = "Государство создаст программу возврата талантов"
AXE_RULES = "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']})"


def sign_in(pg, base, role="analyst", then="/"):
    pg.goto(f"{base}/login?next={then}")
    pg.fill("#name", USERS[role][0])
    pg.fill("#password", PASSWORD)
    pg.click("form.login button[type=submit]")
    pg.wait_for_url(f"**{then}")


SELECT = """(quote) => {
  const box = document.getElementById('doctext');
  const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const at = node.data.indexOf(quote);
    if (at >= 0) {
      const r = document.createRange();
      r.setStart(node, at);
      r.setEnd(node, at + quote.length);
      const sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(r);
      box.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
      return true;
    }
  }
  return false;
}"""


def test_select_a_passage_add_it_as_a_missed_segment_and_see_it_highlighted(server, page, app):  # noqa: F811
    sign_in(page, server, then="/documents/evil/review")
    text = app.state.web.observatory.get().documents["evil"].text
    assert page.locator("#doctext mark.seg").count() >= 1
    assert "Brain drain: level 1" in page.locator("#doctext mark.seg").first.get_attribute("title")
    # a cell's link goes to its segment in the text
    page.locator("#c-brain_drain .seglinks a").first.click()
    assert page.url.endswith("#seg-brain_drain-1")
    assert page.evaluate("(id) => { const r = document.getElementById(id).getBoundingClientRect();"
                         " return r.top >= 0 && r.top < window.innerHeight; }", "seg-brain_drain-1")
    assert page.evaluate(SELECT, QUOTE)
    form = page.locator("#segment-form")
    assert form.locator("#seg-quote").input_value() == QUOTE
    assert form.locator("#seg-start").input_value() == str(text.index(QUOTE))
    assert form.locator("#seg-end").input_value() == str(text.index(QUOTE) + len(QUOTE))
    form.locator("#seg-cat").select_option("return")
    form.locator("#seg-level").select_option("3")
    form.locator("#seg-why").fill("a programme of return is named; the machine missed it")
    form.get_by_role("button", name="Add the segment").click()
    page.wait_for_url("**/documents/evil/review#added")
    human = page.locator("#doctext mark.human")
    assert human.count() == 1 and human.inner_text() == QUOTE
    assert "Reviewer (ann)" in human.get_attribute("title")
    assert "This document" in page.locator("main").inner_text()  # the agreement, now with a human coding
    assert page.locator("#c-return .seglinks a[href^='#hseg-return-']").count() == 1
    assert not page.watch.errors and not page.watch.dialogs


def test_the_review_page_works_without_javascript(server, browser):  # noqa: F811
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    sign_in(pg, server, then="/documents/evil/review")
    assert pg.locator("#doctext mark.seg").count() >= 1
    pg.fill("#seg-quote", "является серьёзной проблемой для страны")
    pg.select_option("#seg-cat", "brain_drain")
    pg.select_option("#seg-level", "1")
    pg.fill("#seg-why", "typed by hand")
    pg.click("#segment-form button[type=submit]")
    pg.wait_for_url("**/documents/evil/review#added")
    assert "является серьёзной проблемой для страны" in pg.locator("ul.added").inner_text()
    context.close()


def test_review_page_accessibility_and_screenshots(server, browser, tmp_path_factory):  # noqa: F811
    folder = shots_dir(tmp_path_factory)
    source = AXE.read_text(encoding="utf-8")
    found = {}
    for width, height in ((1280, 900), (390, 844)):
        context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1,
                                      bypass_csp=True)
        pg = context.new_page()
        watch = Watch(pg)
        sign_in(pg, server)
        for path, lang in (("/documents/evil/review", "en"), ("/documents/evil/review", "kk"),
                           ("/documents/evil", "ru"), ("/documents", "en")):
            pg.goto(f"{server}{path}?lang={lang}")
            pg.wait_for_load_state("load")
            name = path.strip("/").replace("/", "_") + f"_{lang}_{width}.png"
            pg.screenshot(path=str(folder / name), full_page=False)
            if "review" in path:
                pg.locator("#doctext").screenshot(path=str(folder / name.replace(".png", "_text.png")))
            overflow = pg.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 1, f"{path} at {width} px scrolls sideways by {overflow} px"
            pg.evaluate(source)
            result = pg.evaluate(AXE_RULES)
            bad = [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in result["violations"]
                   if v["impact"] in ("serious", "critical")]
            if bad:
                found[f"{path}?lang={lang} at {width}"] = bad
        assert not watch.errors and not watch.dialogs, watch.errors
        context.close()
    assert not found, found
