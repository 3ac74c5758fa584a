"""Demo stories, guided hubs and the home page's path for the newly diagnosed.

Loaded through the `load_demo_content` hook after research (whose projects
the stories name, by their place in the tree) and before donations. The
people are made up, and each story says so; their words are our own, drawn
from common experiences of MS rather than any real person's.

Like the rest of the demo, every step finds what an earlier run made and
leaves it alone unless asked to refresh.
"""

from dataclasses import dataclass, field

from wagtail.models import Page, Site

from .demo import add_to_menu, heading, paragraph, upsert_page
from .demo_images import demo_image
from .models import (
    ArticlePage,
    HomePage,
    StoryIndexPage,
    StoryKind,
    StoryPage,
    StoryResearchLink,
    StoryTopicLink,
    TopicIndexPage,
)


def quote(text: str, attribution: str) -> dict:
    return {"type": "quote", "value": {"quote": text, "attribution": attribution}}


@dataclass
class DemoStory:
    slug: str
    title: str
    kind: str
    person_name: str
    person_description: str
    portrait: str
    summary: str
    pull_quote: str
    body: list
    # Pages named by their place below the home page, skipped if missing.
    topics: list[str] = field(default_factory=list)
    research: list[str] = field(default_factory=list)
    treatments: list[str] = field(default_factory=list)
    content_warning: str = ""
    show_default_call_to_action: bool = True


STORIES = [
    DemoStory(
        slug="amara-learning-to-listen",
        title="The year I learned to listen to my body",
        kind=StoryKind.LIVING_WITH_MS,
        person_name="Amara",
        person_description="diagnosed with relapsing MS at 29",
        portrait="amara",
        summary=(
            "Blurred sight in one eye led Amara to an MS diagnosis. She talks "
            "about the fear of the first months, choosing a treatment, and the "
            "small changes that gave her back a sense of control."
        ),
        pull_quote=(
            "I thought the diagnosis was the end of the life I had planned. It "
            "turned out to be the start of a different one, and a kinder one."
        ),
        body=[
            heading("It started with my eyes"),
            paragraph(
                "One morning the vision in my left eye was smudged, as if "
                "someone had breathed on a window. It hurt when I looked "
                "sideways. My optician sent me to the hospital the same day, and "
                "after an MRI scan and some weeks of waiting, a neurologist told "
                "me I had relapsing MS.",
                "I remember nodding a lot and hearing very little. On the bus "
                "home I searched the internet and frightened myself badly.",
            ),
            heading("The first months"),
            paragraph(
                "My sight came back over about six weeks, which surprised me. "
                "The fear took longer to fade. What helped most was my MS nurse, "
                "who gave me a number to ring and never once made me feel that a "
                "question was silly.",
                "She also told me to read a little at a time, from places I "
                "could trust, and to stop searching late at night. That was "
                "good advice.",
            ),
            quote(
                "Nobody can tell you exactly what your MS will do. But you are "
                "not facing it alone.",
                "What my MS nurse told me, and what I now tell others",
            ),
            heading("Choosing a treatment"),
            paragraph(
                "My neurologist explained that the treatments we have work on "
                "the immune system, to make attacks on myelin less likely, and "
                "that starting early matters. We talked through a few options, "
                "how each one is taken and what it might do to my plans for a "
                "family.",
                "I chose an infusion I have twice a year. I bring a book and a "
                "flask of tea. It is not nothing, but it is a small part of my "
                "year.",
            ),
            heading("Listening to my body"),
            paragraph(
                "The biggest change has been learning my limits. Fatigue is real "
                "for me, especially in hot weather, so I plan the important "
                "things for the morning, keep cool, and say no more often than I "
                "used to. I still run, just more slowly and with more rest days.",
                "Three years on, I would tell anyone newly diagnosed: give it "
                "time. Ask every question. Let people help you.",
            ),
        ],
        topics=["about-ms", "about-ms/immune-system-and-ms", "about-ms/fatigue"],
        treatments=["ocrelizumab"],
    ),
    DemoStory(
        slug="tom-caring-for-jen",
        title="Caring for Jen, and learning to ask for help",
        kind=StoryKind.CARER,
        person_name="Tom",
        person_description="cares for his wife, Jen, who has secondary progressive MS",
        portrait="tom",
        summary=(
            "Tom has looked after his wife Jen as her MS has slowly changed over "
            "twenty years. He is honest about the hard days, and about what "
            "made the load lighter."
        ),
        pull_quote=(
            "For years I thought asking for help meant I was failing her. Now I "
            "think it is the best thing I have done for both of us."
        ),
        body=[
            heading("Twenty years of changes"),
            paragraph(
                "Jen was diagnosed not long after we married. For a long time "
                "her MS came and went in relapses, and between them life was "
                "mostly as before. Over the last few years it has changed: her "
                "walking has slowly got harder, without the clear ups and downs "
                "of before. Her neurologist calls it secondary progressive MS.",
            ),
            heading("The tiredness nobody sees"),
            paragraph(
                "People notice Jen's stick. They do not see her fatigue, which "
                "is the thing that shapes our days most. We have learned to plan "
                "around it: one outing a day, a rest after lunch, shopping "
                "delivered.",
                "I got tired too, in a different way. I was doing everything and "
                "telling nobody.",
            ),
            quote(
                "I kept saying I was fine. My daughter finally said: Dad, you "
                "are not fine, and that is allowed.",
                "Tom",
            ),
            heading("What helped"),
            paragraph(
                "A carer's assessment from the council got us a few hours of "
                "help each week. An occupational therapist suggested a perching "
                "stool and rails that gave Jen back some independence in the "
                "kitchen. And a monthly carers' group gave me people who "
                "understood without my having to explain.",
                "We still have hard days. But we laugh more than we did, and we "
                "are a team again rather than a patient and a nurse.",
            ),
        ],
        topics=["about-ms/fatigue", "treatments"],
    ),
    DemoStory(
        slug="kwame-finding-my-way-back",
        title="Finding my way back after the darkest months",
        kind=StoryKind.LIVING_WITH_MS,
        person_name="Kwame",
        person_description="diagnosed with relapsing MS at 41",
        portrait="kwame",
        summary=(
            "After his diagnosis Kwame went through a long period of depression. "
            "He describes how he found help, and the peer group he now runs."
        ),
        pull_quote=(
            "I want people to know that low mood with MS is common, it is not "
            "weakness, and it can get better with the right help."
        ),
        content_warning=(
            "This story talks about depression and thoughts of not wanting to be alive."
        ),
        show_default_call_to_action=False,
        body=[
            heading("When the news sank in"),
            paragraph(
                "The diagnosis itself I handled, or thought I did. It was the "
                "months after that were hard. I was exhausted, worried about my "
                "job and ashamed of being worried. I stopped seeing friends. "
                "Some nights I felt that everyone would be better off without "
                "me.",
            ),
            heading("Saying it out loud"),
            paragraph(
                "At a routine appointment my MS nurse asked how my mood was, and "
                "for once I told the truth. She did not flinch. She explained "
                "that depression is common in MS, partly because of what the "
                "illness does and partly because of what it takes from you, and "
                "that it can be treated.",
                "She helped me see my GP that week. I started talking therapy, "
                "and later a medicine for depression as well.",
            ),
            quote(
                "The bravest thing I have done was answer one honest question "
                "honestly.",
                "Kwame",
            ),
            heading("Slowly, better"),
            paragraph(
                "Recovery was not a straight line. Managing my fatigue made a "
                "difference, and so did telling my manager, who agreed to "
                "flexible hours. Two years on, I run a small peer group for men "
                "with MS. We talk about football, and then about the things "
                "that matter.",
                "If you are struggling, please tell someone: your MS team, your "
                "GP, or a helpline. You deserve support, and it is out there.",
            ),
        ],
        topics=["about-ms", "about-ms/fatigue"],
    ),
    DemoStory(
        slug="priya-reading-the-scans",
        title="What brain scans can tell us about treating MS early",
        kind=StoryKind.RESEARCHER,
        person_name="Dr Priya",
        person_description="an MRI researcher",
        portrait="priya",
        summary=(
            "Priya studies the brain scans that trials take before and during "
            "treatment. She explains what the pictures show, and why questions "
            "like 'is early intensive treatment best?' need careful answers."
        ),
        pull_quote=(
            "Every scan is a person who gave up an afternoon to lie still in a "
            "noisy tube. I never forget that."
        ),
        body=[
            heading("Pictures of the brain"),
            paragraph(
                "An MRI scanner uses a strong magnet and radio waves to make "
                "detailed pictures of the brain and spinal cord. In MS, the "
                "pictures show areas where myelin has been damaged. Comparing "
                "scans taken months apart tells us whether new damage is "
                "happening, and how fast the brain is changing.",
            ),
            heading("Why trials need scans"),
            paragraph(
                "Relapses and symptoms matter most to people with MS, but they "
                "can take years to show a difference between treatments. Scans "
                "can show earlier whether a treatment is calming things down. "
                "That is why trials such as DELIVER-MS, which compares starting "
                "on a more intensive treatment with starting on a milder one, "
                "scan their participants regularly.",
            ),
            quote(
                "Good research is slow on purpose. We want answers people can "
                "trust when they make a big decision.",
                "Priya",
            ),
            heading("Why I do it"),
            paragraph(
                "My aunt has MS. When she was diagnosed, there were very few "
                "treatments. Now there are many, and the hard question is which "
                "to start with. I hope the work my field does helps people like "
                "her make that choice with better information.",
            ),
        ],
        topics=["treatments/early-intensive-treatment"],
        research=["research/deliver-ms"],
    ),
    DemoStory(
        slug="sam-three-peaks-for-dad",
        title="Three peaks in one day, for my dad",
        kind=StoryKind.FUNDRAISER,
        person_name="Sam",
        person_description="walked the Yorkshire Three Peaks for research",
        portrait="sam",
        summary=(
            "Sam's dad has progressive MS. Sam and four friends walked 24 miles "
            "over three hills in a day to raise money for research into "
            "treatments for progressive MS."
        ),
        pull_quote=(
            "Dad can't climb hills any more, so we climbed three for him, and he "
            "cheered us on from the car park with a flask of soup."
        ),
        body=[
            heading("Why progressive MS"),
            paragraph(
                "My dad has primary progressive MS. There is one treatment for "
                "some people with his type, but not for everyone, and nothing "
                "yet that can undo damage already done. When I read about new "
                "drugs being tested for progressive MS, like the BTK inhibitors "
                "in the HERCULES trial, I wanted to help research get there "
                "faster.",
            ),
            heading("The walk"),
            paragraph(
                "Five of us trained for four months. On the day it rained, then "
                "hailed, then the sun came out on the last summit. It took us "
                "eleven and a half hours. My legs have never hurt so much, and I "
                "have never been so proud.",
            ),
            quote(
                "Every time it got hard, I thought about Dad doing the hard "
                "things he does every single day.",
                "Sam",
            ),
            heading("What we raised"),
            paragraph(
                "Family, friends and strangers gave £3,150, and with Gift Aid it "
                "came to more. Dad has framed the photo of us at the last "
                "summit. He says it is the best thing on his wall.",
                "If you are thinking of fundraising: pick something that means "
                "something to you, and tell people why. They want to help.",
            ),
        ],
        topics=["treatments/btk-inhibitors", "treatments"],
        research=["research/hercules"],
        treatments=["tolebrutinib"],
    ),
]

INDEX_FIELDS = {
    "title": "Stories",
    "summary": (
        "People living with MS, the people who care for them, researchers and "
        "fundraisers, in their own words."
    ),
    "intro": (
        "<p>Everyone's MS is different. These stories are from people living "
        "with MS, the people who care for them, researchers and fundraisers.</p>"
        "<p>The stories on this demonstration site are fictional: they were "
        "written for it and draw on common experiences, not on real people.</p>"
    ),
}

# Each hub's guide: the article to start with, and its sub-topics. Articles
# in neither are listed after the groups.
HUB_GUIDES = {
    "about-ms": {
        "picture": "network",
        "start_here": "immune-system-and-ms",
        "sub_topics": [
            (
                "Diagnosis and types of MS",
                "How MS is found, and what the different types mean for you.",
                ["diagnosis", "types-of-ms"],
            ),
            (
                "How MS affects the body",
                "What goes wrong, and what we know about why.",
                ["immune-system-and-ms", "vitamin-d-and-ms"],
            ),
            (
                "Living with symptoms",
                "Practical ways to manage relapses and day-to-day symptoms.",
                ["relapses", "fatigue"],
            ),
        ],
    },
    "treatments": {
        "picture": "consultation",
        "start_here": "disease-modifying-therapies",
        "sub_topics": [
            (
                "Stronger treatment, sooner",
                "When starting with a more intensive treatment may help.",
                ["early-intensive-treatment", "hsct"],
            ),
            (
                "New treatments in research",
                "Medicines being tested in trials now.",
                ["btk-inhibitors"],
            ),
        ],
    },
}

# Pictures for pages other apps make, found by their place below the home page.
PAGE_PICTURES = {
    "research": "laboratory",
    "research/deliver-ms": "scanner",
    "research/hercules": "laboratory",
    "research/care-ms-ii": "clinic",
}

PATH_INTRO = (
    "Being told you have MS is a lot to take in. There is no rush: these four "
    "pages are a good place to begin, one at a time."
)
PATH_STEPS = [
    (
        "about-ms/immune-system-and-ms",
        "What is MS?",
        "What is happening in your body, and why treatment helps.",
    ),
    (
        "about-ms/types-of-ms",
        "Which type of MS?",
        "What relapsing and progressive MS mean, and why the type matters.",
    ),
    (
        "treatments/disease-modifying-therapies",
        "Your treatment choices",
        "How the medicines work, and what to ask your neurologist.",
    ),
    ("stories", "You are not alone", "Stories from people who have been there."),
]


def _find(home: HomePage, path: str) -> Page | None:
    """The live page at `path` below the home page, if there is one."""
    url_path = f"{home.url_path}{path.strip('/')}/"
    return Page.objects.filter(url_path=url_path).specific().first()


def _publish_if_changed(page: Page, **fields) -> None:
    """Set fields that are still empty and publish, once."""
    changed = False
    for name, value in fields.items():
        if value and not getattr(page, name):
            setattr(page, name, value)
            changed = True
    if changed:
        page.save_revision().publish()


def _treatment_ids(names: list[str]) -> list[int]:
    # The block knows the model by name, so pages need not import research.
    block = StoryPage.treatments.field.stream_block.child_blocks["treatment"]
    found = block.target_model.objects.filter(generic_name__in=names)
    return [treatment.pk for treatment in found]


def story_fields(home: HomePage, story: DemoStory) -> dict:
    topics = [page for path in story.topics if (page := _find(home, path))]
    projects = [page for path in story.research if (page := _find(home, path))]
    return {
        "title": story.title,
        "kind": story.kind,
        "person_name": story.person_name,
        "person_description": story.person_description,
        "portrait": demo_image(story.portrait),
        "summary": story.summary,
        "pull_quote": story.pull_quote,
        "content_warning": story.content_warning,
        "is_fictional": True,
        "show_default_call_to_action": story.show_default_call_to_action,
        "body": story.body,
        "treatments": [
            {"type": "treatment", "value": pk}
            for pk in _treatment_ids(story.treatments)
        ],
        "topic_links": [StoryTopicLink(page=page) for page in topics],
        "research_links": [StoryResearchLink(page=page) for page in projects],
    }


def load_guides(home: HomePage, refresh: bool) -> None:
    """Pictures, 'start here' and sub-topics for the hubs, where still unset."""
    for slug, guide in HUB_GUIDES.items():
        hub = TopicIndexPage.objects.child_of(home).filter(slug=slug).first()
        if hub is None or (hub.sub_topics and not refresh):
            continue
        articles = {page.slug: page for page in ArticlePage.objects.child_of(hub)}
        picture = demo_image(guide["picture"])
        hub.hero_image = hub.listing_image = picture
        hub.start_here = articles.get(guide["start_here"])
        hub.sub_topics = [
            {
                "type": "sub_topic",
                "value": {
                    "heading": title,
                    "intro": intro,
                    "articles": [articles[s].pk for s in slugs if s in articles],
                },
            }
            for title, intro, slugs in guide["sub_topics"]
        ]
        hub.save_revision().publish()


def load_home_path(home: HomePage, refresh: bool) -> None:
    if home.path_steps and not refresh:
        return
    steps = []
    for path, label, description in PATH_STEPS:
        if page := _find(home, path):
            steps.append(
                {
                    "type": "step",
                    "value": {
                        "page": page.pk,
                        "label": label,
                        "description": description,
                    },
                }
            )
    home.path_intro = PATH_INTRO
    home.path_steps = steps
    home.hero_image = demo_image("home")
    home.save_revision().publish()


def load(home: HomePage, stdout, refresh: bool = False) -> None:
    """The stories index and its stories, then the pictures and guides."""
    site = Site.objects.get(is_default_site=True)
    index = upsert_page(
        home,
        StoryIndexPage,
        "stories",
        refresh,
        hero_image=demo_image("community"),
        listing_image=demo_image("community"),
        **INDEX_FIELDS,
    )
    add_to_menu(site, index)
    for story in STORIES:
        exists = StoryPage.objects.child_of(index).filter(slug=story.slug).exists()
        if exists and not refresh:
            continue
        upsert_page(index, StoryPage, story.slug, refresh, **story_fields(home, story))

    load_guides(home, refresh)
    for path, key in PAGE_PICTURES.items():
        if page := _find(home, path):
            _publish_if_changed(page, listing_image=demo_image(key))
    load_home_path(home, refresh)
    stdout.write(f"Pages: {len(STORIES)} stories, guided hubs and pictures ready.")
