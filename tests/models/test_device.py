"""``auto``/``cpu``/``cuda`` resolved alike for every torch model; a refusal says what to choose."""

import pytest
import torch

from syndata.errors import ModelError
from syndata.models.device import resolve_device

HAS_CUDA = torch.cuda.is_available()


def test_cpu_is_always_cpu_and_auto_takes_the_gpu_only_when_there_is_one():
    assert resolve_device("cpu") == "cpu"
    assert resolve_device("auto") == ("cuda" if HAS_CUDA else "cpu")


@pytest.mark.skipif(HAS_CUDA, reason="this machine has a GPU")
def test_cuda_without_a_gpu_is_refused_saying_what_to_choose():
    with pytest.raises(ModelError, match=r"no usable GPU\. Choose auto or cpu\."):
        resolve_device("cuda")


@pytest.mark.skipif(not HAS_CUDA, reason="needs a CUDA GPU")
def test_cuda_with_a_gpu_is_cuda():
    assert resolve_device("cuda") == "cuda"


@pytest.mark.parametrize("device", ["gpu", "CUDA", ""])
def test_an_unknown_device_is_refused_naming_the_choices(device):
    with pytest.raises(ModelError, match=f"Device must be auto, cpu or cuda, not '{device}'"):
        resolve_device(device)
