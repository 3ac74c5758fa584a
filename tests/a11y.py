"""Accessibility checks with axe-core, run inside the page under test."""

from axe_playwright_python.sync_playwright import Axe

# WCAG 2.2 A and AA. axe has no rules tagged wcag22a yet; wcag22aa selects target-size.
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

_axe = Axe()


def assert_no_axe_violations(page) -> None:
    # Passing options replaces the library's default, so resultTypes is repeated here.
    result = _axe.run(
        page,
        options={
            "runOnly": {"type": "tag", "values": WCAG_22_AA},
            "resultTypes": ["violations"],
        },
    )
    assert result.violations_count == 0, result.generate_report()
