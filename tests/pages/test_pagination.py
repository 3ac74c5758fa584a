import re

from django.core.paginator import Paginator
from django.template.loader import render_to_string

import pytest

LINK = re.compile(r'class="pagination__link" href="\?q=myelin&amp;page=(\d+)"')


def links(page_number: int, items: int = 10_000, per_page: int = 10) -> list[str]:
    page = Paginator(range(items), per_page).page(page_number)
    html = render_to_string(
        "components/pagination.html", {"page_obj": page, "query_prefix": "q=myelin&"}
    )
    return LINK.findall(html)


def test_ten_thousand_results_give_a_handful_of_page_links():
    # Previous, first, two either side of 500, last, next; gaps between.
    assert links(500) == ["499", "1", "498", "499", "500", "501", "502", "1000", "501"]


@pytest.mark.parametrize("number", [1, 1000])
def test_the_ends_link_their_neighbours(number):
    shown = links(number)
    assert len(shown) <= 8
    assert {"1", "1000"} <= set(shown)


def test_a_few_pages_are_all_linked():
    assert links(2, items=50) == ["1", "1", "2", "3", "4", "5", "3"]
