"""Pictures for the demo content, drawn in code with Pillow when it loads.

Nothing is downloaded and no binary is kept in the repository: every picture
is drawn the same way each time (fixed shapes, fixed random seeds), so a
second `make run` finds and keeps what the first one made.

- Two labelled diagrams for "The immune system and MS": a healthy nerve
  cell, and an immune attack on its myelin. Colours come from the
  Okabe–Ito palette, which people with the common kinds of colour
  blindness can tell apart, and never carry meaning alone: damaged myelin
  is also broken and hatched, the blocked message also dotted and crossed.
  Labels are large enough to read on a phone.
- Warm illustrations "in spirit" (landscapes, people, a laboratory, a
  scanner) for the home page, hubs, stories and research projects.

Each drawing is made at twice its size and scaled down, which smooths its
edges.
"""

import io
import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from PIL import Image, ImageDraw, ImageFont

SCALE = 2  # drawn at twice the size, then scaled down for smooth edges
FONT_DIR = "/usr/share/fonts/truetype/dejavu/"

# Okabe–Ito, the colour-blind-safe palette.
BLUE = (0, 114, 178)
ORANGE = (230, 159, 0)
VERMILION = (213, 94, 0)
GREEN = (0, 158, 115)
SKY = (86, 180, 233)
PURPLE = (204, 121, 167)
INK = (31, 31, 35)
PAPER = (255, 255, 255)

# The illustrations' warm palette, close to the site's purple.
PLUM = (91, 45, 142)
LAVENDER = (222, 210, 240)
MIST = (244, 240, 249)
PEACH = (255, 214, 186)
APRICOT = (246, 166, 120)
SUN = (255, 196, 87)
SAGE = (143, 188, 150)
FOREST = (63, 120, 96)
TEAL = (46, 134, 146)
SKIN = [(250, 214, 180), (224, 172, 132), (176, 118, 82), (120, 78, 52), (92, 58, 40)]
HAIR = [(40, 30, 28), (92, 58, 36), (170, 120, 70), (210, 200, 190), (60, 40, 30)]


@cache
def font(size: int, bold: bool = True) -> ImageFont.FreeTypeFont:
    """DejaVu Sans where it is installed (Debian), else Pillow's own font."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        return ImageFont.truetype(FONT_DIR + name, size * SCALE)
    except OSError:
        return ImageFont.load_default(size * SCALE)


class Canvas:
    """A drawing surface measured in final pixels, drawn at SCALE times."""

    def __init__(self, width: int, height: int, background=PAPER):
        self.width, self.height = width, height
        self.image = Image.new("RGB", (width * SCALE, height * SCALE), background)
        self.draw = ImageDraw.Draw(self.image)

    @staticmethod
    def _s(*values: float) -> list[float]:
        return [value * SCALE for value in values]

    def ellipse(self, box, fill=None, outline=None, width: int = 0) -> None:
        self.draw.ellipse(
            self._s(*box), fill=fill, outline=outline, width=width * SCALE
        )

    def circle(self, x, y, r, **kwargs) -> None:
        self.ellipse((x - r, y - r, x + r, y + r), **kwargs)

    def rectangle(self, box, radius: float = 0, fill=None, outline=None, width=0):
        self.draw.rounded_rectangle(
            self._s(*box),
            radius=radius * SCALE,
            fill=fill,
            outline=outline,
            width=width * SCALE,
        )

    def polygon(self, points, fill=None, outline=None, width: int = 0) -> None:
        self.draw.polygon(
            [(x * SCALE, y * SCALE) for x, y in points],
            fill=fill,
            outline=outline,
            width=width * SCALE,
        )

    def line(self, points, fill=INK, width: int = 4, joint="curve") -> None:
        self.draw.line(
            [(x * SCALE, y * SCALE) for x, y in points],
            fill=fill,
            width=width * SCALE,
            joint=joint,
        )

    def arc(self, box, start, end, fill=INK, width: int = 4) -> None:
        self.draw.arc(self._s(*box), start, end, fill=fill, width=width * SCALE)

    def pieslice(self, box, start, end, fill) -> None:
        self.draw.pieslice(self._s(*box), start, end, fill=fill)

    def text(self, xy, words: str, size: int, fill=INK, anchor="la", bold=True):
        x, y = xy
        self.draw.text(
            (x * SCALE, y * SCALE),
            words,
            font=font(size, bold),
            fill=fill,
            anchor=anchor,
        )

    def label(self, xy, words: str, size: int = 40, anchor="la") -> None:
        """Text on a white band, so it stays readable over any shape."""
        x, y = xy
        box = self.draw.textbbox(
            (x * SCALE, y * SCALE), words, font=font(size), anchor=anchor
        )
        pad = 10 * SCALE
        self.draw.rounded_rectangle(
            (box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad),
            radius=8 * SCALE,
            fill=PAPER,
            outline=INK,
            width=3 * SCALE,
        )
        self.text(xy, words, size, anchor=anchor)

    def arrow(self, start, end, fill=INK, width: int = 8, head: int = 26) -> None:
        (x1, y1), (x2, y2) = start, end
        angle = math.atan2(y2 - y1, x2 - x1)
        base = (x2 - head * math.cos(angle), y2 - head * math.sin(angle))
        self.line([start, base], fill=fill, width=width)
        left = (
            base[0] + head * 0.6 * math.cos(angle + math.pi / 2),
            base[1] + head * 0.6 * math.sin(angle + math.pi / 2),
        )
        right = (
            base[0] + head * 0.6 * math.cos(angle - math.pi / 2),
            base[1] + head * 0.6 * math.sin(angle - math.pi / 2),
        )
        self.polygon([end, left, right], fill=fill)

    def gradient(self, top, bottom, box=None) -> None:
        """A vertical gradient from `top` to `bottom` colour over `box`."""
        x0, y0, x1, y1 = box or (0, 0, self.width, self.height)
        steps = int((y1 - y0) * SCALE)
        for step in range(steps):
            mix = step / max(steps - 1, 1)
            colour = tuple(
                round(a + (b - a) * mix) for a, b in zip(top, bottom, strict=True)
            )
            y = y0 * SCALE + step
            self.draw.line([(x0 * SCALE, y), (x1 * SCALE, y)], fill=colour)

    def png(self) -> bytes:
        final = self.image.resize((self.width, self.height), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        final.save(buffer, "PNG")
        return buffer.getvalue()


# The nerve diagrams ---------------------------------------------------------

AXON_Y = 420
BODY_X = 230
MYELIN = [(360 + n * 165, 118) for n in range(5)]  # (left, width) of each sheath
MYELIN_FILL, MYELIN_LINE, DAMAGED_FILL = ORANGE, (170, 112, 0), (253, 236, 200)


def _hatched(canvas: Canvas, points: list[tuple[float, float]]) -> None:
    """A pale shape with diagonal vermilion hatching, outlined: damage that
    does not rely on colour to be seen."""
    xs, ys = [x for x, _ in points], [y for _, y in points]
    left, top = int(min(xs) * SCALE), int(min(ys) * SCALE)
    size = (int(max(xs) * SCALE) - left + 1, int(max(ys) * SCALE) - top + 1)
    hatch = Image.new("RGB", size, DAMAGED_FILL)
    pen = ImageDraw.Draw(hatch)
    for offset in range(-size[1], size[0], 16 * SCALE):
        pen.line(
            [(offset, size[1]), (offset + size[1], 0)], fill=VERMILION, width=3 * SCALE
        )
    mask = Image.new("L", size, 0)
    ImageDraw.Draw(mask).polygon(
        [(x * SCALE - left, y * SCALE - top) for x, y in points], fill=255
    )
    canvas.image.paste(hatch, (left, top), mask)
    canvas.polygon(points, outline=INK, width=3)


def _ragged(left: float, right: float, rng: random.Random) -> list:
    """A broken piece of myelin: straight top and bottom, torn ends."""
    top, bottom = AXON_Y - 44, AXON_Y + 44
    points = [(left, top), (right, top)]
    points += [(right + rng.choice((-7, 7)), top + 22 * n) for n in range(1, 4)]
    points += [(right, bottom), (left, bottom)]
    points += [(left + rng.choice((-7, 7)), bottom - 22 * n) for n in range(1, 4)]
    return points


def _nerve(canvas: Canvas, damaged: frozenset[int] = frozenset()) -> None:
    """A nerve cell: body with branches on the left, axon, myelin, endings."""
    rng = random.Random(7)
    for angle in (150, 190, 228, 118, 262, 92):
        radians = math.radians(angle)
        start = (BODY_X + 60 * math.cos(radians), AXON_Y + 60 * math.sin(radians))
        end = (BODY_X + 150 * math.cos(radians), AXON_Y + 150 * math.sin(radians))
        canvas.line([start, end], fill=BLUE, width=14)
        for turn in (-28, 28):
            twig = math.radians(angle + turn)
            canvas.line(
                [end, (end[0] + 45 * math.cos(twig), end[1] + 45 * math.sin(twig))],
                fill=BLUE,
                width=9,
            )
    canvas.line([(BODY_X + 50, AXON_Y), (1200, AXON_Y)], fill=BLUE, width=22)
    for spread in (-70, -25, 25, 70):
        end = (1290, AXON_Y + spread)
        canvas.line([(1200, AXON_Y), end], fill=BLUE, width=12)
        canvas.circle(end[0], end[1], 14, fill=BLUE)
    canvas.circle(BODY_X, AXON_Y, 92, fill=BLUE, outline=INK, width=4)
    canvas.circle(BODY_X - 10, AXON_Y - 6, 34, fill=SKY, outline=INK, width=3)
    for number, (left, width) in enumerate(MYELIN):
        if number in damaged:
            # Torn into pieces, with gaps where the myelin has gone.
            for piece_left, piece_right in ((left, left + 30), (left + 58, left + 84)):
                _hatched(canvas, _ragged(piece_left, piece_right, rng))
            continue
        box = (left, AXON_Y - 46, left + width, AXON_Y + 46)
        canvas.rectangle(box, radius=46, fill=MYELIN_FILL, outline=INK, width=4)
        # Curved stripes: the layers of myelin wrapped round the fibre.
        for offset in range(26, width - 16, 22):
            canvas.line(
                [(left + offset, AXON_Y - 40), (left + offset, AXON_Y + 40)],
                fill=MYELIN_LINE,
                width=3,
            )


def nerve_diagram() -> bytes:
    """A healthy nerve cell with its myelin sheath, labelled."""
    canvas = Canvas(1400, 820)
    canvas.text((48, 40), "A healthy nerve cell", 50)
    _nerve(canvas)
    canvas.arrow((380, 268), (1160, 268), fill=GREEN, width=12, head=36)
    canvas.label((770, 210), "Messages travel quickly", 38, anchor="ms")
    canvas.line([(205, 512), (180, 606)], width=4)
    canvas.label((40, 620), "Nerve cell body", 38)
    canvas.line([(600, 468), (600, 666)], width=4)
    canvas.label((440, 680), "Myelin sheath", 38)
    canvas.line([(1170, 436), (1130, 666)], width=4)
    canvas.label((920, 680), "Nerve fibre (axon)", 38)
    canvas.text(
        (48, 770),
        "Myelin wraps the nerve fibre like insulation on a cable.",
        30,
        bold=False,
    )
    return canvas.png()


def attack_diagram() -> bytes:
    """The same nerve in MS: immune cells have damaged some of its myelin."""
    canvas = Canvas(1400, 820)
    canvas.text((48, 40), "In MS: an immune attack on myelin", 50)
    _nerve(canvas, frozenset({2, 3}))
    for x, y in ((715, 300), (880, 300), (640, 555)):
        canvas.circle(x, y, 40, fill=PURPLE, outline=INK, width=4)
        canvas.circle(x - 10, y - 8, 14, fill=(120, 50, 95))
        for spike in range(8):
            angle = math.radians(spike * 45 + 20)
            canvas.line(
                [
                    (x + 40 * math.cos(angle), y + 40 * math.sin(angle)),
                    (x + 56 * math.cos(angle), y + 56 * math.sin(angle)),
                ],
                width=5,
            )
    # The message, slowed and blocked: dotted, and stopped with a cross.
    for x in range(380, 630, 36):
        canvas.line([(x, 200), (x + 18, 200)], fill=GREEN, width=12)
    canvas.line([(650, 180), (690, 220)], fill=VERMILION, width=12)
    canvas.line([(650, 220), (690, 180)], fill=VERMILION, width=12)
    canvas.label((380, 150), "Messages slow down or stop", 34, anchor="ls")
    canvas.line([(618, 598), (560, 676)], width=4)
    canvas.label((380, 690), "Immune cells", 38)
    canvas.line([(870, 466), (880, 676)], width=4)
    canvas.label((780, 690), "Damaged myelin", 38)
    canvas.text(
        (48, 770),
        "Where myelin is damaged, the nerve cannot pass messages properly.",
        28,
        bold=False,
    )
    return canvas.png()


# Illustrations ---------------------------------------------------------------


def _hills(canvas: Canvas, base: float, height: float, colour, phase: float):
    """A band of rolling hills from `base` down to the bottom of the picture."""
    points = []
    for step in range(0, canvas.width + 21, 20):
        wave = math.sin(step / canvas.width * 2.6 * math.pi + phase)
        wave += 0.5 * math.sin(step / canvas.width * 5.1 * math.pi + phase * 2)
        points.append((step, base - height * wave))
    canvas.polygon(
        [*points, (canvas.width, canvas.height), (0, canvas.height)], fill=colour
    )


@dataclass
class Look:
    """How an illustrated person looks."""

    skin: tuple
    hair: tuple
    top: tuple
    hair_style: str = "short"  # short, long, curly, bun, cap, bald
    glasses: bool = False
    beard: bool = False


def _person(canvas: Canvas, x: float, y: float, size: float, look: Look) -> None:
    """Head and shoulders, feet of the shoulders at (x, y); `size` is the head's
    radius. Faces are simple: two eyes and a smile."""
    r = size
    head_y = y - 2.9 * r
    # Shoulders and body.
    canvas.rectangle(
        (x - 2.1 * r, y - 1.6 * r, x + 2.1 * r, y + 2.6 * r),
        radius=1.4 * r,
        fill=look.top,
    )
    canvas.rectangle(
        (x - 0.45 * r, y - 2.1 * r, x + 0.45 * r, y - 1.2 * r), fill=look.skin
    )
    if look.hair_style == "long":
        # Falling behind the shoulders on both sides of the face.
        for side in (-1, 1):
            inner, outer = x + side * 0.55 * r, x + side * 1.2 * r
            canvas.rectangle(
                (
                    min(inner, outer),
                    head_y - 0.2 * r,
                    max(inner, outer),
                    head_y + 1.8 * r,
                ),
                radius=0.3 * r,
                fill=look.hair,
            )
    if look.hair_style == "curly":
        for angle in range(0, 360, 30):
            radians = math.radians(angle)
            canvas.circle(
                x + 1.05 * r * math.cos(radians),
                head_y - 0.15 * r + 1.0 * r * math.sin(radians),
                0.5 * r,
                fill=look.hair,
            )
    canvas.circle(x, head_y, r, fill=look.skin)
    if look.hair_style in ("short", "long", "bun"):
        canvas.pieslice(
            (x - r, head_y - r, x + r, head_y + r), 180, 360, fill=look.hair
        )
        canvas.rectangle(
            (x - r, head_y - 0.25 * r, x - 0.72 * r, head_y + 0.35 * r), fill=look.hair
        )
        canvas.rectangle(
            (x + 0.72 * r, head_y - 0.25 * r, x + r, head_y + 0.35 * r), fill=look.hair
        )
        canvas.circle(x, head_y + 0.05 * r, 0.82 * r, fill=look.skin)
        canvas.pieslice(
            (x - 0.95 * r, head_y - 1.02 * r, x + 0.95 * r, head_y + 0.2 * r),
            190,
            350,
            fill=look.hair,
        )
    if look.hair_style == "bun":
        canvas.circle(x, head_y - 1.15 * r, 0.42 * r, fill=look.hair)
    if look.hair_style == "cap":
        for side in (-1, 1):
            canvas.circle(
                x + side * 0.9 * r, head_y + 0.05 * r, 0.22 * r, fill=look.hair
            )
        canvas.pieslice(
            (x - r, head_y - 1.05 * r, x + r, head_y + 0.6 * r), 180, 360, fill=look.top
        )
        canvas.rectangle(
            (x - 0.2 * r, head_y - 0.3 * r, x + 1.5 * r, head_y - 0.12 * r),
            radius=0.1 * r,
            fill=look.top,
        )
    if look.beard:
        canvas.pieslice(
            (x - 0.85 * r, head_y - 0.3 * r, x + 0.85 * r, head_y + 1.05 * r),
            0,
            180,
            fill=look.hair,
        )
        canvas.circle(x, head_y + 0.28 * r, 0.42 * r, fill=look.skin)
    eye = (60, 40, 40)
    for side in (-1, 1):
        canvas.circle(x + side * 0.36 * r, head_y - 0.05 * r, 0.09 * r, fill=eye)
        if look.glasses:
            canvas.circle(
                x + side * 0.36 * r,
                head_y - 0.05 * r,
                0.27 * r,
                outline=INK,
                width=max(2, round(r / 18)),
            )
    if look.glasses:
        canvas.line(
            [(x - 0.1 * r, head_y - 0.08 * r), (x + 0.1 * r, head_y - 0.08 * r)],
            width=max(2, round(r / 18)),
        )
    canvas.arc(
        (x - 0.34 * r, head_y + 0.05 * r, x + 0.34 * r, head_y + 0.5 * r),
        20,
        160,
        fill=(150, 70, 70),
        width=max(2, round(r / 14)),
    )
    canvas.circle(
        x - 0.55 * r,
        head_y + 0.3 * r,
        0.13 * r,
        fill=tuple(min(255, c + 12) for c in APRICOT),
    )
    canvas.circle(
        x + 0.55 * r,
        head_y + 0.3 * r,
        0.13 * r,
        fill=tuple(min(255, c + 12) for c in APRICOT),
    )


def _walker(canvas: Canvas, x: float, y: float, h: float, look: Look, stick=False):
    """A small standing figure, seen from a distance, feet at (x, y)."""
    canvas.rectangle(
        (x - 0.16 * h, y - 0.62 * h, x + 0.16 * h, y - 0.18 * h),
        radius=0.1 * h,
        fill=look.top,
    )
    canvas.line(
        [(x - 0.07 * h, y - 0.2 * h), (x - 0.1 * h, y)],
        fill=(70, 60, 80),
        width=max(3, round(h / 12)),
    )
    canvas.line(
        [(x + 0.07 * h, y - 0.2 * h), (x + 0.12 * h, y)],
        fill=(70, 60, 80),
        width=max(3, round(h / 12)),
    )
    canvas.circle(x, y - 0.75 * h, 0.12 * h, fill=look.skin)
    canvas.pieslice(
        (x - 0.12 * h, y - 0.87 * h, x + 0.12 * h, y - 0.63 * h),
        180,
        360,
        fill=look.hair,
    )
    if stick:
        canvas.line(
            [(x + 0.2 * h, y - 0.45 * h), (x + 0.3 * h, y)],
            fill=(110, 70, 40),
            width=max(3, round(h / 16)),
        )


def home_hero() -> bytes:
    canvas = Canvas(1200, 900)
    canvas.gradient(LAVENDER, PEACH, (0, 0, 1200, 620))
    canvas.circle(820, 400, 130, fill=SUN)
    canvas.circle(820, 400, 170, outline=(255, 222, 160), width=8)
    _hills(canvas, 520, 40, (186, 160, 214), 0.4)
    _hills(canvas, 620, 50, SAGE, 2.0)
    _hills(canvas, 760, 45, FOREST, 3.4)
    # A path winding towards the sun.
    canvas.polygon(
        [
            (470, 900),
            (760, 900),
            (660, 760),
            (700, 660),
            (760, 600),
            (745, 598),
            (640, 660),
            (560, 760),
        ],
        fill=(240, 222, 196),
    )
    _walker(canvas, 600, 780, 150, Look(SKIN[3], HAIR[0], APRICOT), stick=True)
    _walker(canvas, 680, 770, 140, Look(SKIN[0], HAIR[2], PLUM))
    for bx, by in ((300, 200), (350, 240), (980, 170)):
        canvas.arc((bx - 22, by - 10, bx, by + 10), 200, 340, fill=PLUM, width=4)
        canvas.arc((bx, by - 10, bx + 22, by + 10), 200, 340, fill=PLUM, width=4)
    return canvas.png()


def nerve_network() -> bytes:
    canvas = Canvas(1200, 800, MIST)
    rng = random.Random(11)
    nodes = [
        (150 + col * 300 + rng.randint(-60, 60), 150 + row * 250 + rng.randint(-50, 50))
        for row in range(3)
        for col in range(4)
    ]
    for index, (x, y) in enumerate(nodes):
        neighbours = [n for n in (index + 1, index + 4) if n < len(nodes)]
        if index % 4 == 3:
            neighbours = [n for n in neighbours if n != index + 1]
        for other in (nodes[n] for n in neighbours):
            bend = (rng.randint(-50, 50), rng.randint(-50, 50))
            mid = ((x + other[0]) / 2 + bend[0], (y + other[1]) / 2 + bend[1])
            curve = [
                (
                    (1 - t) ** 2 * x + 2 * (1 - t) * t * mid[0] + t**2 * other[0],
                    (1 - t) ** 2 * y + 2 * (1 - t) * t * mid[1] + t**2 * other[1],
                )
                for t in [step / 40 for step in range(41)]
            ]
            canvas.line(curve, fill=(166, 140, 204), width=12)
            for t in range(10, 32, 7):
                (ax, ay), (bx, by) = curve[t], curve[t + 4]
                canvas.line([(ax, ay), (bx, by)], fill=SUN, width=26)
    for x, y in nodes:
        # Short branches with round tips: nerve cells, not the spiky immune
        # cells of the diagrams.
        for angle in (200, 250, 320):
            radians = math.radians(angle + x % 30)
            tip = (x + 58 * math.cos(radians), y + 58 * math.sin(radians))
            canvas.line([(x, y), tip], fill=(166, 140, 204), width=8)
            canvas.circle(*tip, 9, fill=(166, 140, 204))
        canvas.circle(x, y, 36, fill=PLUM)
        canvas.circle(x - 9, y - 9, 12, fill=LAVENDER)
    return canvas.png()


def consultation() -> bytes:
    canvas = Canvas(1200, 800, MIST)
    canvas.rectangle(
        (700, 90, 1080, 420), radius=12, fill=(206, 228, 240), outline=PLUM, width=10
    )
    canvas.line([(890, 90), (890, 420)], fill=PLUM, width=8)
    canvas.circle(980, 190, 40, fill=SUN)
    canvas.rectangle((120, 120, 360, 300), radius=16, fill=PEACH)
    canvas.text((150, 160), "MS", 44, fill=PLUM)
    canvas.text((150, 220), "nurse clinic", 26, fill=PLUM, bold=False)
    _person(canvas, 330, 700, 70, Look(SKIN[1], HAIR[1], TEAL, "bun"))
    _person(
        canvas, 850, 700, 70, Look(SKIN[4], HAIR[0], APRICOT, "short", glasses=True)
    )
    canvas.rectangle((380, 600, 800, 640), radius=10, fill=(160, 110, 80))
    canvas.rectangle((440, 560, 500, 600), radius=8, fill=PLUM)
    canvas.rectangle((640, 520, 700, 600), radius=6, fill=FOREST)
    for leaf in range(5):
        angle = math.radians(200 + leaf * 35)
        canvas.ellipse(
            (
                670 + 70 * math.cos(angle) - 26,
                520 + 70 * math.sin(angle) - 14,
                670 + 70 * math.cos(angle) + 26,
                520 + 70 * math.sin(angle) + 14,
            ),
            fill=SAGE,
        )
    return canvas.png()


def community() -> bytes:
    canvas = Canvas(1200, 800)
    canvas.gradient(PEACH, LAVENDER)
    canvas.circle(600, 420, 330, fill=(255, 236, 214))
    looks = [
        (260, 760, 68, Look(SKIN[2], HAIR[0], TEAL, "curly")),
        (470, 760, 76, Look(SKIN[0], HAIR[3], PLUM, "short", glasses=True)),
        (730, 760, 72, Look(SKIN[4], HAIR[0], APRICOT, "short", beard=True)),
        (950, 760, 66, Look(SKIN[1], HAIR[2], FOREST, "long")),
    ]
    for x, y, size, look in looks:
        _person(canvas, x, y, size, look)
    return canvas.png()


def mri_scanner() -> bytes:
    canvas = Canvas(1200, 800, (230, 240, 246))
    canvas.rectangle((0, 620, 1200, 800), fill=(205, 220, 230))
    canvas.circle(640, 400, 280, fill=PAPER, outline=BLUE, width=16)
    canvas.circle(640, 400, 150, fill=(40, 60, 90))
    canvas.rectangle((160, 470, 800, 520), radius=20, fill=(180, 196, 214))
    canvas.rectangle((220, 520, 260, 640), fill=(150, 166, 190))
    canvas.rectangle((700, 520, 740, 640), fill=(150, 166, 190))
    # A brain scan on the screen beside the scanner.
    canvas.rectangle((900, 130, 1140, 330), radius=12, fill=(40, 60, 90))
    canvas.ellipse((950, 160, 1090, 300), fill=(170, 180, 200))
    canvas.ellipse((975, 185, 1065, 275), fill=(120, 132, 156))
    for spot in ((1000, 210), (1040, 250), (1020, 230)):
        canvas.circle(*spot, 7, fill=PAPER)
    return canvas.png()


def laboratory() -> bytes:
    canvas = Canvas(1200, 800, MIST)
    canvas.rectangle((0, 560, 1200, 800), fill=(214, 200, 232))
    canvas.rectangle((60, 540, 1140, 575), radius=8, fill=PLUM)
    # Microscope.
    canvas.rectangle((260, 500, 460, 540), radius=10, fill=INK)
    canvas.line([(330, 500), (330, 300), (400, 240)], fill=INK, width=34)
    canvas.line([(400, 240), (460, 330)], fill=(60, 60, 70), width=40)
    canvas.rectangle((300, 400, 430, 420), fill=(60, 60, 70))
    # Flasks.
    for x, colour in ((640, SKY), (800, ORANGE), (940, GREEN)):
        canvas.polygon(
            [(x - 20, 330), (x + 20, 330), (x + 70, 530), (x - 70, 530)],
            fill=PAPER,
            outline=INK,
            width=5,
        )
        canvas.polygon(
            [(x - 45, 430), (x + 45, 430), (x + 70, 530), (x - 70, 530)], fill=colour
        )
        canvas.rectangle((x - 26, 310, x + 26, 334), radius=6, fill=INK)
    for bubble in range(6):
        canvas.circle(
            800 + bubble * 9 - 20,
            300 - bubble * 28,
            8 + bubble % 3 * 3,
            outline=ORANGE,
            width=4,
        )
    return canvas.png()


def clinic() -> bytes:
    canvas = Canvas(1200, 800, (238, 244, 240))
    canvas.rectangle((0, 600, 1200, 800), fill=(210, 226, 216))
    # Drip stand and bag.
    canvas.line([(820, 140), (820, 620)], fill=(120, 120, 130), width=12)
    canvas.line([(760, 620), (880, 620)], fill=(120, 120, 130), width=12)
    canvas.rectangle(
        (770, 150, 870, 300), radius=22, fill=(210, 236, 250), outline=BLUE, width=6
    )
    canvas.line([(820, 300), (820, 360), (700, 460)], fill=BLUE, width=5)
    # A comfortable chair, and a person reading in it.
    canvas.rectangle((360, 420, 720, 620), radius=40, fill=TEAL)
    _person(canvas, 540, 560, 60, Look(SKIN[2], HAIR[4], APRICOT, "long"))
    canvas.rectangle((470, 560, 600, 620), radius=8, fill=PAPER, outline=PLUM, width=5)
    canvas.circle(200, 200, 90, fill=SUN)
    return canvas.png()


PORTRAIT_BACKGROUNDS = [
    PEACH,
    LAVENDER,
    (204, 230, 214),
    (255, 228, 170),
    (210, 228, 244),
]


def portrait(look: Look, background) -> Callable[[], bytes]:
    def draw() -> bytes:
        canvas = Canvas(800, 800, background)
        canvas.circle(400, 360, 300, fill=tuple(min(255, c + 16) for c in background))
        _person(canvas, 400, 760, 150, look)
        return canvas.png()

    return draw
