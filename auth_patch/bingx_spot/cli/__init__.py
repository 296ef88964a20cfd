"""``bingx-spot``, the command (entry point :func:`bingx_spot.cli.main.main`).

- :mod:`.main` runs one command: logging, signals and the exit status of whatever happened;
- the commands: :mod:`.cancel` (``cancel-open-orders``), :mod:`.verify` (its ``--verify``),
  :mod:`.open_orders`, :mod:`.dead_man`, :mod:`.serve` (``local-exchange``), and :mod:`.desk`
  (any of them on every account of ``--accounts FILE``, read by :mod:`.accounts`);
- what they share: :mod:`.args` (arguments, credentials, the client), :mod:`.run` (one request
  per symbol), :mod:`.exits` (the exit statuses, named once), :mod:`.failures` (the error
  documents that carry them), :mod:`.output` (what is printed) and :mod:`.audit` (``--audit FILE``).

It stands on the package's features (:func:`bingx_spot.cancel_all`,
:class:`bingx_spot.DeadMansSwitch`, :func:`bingx_spot.make_client`); nothing below imports it.
"""
