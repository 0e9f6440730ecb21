"""The Stanza pipeline, built once per process from a local resources directory."""

from __future__ import annotations

import json
import logging
import threading
from functools import lru_cache
from pathlib import Path

import stanza
import torch

log = logging.getLogger(__name__)

PROCESSORS = ("tokenize", "mwt", "pos", "lemma", "depparse", "ner")


class ModelsMissing(RuntimeError):
    """The models directory has no usable resources.json for the language."""


def bundled_processors(models_dir: Path, lang: str) -> list[str]:
    """The processors the resources directory provides for `lang`, in pipeline order."""
    resources_file = models_dir / "resources.json"
    if not resources_file.is_file():
        raise ModelsMissing(f"no resources.json in {models_dir}: run `make models` or check MODELS_DIR")
    resources = json.loads(resources_file.read_text(encoding="utf-8"))
    if lang not in resources:
        raise ModelsMissing(f"{models_dir} has no models for language {lang!r}")
    default = resources[lang].get("default_processors", {})
    return [p for p in PROCESSORS if p in default]


def supported_languages(models_dir: Path) -> set[str]:
    """Languages with bundled models in the resources directory."""
    try:
        resources = json.loads((models_dir / "resources.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    return {lang for lang, entry in resources.items() if isinstance(entry, dict) and "default_processors" in entry}


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
