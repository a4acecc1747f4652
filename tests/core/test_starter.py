"""The shipped starter CNN: loads safely, meets its accuracy on the embedded test split,
and the figure its training script recorded is the one it really reaches."""

import numpy as np
import pytest

from core.config import cnn as cnn_config
from core.data import mnist
from core.inspection import evaluation
from core.models import cnn
from core.models.starter import STARTER_CNN_CONFIG, load_starter_cnn


@pytest.fixture(scope="module")
def starter():
    return load_starter_cnn()


def test_starter_reaches_98_percent_on_the_embedded_test_split(starter):
    model, meta = starter
    data = mnist.load_embedded()
    probabilities = model.predict(mnist.to_model_input(data.x_test), batch_size=500, verbose=0)
    accuracy = evaluation.accuracy(data.y_test, probabilities)
    assert accuracy >= 0.98
    assert accuracy == pytest.approx(meta["test_accuracy"], abs=1e-3)
    assert meta["test_digits"] == len(data.y_test) == 2000


def test_starter_is_the_builders_architecture(starter):
    model, meta = starter
    assert cnn_config.CNNConfig.from_dict(meta["config"]) == STARTER_CNN_CONFIG
    assert model.count_params() == cnn_config.count_parameters(STARTER_CNN_CONFIG)
    assert [layer.name for layer in model.layers] == [
        layer.name for layer in cnn.build_model(STARTER_CNN_CONFIG).layers
    ]
    assert np.isfinite(model.get_layer("conv1").get_weights()[0]).all()
