"""The Stanza pipeline, built once per process from a local resources directory."""

from __future__ import annotations

import logging
import threading
from functools import lru_cache
from pathlib import Path

import stanza
import torch

from nlp.resources import ModelsMissing, bundled_processors, supported_languages

__all__ = ["ModelsMissing", "bundled_processors", "get_pipeline", "set_threads", "supported_languages"]

log = logging.getLogger(__name__)

_lock = threading.Lock()


@lru_cache(maxsize=4)
def _build(models_dir: str, lang: str) -> stanza.Pipeline:
    processors = bundled_processors(Path(models_dir), lang)
    log.info("loading Stanza %s pipeline (%s) from %s", lang, ",".join(processors), models_dir)
    return stanza.Pipeline(
        lang,
        dir=models_dir,
        processors=",".join(processors),
        download_method=None,
        logging_level="WARN",
        use_gpu=False,
    )


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
