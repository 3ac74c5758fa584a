import json

from bench import results
from bench.rows import ROWS

REQUIRED = {
    "static_css",
    "home:cached",
    "home:uncached",
    "article:cached",
    "article:uncached",
    "topic_hub:cached",
    "topic_hub:uncached",
    "research_hub_filtered:uncached",
    "search:uncached",
    "donate_page:cached",
    "donate_click",
    "donation_webhook",
}
META = {
    "commit": "abc",
    "started": "2026-12-01T23:00:00+00:00",
    "cpus": 2,
    "connections": 16,
    "seconds": 10,
}


def measured(**overrides):
    base = {
        "static_css": results.row("/static/css/main.css", 5000.0, 3, 9, 0, None, 16),
        "article:cached": results.row("/a/", 3600.0, 4, 12, 0, 0, 16),
        "article:uncached": results.row("/a/", 150.0, 90, 200, 0, 13, 16),
        "donate_click": results.row("/donations/go/x/", 2400.0, 6, 20, 0, 0, 16),
        "search:uncached:1conn": results.row("/search/?q=m", 30.0, 40, 70, 0, 16, 1),
        "donation_report": results.row("/admin/reports/", None, 600, 700, 0, 19, None),
        "article:uncached:1conn": results.row("/a/", 25.0, 40, 60, 0, 13, 1),
        "article:before:1conn": results.row("/a/", 8.0, 120, 150, 0, None, 1),
    }
    return {**base, **overrides}


def test_rows_cover_every_key_the_issues_ask_for():
    assert REQUIRED <= {row.key for row in ROWS}


def test_results_json_has_the_issues_shape(tmp_path):
    path = tmp_path / "results.json"
    results.write(path, META, measured())
    data = json.loads(path.read_text())
    assert set(data) == {"meta", "results"}
    assert META.items() <= data["meta"].items()
    for result in data["results"].values():
        assert {"path", "rps", "p50_ms", "p99_ms", "errors", "queries"} <= set(result)


def test_targets_pass_and_miss():
    checked = {t["key"]: t for t in results.checked_targets(measured())}
    assert checked["article:cached"]["passed"] is True  # 72% of static
    assert checked["article:cached"]["measured"] == "72.0%"
    assert checked["article:uncached"]["passed"] is True  # 3.0%
    assert checked["donate_click"]["passed"] is False  # 48%
    assert checked["search:uncached:1conn"]["passed"] is True
    assert checked["donation_report"]["passed"] is False  # 600 ms
    assert checked["article:uncached:1conn"]["passed"] is True  # 40 vs 120 ms


def test_a_row_not_measured_is_neither_pass_nor_miss():
    checked = {t["key"]: t for t in results.checked_targets({})}
    assert checked["article:cached"] == {
        "target": "Cached article",
        "key": "article:cached",
        "goal": ">= 70.0% of static_css",
        "measured": "not measured",
        "passed": None,
    }


def test_table_shows_each_rows_share_of_the_static_file():
    lines = results.table(measured()).splitlines()
    article = next(line for line in lines if line.startswith("article:cached "))
    assert "72.0%" in article
    report = next(line for line in lines if line.startswith("donation_report"))
    assert report.split()[1:4] == ["-", "-", "-"]


def test_rows_at_one_connection_are_not_compared_with_the_static_file():
    lines = results.table(measured()).splitlines()
    search = next(line for line in lines if line.startswith("search:uncached:1conn"))
    assert search.split()[3] == "-"
