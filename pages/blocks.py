from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.text import slugify

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.embeds.blocks import EmbedBlock
from wagtail.embeds.embeds import get_embed, get_embed_hash
from wagtail.embeds.exceptions import EmbedException
from wagtail.embeds.models import Embed
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page
from wagtail.snippets.blocks import SnippetChooserBlock

# Rich text stays small on purpose: headings come from the heading block (so
# they get anchors and a contents entry), and editors cannot paste layout.
RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class LinkStructValue(blocks.StructValue):
    """URL and title fallbacks so templates never choose between page and URL."""

    def url(self, request=None) -> str:
        # Templates call this without the request; code that has it passes it,
        # which spares Wagtail a lookup of the site's root paths per link.
        if page := self.get("page"):
            return page.get_url(request)
        return self.get("external_url") or ""

    def title(self) -> str:
        if label := self.get("label"):
            return label
        if page := self.get("page"):
            return page.title
        return self.get("external_url") or ""

    def is_external(self) -> bool:
        return not self.get("page") and bool(self.get("external_url"))


class LinkBlock(blocks.StructBlock):
    """A link to a page on this site or to another website, used in menus."""

    page = blocks.PageChooserBlock(required=False, help_text="A page on this website.")
    external_url = blocks.URLBlock(
        required=False,
        label="Other website",
        help_text="Use only when the link goes to another website.",
    )
    label = blocks.CharBlock(
        required=False,
        max_length=60,
        help_text="The words people click. Leave empty to use the page's title.",
    )

    class Meta:
        icon = "link"
        label = "Link"
        value_class = LinkStructValue
        preview_value = {
            "external_url": "https://www.nhs.uk/conditions/multiple-sclerosis/"
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["url"] = value.url((parent_context or {}).get("request"))
        return context

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if bool(value.get("page")) == bool(value.get("external_url")):
            message = (
                "Choose a page on this website or enter another website's address."
            )
            errors["page"] = ValidationError(message)
        elif value.get("external_url") and not value.get("label"):
            errors["label"] = ValidationError("Links to other websites need a label.")
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value


class NavigationStreamBlock(blocks.StreamBlock):
    """Links in the header or footer menu, in the order shown."""

    link = LinkBlock()


class SpecificPageChooserBlock(blocks.PageChooserBlock):
    """A page chooser that loads specific pages in bulk, one query per page type.

    Cards need fields such as `summary` that only the specific page has; the
    stock block would load generic pages and cost a query per card.
    """

    def bulk_to_python(self, values):
        # Cards show titles and summaries, not bodies: parsing each linked
        # page's StreamFields would cost more than the rest of the card.
        pages = (
            Page.objects.filter(pk__in=[v for v in values if v])
            .defer_streamfields()
            .specific()
            .in_bulk()
        )
        return [pages.get(value) for value in values]


class CardPageChooserBlock(SpecificPageChooserBlock):
    """A page chooser for pages shown as cards with their pictures.

    Loads the chosen pages' listing images, and those images' renditions, in
    two more queries however many pages are chosen, rather than two a card.
    """

    def bulk_to_python(self, values):
        pages = super().bulk_to_python(values)
        image_ids = {getattr(page, "listing_image_id", None) for page in pages}
        image_ids.discard(None)
        if image_ids:
            images = (
                get_image_model()
                .objects.prefetch_related("renditions")
                .in_bulk(image_ids)
            )
            for page in pages:
                if getattr(page, "listing_image_id", None):
                    page.listing_image = images.get(page.listing_image_id)
        return pages


class FeaturedTopicStructValue(blocks.StructValue):
    def summary_text(self) -> str:
        return self.get("summary") or getattr(self.get("page"), "summary", "")


class FeaturedTopicBlock(blocks.StructBlock):
    """A topic hub or article highlighted on the home page."""

    page = CardPageChooserBlock(page_type=["pages.TopicIndexPage", "pages.ArticlePage"])
    summary = blocks.TextBlock(
        required=False,
        max_length=200,
        help_text="Leave empty to use the page's own summary.",
    )

    class Meta:
        icon = "pick"
        label = "Featured topic"
        template = "components/blocks/featured_topic_block.html"
        value_class = FeaturedTopicStructValue

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        if page := value.get("page"):
            context["url"] = page.get_url((parent_context or {}).get("request"))
        return context


class FeaturedTopicsStreamBlock(blocks.StreamBlock):
    """The topics highlighted on the home page."""

    topic = FeaturedTopicBlock()

    class Meta:
        max_num = 6


class HeadingStructValue(blocks.StructValue):
    def anchor_id(self) -> str:
        """The editor's anchor or the heading's slug (made unique per stream)."""
        return slugify(self.get("anchor") or self.get("text") or "") or "section"


class HeadingBlock(blocks.StructBlock):
    """A section heading with a stable anchor, listed in the table of contents."""

    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section heading"), ("h3", "Sub-heading")],
        default="h2",
        # Layout, not content: its label would otherwise match every search.
        search_index=False,
        help_text=(
            "Use a sub-heading only inside a section. Section headings appear in "
            "the 'Contents' list at the top of the page."
        ),
    )
    anchor = blocks.CharBlock(
        required=False,
        max_length=60,
        search_index=False,
        label="Link name (optional)",
        help_text=(
            "The end of the address that jumps to this heading, for example "
            "'side-effects'. Leave empty to make it from the heading. Changing it "
            "breaks links people have already shared."
        ),
    )

    class Meta:
        icon = "title"
        label = "Heading"
        description = "Starts a section; section headings are listed in 'Contents'."
        template = "components/blocks/heading_block.html"
        value_class = HeadingStructValue
        preview_value = {
            "text": "What goes wrong with the immune system in MS?",
            "level": "h2",
        }


def heading_anchors(stream_value) -> list[str | None]:
    """The anchor of each heading in a stream, in order, unique within the stream.

    Other blocks get None. Repeats get -2, -3… so that two sections called
    "Side effects" still link to different places.
    """
    anchors: list[str | None] = []
    seen: set[str] = set()
    for child in stream_value:
        if not isinstance(child.block, HeadingBlock):
            anchors.append(None)
            continue
        base = child.value.anchor_id()
        anchor, number = base, 1
        while anchor in seen:
            number += 1
            anchor = f"{base}-{number}"
        seen.add(anchor)
        anchors.append(anchor)
    return anchors


def table_of_contents(stream_value) -> list[dict]:
    """Section headings (h2) with their anchors, for a 'Contents' list."""
    return [
        {"text": child.value["text"], "anchor": anchor}
        for child, anchor in zip(
            stream_value, heading_anchors(stream_value), strict=True
        )
        if anchor and child.value["level"] == "h2"
    ]


class AnchoredHeadingsMixin:
    """Gives each heading in a stream its unique anchor when the stream renders.

    Works wherever the stream is rendered with `{% include_block %}`, so
    any page's body (an article, a research project) gets working anchors.
    """

    def render_basic(self, value, context=None):
        parts = []
        for child, anchor in zip(value, heading_anchors(value), strict=True):
            child_context = dict(context or {})
            child_context["heading_anchor"] = anchor
            parts.append(child.render(context=child_context))
        return format_html_join("\n", "{}", ((part,) for part in parts))


class StandardStreamBlock(AnchoredHeadingsMixin, blocks.StreamBlock):
    """Body of a plain page such as the privacy notice."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, icon="pilcrow")


class DonationCallToActionBlock(SnippetChooserBlock):
    """A donate prompt from the fundraisers' calls to action, placed in a body.

    The model is named by string so `pages` never imports `donations`; the
    donations app's template renders it with its tracking link.
    """

    def __init__(self, **kwargs):
        super().__init__("donations.DonationCallToAction", **kwargs)

    def bulk_to_python(self, values):
        # Each prompt shows its image and names its appeal: load them together.
        prompts = self.target_model.objects.select_related("image", "appeal").in_bulk(
            values
        )
        return [prompts.get(value) for value in values]

    class Meta:
        icon = "pick"
        label = "Donate prompt"
        template = "donations/blocks/call_to_action_block.html"
        help_text = (
            "Choose one of the fundraising team's calls to action. If it is not "
            "live, or outside its dates, the site's default prompt is shown instead."
        )


class HomeStreamBlock(AnchoredHeadingsMixin, blocks.StreamBlock):
    """Sections shown below the featured topics on the home page."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, icon="pilcrow")
    donation_call_to_action = DonationCallToActionBlock()


class ReadMoreStructValue(LinkStructValue):
    def description_text(self) -> str:
        return self.get("description") or getattr(self.get("page"), "summary", "")


class ReadMoreBlock(LinkBlock):
    """A "Read more" card linking to a related page here or on another website."""

    page = SpecificPageChooserBlock(required=False, help_text="A page on this website.")
    label = blocks.CharBlock(
        required=False,
        max_length=100,
        label="Title",
        help_text=(
            "The words people click, for example 'Read more about vitamin D and "
            "MS'. Needed for other websites; for our pages, empty uses the title."
        ),
    )
    description = blocks.TextBlock(
        required=False,
        max_length=200,
        help_text="One sentence on what they will find. Empty uses the page summary.",
    )

    class Meta:
        icon = "link"
        label = "Read more card"
        description = "A box linking to a related article, here or elsewhere."
        template = "components/blocks/read_more_block.html"
        value_class = ReadMoreStructValue
        preview_value = {
            "external_url": "https://www.nhs.uk/conditions/multiple-sclerosis/",
            "label": "Multiple sclerosis on the NHS website",
        }


class CalloutBlock(blocks.StructBlock):
    """A highlighted box for information to notice, or a warning."""

    kind = blocks.ChoiceBlock(
        choices=[("information", "Information"), ("warning", "Warning")],
        default="information",
        search_index=False,
        help_text="Warnings are for safety: side effects, when to get help.",
    )
    heading = blocks.CharBlock(required=False, max_length=80)
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        label = "Callout box"
        description = "Information to notice, or a safety warning."
        template = "components/blocks/callout_block.html"
        preview_value = {
            "kind": "warning",
            "heading": "If your symptoms get worse",
            "text": "<p>Contact your MS team straight away.</p>",
        }


class QuoteBlock(blocks.StructBlock):
    """A quotation from a person with MS, a clinician or a researcher."""

    quote = blocks.TextBlock(max_length=600)
    attribution = blocks.CharBlock(
        required=False,
        max_length=120,
        help_text="Who said it, for example 'Sam, diagnosed in 2019'.",
    )

    class Meta:
        icon = "openquote"
        label = "Quote"
        description = "Someone's words, with who said them."
        template = "components/blocks/quote_block.html"
        preview_value = {
            "quote": "Knowing how the treatment works made it easier to decide.",
            "attribution": "Sam, diagnosed in 2019",
        }


class FigureBlock(blocks.StructBlock):
    """An image with optional caption, served in modern formats at several sizes."""

    image = ImageBlock(
        help_text=(
            "Describe the picture in the alt text, or tick 'decorative' if it adds "
            "nothing to the words."
        )
    )
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        label = "Image"
        description = "A picture with alt text (or marked decorative) and a caption."
        template = "components/blocks/figure_block.html"

    def bulk_to_python(self, values):
        figures = super().bulk_to_python(values)
        # One query for every image's renditions rather than one per image.
        images = [figure["image"] for figure in figures if figure["image"]]
        prefetch_related_objects(images, "renditions")
        return figures


class VideoStructValue(blocks.StructValue):
    def embed(self) -> Embed | None:
        """The stored oEmbed answer, fetched once per stream by VideoBlock."""
        if not hasattr(self, "_embed"):
            video = self.get("video")
            try:
                self._embed = video and get_embed(
                    video.url, video.max_width, video.max_height
                )
            except EmbedException:
                self._embed = None
        return self._embed


class VideoBlock(blocks.StructBlock):
    """A YouTube or Vimeo video with its transcript, for people who cannot watch."""

    video = EmbedBlock(help_text="The video's address on YouTube or Vimeo.")
    title = blocks.CharBlock(
        max_length=120, help_text="What the video is, for screen reader users."
    )
    transcript = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        help_text="Everything said in the video, and anything shown that matters.",
    )

    class Meta:
        icon = "media"
        label = "Video"
        description = "A YouTube or Vimeo video, with its transcript."
        template = "components/blocks/video_block.html"
        value_class = VideoStructValue

    def bulk_to_python(self, values):
        videos = super().bulk_to_python(values)
        # Wagtail looks each embed up on its own; fetch them in one query.
        by_hash = {
            get_embed_hash(
                v["video"].url, v["video"].max_width, v["video"].max_height
            ): v
            for v in videos
            if v.get("video")
        }
        for embed in Embed.objects.filter(hash__in=by_hash).exclude(
            cache_until__lte=timezone.now()
        ):
            by_hash[embed.hash]._embed = embed
        return videos


class ArticleStreamBlock(AnchoredHeadingsMixin, blocks.StreamBlock):
    """Body of a health-information article; research pages build on it."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, icon="pilcrow")
    read_more = ReadMoreBlock()
    callout = CalloutBlock()
    quote = QuoteBlock()
    image = FigureBlock()
    video = VideoBlock()
    donation_call_to_action = DonationCallToActionBlock()


class KeyPointsStreamBlock(blocks.StreamBlock):
    """The "Key points" box at the top of an article."""

    point = blocks.CharBlock(max_length=240, icon="tick", label="Key point")

    class Meta:
        max_num = 6


class StoryStreamBlock(ArticleStreamBlock):
    """Body of a story: the person's account in their words, with pictures."""


class StoryTreatmentsStreamBlock(blocks.StreamBlock):
    """The treatments a story mentions, chosen from the research team's list."""

    # Named by string: pages never imports research.
    treatment = SnippetChooserBlock(
        "research.Treatment",
        icon="pick",
        help_text="Add missing treatments under Research › Treatments.",
    )


class SubTopicBlock(blocks.StructBlock):
    """A group of a hub's articles under one sub-topic, such as 'Symptoms'."""

    heading = blocks.CharBlock(
        max_length=80, help_text="The sub-topic, for example 'Living with symptoms'."
    )
    intro = blocks.TextBlock(
        required=False,
        max_length=240,
        help_text="Optional. One sentence on what these articles cover.",
    )
    articles = blocks.ListBlock(
        CardPageChooserBlock(page_type="pages.ArticlePage"),
        help_text=(
            "In the order to read them. Articles you leave out of every sub-topic "
            "are listed after the sub-topics, so none goes missing."
        ),
    )

    class Meta:
        icon = "folder-open-inverse"
        label = "Sub-topic"
        description = "A heading with the articles that belong under it."
        template = "components/blocks/sub_topic_block.html"
        preview_value = {
            "heading": "Understanding MS",
            "intro": "What happens in the body, in plain English.",
            "articles": [],
        }


class SubTopicsStreamBlock(blocks.StreamBlock):
    """A hub's articles, grouped by sub-topic in the order to read them."""

    sub_topic = SubTopicBlock()


class PathStepStructValue(LinkStructValue):
    def description_text(self) -> str:
        return self.get("description") or getattr(self.get("page"), "summary", "")


class PathStepBlock(blocks.StructBlock):
    """One step of the home page's short path for people newly diagnosed."""

    page = SpecificPageChooserBlock(help_text="The page this step leads to.")
    label = blocks.CharBlock(
        required=False,
        max_length=80,
        label="Title",
        help_text=(
            "A short, friendly title for the step, for example 'What is MS?'. "
            "Leave empty to use the page's title."
        ),
    )
    description = blocks.TextBlock(
        required=False,
        max_length=160,
        help_text="One sentence on why to read it. Empty uses the page's summary.",
    )

    class Meta:
        icon = "list-ol"
        label = "Step"
        description = "A page to read next, with a line on why."
        template = "components/blocks/path_step_block.html"
        value_class = PathStepStructValue
        preview_value = {
            "label": "What is MS?",
            "description": "What is happening in your body, in plain English.",
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["url"] = value.url((parent_context or {}).get("request"))
        return context


class PathStreamBlock(blocks.StreamBlock):
    """The steps of the home page's 'Newly diagnosed? Start here' path."""

    step = PathStepBlock()

    class Meta:
        max_num = 4
