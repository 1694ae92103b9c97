"""The pages in a real headless browser (Debian chromium via Playwright) against a live server."""

from __future__ import annotations

import httpx
import pytest

from tests.browser.conftest import shot

TIMEOUT = 15_000


def test_home_page_renders(page) -> None:
    page.goto(page.base + "/")
    assert page.locator("h1").first.inner_text() == "City Migration Knowledge Graph"
    assert page.locator("#recs-h + .cards li").count() == 8
    assert page.locator(".goals li").count() == 17
    for href in ("/query", "/docs", "/dumps/", "/.well-known/void"):
        assert page.locator(f'main a[href="{href}"]').count() >= 1, href
    shot(page, "home")


def test_home_page_fits_a_phone(page) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    for path in ("/", "/city/tetouan", "/action/tangeraccueil", "/charts", "/query/recommendations-in-city"):
        page.goto(page.base + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{path} is {overflow}px wider than a phone"
    page.goto(page.base + "/")
    shot(page, "home-phone")


def test_keyboard_skip_link_reaches_the_content(page) -> None:
    page.goto(page.base + "/city/tetouan")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_city_page_shows_its_actions(page) -> None:
    page.goto(page.base + "/city/tetouan")
    assert page.locator("h1").inner_text() == "Tetouan"
    actions = page.locator("#actions-h + ul.links a")
    assert actions.count() >= 1
    assert actions.first.get_attribute("href").startswith("/action/")
    assert page.locator('a[href="/city/tetouan.ttl"]').count() == 1
    assert page.locator('a[href="/city/tetouan.jsonld"]').count() == 1
    shot(page, "city-tetouan")
    title = actions.first.inner_text()
    actions.first.click()
    page.wait_for_url("**/action/**")
    assert page.locator("h1").inner_text() == title
    shot(page, "action")


def test_editor_runs_a_canned_query_and_shows_rows(page, server: str, need_vendor) -> None:
    need_vendor("yasgui")
    expected = httpx.get(f"{server}/queries/recommendation-coverage").json()["count"]
    page.goto(page.base + "/query")
    page.wait_for_selector("#yasgui .CodeMirror", timeout=TIMEOUT)
    assert "PREFIX cmkg:" in page.evaluate("window.cmkgEditor.yasgui.getTab().getQuery()")
    page.click('.examples a[data-query="recommendation-coverage"]')
    page.wait_for_selector("#yasgui .yasr table tbody tr", timeout=TIMEOUT)
    page.wait_for_function(
        "n => document.querySelectorAll('#yasgui .yasr table tbody tr').length === n", arg=expected, timeout=TIMEOUT
    )
    assert "recommendation-coverage" in page.url
    # IRIs in the results link to their pages on this server
    link = page.locator("#yasgui .yasr table tbody a[href^='/recommendation/']").first
    assert link.count() == 1
    csv = page.locator("#dl-csv").get_attribute("href")
    assert "format=csv" in csv and page.locator("#downloads").is_visible()
    body = httpx.get(csv if csv.startswith("http") else server + csv)
    assert body.status_code == 200 and len(body.text.strip().splitlines()) == expected + 1
    shot(page, "editor")


def test_editor_completes_our_prefixes(page, need_vendor) -> None:
    need_vendor("yasgui")
    page.goto(page.base + "/query")
    page.wait_for_selector("#yasgui .CodeMirror", timeout=TIMEOUT)
    page.click("#yasgui .CodeMirror")
    # a prefixed name whose prefix is not declared gets its PREFIX line from our list, without any network
    page.evaluate(
        """() => { const y = window.cmkgEditor.yasgui.getTab().getYasqe();
                   y.setValue('SELECT * WHERE { ?s a cmkg'); y.setCursor({line: 0, ch: 26}); }"""
    )
    page.keyboard.type(":")
    page.wait_for_function(
        "() => window.cmkgEditor.yasgui.getTab().getQuery().includes('PREFIX cmkg: <https://w3id.org/cmkg/ontology#>')",
        timeout=TIMEOUT,
    )


def test_chart_has_one_bar_per_goal(page, server: str) -> None:
    counts = {r["number"]: r["actions"] for r in httpx.get(f"{server}/queries/actions-per-goal").json()["rows"]}
    colours = {r["number"]: r.get("colour") for r in httpx.get(f"{server}/queries/sdg-goals").json()["rows"]}
    page.goto(page.base + "/charts")
    page.wait_for_selector("#goal-chart[data-bars]", timeout=TIMEOUT)
    bars = page.locator("#goal-chart rect.bar")
    assert bars.count() == 17
    drawn = {
        int(bars.nth(i).get_attribute("data-goal")): (
            int(bars.nth(i).get_attribute("data-actions")),
            bars.nth(i).get_attribute("fill"),
            float(bars.nth(i).get_attribute("width")),
        )
        for i in range(17)
    }
    assert {n: actions for n, (actions, _, _) in drawn.items()} == counts
    assert sum(counts.values()) > 0
    for number, (actions, fill, width) in drawn.items():
        assert (width > 0) == (actions > 0)
        if colours[number]:
            assert fill.lower() == colours[number].lower()
    assert page.locator("#heatmap table.heatmap td.cell").count() > 0
    shot(page, "charts")


def test_map_shows_a_marker_per_city(page, server: str, need_vendor) -> None:
    need_vendor("leaflet")
    cities = {r["city"] for r in httpx.get(f"{server}/queries/city-map").json()["rows"]}
    if not cities:
        pytest.skip("no city in the graph has coordinates yet (wgs:lat / wgs:long)")
    page.goto(page.base + "/map")
    page.wait_for_selector("#city-map[data-markers]", timeout=TIMEOUT)
    assert page.locator("#city-map path.city-marker").count() == len(cities)
    shot(page, "map")
    page.locator("#city-map path.city-marker").first.dispatch_event("click")  # markers may overlap at this zoom
    popup = page.locator(".leaflet-popup-content a").first
    assert popup.get_attribute("href").startswith("/city/")


def test_canned_query_form_works_without_javascript(browser_context, server: str) -> None:
    page = browser_context.new_page()
    page.route("**/*.js", lambda route: route.abort())  # no script loads: the page stands on its HTML alone
    try:
        page.goto(f"{server}/query/cities-addressing-recommendation")
        page.select_option("#f-recommendation", "access-to-health")
        page.click("form.query-form button[type=submit]")
        page.wait_for_url("**run=1**")
        assert "recommendation=access-to-health" in page.url
        rows = page.locator(".results-table tbody tr")
        assert rows.count() >= 1
        assert rows.first.locator("a").first.get_attribute("href").startswith("/city/")
        shot(page, "query-form")
        page.goto(f"{server}/charts")
        assert page.locator("#goal-table tbody tr").count() == 17
    finally:
        page.close()
