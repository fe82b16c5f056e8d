"""End to end in a real browser: Debian's chromium, driven by Playwright, against `streamlit run`.

These tests skip (with the reason) where chromium is absent; under CI
(THERAKG_REQUIRE_SERVERS=1) they must run. Each saves a screenshot into docs/screenshots/.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

import therakg
from conftest import REQUIRE_SERVERS, ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SHOTS = ROOT / "docs" / "screenshots"

if CHROMIUM is None:
    if REQUIRE_SERVERS:
        pytest.fail("chromium is not installed, but THERAKG_REQUIRE_SERVERS=1: the browser tests must run.")
    pytest.skip("chromium is not installed (Debian: apt-get install chromium)", allow_module_level=True)

sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_app(**env_changes):
    """The real app, started with `streamlit run` on loopback, stopped at the end."""
    port = _free_port()
    env = dict(os.environ)
    env.pop("THERAKG_STORE", None)
    env.update(env_changes)
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app" / "streamlit_app.py"),
         "--server.headless", "true", "--server.address", "127.0.0.1", "--server.port", str(port),
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail("streamlit did not start:\n" + process.stdout.read().decode(errors="replace"))
        time.sleep(0.3)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture(scope="module")
def app_url():
    with running_app() as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()


def settle(page) -> None:
    """Wait until Streamlit has finished running the page and drawn every element."""
    page.wait_for_selector("[data-testid='stApp']")
    page.wait_for_function("""() => !document.querySelector('[data-testid="stStatusWidget"]')
                                   && !document.querySelector('[data-testid="stSkeleton"]')""", timeout=60_000)
    page.wait_for_timeout(800)


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def test_search_then_condition_page_then_source_link(app_url, page):
    page.goto(f"{app_url}/")
    settle(page)
    page.get_by_role("searchbox", name="Search").fill("generalised anxiety")
    page.get_by_role("link", name="Generalised anxiety disorder").first.wait_for()
    shot(page, "search")
    page.get_by_role("link", name="Generalised anxiety disorder").first.click()
    page.wait_for_url("**/term?id=tkr:generalised-anxiety-disorder")
    settle(page)
    page.get_by_role("heading", name="Generalised anxiety disorder").first.wait_for()
    page.get_by_role("heading", name="Interventions", exact=True).wait_for()
    shot(page, "condition")
    source = therakg.open().query("interventions-for-condition", condition="generalised anxiety disorder")[0]
    page.get_by_text("Where each recommendation comes from").first.click()
    link = page.get_by_role("link", name=source["sourceId"]).first
    assert link.get_attribute("href").startswith("term?id=tkr:")
    link.click()
    settle(page)
    page.get_by_role("heading", name=source["sourceLabel"]).wait_for()
    page.get_by_role("heading", name="Statements from this source").wait_for()


def test_a_shared_address_opens_the_same_page(app_url, page, browser):
    page.goto(f"{app_url}/term?id=tkr:cognitive-behavioural-therapy")
    settle(page)
    page.get_by_role("heading", name="Cognitive behavioural therapy").first.wait_for()
    shot(page, "intervention")
    other = browser.new_context(viewport={"width": 390, "height": 844}).new_page()  # a phone-sized screen
    other.goto(page.url)
    settle(other)
    other.get_by_role("heading", name="Cognitive behavioural therapy").first.wait_for()
    other.get_by_role("heading", name="Specific forms").wait_for()
    other.context.close()


def test_console_refuses_an_update(app_url, page):
    page.goto(f"{app_url}/console")
    settle(page)
    page.get_by_role("textbox", name="Query").fill("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    page.get_by_role("button", name="Run").click()
    refusal = page.get_by_text("Refused:")
    refusal.wait_for()
    assert "read-only" in refusal.inner_text()
    shot(page, "console")


def test_explore_downloads_the_filtered_rows_as_csv(app_url, page):
    page.goto(f"{app_url}/explore?f_recommendation=Do+not+offer")
    settle(page)
    page.get_by_text("statements").first.wait_for()
    shot(page, "explore")
    with page.expect_download() as download:
        page.locator("[data-testid='stDownloadButton'] button").click()
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))
    expected = [r for r in therakg.open().query("evidence-table") if r["recommendationLabel"] == "Do not offer"]
    assert rows and {r["Recommendation"] for r in rows} == {"Do not offer"}
    assert len(rows) == len(expected)


@pytest.mark.parametrize("path, heading", [
    ("graph?id=stroke", "Graph view"),
    ("tailoring?condition=Major+depression", "Tailoring explorer"),
    ("compare?compare=Cognitive+behavioural+therapy&compare=Counselling", "Compare interventions"),
    ("cases", "Case studies"),
    ("ontology", "The model"),
    ("about", "About TheraKG"),
    ("curate", "Curate"),
    ("inbox", "Quality inbox"),
])
def test_every_other_page_renders_in_the_browser(app_url, page, path, heading):
    page.goto(f"{app_url}/{path}")
    settle(page)
    page.get_by_role("heading", name=heading).first.wait_for()
    settle(page)
    if path.startswith("graph"):
        page.frame_locator("iframe").locator("canvas").wait_for()
        page.wait_for_timeout(2500)  # let the network settle into its layout
    assert not page.locator("[data-testid='stException']").count()
    shot(page, path.split("?")[0])


def test_a_curator_checks_saves_and_undoes_an_edit_in_the_browser(browser, project_copy):
    psychological = project_copy.data_dir / "interventions" / "psychological.ttl"
    before = psychological.read_text()
    with running_app(THERAKG_PROJECT=str(project_copy.root), THERAKG_CURATOR="Browser Curator") as url:
        page = browser.new_context(viewport={"width": 1280, "height": 1400}).new_page()
        page.set_default_timeout(60_000)
        page.goto(f"{url}/curate")
        settle(page)
        page.get_by_text("Update a term", exact=True).click()
        settle(page)
        page.get_by_role("textbox", name="Term").fill("Behavioural activation")
        page.get_by_role("textbox", name="Synonyms").fill("BA | behavioral activation@en-us | activity scheduling")
        page.get_by_role("button", name="Check").click()
        settle(page)
        page.get_by_text("Ready to save").wait_for()
        assert psychological.read_text() == before, "checking writes nothing"
        shot(page, "curate")
        page.get_by_role("button", name="Save").click()
        settle(page)
        page.get_by_text("Saved: Updated synonyms of tkr:behavioural-activation").wait_for()
        assert '"activity scheduling"@en' in psychological.read_text()
        page.get_by_role("button", name="Undo the last edit").click()
        settle(page)
        page.get_by_text("Undone:").wait_for()
        assert psychological.read_text() == before
        page.context.close()
