"""A review model's run: the reviews, their split and the vocabulary of the training
reviews; then the model, trained, tested and saved with that vocabulary."""

from .command_line import parse_arguments, settings
from .review_data import split_reviews
from .training import limit_split, save, show_sizes, train_and_test


def train_on_reviews(config: dict, description: str, length_field: str, build, kind: str) -> None:
    """The command line's run of `build(config, vocabulary size)` with `config`'s settings,
    on reviews cut to `config[length_field]` words; saved as a model of kind `kind`."""
    arguments = parse_arguments(description)
    config = settings(config, arguments)
    split, vocabulary = split_reviews(config, arguments.data_dir, config[length_field])
    show_sizes(split)
    print(f"vocabulary: {len(vocabulary)} words")
    split = limit_split(split, arguments.limit)

    model = build(config, len(vocabulary))
    train_and_test(model, config, split, loss="binary_crossentropy")
    save(model, arguments.out, kind, config, {"vocabulary": vocabulary})
