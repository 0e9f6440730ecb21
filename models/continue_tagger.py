"""Stanza's tagger trainer, started from an already trained tagger instead of a fresh one.

    python models/continue_tagger.py START.pt <stanza.models.tagger's own arguments>

Stanza's parser has `--continue_from`; its tagger has nothing like it, and a tagger stopped by
a CPU budget (English: 1,000 steps, still rising) would otherwise start again from nothing. The
trainer's own loop, optimizer schedule, dev selection and saving run unchanged; only the model it
builds at the start is the one in START (the same training file gives the same vocabulary).
"""

from __future__ import annotations

import sys

from stanza.models import tagger
from stanza.models.pos.trainer import Trainer


def main() -> None:
    start = sys.argv.pop(1)

    class FromStart(Trainer):  # type: ignore[misc]
        def __init__(self, args=None, vocab=None, pretrain=None, model_file=None, device=None,  # type: ignore[no-untyped-def]
                     foundation_cache=None):
            # only the trainer built from scratch (no model_file) is replaced; reloads of the best
            # checkpoint and the final evaluation pass model_file and are left alone
            super().__init__(args=args, vocab=vocab, pretrain=pretrain, model_file=model_file or start,
                             device=device, foundation_cache=foundation_cache)

    tagger.Trainer = FromStart
    tagger.main()


if __name__ == "__main__":
    main()
