from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Pages"

    def ready(self):
        from . import signals  # noqa: F401
        from .cache import invalidation
        from .search import result_cache  # noqa: F401 (its signal receivers)

        invalidation.connect()
