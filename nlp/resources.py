"""The bundled models' resources directory, read without loading Stanza or torch: which
languages and processors it provides (the bot's process asks; only the worker loads models)."""

from __future__ import annotations

import json
from pathlib import Path

__all__ = ["PROCESSORS", "ModelsMissing", "bundled_processors", "supported_languages"]

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
