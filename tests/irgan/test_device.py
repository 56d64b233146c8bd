"""Device, thread and precision choices."""

import pytest
import torch

from irgan import IRGANConfig, IRGANSynthesizer
from irgan.device import _cpu_has_bf16, resolve_device, resolve_precision, thread_limit
from irgan.errors import TrainingError


def test_auto_takes_cuda_only_when_there_is_one():
    assert resolve_device("cpu") == "cpu"
    assert resolve_device("auto") == ("cuda" if torch.cuda.is_available() else "cpu")


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has a GPU")
def test_cuda_without_a_gpu_says_what_to_choose():
    with pytest.raises(TrainingError, match="no usable GPU. Choose auto or cpu"):
        resolve_device("cuda")


def test_thread_limit_applies_inside_and_restores_after():
    before = torch.get_num_threads()
    with thread_limit(1):
        assert torch.get_num_threads() == 1
    assert torch.get_num_threads() == before
    with thread_limit(None):
        assert torch.get_num_threads() == before


def test_unknown_device_is_refused():
    meta = {"tables": {"t": {"columns": {"x": {"sdtype": "numerical"}}}}}
    with pytest.raises(TrainingError, match="not 'tpu'"):
        IRGANSynthesizer(meta, IRGANConfig(device="tpu"))



def test_precision_choices():
    assert resolve_precision("float32", "cpu") == "float32"
    assert resolve_precision("bfloat16", "cuda") == "bfloat16"
    assert resolve_precision("auto", "cuda") == "float32"
    assert resolve_precision("auto", "cpu") == ("bfloat16" if _cpu_has_bf16() else "float32")
    with pytest.raises(TrainingError, match="Unknown precision"):
        resolve_precision("half", "cpu")

