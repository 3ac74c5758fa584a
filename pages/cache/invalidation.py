"""Which cached pages a change touches, and the signals that purge them.

Publishing, unpublishing or deleting a page purges the page and every page
that shows it:
- its ancestors (the hub that lists it, the home page);
- pages that name it: related articles, read-more cards, featured topics,
  anything Wagtail's reference index records;
- pages its own `shown_on()` names (a project's card on the articles it is
  about; an article among the first related articles of its siblings);
- the sitemap.
as they were before the change and as they are after it. When a snippet or a
setting names the page (a menu, the disclaimer link), or the page moves or
changes its address, it shows everywhere: the whole cache is cleared. So is it
after any change to a snippet, setting, redirect, site, image or document.
Purges run at once and again when the change is committed, so a page
rendered in between cannot keep the old version. Once committed, the same
change goes to the HTTP cache in front, if there is one (`frontend`).
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save

from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, ReferenceIndex, Site
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
    published,
    unpublished,
)
from wagtail.snippets.models import get_snippet_models

from . import frontend, store

SITEMAP_PATH = "/sitemap.xml"
# Saves that change nothing visitors see: Wagtail's draft bookkeeping, and an
# image or document noting its own size or hash while a page renders.
BOOKKEEPING_FIELDS = {
    "latest_revision",
    "latest_revision_created_at",
    "has_unpublished_changes",
    "draft_title",
    "locked",
    "locked_at",
    "locked_by",
    "file_size",
    "file_hash",
}


class Change:
    """The paths one change touches, or everything."""

    def __init__(self, paths=(), everything: bool = False):
        self.paths = set(paths)
        self.everything = everything

    def __or__(self, other: "Change") -> "Change":
        return Change(self.paths | other.paths, self.everything or other.everything)


def _path(page) -> str | None:
    parts = page.get_url_parts()
    return parts[2] if parts and parts[2] else None


def _referrers(page) -> tuple[list[Page], bool]:
    """Pages that name `page`, and whether anything else (a snippet, a setting)
    names it."""
    page_type = ContentType.objects.get_for_model(Page)
    sources = ReferenceIndex.get_references_to(page).values_list(
        "base_content_type_id", "object_id"
    )
    ids, elsewhere = set(), False
    for content_type_id, object_id in sources:
        if content_type_id == page_type.pk:
            ids.add(int(object_id))
        else:
            elsewhere = True
    return list(Page.objects.filter(pk__in=ids - {page.pk})), elsewhere


def pages_showing(page) -> Change:
    """The paths of `page` and of every page that shows it."""
    referrers, elsewhere = _referrers(page)
    pages = [page, *page.get_ancestors().filter(depth__gt=1), *referrers]
    shown_on = getattr(page.specific_deferred, "shown_on", None)
    if shown_on is not None:
        pages += list(shown_on())
    paths = {_path(each) for each in pages} | {SITEMAP_PATH}
    return Change(paths - {None}, everything=elsewhere)


def purge(change: Change) -> None:
    if change.everything:
        store.clear_all()
    else:
        store.purge_paths(change.paths)


def purge_now_and_on_commit(change: Change) -> None:
    # Now, so the rest of this request (and a test's next one) sees the change;
    # again once committed, in case a page rendered in between kept the old one.
    purge(change)
    transaction.on_commit(lambda: purge(change))
    # Then the front cache, once: before the commit it would only fetch the
    # old version again. Robust, as a front cache failing must not fail the
    # editor's publish (its back-ends log what went wrong).
    transaction.on_commit(lambda: frontend.purge(change), robust=True)


def clear_everything(**kwargs) -> None:
    purge_now_and_on_commit(Change(everything=True))


def _remember_before(sender, instance, raw=False, update_fields=None, **kwargs):
    """What a live page showed on before it is saved again (published or
    unpublished): those pages need purging too."""
    if raw or update_fields is not None or not isinstance(instance, Page):
        return
    if not instance.pk:
        return
    before = type(instance).objects.filter(pk=instance.pk, live=True).first()
    instance._page_cache_before = pages_showing(before) if before else Change()


def _snippet_published(sender, instance, **kwargs):
    # Wagtail sends these for pages too, after page_published.
    if not isinstance(instance, Page):
        clear_everything()


def _page_changed(sender, instance, **kwargs):
    change = pages_showing(instance) | getattr(instance, "_page_cache_before", Change())
    purge_now_and_on_commit(change)


def _shows_everywhere(model) -> bool:
    image, document = get_image_model(), get_document_model()
    return (
        issubclass(model, BaseSiteSetting | Redirect | Site | PageViewRestriction)
        or issubclass(model, image | document)
        or model in get_snippet_models()
    )


def _saved(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    if raw or not _shows_everywhere(sender):
        return
    if update_fields is not None and set(update_fields) <= BOOKKEEPING_FIELDS:
        return
    if created and issubclass(
        sender, get_image_model() | get_document_model() | BaseSiteSetting
    ):
        # A new upload is on no page yet; a site's settings are made, with
        # their defaults, the first time a page reads them.
        return
    clear_everything()


def _deleted(sender, instance, **kwargs):
    if _shows_everywhere(sender):
        clear_everything()


def connect() -> None:
    pre_save.connect(_remember_before, dispatch_uid="page_cache_before")
    page_published.connect(_page_changed, dispatch_uid="page_cache_published")
    page_unpublished.connect(_page_changed, dispatch_uid="page_cache_unpublished")
    # New addresses for the page and everything below it: links everywhere.
    page_slug_changed.connect(clear_everything, dispatch_uid="page_cache_slug")
    post_page_move.connect(clear_everything, dispatch_uid="page_cache_move")
    # Snippets with drafts (calls to action): publishing is what visitors see.
    published.connect(_snippet_published, dispatch_uid="page_cache_published_obj")
    unpublished.connect(_snippet_published, dispatch_uid="page_cache_unpublished_obj")
    post_save.connect(_saved, dispatch_uid="page_cache_saved")
    post_delete.connect(_deleted, dispatch_uid="page_cache_deleted")
