"""The VCL strips the tracking parameters the page cache ignores, no more."""

import re
from pathlib import Path

from pages.cache.queries import TRACKING_PARAMETERS, TRACKING_PREFIXES

ROOT = Path(__file__).resolve().parent.parent
VCL = (ROOT / "deploy" / "varnish" / "default.vcl").read_text()


def test_the_vcl_strips_the_page_cache_s_tracking_parameters():
    names, prefixes = re.findall(r'"\(\?<=\[\?&\]\)\(([^)]*)\)', VCL)

    assert set(names.split("|")) == TRACKING_PARAMETERS
    assert tuple(prefixes.split("|")) == TRACKING_PREFIXES
