"""The charts render in Chromium: a region page of the sample site, served on 127.0.0.1,
screenshotted in headless Chromium (Debian's /usr/bin/chromium driven by Playwright).
Skips when Playwright or Chromium is missing."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from browser_support import CHROMIUM_ARGS, chromium_path
from govreport_site.build import build
from govreport_site.config import Config
from govreport_site.serve import make_server, server_url
from targets_support import REPORTS

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


def test_region_chart_has_data_points(tmp_path: Path) -> None:
    executable = chromium_path()
    if executable is None:
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    config = Config(root=tmp_path, reports_dir=REPORTS, out_dir=tmp_path / "_site")
    build(config, use_cache=False)
    server = make_server(config.out_dir, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1100, "height": 900})
                url = server_url(server) + "regions/heilongjiang-shuangyashan-baoshan.html"
                page.goto(url)
                chart = page.locator("svg.chart#chart-foreign-trade")
                chart.scroll_into_view_if_needed()
                box = chart.bounding_box()
                assert box and box["width"] > 300 and box["height"] > 100
                png = chart.screenshot(path=str(tmp_path / "chart.png"))
                assert png.startswith(b"\x89PNG") and len(png) > 2000
                # the 2023 target (15%), the 2024 target (10%) and the 2023 actual (227%)
                targets = chart.locator(".point.target")
                actuals = chart.locator(".point.actual")
                assert (targets.count(), actuals.count()) == (2, 1)
                for point in (*targets.all(), *actuals.all()):
                    b = point.bounding_box()
                    assert b and b["width"] > 0 and b["height"] > 0
                    inside = box["x"] <= b["x"] <= box["x"] + box["width"]
                    assert inside and box["y"] <= b["y"] <= box["y"] + box["height"]
                assert "227%" in actuals.first.locator("title").text_content()
                assert page.locator("svg.chart title").count() >= 1
                page.emulate_media(media="print")
                assert chart.is_visible()  # still drawn when printed
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
