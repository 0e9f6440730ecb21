"""nlp.pipeline.own_checkpoints: the models directory's checkpoints are read by torch's C
unpickler while a pipeline loads; any other file keeps torch's weights-only reading."""

import pickle

import pytest
import torch

from nlp.pipeline import own_checkpoints


class Vocabulary:
    """Not on torch's weights-only allowlist: only the full unpickler reads it back."""

    def __init__(self) -> None:
        self.words = {"a": 1}


def _checkpoint(path):
    torch.save({"vocab": Vocabulary()}, path)
    return path


def test_a_checkpoint_under_the_models_directory_is_read_in_full(tmp_path):
    models = tmp_path / "models"
    (models / "en" / "pos").mkdir(parents=True)
    inside = _checkpoint(models / "en" / "pos" / "ewt.pt")
    with pytest.raises(pickle.UnpicklingError):
        torch.load(inside, weights_only=True)
    with own_checkpoints(models):
        assert torch.load(str(inside), weights_only=True)["vocab"].words == {"a": 1}


def test_other_files_keep_the_weights_only_reading_and_torch_load_comes_back(tmp_path):
    (tmp_path / "models").mkdir()
    outside = _checkpoint(tmp_path / "elsewhere.pt")
    original = torch.load
    with own_checkpoints(tmp_path / "models"):
        with pytest.raises(pickle.UnpicklingError):
            torch.load(outside, weights_only=True)
    assert torch.load is original
