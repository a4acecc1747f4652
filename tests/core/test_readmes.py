"""The Chinese README gives a new user the same set-up and test commands as the README and
CI, and each README links to the other."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def commands(path: Path) -> list[str]:
    """Every line of the file's ```bash blocks."""
    blocks = re.findall(r"```bash\n(.*?)```", path.read_text(encoding="utf-8"), re.DOTALL)
    return [line.split("#")[0].strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_both_readmes_give_the_same_install_run_and_test_commands():
    english, chinese = commands(ROOT / "README.md"), commands(ROOT / "README.zh-CN.md")
    wanted = ["pip install -r requirements.txt", "streamlit run app.py", "python -m pytest"]
    assert wanted == chinese[:3] and set(wanted) <= set(english)
    assert (
        'python -m pytest -m "not slow and not e2e"' in english
        and 'python -m pytest -m "not slow and not e2e"' in chinese
    )
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -r requirements.txt" in ci and "\npython -m pytest\n" in ci


def test_each_readme_links_to_the_other():
    assert "(README.zh-CN.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(README.md)" in (ROOT / "README.zh-CN.md").read_text(encoding="utf-8")
