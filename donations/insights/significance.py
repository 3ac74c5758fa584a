"""Is one version of a call to action better than another, or is it chance?

Two questions, because a version can win clicks and lose money:

- **Clicks**: the two-proportion z-test, from the standard library
  (statistics.NormalDist). The p-value uses the pooled proportion (the usual
  test of "no difference"), the confidence interval for the difference in
  click-through rates each version's own proportion (Wald).
- **Money**: income per impression (pence raised by gifts credited to the
  version, divided by its impressions), compared by Welch's t-interval: each
  impression is one observation, worth its gift or nothing; the interval
  uses each version's own mean and spread (from the count, sum and sum of
  squares of its gifts) and does not assume the two spread alike.

With more than one variant, each is compared with the control at a
Bonferroni-corrected level, so trying three variants does not triple the
chance of a false winner. A winner is only ever called on money: clicks that
disagree with income are reported, never acted on.

Neither approximation holds on little data: no verdict on clicks until every
version has DONATION_AB_MIN_IMPRESSIONS impressions and DONATION_AB_MIN_CLICKS
clicks (1,000 and 30), none on money until each has DONATION_AB_MIN_GIFTS
gifts (20), because money comes in lumps and one large gift can swing a
small test.
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


def t_quantile(probability: float, df: float) -> float:
    """Student's t quantile, by the Cornish-Fisher expansion around the normal
    one (within 0.001 of the exact value from 5 degrees of freedom up)."""
    z = NormalDist().inv_cdf(probability)
    if df > 1e6:
        return z
    return (
        z
        + (z**3 + z) / (4 * df)
        + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)
        + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * df**3)
        + (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z)
        / (92160 * df**4)
    )


def _t_two_sided_p(t: float, df: float) -> float:
    """The two-sided p-value of `t`, by bisection on the quantile."""
    t = abs(t)
    low, high = 0.5, 1 - 1e-12
    if t_quantile(high, df) <= t:
        return 2 * (1 - high)
    for _ in range(60):
        middle = (low + high) / 2
        if t_quantile(middle, df) < t:
            low = middle
        else:
            high = middle
    return 2 * (1 - (low + high) / 2)


def compare_income(control: "Arm", variant: "Arm", alpha: float = ALPHA) -> Comparison:
    """Welch's t-interval for the difference in income per impression (pence):
    every impression is an observation worth its gift, or nothing."""

    def moments(arm: Arm) -> tuple[float, float, int]:
        n = arm.impressions
        mean = arm.amount / n
        variance = max(0.0, (arm.amount_squared - n * mean * mean) / (n - 1))
        return mean, variance, n

    if control.impressions < 2 or variant.impressions < 2:
        raise ValueError("Both versions need impressions.")
    m1, v1, n1 = moments(control)
    m2, v2, n2 = moments(variant)
    difference = m2 - m1
    a, b = v1 / n1, v2 / n2
    se = math.sqrt(a + b)
    if se == 0:
        return Comparison(difference, difference, difference, 1.0, 1 - alpha)
    df = (a + b) ** 2 / (a * a / (n1 - 1) + b * b / (n2 - 1))
    margin = t_quantile(1 - alpha / 2, df) * se
    return Comparison(
        difference=difference,
        low=difference - margin,
        high=difference + margin,
        p_value=_t_two_sided_p(difference / se, df),
        confidence=1 - alpha,
    )


def minimums() -> tuple[int, int]:
    """Impressions and clicks every version needs before a verdict on clicks."""
    return settings.DONATION_AB_MIN_IMPRESSIONS, settings.DONATION_AB_MIN_CLICKS


def minimum_gifts() -> int:
    """Gifts every version needs before a verdict on money."""
    return settings.DONATION_AB_MIN_GIFTS


@dataclass
class Arm:
    key: str
    label: str
    impressions: int
    clicks: int
    gifts: int = 0
    amount: int = 0  # pence raised by gifts credited to this version
    amount_squared: int = 0
    comparison: Comparison | None = None  # clicks, against the control
    income: Comparison | None = None  # income per impression, against the control
    # What the version showed, for the report (a models.Version).
    version: object = None

    @property
    def ctr(self) -> float | None:
        return self.clicks / self.impressions if self.impressions else None

    @property
    def income_per_impression(self) -> float | None:
        """Pence raised per impression."""
        return self.amount / self.impressions if self.impressions else None

    @property
    def has_enough_data(self) -> bool:
        min_impressions, min_clicks = minimums()
        return self.impressions >= min_impressions and self.clicks >= min_clicks

    @property
    def has_enough_gifts(self) -> bool:
        return self.has_enough_data and self.gifts >= minimum_gifts()


@dataclass
class Verdict:
    arms: list[Arm]
    enough_data: bool
    confidence: float
    winner: Arm | None  # clearly best on money, when there is one
    summary: str
    enough_gifts: bool = False
    # Clearly ahead on clicks (not a winner: only money decides).
    click_leader: Arm | None = None

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


def per_thousand(pence: float | None) -> str:
    """Income per impression as pounds per 1,000 impressions: 1.24 → £12.40."""
    return "–" if pence is None else f"£{pence * 10:,.2f}"


def signed_per_thousand(pence: float) -> str:
    sign = "+" if pence >= 0 else "−"
    return f"{sign}£{abs(pence) * 10:,.2f}"


def _income_words(arm: Arm, control: Arm, confidence: float) -> str:
    income = arm.income
    return (
        f"{per_thousand(arm.income_per_impression)} per 1,000 impressions against "
        f"{per_thousand(control.income_per_impression)} "
        f"({level(confidence)} confidence interval for the difference "
        f"{signed_per_thousand(income.low)} to {signed_per_thousand(income.high)})"
    )


def judge(arms: list[Arm]) -> Verdict:
    """Compare every variant with the control (the first arm) on clicks and on
    money, and say what the figures show, in plain words. Only money names a
    winner."""
    control, variants = arms[0], arms[1:]
    alpha = ALPHA / max(1, len(variants))
    confidence = 1 - alpha
    if not all(arm.has_enough_data for arm in arms):
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
    clicked_more = [arm for arm in variants if arm.comparison.better]
    click_leader = max(clicked_more, key=lambda arm: arm.ctr, default=None)
    if not click_leader and variants and all(a.comparison.worse for a in variants):
        click_leader = control
    enough_gifts = all(arm.has_enough_gifts for arm in arms)
    if not enough_gifts:
        short = [arm.label for arm in arms if not arm.has_enough_gifts]
        waiting = (
            f"Too few gifts yet to say which raises more money: every version "
            f"needs {minimum_gifts():,} gifts; still short: {', '.join(short)}. "
            "A winner is called on money, not clicks, so keep the test running."
        )
        if click_leader is not None:
            summary = f"{click_leader.label} is ahead on clicks. {waiting}"
        else:
            summary = f"No clear difference in clicks yet. {waiting}"
        return Verdict(arms, True, confidence, None, summary, False, click_leader)
    for arm in variants:
        arm.income = compare_income(control, arm, alpha)
    raises_more = [arm for arm in variants if arm.income.better]
    if raises_more:
        winner = max(raises_more, key=lambda arm: arm.income_per_impression)
        summary = (
            f"{winner.label} raises more money than the control: "
            f"{_income_words(winner, control, confidence)}. Keeping it should "
            "raise more."
        )
        if winner.comparison.worse:
            summary += " It is clicked less, but its gifts are larger."
        return Verdict(arms, True, confidence, winner, summary, True, click_leader)
    if variants and all(arm.income.worse for arm in variants):
        summary = (
            "The control raises more money per impression than every variant "
            f"({per_thousand(control.income_per_impression)} per 1,000 impressions; "
            f"every difference's {level(confidence)} confidence interval is below "
            "zero). Keep the control."
        )
        if click_leader is not None and click_leader is not control:
            summary += (
                f" {click_leader.label} is clicked more, but raises less: judged on "
                "clicks alone, it would have looked like the winner."
            )
        return Verdict(arms, True, confidence, control, summary, True, click_leader)
    if click_leader is not None and click_leader is not control:
        summary = (
            f"{click_leader.label} is clicked more than the control "
            f"({percent(click_leader.ctr)} against {percent(control.ctr)}), but does "
            "not clearly raise more money: "
            f"{_income_words(click_leader, control, confidence)}. Do not switch on "
            "clicks alone: keep the test running, or end it keeping the version "
            "you prefer."
        )
    else:
        summary = (
            "No clear difference in money raised yet: the gaps between versions "
            f"could be chance (no variant's {level(confidence)} confidence interval "
            "for income per impression is clear of zero). Keep the test running "
            "for more data, or end it keeping the version you prefer."
        )
    return Verdict(arms, True, confidence, None, summary, True, click_leader)
