"""Adam without ``torch.optim``, so that training imports no compiler stack.

The first use of any ``torch.optim`` optimiser imports ``torch._dynamo`` (its step is
wrapped to switch the compiler off), and with it sympy, mpmath, ``torch.distributed`` and
``torch.onnx``: 823 modules and about 65 MB of a fresh worker's memory, a third of an IRGAN
fit on the 5,000-row flights demo, which the 1 GB hosted demo cannot spare. The update is
``torch.optim.Adam``'s (L2 weight decay added to the gradient, bias-corrected moments),
computed with the same tensor operations one parameter at a time.
"""

from __future__ import annotations

from collections.abc import Iterable

import torch


class Adam:
    """Adam over ``params`` with the interface the generators use: ``zero_grad``, ``step``."""

    def __init__(
        self,
        params: Iterable[torch.Tensor],
        lr: float,
        weight_decay: float = 0.0,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
    ):
        self.params = list(params)
        self.lr, self.weight_decay, self.betas, self.eps = lr, weight_decay, betas, eps
        self.steps = 0
        self._first = [torch.zeros_like(p) for p in self.params]
        self._second = [torch.zeros_like(p) for p in self.params]

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Forget the gradients (always by dropping them; ``set_to_none`` is accepted for
        ``torch.optim``'s signature)."""
        for param in self.params:
            param.grad = None

    @torch.no_grad()
    def step(self) -> None:
        """One Adam update of every parameter that has a gradient."""
        self.steps += 1
        beta1, beta2 = self.betas
        correction1 = 1 - beta1**self.steps
        root_correction2 = (1 - beta2**self.steps) ** 0.5
        for param, first, second in zip(self.params, self._first, self._second, strict=True):
            if param.grad is None:
                continue
            grad = param.grad
            if self.weight_decay:
                grad = grad.add(param, alpha=self.weight_decay)
            first.mul_(beta1).add_(grad, alpha=1 - beta1)
            second.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
            denominator = second.sqrt().div_(root_correction2).add_(self.eps)
            param.addcdiv_(first, denominator, value=-self.lr / correction1)
