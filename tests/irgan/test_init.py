"""The package stands alone: it imports nothing from the application around it."""

import subprocess
import sys
from pathlib import Path

import irgan

MODULES = [
    "irgan.argn", "irgan.arithmetic", "irgan.budget", "irgan.config", "irgan.context",
    "irgan.degree", "irgan.dependencies", "irgan.device", "irgan.encoding", "irgan.errors",
    "irgan.fitter",
    "irgan.gan", "irgan.keys", "irgan.lookup", "irgan.matching", "irgan.optim", "irgan.orders",
    "irgan.pii",
    "irgan.progress", "irgan.rule_values", "irgan.rules", "irgan.schema", "irgan.summary",
    "irgan.synthesizer", "irgan.table",
]


def test_irgan_and_all_its_modules_import_no_syndata_module():
    code = (
        "import importlib, sys\n"
        f"for name in {MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'syndata'))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=Path(irgan.__file__).parent.parent)
    assert result.stdout.strip() == "[]"


def test_the_module_list_is_every_module_of_the_package():
    found = {f"irgan.{p.stem}" for p in Path(irgan.__file__).parent.glob("*.py")}
    assert found - {"irgan.__init__"} == set(MODULES)


def test_the_public_names():
    assert set(irgan.__all__) == {
        "Cancelled", "IRGANConfig", "IRGANError", "IRGANSynthesizer", "SchemaError",
        "TrainingError"}
