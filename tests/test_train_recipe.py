"""The training recipe's install stage: the resources directory it writes names each model's
dependencies (word vectors, character language models) as Stanza's loader expects them.

Stand-in checkpoints (a config and no weights) are enough: the stage only copies files and
reads each tagger's and parser's config. The bundled models themselves are loaded by the
pipeline tests.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
import torch

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def train():
    spec = importlib.util.spec_from_file_location("briefbot_train", ROOT / "models/train.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop(spec.name, None)


def _checkpoint(path: Path, charlm: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.save({"model": {"w": torch.ones(2)}, "config": {"charlm": charlm}}, path)


def _work(tmp_path: Path, charlm: bool) -> Path:
    work = tmp_path / "work"
    for rel in ["tokenize/tokenize.pt", "lemma/lemma.pt", "ner/ner.pt"]:
        _checkpoint(work / rel)
    _checkpoint(work / "pos/pos.pt", charlm)
    _checkpoint(work / "depparse/depparse.pt", charlm)
    (work / "vectors").mkdir()
    (work / "vectors/w2v.pt").write_bytes(b"vectors")
    if charlm:
        (work / "charlm").mkdir()
        (work / "charlm/forward.pt").write_bytes(b"forward")
        (work / "charlm/backward.pt").write_bytes(b"backward")
    return work


def test_models_trained_with_the_charlm_depend_on_it(train, tmp_path):
    out = tmp_path / "models"
    train.stage_install(_work(tmp_path, charlm=True), out)

    resources = json.loads((out / "resources.json").read_text())["id"]
    assert set(resources["default_processors"]) == {"tokenize", "pos", "lemma", "depparse", "ner"}
    deps = {
        proc: [d["model"] for d in resources[proc][pkg].get("dependencies", [])]
        for proc, pkg in resources["default_processors"].items()
    }
    assert deps["pos"] == deps["depparse"] == ["pretrain", "forward_charlm", "backward_charlm"]
    assert deps["ner"] == ["pretrain"]
    assert deps["tokenize"] == deps["lemma"] == []
    assert (out / "id/forward_charlm/news.pt").read_bytes() == b"forward"
    assert (out / "id/backward_charlm/news.pt").read_bytes() == b"backward"


def test_stanza_resolves_the_charlm_paths_from_the_resources(train, tmp_path):
    from stanza.pipeline.core import build_default_config
    from stanza.resources.common import add_dependencies, load_resources_json, maintain_processor_list

    out = tmp_path / "models"
    train.stage_install(_work(tmp_path, charlm=True), out)
    resources = load_resources_json(str(out))  # as stanza.Pipeline("id", dir=out) reads it
    processors = {"tokenize": "gsd", "pos": "gsd", "depparse": "gsd"}
    load_list = add_dependencies(resources, "id", maintain_processor_list(resources, "id", "default", processors))
    config = build_default_config(resources, "id", str(out), load_list)
    assert config["pos_forward_charlm_path"] == str(out / "id/forward_charlm/news.pt")
    assert config["depparse_backward_charlm_path"] == str(out / "id/backward_charlm/news.pt")
    assert config["pos_pretrain_path"] == str(out / "id/pretrain/news_w2v.pt")


def test_models_without_the_charlm_do_not_name_it(train, tmp_path):
    out = tmp_path / "models"
    train.stage_install(_work(tmp_path, charlm=False), out)

    resources = json.loads((out / "resources.json").read_text())["id"]
    assert [d["model"] for d in resources["pos"]["gsd"]["dependencies"]] == ["pretrain"]
    assert "forward_charlm" not in resources


def test_a_charlm_no_model_reads_is_not_shipped(train, tmp_path):
    out = tmp_path / "models"
    work = _work(tmp_path, charlm=True)
    train.stage_install(work, out)
    assert (out / "id/forward_charlm/news.pt").exists()
    _checkpoint(work / "pos/pos.pt")  # both retrained without it
    _checkpoint(work / "depparse/depparse.pt")
    train.stage_install(work, out)

    resources = json.loads((out / "resources.json").read_text())["id"]
    assert "forward_charlm" not in resources and "backward_charlm" not in resources
    assert not (out / "id/forward_charlm/news.pt").exists()
    assert not (out / "id/backward_charlm/news.pt").exists()


def test_a_new_charlm_under_kept_models_is_refused(train, tmp_path):
    out = tmp_path / "models"
    work = _work(tmp_path, charlm=True)
    train.stage_install(work, out)
    (work / "pos/pos.pt").unlink()  # a partial retrain: pos kept as installed...
    (work / "charlm/forward.pt").write_bytes(b"another forward")  # ...but the charlm retrained
    with pytest.raises(SystemExit, match="new forward_charlm but pos kept"):
        train.stage_install(work, out)


def _continued_parser(train, monkeypatch, tmp_path: Path, start: float, scores: list[float]) -> tuple[Path, list]:
    """Run continue_depparse with the trainer replaced by one that logs as Stanza's parser does
    and saves its best model; return the first run's parser file and the command it was given."""
    work = tmp_path / "work"
    _checkpoint(work / "depparse/depparse.pt")
    commands = []

    def trainer(cmd, logfile, threads=0):
        commands.append(cmd)
        lines = [f"Reloaded model with dev score {start:.4f}"]
        lines += [f"step {200 * i}: train_loss = 1.0, dev_score = {s:.4f}" for i, s in enumerate(scores, 1)]
        logfile.write_text("\n".join(lines) + "\n")
        torch.save({"model": {"w": torch.zeros(2)}, "config": {}}, logfile.parent / "depparse.pt")
        return 1.0

    monkeypatch.setattr(train, "run", trainer)
    train.continue_depparse(work, tmp_path / "train.conllu", tmp_path / "dev.conllu", 400, ["--hidden_dim", "160"])
    return work / "depparse/depparse.pt", commands


def _weights(path: Path) -> list[float]:
    return torch.load(path, weights_only=False)["model"]["w"].tolist()


def test_a_continued_parser_replaces_the_first_only_when_better_on_dev(train, monkeypatch, tmp_path):
    parser, commands = _continued_parser(train, monkeypatch, tmp_path / "better", 0.7437, [0.7420, 0.7461])
    assert _weights(parser) == [0.0, 0.0]
    cmd = commands[0]
    # it starts from the first run's parser, built the same way, and goes straight to Adam
    assert cmd[cmd.index("--continue_from") + 1].endswith("depparse/more/depparse.pt")
    assert cmd[cmd.index("--second_optim_start_step") + 1] == "1"
    assert cmd[cmd.index("--hidden_dim") + 1] == "160"

    parser, _ = _continued_parser(train, monkeypatch, tmp_path / "worse", 0.7437, [0.7420, 0.7437])
    assert _weights(parser) == [1.0, 1.0]


def test_a_continued_parser_without_a_starting_score_stops_the_recipe(train, monkeypatch, tmp_path):
    with pytest.raises(SystemExit, match="no dev scores"):
        _continued_parser(train, monkeypatch, tmp_path, float("nan"), [])


def test_a_continued_parser_starts_with_no_dev_history(train, monkeypatch, tmp_path):
    # Stanza saves a continued parser only when dev beats every score in the checkpoint's
    # history: a parser first selected on gold tags (higher scores) would never be saved again
    work = tmp_path / "work"
    (work / "depparse").mkdir(parents=True)
    torch.save(
        {"model": {"w": torch.ones(2)}, "config": {}, "dev_score_history": [0.80], "global_step": 1200},
        work / "depparse/depparse.pt",
    )
    seen = {}

    def trainer(cmd, logfile, threads=0):
        start = torch.load(cmd[cmd.index("--continue_from") + 1], weights_only=False)
        seen.update(history=start["dev_score_history"], step=start["global_step"])
        logfile.write_text("Reloaded model with dev score 0.7400\nstep 200: train_loss = 1.0, dev_score = 0.7300\n")
        return 1.0

    monkeypatch.setattr(train, "run", trainer)
    train.continue_depparse(work, tmp_path / "train.conllu", tmp_path / "dev.conllu", 200, [])
    assert seen == {"history": [], "step": 0}
    assert _weights(work / "depparse/depparse.pt") == [1.0, 1.0]  # not better: the first stays
