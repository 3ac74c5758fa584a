"""Demo articles, hubs and glossary, written in our own words from the seed's facts.

Every article is published through ArticlePage.publish, so it needs what any
article needs: a clinical reviewer, a review date and at least one source.
The sources are real publications; where we were not sure of an identifier
(DOI, PubMed ID) the field is left empty rather than guessed.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from wagtail.models import Site

from .demo import add_to_menu, upsert_page
from .demo_images import demo_image
from .models import (
    ArticlePage,
    ArticleSource,
    ClinicalReviewer,
    GlossaryPage,
    HomePage,
    SiteSettings,
    StandardPage,
    Term,
    TopicIndexPage,
)


def _paragraph(*texts: str) -> dict:
    return {"type": "paragraph", "value": "".join(f"<p>{t}</p>" for t in texts)}


def _heading(text: str, level: str = "h2") -> dict:
    return {"type": "heading", "value": {"text": text, "level": level, "anchor": ""}}


def _callout(kind: str, heading: str, text: str) -> dict:
    return {
        "type": "callout",
        "value": {"kind": kind, "heading": heading, "text": f"<p>{text}</p>"},
    }


@dataclass
class ReadMore:
    """A "read more" card to another demo article, resolved once it exists."""

    slug: str
    label: str


@dataclass
class Figure:
    """A demo picture (see demo_images), added to the library when first used."""

    key: str
    caption: str

    def block(self) -> dict:
        image = demo_image(self.key)
        return {
            "type": "image",
            "value": {
                "image": {
                    "image": image.pk,
                    "decorative": False,
                    "alt_text": image.description,
                },
                "caption": self.caption,
            },
        }


NICE_NG220 = {
    "title": "Multiple sclerosis in adults: management (NICE guideline NG220)",
    "publisher": "National Institute for Health and Care Excellence (NICE)",
    "year": 2022,
    "url": "https://www.nice.org.uk/guidance/ng220",
}
NHS_MS = {
    "title": "Multiple sclerosis",
    "publisher": "NHS website",
    "url": "https://www.nhs.uk/conditions/multiple-sclerosis/",
}
NHS_MS_TREATMENT = {
    "title": "Multiple sclerosis: treatment",
    "publisher": "NHS website",
    "url": "https://www.nhs.uk/conditions/multiple-sclerosis/treatment/",
}
HERCULES = {
    "title": (
        "Tolebrutinib in nonrelapsing secondary progressive multiple sclerosis "
        "(the HERCULES trial)"
    ),
    "publisher": "New England Journal of Medicine",
    "year": 2025,
}
CARE_MS_II = {
    "title": (
        "Alemtuzumab for patients with relapsing multiple sclerosis after "
        "disease-modifying therapy: a randomised controlled phase 3 trial "
        "(CARE-MS II)"
    ),
    "publisher": "The Lancet",
    "year": 2012,
}
NHS_MS_DIAGNOSIS = {
    "title": "Multiple sclerosis: diagnosis",
    "publisher": "NHS website",
    "url": "https://www.nhs.uk/conditions/multiple-sclerosis/diagnosis/",
}
MCDONALD_2017 = {
    "title": "Diagnosis of multiple sclerosis: 2017 revisions of the McDonald criteria",
    "publisher": "The Lancet Neurology",
    "year": 2018,
}
LUBLIN_2014 = {
    "title": ("Defining the clinical course of multiple sclerosis: the 2013 revisions"),
    "publisher": "Neurology",
    "year": 2014,
}
DELIVER_MS = {
    "title": (
        "DELIVER-MS: early intensive versus escalation treatment in relapsing "
        "multiple sclerosis"
    ),
    "publisher": "ClinicalTrials.gov",
}


@dataclass
class DemoArticle:
    hub: str
    slug: str
    title: str
    summary: str
    key_points: list[str]
    body: list
    sources: list[dict]
    reviewed_days_ago: int
    related: list[str] = field(default_factory=list)

    def resolve_body(self, pages: dict[str, ArticlePage]) -> tuple[list, bool]:
        """Body blocks with cards pointing at pages; False if some do not exist yet."""
        blocks, complete = [], True
        for item in self.body:
            if isinstance(item, Figure):
                item = item.block()
            elif isinstance(item, ReadMore):
                target = pages.get(item.slug)
                if target is None:
                    complete = False
                    continue
                item = {
                    "type": "read_more",
                    "value": {
                        "page": target.pk,
                        "external_url": "",
                        "label": item.label,
                        "description": "",
                    },
                }
            blocks.append(item)
        return blocks, complete

    def fields(self, pages: dict, reviewer: ClinicalReviewer) -> tuple[dict, bool]:
        body, complete = self.resolve_body(pages)
        last_reviewed = timezone.localdate() - datetime.timedelta(
            days=self.reviewed_days_ago
        )
        return {
            "title": self.title,
            "summary": self.summary,
            "key_points": [{"type": "point", "value": p} for p in self.key_points],
            "body": body,
            "reviewer": reviewer,
            "last_reviewed": last_reviewed,
            "next_review_due": None,
            "sources": [ArticleSource(**source) for source in self.sources],
        }, complete


ARTICLES = [
    DemoArticle(
        hub="about-ms",
        slug="fatigue",
        title="Fatigue and MS",
        summary=(
            "Fatigue is one of the most common symptoms of MS: an exhaustion "
            "that rest does not always fix. Find out what makes it worse and "
            "what helps."
        ),
        key_points=[
            "Most people with MS have fatigue at some point.",
            "MS fatigue is more than feeling tired, and can come on suddenly.",
            "Heat, poor sleep, low mood and infections can all make it worse.",
            "Pacing yourself, regular exercise and help from your MS team can "
            "make it easier to manage.",
        ],
        body=[
            _heading("What MS fatigue feels like"),
            _paragraph(
                "Many people describe MS fatigue as a heavy exhaustion of body or "
                "mind that is out of proportion to what they have done. It can make "
                "it hard to think clearly, to walk or to keep going at work, and it "
                "is often worse later in the day or in hot weather.",
                "Because it cannot be seen, other people may not understand it. "
                "Saying what it is like for you can help family, friends and "
                "employers to make room for it.",
            ),
            _heading("What can make fatigue worse"),
            _paragraph(
                "Fatigue can come from MS itself, and from things that go with it: "
                "disturbed sleep (for example from bladder problems, pain or "
                "spasms), low mood or depression, infections, some medicines, and "
                "being too hot. Treating these can ease the fatigue too."
            ),
            _heading("What helps"),
            _paragraph(
                "Plan your day around your energy: do the things that matter most "
                "when you have most energy, take breaks before you need them and "
                "spread tasks across the week. Regular, gentle exercise can reduce "
                "fatigue over time. Keeping cool and a regular sleep routine help "
                "many people.",
                "Tell your MS nurse or GP if fatigue is getting in the way. They "
                "can check for other causes and may offer a fatigue management "
                "course, often run by occupational therapists.",
            ),
            _heading("Fatigue and work"),
            _paragraph(
                "Many people with MS keep working, and fatigue is often the "
                "symptom that makes work hardest. In the UK, MS counts as a "
                "disability from diagnosis under the Equality Act 2010, so an "
                "employer must consider reasonable adjustments, such as flexible "
                "hours, rest breaks or working from home."
            ),
        ],
        sources=[NICE_NG220, NHS_MS],
        reviewed_days_ago=45,
    ),
    # For people newly diagnosed, and those still waiting: what MS is like
    # over time, what a relapse is, and how the diagnosis is made.
    DemoArticle(
        hub="about-ms",
        slug="relapses",
        title="Relapses",
        summary=(
            "A relapse is a spell of new or worse MS symptoms that lasts more "
            "than a day. Find out how to tell, what to do and how you recover."
        ),
        key_points=[
            "A relapse is when new symptoms appear, or old ones return or get "
            "worse, for more than 24 hours.",
            "It is only called a relapse if you have no infection or fever, and "
            "the last one was at least a month before.",
            "Most relapses ease over days or weeks; some leave symptoms behind.",
            "Tell your MS team: they can check for other causes and may offer "
            "steroids to speed up recovery.",
            "Disease-modifying therapies (DMTs) make relapses less frequent and "
            "less severe.",
        ],
        body=[
            _heading("What a relapse is"),
            _paragraph(
                "In relapsing MS the immune system attacks the myelin around "
                "nerves in bursts. Each burst can cause a relapse: symptoms you "
                "have never had before, or ones you know coming back or getting "
                "worse. Other names for a relapse are an attack, a flare-up or "
                "an exacerbation.",
                "Doctors call it a relapse when the symptoms last more than 24 "
                "hours, start at least 30 days after your last relapse, and "
                "there is no infection or high temperature to explain them.",
            ),
            _heading("What it can feel like"),
            _paragraph(
                "Relapses differ from person to person and from one relapse to "
                "the next. You might notice blurred or painful vision in one eye, "
                "numbness or tingling, weakness in an arm or leg, problems with "
                "balance, dizziness, bladder changes or overwhelming tiredness. "
                "Symptoms usually build up over a few days, stay for a while and "
                "then slowly ease.",
            ),
            _heading("When it may not be a relapse"),
            _paragraph(
                "An infection, such as a cold or a urine infection, can make old "
                "symptoms flare up for a short time. So can heat, a hot bath, "
                "stress or tiredness. This is sometimes called a pseudo-relapse. "
                "It settles once the cause goes, and it is not new damage.",
            ),
            _heading("What to do"),
            _paragraph(
                "If you think you are having a relapse, contact your MS nurse or "
                "MS team. They will ask what has changed and may check for an "
                "infection. Writing down when the symptoms started and how they "
                "affect you helps them.",
                "A short course of steroids can help some relapses get better "
                "sooner, though it does not change how well you recover in the "
                "end. Physiotherapy or occupational therapy can help with what "
                "the relapse has left behind.",
            ),
            _callout(
                "warning",
                "When to get help straight away",
                "If you have sudden, severe symptoms, such as losing your sight or "
                "being unable to walk, contact your MS team urgently or call 111. "
                "In an emergency call 999.",
            ),
            _heading("Recovering, and having fewer relapses"),
            _paragraph(
                "Many people recover fully from a relapse, especially early on. "
                "Others are left with some symptoms. Disease-modifying therapies "
                "reduce how often relapses happen and how bad they are, which is "
                "one reason experts advise treating MS early.",
            ),
            ReadMore("types-of-ms", "Read more about the types of MS"),
            ReadMore("disease-modifying-therapies", "Read more about DMTs"),
        ],
        sources=[NICE_NG220, NHS_MS],
        reviewed_days_ago=40,
    ),
    DemoArticle(
        hub="about-ms",
        slug="types-of-ms",
        title="Types of MS",
        summary=(
            "MS is described as relapsing or progressive, depending on whether "
            "symptoms come and go or build up steadily. Find out what each type "
            "means for you."
        ),
        key_points=[
            "Most people are first diagnosed with relapsing remitting MS, in "
            "which symptoms come and go.",
            "Years later, many find their disability builds up steadily: this "
            "is secondary progressive MS.",
            "About one person in ten has primary progressive MS, which builds up "
            "from the start without relapses.",
            "Your type of MS affects which treatments you can have.",
        ],
        body=[
            _paragraph(
                "Everyone's MS is different, but doctors group it into a few "
                "types. The type describes the pattern of your MS so far: whether "
                "you have relapses, and whether disability builds up between "
                "them. It can change over time.",
            ),
            _heading("Relapsing remitting MS"),
            _paragraph(
                "Relapsing remitting MS (RRMS) is the type most people are "
                "diagnosed with first. Symptoms appear in relapses and then ease, "
                "partly or fully, in periods called remissions, which can last "
                "months or years. Most disease-modifying therapies (DMTs) are for "
                "this type.",
            ),
            ReadMore("relapses", "Read more about relapses"),
            _heading("Secondary progressive MS"),
            _paragraph(
                "After some years with relapsing MS, many people find that their "
                "disability slowly builds up, with fewer relapses or none. This "
                "is secondary progressive MS (SPMS). The change is usually "
                "gradual, so it is often recognised only looking back.",
                "Siponimod is available to some people with secondary progressive "
                "MS who still have signs of active disease. In 2024 the HERCULES "
                "trial showed that tolebrutinib, a BTK inhibitor, can slow the "
                "build-up of disability in people with secondary progressive MS "
                "who no longer have relapses.",
            ),
            ReadMore("btk-inhibitors", "Read more about BTK inhibitors"),
            _heading("Primary progressive MS"),
            _paragraph(
                "In primary progressive MS (PPMS), symptoms build up steadily from "
                "the start, without clear relapses. About one person in ten with "
                "MS has this type. It is often diagnosed a little later in life "
                "than relapsing MS.",
                "Ocrelizumab is available to some people with early primary "
                "progressive MS. Finding treatments for everyone with progressive "
                "MS is one of the main aims of MS research.",
            ),
            _heading("Active, not active and progressing"),
            _paragraph(
                "Your neurologist may also say whether your MS is active (you have "
                "had relapses or new areas of damage on an MRI scan recently) and "
                "whether it is progressing. These words help them choose the "
                "right treatment with you.",
            ),
            _heading("A first episode"),
            _paragraph(
                "Some people have a single episode of MS-like symptoms, called a "
                "clinically isolated syndrome (CIS). Not everyone who has one goes "
                "on to develop MS. An MRI scan helps show how likely it is.",
            ),
            ReadMore("diagnosis", "Read more about how MS is diagnosed"),
        ],
        sources=[LUBLIN_2014, NICE_NG220, NHS_MS, HERCULES],
        reviewed_days_ago=25,
    ),
    DemoArticle(
        hub="about-ms",
        slug="diagnosis",
        # Both words in the title, which 'Did you mean' learns words from.
        title="Diagnosis: how MS is diagnosed",
        summary=(
            "There is no single test for MS. Find out how a neurologist makes a "
            "diagnosis, what tests to expect, and what happens after you are "
            "diagnosed."
        ),
        key_points=[
            "Only a neurologist can diagnose MS, usually after your GP refers you.",
            "No single test shows MS: the diagnosis comes from your symptoms, an "
            "examination and tests such as an MRI scan.",
            "The neurologist looks for damage in more than one part of the brain "
            "or spinal cord, at different times, and rules out other causes.",
            "Getting a diagnosis can take a while, which is hard. Ask your team "
            "what each test is for.",
            "Once you are diagnosed you should have an MS nurse and a chance to "
            "talk about treatment early.",
        ],
        body=[
            _heading("Seeing a neurologist"),
            _paragraph(
                "If your GP thinks your symptoms could be caused by MS, they will "
                "refer you to a neurologist, a doctor who specialises in the brain "
                "and nerves. The neurologist will ask about your symptoms now and "
                "in the past, and examine how well your nerves are working: your "
                "eyes, strength, reflexes, balance and feeling.",
            ),
            _heading("The tests"),
            _paragraph(
                "An MRI scan is the most useful test. It uses a strong magnet to "
                "take detailed pictures of the brain and spinal cord, and shows "
                "areas where myelin has been damaged. It does not hurt, but it is "
                "noisy and you lie still inside a tunnel for a while.",
                "A lumbar puncture takes a little of the fluid around your spinal "
                "cord with a thin needle in your lower back. Signs of the immune "
                "system in this fluid can support a diagnosis of MS.",
                "Blood tests cannot show MS, but they help rule out other "
                "conditions with similar symptoms. Some people also have a test "
                "of how quickly messages from the eyes reach the brain, called "
                "visual evoked potentials.",
            ),
            _heading("How the diagnosis is made"),
            _paragraph(
                "Neurologists use agreed rules, called the McDonald criteria. "
                "They look for signs that MS has damaged more than one part of the "
                "brain, spinal cord or optic nerves, and that the damage happened "
                "at different times. They must also be sure nothing else explains "
                "your symptoms. Sometimes this takes more than one scan, months "
                "apart.",
            ),
            _heading("After you are diagnosed"),
            _paragraph(
                "Being told you have MS can bring shock, worry and sometimes "
                "relief at having an answer. You should be offered a follow-up "
                "appointment and the contact details of an MS nurse, who can "
                "answer questions as they come up.",
                "Experts agree that MS should be treated early, so ask about "
                "disease-modifying therapies soon. We are supporting the "
                "DELIVER-MS trial, which compares ways of starting treatment in "
                "people recently diagnosed with relapsing MS.",
                "In the UK you must tell the DVLA that you have MS if you drive. "
                "MS also counts as a disability under the Equality Act 2010 from "
                "the day you are diagnosed, so employers must consider reasonable "
                "adjustments.",
            ),
            ReadMore("types-of-ms", "Read more about the types of MS"),
            ReadMore(
                "early-intensive-treatment",
                "Read more about early intensive treatment",
            ),
        ],
        sources=[MCDONALD_2017, NICE_NG220, NHS_MS_DIAGNOSIS],
        reviewed_days_ago=15,
    ),
    DemoArticle(
        hub="about-ms",
        slug="immune-system-and-ms",
        title="The immune system and MS",
        summary=(
            "In MS the immune system attacks myelin, the protective coating around "
            "nerves, by mistake. Find out what goes wrong and how treatments help."
        ),
        key_points=[
            "In MS, the immune system mistakes myelin, the coating that protects "
            "nerves, for an infection and attacks it.",
            "Damaged myelin stops nerves passing messages properly, and the nerves "
            "themselves can eventually die.",
            "Every current disease-modifying therapy (DMT) works by targeting "
            "immune cells.",
            "DMTs reduce relapses and can slow relapsing MS, but cannot undo "
            "damage that has already happened.",
            "Experts agree MS should be treated as soon as symptoms first appear.",
        ],
        body=[
            _paragraph(
                "Multiple sclerosis (MS) happens when the immune system gets "
                "confused and attacks myelin by mistake. Myelin is the protective "
                "layer wrapped around our nerves. When it is damaged, the nerve "
                "cannot send its messages properly, and over time the nerve may die.",
                "So, to stop MS, we need to stop the immune system attacking myelin.",
            ),
            _heading("What goes wrong with the immune system in MS?"),
            _paragraph(
                "Your immune system protects your body from infections. In MS, it "
                "wrongly treats the myelin around nerves as if it were an "
                "infection, and destroys it.",
                "Myelin matters for two reasons. It helps messages travel smoothly "
                "between your brain and the rest of your body, and it shields the "
                "nerves from harm. When myelin is damaged, the nerve no longer works "
                "as it should. Nobody yet knows exactly why the immune system turns "
                "on myelin in MS.",
            ),
            _heading("What the pictures show", "h3"),
            _paragraph(
                "The first picture shows a healthy nerve cell. Its round cell body "
                "sends messages along a long fibre called the axon. The axon is "
                "wrapped in sections of myelin, like the insulation on a cable, so "
                "messages travel along it quickly.",
                "The second picture shows the same nerve in MS. Immune cells have "
                "gathered around the fibre and damaged two sections of its myelin, "
                "leaving broken pieces and gaps. Where the myelin is damaged, "
                "messages slow down or do not get through, which is what causes "
                "symptoms such as blurred sight, numbness or weakness.",
            ),
            Figure(
                "nerve",
                "A healthy nerve cell: myelin wraps the nerve fibre, so messages "
                "travel quickly.",
            ),
            Figure(
                "attack",
                "In MS, immune cells damage the myelin, and messages slow down or "
                "stop.",
            ),
            _heading("Can we stop immune attacks in MS?"),
            _paragraph(
                "Because the cause of the immune system's mistake is still unknown, "
                "most treatments aim to cut the number of immune cells travelling "
                "around the body. Fewer immune cells on the move should mean fewer "
                "attacks.",
                "Every treatment for MS available today works by targeting immune "
                "cells. These treatments are called disease-modifying therapies, or "
                "DMTs, and changing how the immune system behaves in this way is "
                "called immunomodulation.",
                "Vitamin D also plays a part in how the immune system works. But it "
                "is not yet clear whether changing vitamin D levels helps people "
                "with MS.",
            ),
            ReadMore("vitamin-d-and-ms", "Read more about vitamin D and MS"),
            _heading("How do DMTs prevent immune attacks in MS?"),
            _paragraph(
                "DMTs change the way the immune system behaves. They lower the "
                "number of immune cells moving around in the blood in one of three "
                "ways: by removing the cells from the body, by stopping them getting "
                "into the brain, or by holding them in certain parts of the body, "
                "such as the lymph nodes. This makes an attack on the myelin in the "
                "brain and spinal cord less likely.",
                "Haematopoietic stem cell transplantation (HSCT) is an intensive "
                "chemotherapy treatment for MS. It aims to stop MS doing harm by "
                "wiping out your immune system and then growing it again from your "
                "own blood stem cells.",
            ),
            _callout(
                "information",
                "DMTs do not repair myelin",
                "DMTs help to control immune attacks, but they do not directly "
                "repair myelin that has already been damaged.",
            ),
            ReadMore("disease-modifying-therapies", "Read more about DMTs"),
            ReadMore("hsct", "Read more about HSCT"),
            _heading("Can DMTs stop progression?"),
            _paragraph(
                "Treatments that target the immune system can make relapses less "
                "frequent and less severe, and ease the symptoms relapses cause. "
                "Research also shows DMTs can help slow the progression of "
                "relapsing MS and lengthen life expectancy.",
                "Two treatments, ocrelizumab and siponimod, are available to some "
                "people with progressive MS. But no current treatment can reverse "
                "damage that has already been done, so many people with progressive "
                "MS still have no treatment they can use.",
                "Recent research suggests a new kind of drug, called a BTK "
                "inhibitor, may work better than existing DMTs. It can get into the "
                "brain, so it can act directly where damage is happening. In 2024 "
                "the HERCULES trial showed that a BTK inhibitor called tolebrutinib "
                "can slow the progression of disability in people with secondary "
                "progressive MS who do not have relapses. In two other phase 3 "
                "trials, it slowed progression in relapsing MS.",
            ),
            ReadMore("btk-inhibitors", "Read more about BTK inhibitors"),
            _heading("Is early, intensive treatment best?"),
            _paragraph(
                "Scientists agree that MS should be treated as soon as the first "
                "symptoms appear. Research has shown that treating early can lower "
                "the risk of long-term disability. Early treatment is better than "
                "late treatment, but late treatment is still better than none.",
                "In 2016 the CARE-MS II trial suggested that starting early with "
                "more intensive treatments, which have more side effects, may also "
                "help people with MS.",
                "We are supporting the DELIVER-MS trial, which is looking at this "
                "question in people who have recently developed relapsing MS. One "
                "group starts on a milder treatment and moves to a more intensive "
                "one only if the first does not control their MS well enough. The "
                "other group starts on a more intensive treatment. We are funding "
                "the MRI scans that will show what each approach does to the brain. "
                "The results will help people with MS choose the right treatment "
                "for them.",
            ),
            ReadMore(
                "early-intensive-treatment",
                "Read more about early intensive treatment for MS",
            ),
            _heading("Current research into the immune system in MS"),
            _paragraph(
                'Find out more about <a href="/research/">our latest research '
                "projects</a>."
            ),
        ],
        sources=[NHS_MS, NICE_NG220, HERCULES, CARE_MS_II, DELIVER_MS],
        reviewed_days_ago=60,
    ),
    DemoArticle(
        hub="about-ms",
        slug="vitamin-d-and-ms",
        title="Vitamin D and MS",
        summary=(
            "Vitamin D plays a part in how the immune system works. Whether "
            "changing your vitamin D levels helps with MS is not yet clear."
        ),
        key_points=[
            "Vitamin D plays a part in how the immune system works.",
            "The evidence does not yet show whether changing vitamin D levels "
            "helps people with MS.",
            "Talk to your MS team before taking supplements.",
        ],
        body=[
            _heading("What we know"),
            _paragraph(
                "Vitamin D is one of the things that affects how the immune system "
                "works. Since MS is caused by the immune system attacking myelin, "
                "researchers want to know whether vitamin D makes a difference."
            ),
            _heading("What we do not know yet"),
            _paragraph(
                "The evidence is not yet clear on whether raising or lowering "
                "vitamin D levels could benefit people with MS."
            ),
            _callout(
                "information",
                "Before you take supplements",
                "Talk to your MS nurse, neurologist or GP before you start taking "
                "any supplement.",
            ),
            ReadMore(
                "immune-system-and-ms", "Read more about the immune system and MS"
            ),
        ],
        sources=[NICE_NG220],
        # Past its review date, so the review report has something to show.
        reviewed_days_ago=3 * 365 + 20,
    ),
    DemoArticle(
        hub="treatments",
        slug="disease-modifying-therapies",
        title="Disease-modifying therapies (DMTs)",
        summary=(
            "DMTs are the treatments that change how the immune system behaves in "
            "MS. They make attacks on myelin less likely."
        ),
        key_points=[
            "All current DMTs work by targeting immune cells.",
            "They reduce how often and how badly relapses happen.",
            "They can slow the progression of relapsing MS, but cannot repair "
            "damage already done.",
        ],
        body=[
            _heading("How DMTs work"),
            _paragraph(
                "Disease-modifying therapies change how the immune system behaves. "
                "They reduce the number of immune cells moving around in the blood: "
                "some remove immune cells from the body, some stop them reaching the "
                "brain, and some keep them in places such as the lymph nodes. With "
                "fewer immune cells in circulation, attacks on myelin in the brain "
                "and spinal cord become less likely."
            ),
            _heading("What DMTs can and cannot do"),
            _paragraph(
                "DMTs can reduce how often relapses happen and how severe they are, "
                "along with the symptoms relapses bring. Research shows they can "
                "help slow the progression of relapsing MS and extend life "
                "expectancy.",
                "They do not directly repair myelin that has been damaged, and they "
                "cannot reverse damage that has already happened.",
            ),
            _heading("Treatments for progressive MS"),
            _paragraph(
                "Two treatments, ocrelizumab and siponimod, are available to some "
                "people with progressive MS. Many people with progressive MS still "
                "have no treatment available to them."
            ),
            _heading("Which DMTs are there?"),
            _paragraph(
                "Each DMT has a generic name and a brand name. Injections: "
                "interferon beta (Avonex, Rebif, Plegridy, Betaferon, Extavia), "
                "glatiramer acetate (Copaxone), ofatumumab (Kesimpta). Tablets and "
                "capsules: teriflunomide (Aubagio), dimethyl fumarate (Tecfidera), "
                "diroximel fumarate (Vumerity), fingolimod (Gilenya), siponimod "
                "(Mayzent), ozanimod (Zeposia), ponesimod (Ponvory), cladribine "
                "(Mavenclad). Infusions: natalizumab (Tysabri), ocrelizumab "
                "(Ocrevus), alemtuzumab (Lemtrada), ublituximab (Briumvi).",
                "Which one suits you depends on your type of MS, how active it is, "
                "your other health and your plans, such as having children. Your "
                "neurologist and MS nurse will talk the choices through with you.",
            ),
            ReadMore(
                "immune-system-and-ms", "Read more about the immune system and MS"
            ),
            ReadMore("btk-inhibitors", "Read more about BTK inhibitors"),
        ],
        sources=[NICE_NG220, NHS_MS_TREATMENT],
        reviewed_days_ago=30,
    ),
    DemoArticle(
        hub="treatments",
        slug="btk-inhibitors",
        title="BTK inhibitors",
        summary=(
            "BTK inhibitors are a new type of drug that can get into the brain. "
            "Trials suggest they may slow MS progression."
        ),
        key_points=[
            "BTK inhibitors can get into the brain and act where damage happens.",
            "In 2024 the HERCULES trial showed tolebrutinib can slow disability "
            "progression in non-relapsing secondary progressive MS.",
            "In two other phase 3 trials, tolebrutinib slowed progression in "
            "relapsing MS.",
        ],
        body=[
            _heading("Why BTK inhibitors are different"),
            _paragraph(
                "Most DMTs act on immune cells in the blood. BTK inhibitors can "
                "cross into the brain, so they can work directly on the areas where "
                "damage is happening. Recent research suggests this may make them "
                "more effective than existing DMTs."
            ),
            _heading("What the trials found"),
            _paragraph(
                "In 2024 the HERCULES trial showed that tolebrutinib, a BTK "
                "inhibitor, can slow the progression of disability in people with "
                "secondary progressive MS who do not have relapses. In two other "
                "phase 3 trials, tolebrutinib slowed progression in relapsing MS."
            ),
            ReadMore("disease-modifying-therapies", "Read more about DMTs"),
            ReadMore(
                "immune-system-and-ms", "Read more about the immune system and MS"
            ),
        ],
        sources=[HERCULES],
        reviewed_days_ago=20,
    ),
    DemoArticle(
        hub="treatments",
        slug="hsct",
        title="HSCT (stem cell transplantation)",
        summary=(
            "HSCT is an intensive chemotherapy treatment that wipes out the immune "
            "system and regrows it from your own blood stem cells."
        ),
        key_points=[
            "HSCT stands for haematopoietic stem cell transplantation.",
            "It uses intensive chemotherapy to wipe out the immune system.",
            "The immune system is then regrown from your own blood stem cells.",
        ],
        body=[
            _heading("What HSCT is"),
            _paragraph(
                "Haematopoietic stem cell transplantation (HSCT) is an intense "
                "chemotherapy treatment for MS. It aims to stop the damage MS does "
                "by wiping out your immune system and then growing it again using "
                "your own blood stem cells."
            ),
            _callout(
                "warning",
                "An intensive treatment",
                "HSCT involves chemotherapy. Talk to your neurologist about whether "
                "it could be suitable for you.",
            ),
            ReadMore(
                "immune-system-and-ms", "Read more about the immune system and MS"
            ),
            ReadMore(
                "early-intensive-treatment",
                "Read more about early intensive treatment",
            ),
        ],
        sources=[NHS_MS_TREATMENT],
        reviewed_days_ago=3 * 365 - 15,
    ),
    DemoArticle(
        hub="treatments",
        slug="early-intensive-treatment",
        title="Early intensive treatment",
        summary=(
            "Treating MS early lowers the risk of long-term disability. Research "
            "is testing whether starting with stronger treatments is better still."
        ),
        key_points=[
            "MS should be treated at the first sign of symptoms.",
            "Early treatment can reduce the risk of long-term disability.",
            "The DELIVER-MS trial compares starting on a milder treatment with "
            "starting on a more intensive one.",
        ],
        body=[
            _heading("Why early treatment matters"),
            _paragraph(
                "The scientific community agrees that MS should be treated at the "
                "first sign of symptoms. Research shows early treatment can reduce "
                "the risk of long-term disability: early is better than late, and "
                "late is better than never."
            ),
            _heading("Starting with a more intensive treatment"),
            _paragraph(
                "In 2016 the CARE-MS II trial showed that early treatment with more "
                "intensive therapies, which have more side effects, may also be "
                "beneficial.",
                "We are supporting the DELIVER-MS trial, which compares two "
                "approaches in people who have recently developed relapsing MS. One "
                "group begins on a milder treatment and moves to a more intensive "
                "one only if needed; the other begins on a more intensive "
                "treatment. We fund the MRI scans that show how each approach "
                "affects the brain.",
            ),
            ReadMore(
                "immune-system-and-ms", "Read more about the immune system and MS"
            ),
            ReadMore("hsct", "Read more about HSCT"),
        ],
        sources=[CARE_MS_II, DELIVER_MS],
        reviewed_days_ago=10,
    ),
]

HUBS = {
    "treatments": {
        "title": "Treatments",
        "summary": (
            "How MS treatments work, what they can and cannot do, and what research "
            "is testing next."
        ),
        "intro": (
            "<p>Every current MS treatment works on the immune system. These "
            "articles explain the main kinds and what the evidence says.</p>"
        ),
        "review_period_months": 24,
    },
}

TERMS = [
    {
        "term": "myelin",
        "explanation": (
            "The protective coating around nerves. It helps messages travel "
            "smoothly between the brain and the body. In MS it is attacked by the "
            "immune system."
        ),
    },
    {
        "term": "disease-modifying therapy",
        "abbreviation": "DMT",
        "other_names": (
            "disease modifying therapy\ndisease-modifying therapies\n"
            "DMD\ndisease-modifying drug"
        ),
        "explanation": (
            "A treatment that changes how the immune system behaves, to make "
            "attacks on myelin less likely."
        ),
    },
    {
        "term": "haematopoietic stem cell transplantation",
        "abbreviation": "HSCT",
        "other_names": "stem cell transplant",
        "explanation": (
            "An intensive chemotherapy treatment that wipes out the immune system "
            "and regrows it from your own blood stem cells."
        ),
    },
    {
        "term": "BTK inhibitor",
        "other_names": "BTK inhibitors",
        "explanation": (
            "A new type of MS drug that can get into the brain and act directly "
            "where damage is happening."
        ),
    },
    {
        "term": "relapse",
        "other_names": "relapses\nflare-up\nexacerbation",
        "explanation": (
            "A time when new MS symptoms appear, or old ones come back or get "
            "worse, for a while."
        ),
    },
    {
        "term": "relapsing remitting MS",
        "abbreviation": "RRMS",
        "other_names": "relapsing-remitting MS",
        "explanation": (
            "The most common type of MS at diagnosis: symptoms come in relapses "
            "and then ease, partly or fully."
        ),
    },
    {
        "term": "primary progressive MS",
        "abbreviation": "PPMS",
        "explanation": (
            "A type of MS in which symptoms build up steadily from the start, "
            "without relapses."
        ),
    },
    {
        "term": "clinically isolated syndrome",
        "abbreviation": "CIS",
        "explanation": (
            "A first episode of MS-like symptoms. Not everyone who has one goes on "
            "to develop MS."
        ),
    },
    {
        "term": "lumbar puncture",
        "other_names": "spinal tap",
        "explanation": (
            "A test that takes a little of the fluid around the spinal cord, "
            "through a thin needle in the lower back."
        ),
    },
    {
        "term": "secondary progressive MS",
        "abbreviation": "SPMS",
        "explanation": (
            "A stage of MS, following relapsing MS, in which disability builds up "
            "steadily, with or without relapses."
        ),
    },
    {
        "term": "immunomodulation",
        "explanation": (
            "Changing how the immune system behaves. All current MS treatments "
            "work this way."
        ),
    },
]

DEMO_REVIEWER = {
    "name": "Example Reviewer",
    "role": "Consultant neurologist (fictional, for the demonstration)",
    "organisation": "Demonstration NHS Trust",
}


def load_terms(refresh: bool) -> None:
    for data in TERMS:
        term = Term.objects.filter(term=data["term"]).first()
        if term is None:
            Term.objects.create(**data)
        elif refresh:
            for name, value in data.items():
                setattr(term, name, value)
            term.save()


def load_articles(home: HomePage, stdout, refresh: bool = False) -> None:
    """Hubs, articles (two passes, for cross-links), glossary and signposting."""
    site = Site.objects.get(is_default_site=True)
    hubs = {"about-ms": TopicIndexPage.objects.child_of(home).get(slug="about-ms")}
    for slug, fields in HUBS.items():
        hubs[slug] = upsert_page(home, TopicIndexPage, slug, refresh, **fields)

    reviewer, _ = ClinicalReviewer.objects.get_or_create(
        name=DEMO_REVIEWER["name"], defaults=DEMO_REVIEWER
    )
    load_terms(refresh)

    pages: dict[str, ArticlePage] = {}
    incomplete = []
    for article in ARTICLES:
        hub = hubs[article.hub]
        existing = ArticlePage.objects.child_of(hub).filter(slug=article.slug).first()
        if existing and not refresh:
            pages[article.slug] = existing
            continue
        fields, complete = article.fields(pages, reviewer)
        pages[article.slug] = upsert_page(
            hub, ArticlePage, article.slug, refresh, **fields
        )
        if not complete:
            incomplete.append(article)
    # Second pass: cards to articles created after the one linking to them.
    for article in incomplete:
        page = pages[article.slug]
        page.body, _ = article.resolve_body(pages)
        page.save_revision().publish()

    glossary = upsert_page(
        home,
        GlossaryPage,
        "glossary",
        refresh,
        title="Glossary",
        summary="Plain-English explanations of the medical words we use.",
        intro=(
            "<p>Plain-English explanations of words you may hear from your MS team "
            "or read on this website.</p>"
        ),
    )
    add_to_menu(site, hubs["treatments"])
    add_to_menu(site, glossary, "footer_navigation")
    featured = list(home.featured_topics.raw_data)
    if not any(item["value"].get("page") == hubs["treatments"].pk for item in featured):
        featured.append(
            {"type": "topic", "value": {"page": hubs["treatments"].pk, "summary": ""}}
        )
        home.featured_topics = featured
        home.save_revision().publish()

    details = SiteSettings.for_site(site)
    if details.disclaimer_page_id is None:
        details.disclaimer_page = (
            StandardPage.objects.child_of(home)
            .filter(slug="medical-disclaimer")
            .first()
        )
        details.save()
    stdout.write(f"Pages: {len(pages)} articles and the glossary ready.")
