"""Payments on the donate path: the hand-off to the payment provider and the
gifts its confirmations record.

- `reference`: the signed, opaque reference that travels with the visitor
  from a donate button, through the donate page, to the provider and back;
- `attribution`: the one rule that credits a gift to a donate button;
- `providers/`: one module per payment provider (Stripe, a signed JSON
  callback), each turning a verified webhook into `PaymentUpdate`s;
- `ledger`: applies those updates to `Gift` rows, exactly once each;
- `views`: the webhook endpoint; `demo_checkout`: development only;
- `testing`: signed payloads for tests and benchmarks, without a network.
"""
