"""The demo content's pictures as images in the library, with alt text, credit
and licence. Drawn by `demo_pictures` the first time they are needed.

An image is found again by its title. Its file is written once: when a file
of the same name already holds the same picture (a database made again over
the same media folder, as the tests do every session), it is reused.
"""

from dataclasses import dataclass

from django.core.files.base import ContentFile

from PIL import Image

from . import demo_pictures as draw
from .models import CustomImage

CREDIT = "Illustration: made for the MS Portal demonstration"
LICENCE = "CC0 1.0: no rights reserved, free to reuse"


@dataclass(frozen=True)
class Picture:
    title: str
    alt: str
    draw: object
    credit: str = CREDIT
    # The part of the picture to keep when it is cropped, as fractions of
    # its width and height: (left, top, width, height).
    focus: tuple[float, float, float, float] | None = None


FACE = (0.3, 0.12, 0.4, 0.5)

PICTURES = {
    "nerve": Picture(
        "Diagram: a healthy nerve cell",
        "Diagram of a healthy nerve cell: a round cell body on the left and a "
        "long nerve fibre, wrapped in five orange sections of myelin. An arrow "
        "shows messages travelling quickly along it.",
        draw.nerve_diagram,
        credit="Diagram: made for the MS Portal demonstration",
    ),
    "attack": Picture(
        "Diagram: an immune attack on myelin in MS",
        "Diagram of the same nerve in MS: purple immune cells gather where two "
        "sections of myelin are broken into pieces. The message arrow turns "
        "dotted and stops at a cross.",
        draw.attack_diagram,
        credit="Diagram: made for the MS Portal demonstration",
    ),
    "home": Picture(
        "Two people walking in the hills at sunrise",
        "Illustration: two people, one with a walking stick, walk together "
        "along a path through green hills towards the rising sun.",
        draw.home_hero,
    ),
    "network": Picture(
        "A network of nerve cells",
        "Illustration: purple nerve cells joined by fibres, with the fibres "
        "wrapped in short yellow sections of myelin.",
        draw.nerve_network,
    ),
    "consultation": Picture(
        "A conversation at the MS nurse clinic",
        "Illustration: a person talks with an MS nurse across a table, with a "
        "plant between them and a sunny window behind.",
        draw.consultation,
    ),
    "community": Picture(
        "Four people smiling together",
        "Illustration: four smiling people of different ages and backgrounds "
        "standing side by side.",
        draw.community,
    ),
    "scanner": Picture(
        "An MRI scanner and a brain scan",
        "Illustration: an MRI scanner with its bed, beside a screen showing a "
        "brain scan with small bright spots.",
        draw.mri_scanner,
    ),
    "laboratory": Picture(
        "A laboratory bench",
        "Illustration: a microscope and three flasks of coloured liquid on a "
        "laboratory bench.",
        draw.laboratory,
    ),
    "clinic": Picture(
        "Reading during an infusion",
        "Illustration: a person sits reading in a comfortable chair beside a "
        "drip stand, having a treatment by infusion.",
        draw.clinic,
    ),
    "amara": Picture(
        "Portrait of Amara (illustration)",
        "Illustrated portrait of a smiling young Black woman with curly hair, "
        "wearing a teal top.",
        draw.portrait(
            draw.Look(draw.SKIN[3], draw.HAIR[0], draw.TEAL, "curly"), draw.PEACH
        ),
        focus=FACE,
    ),
    "tom": Picture(
        "Portrait of Tom (illustration)",
        "Illustrated portrait of a smiling older white man with grey hair and a "
        "grey beard, wearing a purple jumper.",
        draw.portrait(
            draw.Look(draw.SKIN[0], draw.HAIR[3], draw.PLUM, "short", beard=True),
            draw.LAVENDER,
        ),
        focus=FACE,
    ),
    "kwame": Picture(
        "Portrait of Kwame (illustration)",
        "Illustrated portrait of a smiling Black man with short hair and round "
        "glasses, wearing an orange top.",
        draw.portrait(
            draw.Look(draw.SKIN[4], draw.HAIR[0], draw.APRICOT, glasses=True),
            (204, 230, 214),
        ),
        focus=FACE,
    ),
    "priya": Picture(
        "Portrait of Priya (illustration)",
        "Illustrated portrait of a smiling South Asian woman with her dark hair "
        "in a bun and round glasses, wearing a green top.",
        draw.portrait(
            draw.Look(draw.SKIN[1], draw.HAIR[0], draw.FOREST, "bun", glasses=True),
            (255, 228, 170),
        ),
        focus=FACE,
    ),
    "sam": Picture(
        "Portrait of Sam (illustration)",
        "Illustrated portrait of a smiling young person in a blue cap and blue top.",
        draw.portrait(
            draw.Look(draw.SKIN[0], draw.HAIR[2], draw.BLUE, "cap"), (210, 228, 244)
        ),
        focus=FACE,
    ),
}


def _file_name(key: str) -> str:
    return f"demo-{key}.png"


def demo_image(key: str) -> CustomImage:
    """The demo picture `key`, drawn and added to the image library if needed."""
    picture = PICTURES[key]
    image = CustomImage.objects.filter(title=picture.title).first()
    if image is not None:
        return image
    data = picture.draw()
    image = CustomImage(
        title=picture.title,
        description=picture.alt,
        credit=picture.credit,
        licence=LICENCE,
    )
    storage = image.file.field.storage
    name = image.get_upload_to(_file_name(key))
    if storage.exists(name) and _same(storage, name, data):
        image.file.name = name
    else:
        image.file.save(_file_name(key), ContentFile(data), save=False)
    with Image.open(image.file) as opened:
        image.width, image.height = opened.size
    image._set_image_file_metadata()
    if picture.focus:
        left, top, width, height = picture.focus
        image.focal_point_x = round((left + width / 2) * image.width)
        image.focal_point_y = round((top + height / 2) * image.height)
        image.focal_point_width = round(width * image.width)
        image.focal_point_height = round(height * image.height)
    image.save()
    return image


def _same(storage, name: str, data: bytes) -> bool:
    with storage.open(name) as existing:
        return existing.read() == data
