"""irgan.optim.Adam: torch.optim.Adam's updates, without importing torch's compiler stack."""

import subprocess
import sys

import torch

from irgan.optim import Adam


def _train(make_optimiser) -> list[torch.Tensor]:
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 3))
    optimiser = make_optimiser(net.parameters())
    x, y = torch.randn(64, 4), torch.randint(0, 3, (64,))
    for _ in range(25):
        optimiser.zero_grad(set_to_none=True)
        torch.nn.functional.cross_entropy(net(x), y).backward()
        optimiser.step()
    return [p.detach().clone() for p in net.parameters()]


def test_same_weights_as_torch_adam_with_weight_decay():
    ours = _train(lambda p: Adam(p, lr=3e-3, weight_decay=1e-2))
    theirs = _train(lambda p: torch.optim.Adam(p, lr=3e-3, weight_decay=1e-2))
    for a, b in zip(ours, theirs, strict=True):
        torch.testing.assert_close(a, b, rtol=1e-5, atol=1e-6)


def test_a_parameter_without_gradient_is_left_alone():
    used, unused = torch.ones(2, requires_grad=True), torch.ones(2, requires_grad=True)
    optimiser = Adam([used, unused], lr=0.1)
    (used * 3).sum().backward()
    optimiser.step()
    assert torch.all(used < 1) and torch.equal(unused.detach(), torch.ones(2))


def test_training_imports_no_dynamo():
    code = (
        "import sys, torch\n"
        "from irgan.optim import Adam\n"
        "p = torch.ones(3, requires_grad=True)\n"
        "o = Adam([p], lr=0.1)\n"
        "p.sum().backward(); o.step(); o.zero_grad()\n"
        "print('torch._dynamo' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120)
    assert out.stdout.strip() == "False"
