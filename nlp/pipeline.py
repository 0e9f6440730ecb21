"""The Stanza pipeline, built once per process from a local resources directory."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

import stanza
import torch

from nlp.resources import ModelsMissing, bundled_processors, supported_languages

__all__ = [
    "ModelsMissing",
    "bundled_processors",
    "get_pipeline",
    "load_pipeline",
    "own_checkpoints",
    "set_threads",
    "supported_languages",
]

log = logging.getLogger(__name__)

_lock = threading.RLock()  # reentrant: get_pipeline holds it around own_checkpoints


@contextmanager
def own_checkpoints(models_dir: Path) -> Iterator[None]:
    """Within the block, torch reads the checkpoints under `models_dir` with the C unpickler.

    Stanza asks torch for its weights-only unpickler, which runs in Python: for the English
    models it spends about 1.8 s of a 3 s load on the 150,000-word vocabulary that the word
    vectors and the NER model each store as a list and a dict of strings (0.15 s with the C
    one). The files under the models directory are the project's own (trained by its recipe,
    committed, or put there by whoever runs the bot, who also chooses the code it runs); any
    other file torch is asked for keeps the caller's choice. The patch is process-wide, so
    the block holds the module's lock.
    """
    root = Path(models_dir).resolve()
    original: Callable[..., Any] = torch.load

    def load(f: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(f, (str, Path)) and Path(f).resolve().is_relative_to(root):
            kwargs["weights_only"] = False
        return original(f, *args, **kwargs)

    with _lock:
        torch.load = load
        try:
            yield
        finally:
            torch.load = original


def load_pipeline(models_dir: Path, lang: str, **options: Any) -> stanza.Pipeline:
    """A new Stanza pipeline for `lang` from the resources directory (no download, CPU)."""
    with own_checkpoints(models_dir):
        return stanza.Pipeline(
            lang, dir=str(models_dir), download_method=None, logging_level="WARN", use_gpu=False, **options
        )


@lru_cache(maxsize=4)
def _build(models_dir: str, lang: str) -> stanza.Pipeline:
    processors = bundled_processors(Path(models_dir), lang)
    log.info("loading Stanza %s pipeline (%s) from %s", lang, ",".join(processors), models_dir)
    return load_pipeline(Path(models_dir), lang, processors=",".join(processors))


def set_threads(threads: int) -> None:
    """The CPU threads the models run on in this process (torch's intra-op pool)."""
    torch.set_num_threads(threads)


def get_pipeline(models_dir: Path, lang: str = "id") -> stanza.Pipeline:
    """The process-wide pipeline for `lang`, loaded on first use."""
    with _lock:
        return _build(str(Path(models_dir).resolve()), lang)


UNKNOWN = "<UNK>"


def restore_unknown(doc: stanza.Document) -> stanza.Document:
    """Put back the text of tokens Stanza's tokenizer wrote as "<UNK>" (it does so for a very
    long one, a URL of 150 characters on EWT dev): the characters the token spans in the text."""
    text = doc.text or ""
    for sentence in doc.sentences:
        for token in sentence.tokens:
            if token.text == UNKNOWN and token.start_char is not None and token.end_char is not None:
                token.text = text[token.start_char : token.end_char]
                if len(token.words) == 1:
                    token.words[0].text = token.text
    return doc
