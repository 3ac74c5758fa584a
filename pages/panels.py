"""Editor panels that other apps contribute to pages' own page types.

`pages` never imports `research` or `donations`; a tab built with
`ObjectListWithHookPanels` shows the panels those apps return from a hook,
so an article's editor can offer, say, the research projects it names.
"""

from wagtail import hooks
from wagtail.admin.panels import ObjectList

# Each hook returns one Panel for the Reading aids tab of the article editor.
ARTICLE_READING_AIDS_HOOK = "register_article_reading_aids_panel"


class ObjectListWithHookPanels(ObjectList):
    """A tab: its own panels, then one from each function of a hook."""

    def __init__(self, children=(), *args, hook_name: str, **kwargs):
        super().__init__(children, *args, **kwargs)
        self.hook_name = hook_name

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "hook_name": self.hook_name}

    def on_model_bound(self):
        # Hooks are read when the editor is first built, after every app's
        # wagtail_hooks module has been loaded.
        contributed = [hook() for hook in hooks.get_hooks(self.hook_name)]
        self.children = [*self.children, *contributed]
        super().on_model_bound()
