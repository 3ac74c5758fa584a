"""Which query parameters change a page.

A page's cache entry is keyed only on the parameters the page actually read
while it rendered (the research hub's filters, a page number, the donate
form's amount), so `?utm_source=…`, `?fbclid=…` or any junk parameter gives
the same entry as the bare address. `request.GET` is swapped for a QueryDict
that remembers what was read; a page that reads every parameter (by iterating
over them) is keyed on all of them, less the known tracking ones.
"""

from urllib.parse import urlencode

from django.http import QueryDict

ALL = "*"
# Parameters that analytics and e-mail tools add and no page reads.
TRACKING_PREFIXES = ("utm_", "mtm_", "pk_")
TRACKING_PARAMETERS = {
    "fbclid",
    "gclid",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "mc_cid",
    "mc_eid",
    "_ga",
    "_gl",
    "igshid",
    "ref_src",
}


def is_tracking(name: str) -> bool:
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES)


class ReadTrackingQueryDict(QueryDict):
    """request.GET, remembering which parameters the page read."""

    def __init__(self, query_string: str, encoding: str | None = None):
        self.names_read: set[str] = set()
        self.read_all = False
        super().__init__(query_string, encoding=encoding)
        self.names_read.clear()  # QueryDict reads its own keys while filling

    def _read(self, key) -> None:
        self.names_read.add(key)

    def __getitem__(self, key):
        self._read(key)
        return super().__getitem__(key)

    def __contains__(self, key) -> bool:
        self._read(key)
        return super().__contains__(key)

    def get(self, key, default=None):
        self._read(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self._read(key)
        return super().getlist(key, default)

    def _read_everything(self) -> None:
        self.read_all = True

    def __iter__(self):
        self._read_everything()
        return super().__iter__()

    def __len__(self) -> int:
        self._read_everything()
        return super().__len__()

    def keys(self):
        self._read_everything()
        return super().keys()

    def items(self):
        self._read_everything()
        return super().items()

    def lists(self):
        self._read_everything()
        return super().lists()

    def values(self):
        self._read_everything()
        return super().values()

    def dict(self):
        self._read_everything()
        return super().dict()

    def copy(self):
        self._read_everything()
        return super().copy()

    def urlencode(self, safe=None):
        self._read_everything()
        return super().urlencode(safe)

    def significant(self) -> str:
        """The names read, or ALL: what a later lookup keys on."""
        if self.read_all:
            return ALL
        return ",".join(sorted(self.names_read))


def normalised_query(query: QueryDict, significant: str) -> str:
    """The query string reduced to the significant parameters, in a fixed order.

    Read without marking: this runs outside the page, in the cache itself.
    """
    if significant == ALL:
        names = sorted(name for name in dict.keys(query) if not is_tracking(name))
    else:
        names = [name for name in significant.split(",") if name]
    pairs = [
        (name, value)
        for name in names
        if dict.__contains__(query, name)
        for value in dict.__getitem__(query, name)
    ]
    return urlencode(pairs)
