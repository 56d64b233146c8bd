"""Conditional WGAN-GP with PacGAN packing and training-by-sampling, fully vectorised.

The generator sees noise, a conditional vector (one category of one discrete column, or
nothing) and an optional context (the parent rows' context for child tables). Half of each
batch is conditioned on a category drawn by log-frequency, with real rows drawn to match,
so rare categories are learned; the other half is unconditioned, which is how rows are
generated later: the context, not a forced category, then decides the discrete values.

Each step runs the generator once: the critic learns on the detached batch, then the
generator is scored on the same batch by the updated critic. Where the config asks for
bfloat16 (``irgan.device.resolve_precision``), forward passes run under autocast with
float32 weights, optimiser state and losses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from irgan.encoding import DISCRETE, Span
from irgan.optim import Adam


@dataclass
class GANConfig:
    """Hyperparameters of one table's GAN."""

    noise_dim: int = 64
    hidden: int = 128
    pac: int = 10
    batch_size: int = 500
    learning_rate: float = 2e-4
    gp_weight: float = 10.0
    condition_share: float = 0.5
    moment_weight: float = 1.0
    min_steps: int = 5
    precision: str = "float32"


def _moment_gap(fake: torch.Tensor, real: torch.Tensor) -> torch.Tensor:
    """Gap between the means and covariances of two batches (per entry, summed per row).

    The adversarial loss alone needs thousands of steps to get pairwise dependence right;
    this cheap second-moment term pulls the generator's joint covariance with the
    condition (pair trends, parent-child correlations) into place within a few hundred,
    while the critic keeps shaping the non-linear structure.
    """
    mean_f, mean_r = fake.mean(0), real.mean(0)
    cov_f = (fake - mean_f).T @ (fake - mean_f) / fake.shape[0]
    cov_r = (real - mean_r).T @ (real - mean_r) / real.shape[0]
    width = fake.shape[1]
    return ((mean_f - mean_r) ** 2).sum() / width + ((cov_f - cov_r) ** 2).sum() / width


class _Residual(nn.Module):
    def __init__(self, dim_in: int, dim_out: int):
        super().__init__()
        self.fc = nn.Linear(dim_in, dim_out)
        self.bn = nn.BatchNorm1d(dim_out)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat([F.relu(self.bn(self.fc(x))), x], dim=1)


class Generator(nn.Module):
    def __init__(self, dim_in: int, hidden: int, dim_out: int):
        super().__init__()
        self.body = nn.Sequential(_Residual(dim_in, hidden), _Residual(dim_in + hidden, hidden))
        self.head = nn.Linear(dim_in + 2 * hidden, dim_out)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.body(x))


class Discriminator(nn.Module):
    def __init__(self, dim_in: int, hidden: int, pac: int):
        super().__init__()
        self.pac = pac
        self.net = nn.Sequential(
            nn.Linear(dim_in * pac, hidden),
            nn.LeakyReLU(0.2),
            nn.Dropout(0.5),
            nn.Linear(hidden, hidden),
            nn.LeakyReLU(0.2),
            nn.Dropout(0.5),
            nn.Linear(hidden, 1),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x.reshape(-1, x.shape[1] * self.pac))


class _CategorySampler:
    """Draws (discrete span, category) pairs by log-frequency and real rows that match."""

    def __init__(self, data: np.ndarray, spans: list[Span]):
        self.spans = spans
        self.offsets = np.cumsum([0] + [s.width for s in spans])
        n = len(data)
        codes = [np.argmax(data[:, s.start : s.stop], axis=1) for s in spans]
        self.order = np.concatenate([np.argsort(c, kind="stable") for c in codes])
        counts = np.concatenate(
            [np.bincount(c, minlength=s.width) for c, s in zip(codes, spans, strict=True)]
        )
        starts = np.concatenate(
            [
                k * n + np.concatenate([[0], np.cumsum(np.bincount(c, minlength=s.width))[:-1]])
                for k, (c, s) in enumerate(zip(codes, spans, strict=True))
            ]
        )
        self.counts, self.starts = counts, starts
        self.log_prob = []
        for k, _ in enumerate(spans):
            c = np.log1p(counts[self.offsets[k] : self.offsets[k + 1]])
            self.log_prob.append(np.cumsum(c / c.sum()))

    @property
    def width(self) -> int:
        return int(self.offsets[-1])

    def sample(self, size: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        """Return global category ids (offset into the cond vector) and matching row ids."""
        span = rng.integers(len(self.spans), size=size)
        u = rng.uniform(size=size)
        cat = np.empty(size, dtype=np.int64)
        for k in range(len(self.spans)):
            hit = span == k
            local = np.searchsorted(self.log_prob[k], u[hit], side="right")
            cat[hit] = self.offsets[k] + np.minimum(local, self.spans[k].width - 1)
        pick = (rng.uniform(size=size) * self.counts[cat]).astype(np.int64)
        rows = self.order[self.starts[cat] + pick]
        return cat, rows


class _SpanLayout:
    """Segment indexes that treat every softmax group of a row in one vectorised pass.

    A table with dozens of spans would otherwise cost dozens of slice, softmax and
    concatenate calls per step, forward and backward, and on a CPU that bookkeeping
    rivalled the arithmetic. Every column gets a segment id (a numeric column is a
    segment of its own); a segment softmax is then a scatter-max, one exponential, a
    scatter-add and a division over the whole row, and numeric columns are passed
    through with one ``where``.
    """

    def __init__(self, spans: list[Span], width: int, cond_spans: list[Span], device):
        segment = np.arange(width)
        discrete = np.zeros(width, dtype=bool)
        for s in spans:
            if s.kind == DISCRETE:
                segment[s.start : s.stop] = s.start
                discrete[s.start : s.stop] = True
        target = np.concatenate(
            [np.arange(s.start, s.stop) for s in cond_spans] or [np.zeros(0, np.int64)]
        )
        self.segment = torch.as_tensor(segment, device=device)
        self.discrete = torch.as_tensor(discrete, device=device)
        self.target = torch.as_tensor(target, device=device)

    def _log_softmax(self, logits: torch.Tensor) -> torch.Tensor:
        seg = self.segment.expand_as(logits)
        top = torch.full_like(logits, -torch.inf).scatter_reduce(
            1, seg, logits.detach(), reduce="amax", include_self=True
        )
        shifted = logits - top.index_select(1, self.segment)
        total = torch.zeros_like(logits).index_add(1, self.segment, shifted.exp())
        return shifted - total.log().index_select(1, self.segment)

    def activate(self, raw: torch.Tensor, tau: float = 0.2) -> torch.Tensor:
        """Numeric outputs as they are, each discrete span as a Gumbel softmax sample."""
        u = torch.rand_like(raw).clamp_(1e-10, 1.0 - 1e-7)
        soft = self._log_softmax((raw - torch.log(-torch.log(u))) / tau).exp()
        return torch.where(self.discrete, soft, raw)

    def condition_loss(
        self, raw: torch.Tensor, cat: torch.Tensor, mask: torch.Tensor
    ) -> torch.Tensor:
        """Cross-entropy of each conditioned row's span against its forced category."""
        rows = mask.nonzero().squeeze(1)
        if not len(rows):
            return raw.new_zeros(())
        picked = self.target[cat[rows]].unsqueeze(1)
        return -self._log_softmax(raw[rows]).gather(1, picked).mean()


class TabularGAN:
    """One table's conditional GAN: fit on encoded rows, generate raw outputs."""

    def __init__(
        self,
        spans: list[Span],
        data_dim: int,
        context_dim: int,
        config: GANConfig,
        device: torch.device,
    ):
        self.spans = spans
        self.data_dim, self.context_dim, self.config, self.device = (
            data_dim,
            context_dim,
            config,
            device,
        )
        self.cond_spans = [s for s in spans if s.kind == DISCRETE and s.frequencies is not None]
        self.cond_dim = sum(s.width for s in self.cond_spans)
        g_in = config.noise_dim + self.cond_dim + context_dim
        d_in = data_dim + self.cond_dim + context_dim
        self.layout = _SpanLayout(spans, data_dim, self.cond_spans, device) if any(
            s.kind == DISCRETE for s in spans
        ) else None
        self.generator = Generator(g_in, config.hidden, data_dim).to(device)
        self.epochs_trained = 0
        self.discriminator = Discriminator(d_in, config.hidden, config.pac).to(device)

    def _activate(self, raw: torch.Tensor) -> torch.Tensor:
        return self.layout.activate(raw) if self.layout else raw

    def _cond_loss(self, raw: torch.Tensor, cat: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        if self.layout is None or not self.cond_dim:
            return raw.new_zeros(())
        return self.layout.condition_loss(raw, cat, mask)

    def steps_per_epoch(self, n_rows: int) -> int:
        """Passes over the data, but at least ``min_steps`` so small parent tables learn too."""
        return max(int(np.ceil(n_rows / self._batch(n_rows))), self.config.min_steps)

    def _batch(self, n_rows: int) -> int:
        """The configured batch, shrunk so a small table's ``min_steps`` make about one pass.

        Without the shrink a 1,500-row table trained on full 1,000-row batches for every
        one of its minimum steps: seven passes per epoch, as costly as a large table's.
        """
        pac = self.config.pac
        spread = -(-n_rows // self.config.min_steps)
        return max(pac, min(self.config.batch_size, -(-spread // pac) * pac))

    def fit_epochs(
        self,
        data: np.ndarray,
        context: np.ndarray | None,
        epochs: int,
        rng: np.random.Generator,
        on_epoch: Callable[[int, float], None],
        on_step: Callable[[], None],
    ) -> None:
        """Train ``epochs`` passes; ``on_step`` runs between steps (cancel), ``on_epoch`` after."""
        cfg, dev = self.config, self.device
        n = len(data)
        batch = self._batch(n)
        x_all = torch.as_tensor(data, dtype=torch.float32, device=dev)
        c_all = (
            None if context is None else torch.as_tensor(context, dtype=torch.float32, device=dev)
        )
        sampler = _CategorySampler(data, self.cond_spans) if self.cond_spans else None
        opt_g, opt_d = (
            Adam(net.parameters(), lr=cfg.learning_rate, betas=(0.5, 0.9), weight_decay=1e-6)
            for net in (self.generator, self.discriminator)
        )
        self.generator.train()
        self.discriminator.train()
        for epoch in range(epochs):
            loss_g = torch.zeros(())
            for _ in range(self.steps_per_epoch(n)):
                on_step()
                cond, rows, cat, mask = self._draw(batch, n, sampler, rng)
                real = x_all[rows]
                parts = [cond] + ([c_all[rows]] if c_all is not None else [])
                given = torch.cat(parts, dim=1) if parts else real[:, :0]
                with self._autocast():
                    raw = self.generator(self._noise_input(batch, given)).float()
                    fake = self._activate(raw)
                    loss_d = self._critic_loss(real, fake.detach(), given)
                opt_d.zero_grad(set_to_none=True)
                loss_d.backward()
                opt_d.step()
                with self._autocast():
                    loss_g = self._generator_loss(raw, fake, real, given, cat, mask)
                opt_g.zero_grad(set_to_none=True)
                loss_g.backward()
                opt_g.step()
            self.epochs_trained += 1
            on_epoch(epoch, float(loss_g.detach()))

    def _autocast(self) -> torch.autocast:
        """Matrix products in bfloat16 where the config asks (fp32 accumulation)."""
        return torch.autocast(
            torch.device(self.device).type,
            dtype=torch.bfloat16,
            enabled=self.config.precision == "bfloat16",
        )

    def _critic_loss(
        self, real: torch.Tensor, fake: torch.Tensor, given: torch.Tensor
    ) -> torch.Tensor:
        d_real = self.discriminator(torch.cat([real, given], dim=1))
        d_fake = self.discriminator(torch.cat([fake, given], dim=1))
        gp = self._gradient_penalty(real, fake, given)
        return d_fake.float().mean() - d_real.float().mean() + self.config.gp_weight * gp

    def _generator_loss(
        self,
        raw: torch.Tensor,
        fake: torch.Tensor,
        real: torch.Tensor,
        given: torch.Tensor,
        cat: torch.Tensor,
        mask: torch.Tensor,
    ) -> torch.Tensor:
        """Critic score of the same fake batch (one generator pass per step) plus terms."""
        joint_fake = torch.cat([fake, given], dim=1)
        loss = -self.discriminator(joint_fake).float().mean() + self._cond_loss(raw, cat, mask)
        if self.config.moment_weight:
            joint_real = torch.cat([real, given], dim=1)
            loss = loss + self.config.moment_weight * _moment_gap(joint_fake, joint_real).float()
        return loss

    def _draw(self, batch: int, n: int, sampler: _CategorySampler | None, rng: np.random.Generator):
        dev = self.device
        rows = rng.integers(n, size=batch)
        cond = torch.zeros((batch, self.cond_dim), device=dev)
        cat = torch.zeros(batch, dtype=torch.long, device=dev)
        mask = torch.zeros(batch, dtype=torch.bool, device=dev)
        if sampler is not None:
            use = rng.uniform(size=batch) < self.config.condition_share
            k = int(use.sum())
            if k:
                cats, matched = sampler.sample(k, rng)
                rows[use] = matched
                idx = torch.as_tensor(np.flatnonzero(use), device=dev)
                cat_t = torch.as_tensor(cats, device=dev)
                cond[idx, cat_t] = 1.0
                cat[idx] = cat_t
                mask[idx] = True
        return cond, torch.as_tensor(rows, device=dev), cat, mask

    def _noise_input(self, batch: int, given: torch.Tensor) -> torch.Tensor:
        z = torch.randn(batch, self.config.noise_dim, device=self.device)
        return torch.cat([z, given], dim=1)

    def _gradient_penalty(self, real: torch.Tensor, fake: torch.Tensor, given: torch.Tensor):
        pac = self.config.pac
        alpha = torch.rand(real.shape[0] // pac, 1, 1, device=self.device)
        alpha = alpha.repeat(1, pac, real.shape[1]).reshape(-1, real.shape[1])
        mixed = (alpha * real + (1 - alpha) * fake).requires_grad_(True)
        out = self.discriminator(torch.cat([mixed, given], dim=1))
        grad = torch.autograd.grad(out.sum(), mixed, create_graph=True)[0]
        grad = grad.reshape(-1, pac * real.shape[1])
        return ((grad.norm(2, dim=1) - 1) ** 2).mean()

    @torch.no_grad()
    def generate(self, n: int, context: np.ndarray | None, seed: int) -> np.ndarray:
        """Raw generator outputs (scores and logits) for ``n`` rows, unconditioned."""
        self.generator.eval()
        gen = torch.Generator(device=self.device).manual_seed(seed)
        out = []
        chunk = 8192
        for start in range(0, n, chunk):
            m = min(chunk, n - start)
            z = torch.randn(m, self.config.noise_dim, generator=gen, device=self.device)
            parts = [z, torch.zeros((m, self.cond_dim), device=self.device)]
            if context is not None:
                parts.append(
                    torch.as_tensor(
                        context[start : start + m], dtype=torch.float32, device=self.device
                    )
                )
            out.append(self.generator(torch.cat(parts, dim=1)).cpu().numpy())
        if not out:
            return np.zeros((0, self.data_dim), dtype=np.float32)
        return np.concatenate(out)

    def sample_rows(
        self, n: int, context: np.ndarray | None, seed: int
    ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """``generate``'s outputs and no full category codes (the GAN learns one-hot buckets)."""
        return self.generate(n, context, seed), {}

    def release_critic(self) -> None:
        """Drop the discriminator once trained: sampling and saved files need only G."""
        self.discriminator = None

    def to(self, device: torch.device) -> None:
        self.device = device
        self.generator.to(device)
