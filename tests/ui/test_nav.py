"""The page registry: every file in pages/ is a step, in the order of the README's six steps
(Load data is the home page), each reached at the URL of its file name."""

from pathlib import Path

from ui.nav import PAGE_FILES

ROOT = Path(__file__).resolve().parents[2]


def test_every_page_file_is_registered_once_and_exists():
    paths = [path for path, _, _ in PAGE_FILES.values()]
    assert sorted(paths) == sorted(f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py"))
    assert all((ROOT / path).is_file() for path in paths)


def test_the_url_of_each_step_is_its_file_name():
    assert all(path == f"pages/{key}.py" for key, (path, _, _) in PAGE_FILES.items())


def test_the_steps_come_in_the_order_of_the_workflow():
    titles = [title for _, title, _ in PAGE_FILES.values()]
    assert titles == ["Prepare", "Fit", "Generate", "Visualise", "Evaluate", "Export"]
    assert all(icon.startswith(":material/") for _, _, icon in PAGE_FILES.values())
