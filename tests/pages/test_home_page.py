"""The home page: three architectures, each with a card leading to its page."""


def test_home_introduces_the_three_architectures(open_page):
    app = open_page()
    titles = " ".join(header.value for header in app.subheader)
    for title in ("Convolutional network", "Recurrent network", "Transformer"):
        assert title in titles
    text = " ".join(element.value for element in app.markdown)
    assert "compression" in text and "interpretability" in text
    assert "y_{ij}" in app.latex[0].value
    links = app.get("page_link")
    assert [link.proto.page.rsplit("/", 1)[-1] for link in links] == ["cnn", "rnn", "transformer", "runs"]
    sidebar = " ".join(element.value for element in app.sidebar.markdown)
    assert "Computing on:" in sidebar and ("CPU" in sidebar or "GPU" in sidebar)
    assert "Dataset:" not in sidebar  # the home page uses no dataset
