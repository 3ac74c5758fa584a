"""Is one version of a call to action clicked more than another, or is it chance?

The two-proportion z-test, from the standard library (statistics.NormalDist):
the p-value uses the pooled proportion (the usual test of "no difference"), the
confidence interval for the difference in click-through rates uses each
version's own proportion (Wald). With more than one variant, each is compared
with the control at a Bonferroni-corrected level, so trying three variants does
not triple the chance of a false winner.

The normal approximation needs enough clicks: no verdict is given until every
version has DONATION_AB_MIN_IMPRESSIONS impressions and DONATION_AB_MIN_CLICKS
clicks (1,000 and 30 by default).
"""

import math
from dataclasses import dataclass
from statistics import NormalDist

from django.conf import settings

ALPHA = 0.05


@dataclass(frozen=True)
class Comparison:
    """A variant against the control."""

    difference: float  # variant's rate minus the control's
    low: float
    high: float
    p_value: float
    confidence: float  # of the interval, for example 0.95

    @property
    def better(self) -> bool:
        return self.low > 0

    @property
    def worse(self) -> bool:
        return self.high < 0


def compare(
    control_clicks: int,
    control_impressions: int,
    variant_clicks: int,
    variant_impressions: int,
    alpha: float = ALPHA,
) -> Comparison:
    """Two-proportion z-test of the variant's click-through rate against the
    control's, with a (1 - alpha) confidence interval for the difference."""
    # A click can be counted without an impression (a blocked beacon); a rate
    # above one is not a proportion, so clicks are capped at impressions.
    c1, n1 = min(control_clicks, control_impressions), control_impressions
    c2, n2 = min(variant_clicks, variant_impressions), variant_impressions
    if n1 <= 0 or n2 <= 0:
        raise ValueError("Both versions need impressions.")
    p1, p2 = c1 / n1, c2 / n2
    difference = p2 - p1
    normal = NormalDist()
    pooled = (c1 + c2) / (n1 + n2)
    pooled_se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if pooled_se == 0:
        p_value = 1.0
    else:
        p_value = 2 * (1 - normal.cdf(abs(difference) / pooled_se))
    se = math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    margin = normal.inv_cdf(1 - alpha / 2) * se
    return Comparison(
        difference=difference,
        low=difference - margin,
        high=difference + margin,
        p_value=p_value,
        confidence=1 - alpha,
    )


def minimums() -> tuple[int, int]:
    """Impressions and clicks every version needs before a verdict."""
    return settings.DONATION_AB_MIN_IMPRESSIONS, settings.DONATION_AB_MIN_CLICKS


@dataclass
class Arm:
    key: str
    label: str
    impressions: int
    clicks: int
    comparison: Comparison | None = None
    # What the version showed, for the report (a models.Version).
    version: object = None

    @property
    def ctr(self) -> float | None:
        return self.clicks / self.impressions if self.impressions else None

    @property
    def has_enough_data(self) -> bool:
        min_impressions, min_clicks = minimums()
        return self.impressions >= min_impressions and self.clicks >= min_clicks


@dataclass
class Verdict:
    arms: list[Arm]
    enough_data: bool
    confidence: float
    winner: Arm | None  # clearly best, when there is one
    summary: str

    @property
    def control(self) -> Arm:
        return self.arms[0]

    @property
    def suggested(self) -> Arm:
        """The version to keep if the test ended now: the clear winner, or the
        control when nothing has clearly beaten it."""
        return self.winner or self.control


def level(confidence: float) -> str:
    """0.95 → 95%, 0.975 → 97.5%."""
    return f"{confidence * 100:.3g}%"


def percent(rate: float | None) -> str:
    return "–" if rate is None else f"{rate * 100:.2f}%"


def points(difference: float) -> str:
    """A difference in rates as percentage points, signed."""
    return f"{difference * 100:+.2f}"


def judge(arms: list[Arm]) -> Verdict:
    """Compare every variant with the control (the first arm) and say what the
    figures show, in plain words."""
    control, variants = arms[0], arms[1:]
    alpha = ALPHA / max(1, len(variants))
    confidence = 1 - alpha
    enough = all(arm.has_enough_data for arm in arms)
    if not enough:
        min_impressions, min_clicks = minimums()
        short = [arm.label for arm in arms if not arm.has_enough_data]
        return Verdict(
            arms,
            False,
            confidence,
            None,
            f"Not enough data yet. Every version needs at least "
            f"{min_impressions:,} impressions and {min_clicks:,} clicks before the "
            f"figures can say which works better; still short: {', '.join(short)}.",
        )
    for arm in variants:
        arm.comparison = compare(
            control.clicks, control.impressions, arm.clicks, arm.impressions, alpha
        )
    better = [arm for arm in variants if arm.comparison.better]
    if better:
        winner = max(better, key=lambda arm: arm.ctr)
        comparison = winner.comparison
        summary = (
            f"{winner.label} is clicked more than the control: "
            f"{percent(winner.ctr)} against {percent(control.ctr)} "
            f"({points(comparison.difference)} points; {level(confidence)} confidence "
            f"interval {points(comparison.low)} to {points(comparison.high)}; "
            f"p = {comparison.p_value:.4f}). Keeping it should bring more clicks."
        )
        return Verdict(arms, True, confidence, winner, summary)
    if variants and all(arm.comparison.worse for arm in variants):
        summary = (
            f"The control is clicked more than every variant "
            f"({percent(control.ctr)}; every difference's {level(confidence)} "
            "confidence interval is below zero). Keep the control."
        )
        return Verdict(arms, True, confidence, control, summary)
    summary = (
        "No clear difference yet: the gaps between versions could be chance "
        f"(no variant's {level(confidence)} confidence interval is clear of zero). "
        "Keep the test running for more data, or end it keeping the version you "
        "prefer."
    )
    return Verdict(arms, True, confidence, None, summary)
