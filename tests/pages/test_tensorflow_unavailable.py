"""When TensorFlow cannot be imported, the pages that need it say why; the home page still works."""

import pytest

from core import tensorflow_runtime
from ui import resources


@pytest.fixture
def broken_tensorflow(monkeypatch):
    """A guard whose first import fails, as a broken TensorFlow install would."""
    guard = tensorflow_runtime.OnceImporter(["_no_tensorflow_here"])
    monkeypatch.setattr(tensorflow_runtime, "_TENSORFLOW", guard)
    resources.device.clear()  # computed by earlier tests, with TensorFlow there
    yield guard
    resources.device.clear()


def test_a_page_needing_tensorflow_says_it_cannot_load(broken_tensorflow, open_page):
    app = open_page("pages/transformer.py")
    assert [error.value for error in app.error] == [
        "TensorFlow could not be loaded, so this page cannot run (ModuleNotFoundError: No module named "
        "'_no_tensorflow_here'). The home page still works; restart the server once its TensorFlow "
        "install is repaired."
    ]
    assert not app.title  # the page itself never ran
    app.switch_page("pages/cnn.py").run()  # the failure is remembered, reported the same way
    assert not app.exception and len(app.error) == 1 and not app.title
    # The page stopped, but the language switch is there, and says why in Chinese too.
    app.sidebar.button_group(key="language.switch").set_value("zh").run()
    assert len(app.error) == 1 and app.error[0].value.startswith("无法加载 TensorFlow")


def test_the_home_page_renders_without_tensorflow(broken_tensorflow, open_page):
    app = open_page()
    assert app.title[0].value.startswith("Learn deep learning")
    assert not app.error
    assert not any("Computing on:" in element.value for element in app.sidebar.markdown)
