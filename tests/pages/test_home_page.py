"""The home page: three architectures, each with a card; the CNN card leads to its page."""


def test_home_introduces_the_three_architectures(open_page):
    app = open_page()
    titles = " ".join(header.value for header in app.subheader)
    for title in ("Convolutional network", "Recurrent network", "Transformer"):
        assert title in titles
    text = " ".join(element.value for element in app.markdown)
    assert "compression" in text and "interpretability" in text
    assert "y_{ij}" in app.latex[0].value
    links = app.get("page_link")
    assert len(links) == 1 and links[0].proto.page.endswith("cnn")
    sidebar = " ".join(element.value for element in app.sidebar.markdown)
    assert "Computing on:" in sidebar and ("CPU" in sidebar or "GPU" in sidebar)
