"""The wire layer: what every call needs between the generated client and BingX, for any operation.

It names no operation. What it must know of one (signed or public, its rate limit and IP group,
its clock source, the shape of its answers) it reads from the spec that ``make generate`` ships
(:mod:`.spec`), so a new endpoint is an edit of ``openapi.yaml``. ``make_client`` installs it
through the generated client's one seam, ``httpx_args``:

- :mod:`.auth`: the ``httpx.Auth`` that resolves a call and signs each attempt (:mod:`.signing`,
  a pure function), on the server's clock (:mod:`.clock`);
- :mod:`.transport`: the transport that runs the retry plan (:mod:`.retry`) over the network
  (:mod:`.network`, with a wall-clock deadline and bounded bodies, :mod:`.decoding`);
- :mod:`.responses`: the one judge of an answer (success, or which :class:`~bingx_spot.BingXError`);
- :mod:`.ratelimit` over :mod:`.storage`: the rate budget per account, in memory, a host file or
  Redis;
- :mod:`.logs`: the SDK's logger and the audit log, redacted.

Nothing here imports the features above it (cancel-all, the switch, the command).
"""
