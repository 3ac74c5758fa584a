"""An oEmbed finder for tests: tests have no internet."""

from wagtail.embeds.finders.base import EmbedFinder


class StubEmbedFinder(EmbedFinder):
    def accept(self, url):
        return url.startswith(("https://www.youtube.com/", "https://youtu.be/"))

    def find_embed(self, url, max_width=None, max_height=None):
        video_id = url.rstrip("/").rsplit("/", 1)[-1].split("v=")[-1]
        return {
            "title": "Test video",
            "author_name": "MS Portal",
            "provider_name": "YouTube",
            "type": "video",
            "thumbnail_url": "",
            "width": 640,
            "height": 360,
            "html": (
                f'<iframe title="Test video" width="640" height="360" '
                f'src="https://www.youtube-nocookie.com/embed/{video_id}"></iframe>'
            ),
        }
