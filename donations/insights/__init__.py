"""The fundraising team's insights: what donate buttons and gifts add up to.

One of the two rooms of `donations`. The other is the public donate path
(calls to action, the donate page, signed links, click and impression
recording, payments). Imports run one way: insights read the donate path's
models and helpers; nothing on the donate path imports insights. The tables
themselves stay in `donations.models` (one app, one migration history);
insights own the code that rolls them up, reads them and shows them:

- `figures`: the report's figures, from roll-ups and raw rows;
- `rollup`: writing and pruning the daily roll-ups;
- `ab_testing`, `significance`: A/B tests and how their figures are judged;
- `report/`: the admin report, its chart, exports and dashboard panel;
- `benchmark`: the report at appeal scale.

`donations.apps` wires this room in: its signal handlers and admin hooks.
"""
