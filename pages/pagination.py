from django.core.paginator import Page, Paginator


def paginate(items, per_page: int, requested: str | None) -> Page:
    """The requested page of `items`, never an error for a hand-edited number.

    Anything that is not a whole number, or is below 1, gives the first page;
    a number past the end gives the last page.
    """
    paginator = Paginator(items, per_page)
    try:
        number = int(requested or 1)
    except (TypeError, ValueError):
        number = 1
    return paginator.page(min(max(number, 1), paginator.num_pages))
