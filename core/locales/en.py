"""English UI text. Keys are grouped by where they appear; `{names}` are filled by `t()`."""

from core.locales import Plural

TEXT = {
    # Frame and sidebar
    "app.title": "Deep learning playground",
    "nav.home": "Home",
    "language.label": "Language",
    "app.tensorflow_unavailable": (
        "TensorFlow could not be loaded, so this page cannot run ({reason}). The home page still "
        "works; restart the server once its TensorFlow install is repaired."
    ),
    "nav.cnn": "CNN · digits",
    "sidebar.device": "**Computing on:** {device}",
    "sidebar.device_cpu": Plural("count", one="CPU ({count} core)", other="CPU ({count} cores)"),
    "sidebar.device_gpu": "GPU: {names}",
    "sidebar.dataset": "**Dataset:** {dataset}",
    "sidebar.about": (
        "Build, train and look inside neural networks. Data: MNIST (LeCun, Cortes & Burges); "
        "IMDB reviews (Maas et al., 2011); Multi30k (Elliott et al., 2016)."
    ),
    # Home
    "home.title": "Learn deep learning by building, training and looking inside",
    "home.intro": (
        "Three architectures, each on its own page. Pick one, change it, train it on a "
        "laptop in a few minutes, and see what it computes, layer by layer."
    ),
    "home.cnn.title": "Convolutional network",
    "home.cnn.body": (
        "Slides small learned kernels over an image, so the same detector finds a stroke "
        "wherever it is; pooling keeps the strongest responses and shrinks the map. "
        "Draw a digit and watch a CNN read it."
    ),
    "home.cnn.formula": r"y_{ij} = \sum_{m,n} x_{i+m,\,j+n}\, w_{mn}",
    "home.cnn.link": "Open the CNN playground",
    "home.rnn.title": "Recurrent network",
    "home.rnn.body": (
        "Reads a sequence one step at a time and carries a hidden state forward, its "
        "memory of what came before. LSTM and GRU gates keep that memory from fading."
    ),
    "home.rnn.formula": r"h_t = f(h_{t-1}, x_t)",
    "home.rnn.link": "Open the RNN playground",
    "home.transformer.title": "Transformer",
    "home.transformer.body": (
        "Lets every word look at every other word at once: attention weighs them by how "
        "well a query matches their keys, then mixes their values."
    ),
    "home.transformer.formula": r"\mathrm{softmax}\!\left(\frac{QK^\top}{\sqrt{d_k}}\right) V",
    "home.transformer.link": "Open the Transformer playground",
    "home.open_problems": (
        "**Open problems these pages touch on:** compression (how small can a network be and "
        "still work?), interpretability (what do its layers compute?), data efficiency (how "
        "few examples does it need?) and generalisation (does it read *your* handwriting?)."
    ),
    # CNN page
    "cnn.title": "CNN playground: handwritten digits",
    "cnn.intro": (
        "Draw a digit and a convolutional network reads it. Then build your own network, "
        "train it while you watch, and look inside."
    ),
    "tab.build": ":material/construction: Build & train",
    "tab.inside": ":material/visibility: Look inside",
    "tab.evaluate": ":material/analytics: Evaluate",
    "model.choice": "Predict with",
    "model.yours": "Your network",
    "model.starter": "Starter model",
    "model.yours_caption": Plural(
        "epochs",
        one="Using your network ({status}, {epoch} of {epochs} epoch done).",
        other="Using your network ({status}, {epoch} of {epochs} epochs done).",
    ),
    "model.watched": "This run's network",
    "model.watched_caption": Plural(
        "epochs",
        one="Using the network of the run you are watching ({status}, {epoch} of {epochs} epoch done).",
        other="Using the network of the run you are watching ({status}, {epoch} of {epochs} epochs done).",
    ),
    "model.starter_caption": (
        "Using the starter model ({accuracy:.1%} on the {count:,} test digits). Train your own network below."
    ),
    "draw.heading": "**Draw a digit** (0–9)",
    "draw.model_sees": "**What the model sees**",
    "draw.model_sees_caption": "28×28, centred by mass, as MNIST",
    "draw.prompt": "Draw a digit on the black canvas to see what the network thinks it is.",
    "draw.prediction": "## Prediction: {digit}",
    "draw.confidence": "{p:.1%} sure",
    "draw.not_finite": "This network's outputs are not numbers (its weights blew up); train it again.",
    # Data
    "data.mnist-10k": "MNIST, embedded 10,000 digits",
    "data.mnist-70k": "MNIST, full 70,000 digits (download, 11 MB)",
    "data.downloading": "Fetching full MNIST…",
    "data.full_unavailable": (
        "Full MNIST could not be downloaded (is there a network here?); using the embedded 10,000 digits."
    ),
    # Builder
    "build.intro": (
        "Stack convolution blocks and dense layers; the table below shows every layer's "
        "output shape and parameter count as you change them."
    ),
    "build.dataset": "Dataset",
    "build.preset_classic": "Classic example",
    "build.preset_classic_help": (
        "The classic MNIST network, and the page's default: Conv32-Pool-Conv64-Pool-Dense128-Dense10."
    ),
    "build.preset_starter_help": "Three 'same'-padded convolution blocks with batch normalization.",
    "build.preset_starter": "Starter model's architecture",
    "build.layers": "Layers",
    "build.n_conv": "Convolution blocks",
    "build.n_dense": "Dense layers",
    "build.conv_block": "**Convolution block {number}**",
    "build.dense_layer": "**Dense layer {number}**",
    "build.filters": "Filters",
    "build.kernel": "Kernel",
    "build.stride": "Stride",
    "build.padding": "Padding",
    "build.activation": "Activation",
    "build.pooling": "Pooling",
    "build.pool_size": "Pool size",
    "build.batch_norm": "Batch normalization",
    "build.dropout": "Dropout",
    "build.units": "Units",
    "build.output_layer": "Output: Dense 10 with softmax, one probability per digit.",
    "build.hyperparameters": "Training",
    "build.optimizer": "Optimizer",
    "build.optimizer.adam": "Adam",
    "build.optimizer.sgd": "SGD with momentum 0.9",
    "build.optimizer.rmsprop": "RMSprop",
    "build.learning_rate": "Learning rate",
    "build.batch_size": "Batch size",
    "build.epochs": "Epochs",
    "build.validation_share": "Validation share",
    "build.train_size": "Training examples",
    "build.train_size_all": "all",
    "build.augment": "Data augmentation",
    "build.augment_help": "Random small shifts (±10%), rotations (±14°) and zooms (±10%) while training.",
    "build.seed": "Random seed",
    "build.invalid": "This network cannot be built: {reason}",
    "build.total_parameters": "Total parameters: {count:,}",
    "table.layer": "layer",
    "table.type": "type",
    "table.output_shape": "output shape",
    "table.parameters": "parameters",
    "chart.per_batch": "training, per batch",
    "chart.smoothed": "training, smoothed",
    "chart.validation": "validation",
    "chart.epoch": "epoch",
    "chart.loss": "loss",
    "chart.accuracy": "accuracy",
    "chart.probability": "probability",
    "chart.predicted.digit": "predicted digit",
    "chart.true.digit": "true digit",
    "chart.predicted.sentiment": "predicted",
    "chart.true.sentiment": "true sentiment",
    # Training
    "train.heading": "Train",
    "train.start": "Start training",
    "train.restart": "Train again",
    "train.pause": "Pause",
    "train.resume": "Resume",
    "train.stop": "Stop",
    "train.not_started": "Not trained yet. Press Start: the page stays usable while it trains.",
    "train.progress_above": (
        "The run's progress and live curves are above these tabs, right under what you draw or type."
    ),
    "train.progress": "{status} · epoch {epoch} of {epochs} · {rate:,.0f} examples/s · {left} left",
    "train.status.running": "Training",
    "train.status.paused": "Paused",
    "train.status.stopping": "Stopping",
    "train.status.finished": "Finished",
    "train.status.stopped": "Stopped",
    "train.status.failed": "Failed",
    "train.stopped_note": Plural(
        "epoch",
        one="Stopped after {epoch} full epoch; the weights stay as they were at the stop.",
        other="Stopped after {epoch} full epochs; the weights stay as they were at the stop.",
    ),
    "train.finished_note": "Finished in {seconds:.0f} s of training.",
    "train.chart_loss": "Loss",
    "train.chart_accuracy": "Accuracy",
    "train.run_not_found": (
        "That link names a training run this app does not have (a mistyped link, or a run that was "
        "deleted); starting fresh."
    ),
    # Look inside
    "inside.prompt": "Draw a digit above to look inside the network.",
    "inside.maps": "Feature maps",
    "inside.maps_help": (
        "What every convolution and pooling layer computes for your digit. Each tile is one "
        "channel, bright where it responds most (each scaled to its own range)."
    ),
    "inside.map_title": "**{name}** · {kind} · {h}×{w}×{c}",
    "inside.filters": "Learned filters of the first layer",
    "inside.filters_help": Plural(
        "count",
        one="The kernel ({k}×{k}) of the first convolution: red weights are positive, blue negative.",
        other=(
            "The {count} kernels ({k}×{k}) of the first convolution: red weights are positive, blue negative."
        ),
    ),
    "inside.attribution": "What the model looked at",
    "inside.attribution_method": "Method",
    "inside.method.grad_cam": "Grad-CAM",
    "inside.method.saliency": "Saliency",
    "inside.method_help.grad_cam": (
        "Grad-CAM (Selvaraju et al., 2017) weighs the last convolution's channels by how much "
        "they raise the predicted class, and shows where those channels fire."
    ),
    "inside.method_help.saliency": (
        "Saliency (Simonyan et al., 2014) shows how strongly each pixel would change the "
        "predicted class's probability if it changed a little."
    ),
    "inside.attribution_caption": "Heatmap for the class {digit}",
    "inside.conv_formula": "The convolution, with numbers",
    "inside.conv_formula_help": (
        "Pick one cell of {name}'s feature map: its value is the sum of the input patch "
        "times the kernel, plus the bias, through the activation."
    ),
    "inside.channel": "Channel",
    "inside.row": "Row i",
    "inside.col": "Column j",
    "inside.patch": "Input patch x",
    "inside.kernel": "Kernel w (channel {channel})",
    "inside.products": "Products x·w",
    "inside.conv_check": (
        "The layer {name} returned {value:.4f} at ({row}, {col}, channel {channel}): the same number."
    ),
    "inside.pool_formula": "Pooling, with numbers",
    "inside.window": "Window of {source}",
    "inside.pool_check": "The layer {name} returned {value:.4f} at ({row}, {col}, channel {channel}).",
    "inside.no_pooling": "This network has no pooling layer.",
    # Evaluate
    "eval.pending": (
        "Test figures are computed when a run finishes; this one has not. Evaluate its current weights:"
    ),
    "eval.now": "Evaluate current weights",
    "eval.evaluated_at": Plural(
        "step",
        one="Weights as they were after {step:,} batch.",
        other="Weights as they were after {step:,} batches.",
    ),
    "eval.accuracy": "Test accuracy",
    "eval.accuracy_help": "Share of the {count:,} held-out test digits classified correctly.",
    "eval.matrix_help": "Rows: true digit; columns: predicted. Click a cell to see its digits.",
    "eval.cell_title": "**True {true}, predicted {predicted}** · test digits in this cell: {count}",
    "eval.cell_empty": "No test digit falls in this cell.",
    "eval.example_caption": "p({predicted}) = {p:.2f}, p(true) = {true_p:.2f}",
    # Messages from core/: validation, training and data
    "error.choice": "{what} must be one of {choices}; got '{value}'.",
    "error.range": "{what} must be between {low:g} and {high:g}; got {value:g}.",
    "error.conv_count": "Use 1 to {max} convolution blocks; got {count}.",
    "error.dense_count": "Use at most {max} dense layers before the output.",
    "error.conv_block": "Convolution block {number}",
    "error.dense_layer": "Dense layer {number}",
    "error.kernel_too_big": (
        "{where}: a {k}×{k} kernel does not fit the {size}×{size} map it receives. "
        "Use a smaller kernel, padding 'same', or remove a block before it."
    ),
    "error.pool_to_nothing": (
        "{where}: {p}×{p} pooling shrinks the {size}×{size} map to 0×0. Turn pooling off in "
        "this block, use padding 'same' or a stride of 1 earlier, or remove a block."
    ),
    "error.heads_divide_width": (
        "Model width {width} cannot be split evenly into {heads} heads (each head gets width ÷ heads "
        "dimensions): use {divisors} heads, or change the width."
    ),
    "error.learning_rate": "Learning rate must be above 0 and at most 10; got {value:g}.",
    "error.train_size": "Training-set size cannot be negative (0 means use all).",
    "error.too_many_parameters": (
        "This network has {count:,} parameters, too many to train on a laptop. Use fewer "
        "filters or dense units, or more pooling before the dense layers."
    ),
    "field.filters": "filters",
    "field.kernel_size": "kernel size",
    "field.stride": "stride",
    "field.pool_size": "pool size",
    "field.dropout_rate": "dropout",
    "field.padding": "padding",
    "field.activation": "activation",
    "field.pooling": "pooling",
    "field.units": "units",
    "field.batch_norm": "batch norm",
    "field.optimizer": "Optimizer",
    "field.batch_size": "Batch size",
    "field.epochs": "Epochs",
    "field.validation_share": "Validation share",
    "field.dataset": "Dataset",
    "field.cell": "Cell type",
    "field.lr_schedule": "Learning-rate schedule",
    "field.task": "Task",
    "field.positional": "Positional encoding",
    "field.num_encoder_layers": "Encoder layers",
    "field.num_decoder_layers": "Decoder layers",
    "field.num_heads": "Heads",
    "field.ff_dim": "Feed-forward width",
    "field.max_length": "Maximum length",
    "field.target_vocab_size": "German vocabulary size",
    "field.num_layers": "Recurrent layers",
    "field.embed_dim": "Embedding size",
    "field.vocab_size": "Vocabulary size",
    "field.sequence_length": "Sequence length",
    "field.recurrent_dropout_rate": "Recurrent dropout",
    "train.preparing": "Preparing the data and building the network…",
    "train.nan_stop": (
        "The loss became NaN or infinite, so training stopped: the weights blew up. Try a lower "
        "learning rate (for example a tenth of it), batch normalization, or a smaller batch."
    ),
    "train.failed": "Training failed: {error}",
    "train.diverged": (
        "The loss exploded to {loss:.3g} (the first batch's was {start:.3g}), so training stopped: "
        "the weights blew up. Try a lower learning rate (for example a tenth of it), batch "
        "normalization, or a smaller batch."
    ),
    "train.pause_expired": "Paused for over {minutes} minutes, so the run was stopped to free the server.",
    "train.slots_busy": Plural(
        "slots",
        one=(
            "This computer's one training slot is busy ({waiting} waiting). Press Start to join the "
            "queue: your run starts by itself, in turn, when the slot frees."
        ),
        other=(
            "All {slots} training slots of this computer are busy ({waiting} waiting). Press Start to "
            "join the queue: your run starts by itself, in turn, when a slot frees."
        ),
    ),
    "train.queued": "Waiting for a training slot: number {position} of {waiting} in the queue.",
    "train.queued_eta": "It should start in about {time}.",
    "train.sentence_separator": " ",
    "train.queued_eta_unknown": "It starts by itself as soon as a slot frees; no need to stay on this page.",
    "train.queued_behind_own": (
        "Your other run is still training: this one starts by itself when it ends "
        "(one run per person at a time, so everyone gets a turn)."
    ),
    "train.leave_queue": "Leave the queue",
    "train.left_queue": "You left the queue, so this run never started. Press Start to queue it again.",
    "train.status.queued": "Waiting for a slot",
    "train.status.not_started": "Not started",
    "train.pause_yielded": (
        "Paused for over {minutes:g} minutes while others waited for a training slot, so the run was "
        "stopped to give them its slot. Its weights stay as they were."
    ),
    "train.not_yours": (
        "This run belongs to {owner}. You can watch it, predict with it and copy its settings (they are "
        "in the controls above); only they can pause or stop it. Start trains a run of your own."
    ),
    "train.identity_pending": "Connecting to your browser… Start is ready in a moment.",
    # RNN page
    "nav.rnn": "RNN · reviews",
    "nav.transformer": "Transformer · attention",
    "rnn.title": "RNN playground: movie reviews",
    "rnn.intro": (
        "Type a movie review and a recurrent network reads it one word at a time, carrying a "
        "hidden state from word to word. Watch its opinion form, then build and train your own."
    ),
    "rnn.starter_caption": (
        "Using the starter model ({accuracy:.1%} on the {count:,} test reviews). "
        "Train your own network below."
    ),
    "review.examples": "Pick a real review from the test set",
    "review.examples_placeholder": "…or type your own below",
    "review.example": "{sentiment}: {start}…",
    "review.heading": "**Your review**",
    "review.placeholder": "For example: The acting was wooden, but the story stayed with me for days.",
    "review.prompt": "Type a review (or pick one above) to see what the network makes of it.",
    "review.no_words": "There are no words in this text, only symbols or emoji; type a few words.",
    "review.all_unknown": Plural(
        "count",
        one=(
            "This word is not in the model's vocabulary, so it cannot read it: it is the unknown "
            "token to it. The model reads English reviews: try English words."
        ),
        other=(
            "None of these {count} words is in the model's vocabulary, so it cannot read them: every "
            "one is the same unknown token to it. The model reads English reviews: try English words."
        ),
    ),
    "review.cut": "Long review: the model read its first {used:,} of {total:,} words; the rest was cut.",
    "review.cut_marker": Plural(
        "count", one="cut: {count:,} word not read", other="cut: {count:,} words not read"
    ),
    "review.tokens_caption": (
        "**The words the model reads** ({used:,}; {unknown:,} unknown, struck through, read as one "
        "[UNK] token)"
    ),
    "review.verdict": "## {label} · {p:.1%}",
    "review.probability": "Probability that the review is positive: {p:.3f}",
    "review.positive": "Positive",
    "review.negative": "Negative",
    "rnn.build_intro": (
        "Choose the cell, stack up to three recurrent layers and size the vocabulary and the "
        "sequence; the table shows every layer's output shape and parameter count."
    ),
    "build.lr_schedule": "Learning-rate schedule",
    "build.lr_schedule.constant": "constant",
    "build.lr_schedule.cosine": "cosine decay to zero",
    "build.lr_schedule_help": (
        "Constant keeps the learning rate for the whole run. Cosine decay lowers it smoothly to "
        "zero by the last batch: big steps first, small ones to settle (Loshchilov & Hutter, 2017)."
    ),
    "rnn.preset_classic": "Classic SimpleRNN",
    "rnn.preset_classic_help": (
        "The textbook example: 10,000 words, length 100, Embedding 128, SimpleRNN 128, 5 epochs with "
        "Adam. Train it to see why gated cells were invented: it stays near chance."
    ),
    "rnn.preset_recommended": "Recommended (the default)",
    "rnn.preset_recommended_help": (
        "Bidirectional GRU with 32 units, Embedding 32, length 400, states averaged over the words, "
        "dropout 0.3; 3 epochs with Adam at 0.002 decaying to zero."
    ),
    "rnn.preset_lesson": (
        "Why the classic SimpleRNN fails here: it must carry a whole review to its last state, and "
        "its gradient shrinks at every one of the 100 tanh steps back: it *vanishes*, so the first "
        "words barely train and on 3,600 training reviews it stays near chance. The recommended GRU's "
        "gates let it keep or overwrite its memory, which keeps gradients alive, and averaging "
        "its states over the words gives every word a short path to the output."
    ),
    "rnn.cell": "Cell",
    "rnn.cell.simple_rnn": "SimpleRNN",
    "rnn.cell.lstm": "LSTM",
    "rnn.cell.gru": "GRU",
    "rnn.cell_help": (
        "SimpleRNN: h = tanh(W·x + U·h + b). LSTM adds a cell state and input, forget and output "
        "gates; GRU has update and reset gates. Gates decide what the memory keeps."
    ),
    "rnn.num_layers": "Recurrent layers",
    "rnn.units": "Units per layer",
    "rnn.bidirectional": "Bidirectional",
    "rnn.bidirectional_help": "Each layer also reads the review right to left, and joins both states.",
    "rnn.pooling": "Review vector",
    "rnn.pooling.last": "Last state",
    "rnn.pooling.mean": "Mean of states",
    "rnn.pooling_help": (
        "What the output unit sees: the last layer's state after the last word, or its states "
        "averaged over all the words (padding excluded)."
    ),
    "rnn.embed_dim": "Embedding size",
    "rnn.vocab_size": "Vocabulary size",
    "rnn.sequence_length": "Sequence length (words)",
    "rnn.sequence_length_help": "Reviews are cut to their first words, or padded; padding is masked.",
    "rnn.recurrent_dropout": "Recurrent dropout",
    "rnn.recurrent_dropout_help": "Share of the carried state zeroed at each step while training.",
    "rnn.output_layer": "Output: one sigmoid unit, the probability that the review is positive.",
    "rnn.train_size_all": "all reviews",
    "rnn.vocabulary_note": (
        "The vocabulary is built from the training split only; it can hold fewer words than chosen "
        "when the split has fewer, and the embedding shrinks with it."
    ),
    "rnn.inside_prompt": "Type a review above to look inside the network.",
    "rnn.trajectory": "How the prediction evolves",
    "rnn.trajectory_help": (
        "The positive probability after each word: point t is the prediction for the review's "
        "first t words, so the last point is the prediction above."
    ),
    "rnn.occlusion": "Which words mattered",
    "rnn.occlusion_help": (
        "Each word is left out in turn and the review read again: green words pushed the "
        "prediction towards positive, red ones towards negative (hover for the change)."
    ),
    "rnn.occlusion_top": "**Pushed towards positive:** {up}  \n**Pushed towards negative:** {down}",
    "rnn.states": "The hidden state",
    "rnn.states_help": (
        "Each column is the state after a word, each row a unit (at most the {shown} units that "
        "change most over this review); blue is negative, red positive."
    ),
    "rnn.state_title.forward": Plural(
        "units",
        one="{layer}: hidden state h, {shown} of {units} unit",
        other="{layer}: hidden state h, {shown} of {units} units",
    ),
    "rnn.state_title.backward": Plural(
        "units",
        one="{layer}: hidden state h, reading right to left, {shown} of {units} unit",
        other="{layer}: hidden state h, reading right to left, {shown} of {units} units",
    ),
    "rnn.cell_title.forward": Plural(
        "units",
        one="{layer}: LSTM cell state c, {shown} of {units} unit",
        other="{layer}: LSTM cell state c, {shown} of {units} units",
    ),
    "rnn.cell_title.backward": Plural(
        "units",
        one="{layer}: LSTM cell state c, right to left, {shown} of {units} unit",
        other="{layer}: LSTM cell state c, right to left, {shown} of {units} units",
    ),
    "rnn.layer": "Layer",
    "rnn.recurrence": "The recurrence, with numbers",
    "rnn.word": "Word t",
    "rnn.recurrence_help": (
        "Step t = {position} reads **{word}**: x_t is its {features} inputs from {source}, "
        "h_(t-1) the state Keras computed after the word before. The first {shown} of {units} "
        "units, computed with the layer's own weights:"
    ),
    "rnn.source_embedding": "the embedding",
    "rnn.source_layer": "layer {layer}",
    "rnn.keras_returned": "h_t returned by Keras",
    "rnn.unit_column": "unit {number}",
    "rnn.recurrence_check": (
        "The formula's h_t equals the state the Keras layer returned (largest difference {difference:.1e})."
    ),
    "rnn.recurrence_mismatch": (
        "The formula's h_t differs from the state the Keras layer returned by {difference:.1e}: "
        "this layer computes something the formula above does not describe."
    ),
    "rnn.backward_note": "This layer is bidirectional; the formula shows its left-to-right direction.",
    "rnn.accuracy_help": "Share of the {count:,} held-out test reviews classified correctly.",
    "rnn.matrix_help": "Rows: true sentiment; columns: predicted.",
    "rnn.mistakes": Plural(
        "count",
        one="**Misclassified test reviews:** {count:,}",
        other="**Misclassified test reviews:** {count:,}, the {shown} most confident mistakes first",
    ),
    "rnn.col_true": "true",
    "rnn.col_probability": "p(positive)",
    "rnn.col_review": "review",
    "chart.positive_probability": "p(positive)",
    "chart.word_number": "word",
    "chart.word": "token",
    "chart.unit": "unit",
    "data.imdb-5k": "IMDB, embedded 5,000 reviews",
    "data.imdb-50k": "IMDB, full 50,000 reviews (download, 80 MB)",
    "data.downloading_imdb": "Fetching the full IMDB reviews…",
    "data.imdb_full_unavailable": (
        "The full IMDB reviews could not be downloaded (is there a network here?); using the embedded 5,000."
    ),
    "field.review_vector": "Review vector",
    "data.download_failed": "Full MNIST could not be downloaded ({error}).",
    # Transformer page
    "transformer.title": "Transformer playground: attention you can see",
    "transformer.intro": (
        "A Transformer reads a whole text at once. In every layer, each token asks every other token "
        "how relevant it is, with **attention**: `softmax(QKᵀ/√d_k)·V`. Pick a task, type a text, and "
        "look at what every layer and head attends to."
    ),
    "transformer.task": "Task",
    "transformer.task.classify": "Review classifier (IMDB)",
    "transformer.task.translate": "English → German translator (Multi30k)",
    "transformer.starter_caption.classify": (
        "Predicting with the starter Transformer ({accuracy:.1%} on the embedded test reviews, the RNN "
        "page's split). Train your own under Build & train."
    ),
    "transformer.starter_caption.translate": (
        "Translating with the starter Transformer ({bleu:.1f} BLEU on Multi30k test 2016). Train your "
        "own under Build & train."
    ),
    "transformer.inside_prompt.classify": "Type a review above to see every layer's and head's attention.",
    "transformer.inside_prompt.translate": (
        "Type an English sentence above to see the attention that translated it."
    ),
    "transformer.kind": "Attention",
    "transformer.kind.encoder": "Encoder self-attention",
    "transformer.kind.decoder": "Decoder masked self-attention",
    "transformer.kind.cross": "Cross-attention (alignment)",
    "transformer.kind_help.encoder": (
        "Each row is a token asking; each column a token it can look at. A row's weights sum to 1: "
        "where the token gathers its new vector from."
    ),
    "transformer.kind_help.decoder": (
        "The German words so far, attending to each other. A word may only look at itself and the "
        "words before it, so everything above the diagonal is zero: that is the causal mask."
    ),
    "transformer.kind_help.cross": (
        "Each row is the German word being chosen; each column an English word. Bright cells show "
        "which English words the decoder read to choose it: a learned alignment."
    ),
    "transformer.build_intro.classify": (
        "The classifier reads a review through the RNN page's pipeline and split (same vocabulary "
        "rules, same 1,000 test reviews), so the two can be compared. Its encoder blocks are "
        "self-attention and a feed-forward network, each with a residual connection and layer "
        "normalisation; the mean over the words feeds one sigmoid unit."
    ),
    "transformer.build_intro.translate": (
        "The translator is an encoder–decoder, as in Vaswani et al. (2017): the encoder reads the "
        "English, the decoder writes German one word at a time, looking at its own words so far "
        "(masked self-attention) and at the English (cross-attention). It learns by teacher forcing: "
        "given the true German words so far, predict the next one."
    ),
    "transformer.preset_recommended": "Recommended",
    "transformer.preset_recommended_help.classify": (
        "One encoder block of width 32 with 2 heads, reviews cut to 256 words, dropout 0.4, 3 epochs "
        "with Adam 0.002 decaying to zero: about 86% test accuracy in about a minute on a 2-core laptop."
    ),
    "transformer.preset_recommended_help.translate": (
        "Two encoder and two decoder blocks of width 128 with 4 heads, Adam 0.001 decaying to zero."
    ),
    "transformer.preset_eight_heads": "8 heads, width 256",
    "transformer.preset_eight_heads_help": (
        "The classic translation example: multi-head attention with 8 heads of 32 dimensions each "
        "(width 256). Slower to train on a laptop."
    ),
    "transformer.encoder_layers": "Encoder layers",
    "transformer.decoder_layers": "Decoder layers",
    "transformer.heads": "Heads",
    "transformer.heads_help": (
        "Each head attends on its own, with width ÷ heads dimensions; the width must divide evenly."
    ),
    "transformer.width": "Model width",
    "transformer.width_help": "The length of every token's vector, through the whole network.",
    "transformer.ff_width": "Feed-forward width",
    "transformer.ff_help": "Width of the two-layer network applied to each token after attention.",
    "transformer.positional": "Positional encoding",
    "transformer.positional.sinusoidal": "Sinusoidal (fixed)",
    "transformer.positional.learned": "Learned",
    "transformer.positional_help": (
        "Attention alone ignores word order; a position vector is added to each token. Sinusoidal: "
        "fixed waves (Vaswani et al.); learned: one trained vector per position."
    ),
    "transformer.max_length": "Maximum length (tokens)",
    "transformer.max_length_help.classify": (
        "Reviews are cut to their first words, or padded; padding is masked."
    ),
    "transformer.max_length_help.translate": "Longer sentences are cut; the German too. Padding is masked.",
    "transformer.vocab_size.classify": "Vocabulary size",
    "transformer.vocab_size.translate": "English vocabulary size",
    "transformer.target_vocab_size": "German vocabulary size",
    "transformer.output_layer.classify": "Output: mean over the words, then one sigmoid unit: p(positive).",
    "transformer.output_layer.translate": (
        "Output: a softmax over the German vocabulary at every position: the next word."
    ),
    "transformer.train_size_all.classify": "all reviews",
    "transformer.train_size_all.translate": "all 29,000 pairs",
    "transformer.validation_note": (
        "Validation uses Multi30k's own 1,014 validation pairs; after every epoch they are translated "
        "and scored with BLEU."
    ),
    "transformer.vocabulary_note.classify": "The vocabulary is built from the run's training reviews only.",
    "transformer.vocabulary_note.translate": (
        "Both vocabularies are built from the training sentences only; the German one starts with "
        "[start] and [end]. The table counts the vocabulary sizes chosen above."
    ),
    "translate.examples": "Pick a sentence from the Multi30k test set",
    "translate.examples_placeholder": "…or type your own below",
    "translate.heading": "**English sentence**",
    "translate.placeholder": "For example: A man in a red shirt is riding a bike down the street.",
    "translate.prompt": "Type an English sentence (or pick one above) to translate it.",
    "translate.no_words": "There are no words in this text, only symbols or emoji; type a few words.",
    "translate.all_unknown": Plural(
        "count",
        one=(
            "This token is not in the model's English vocabulary (it learned from English image "
            "descriptions), so the translation is a guess. The model translates English: try English words."
        ),
        other=(
            "None of the {count} tokens is in the model's English vocabulary (it learned from English image "
            "descriptions), so the translation is a guess. The model translates English: try English words."
        ),
    ),
    "translate.cut": "The model reads the first {used} of {total} tokens; the rest is not translated.",
    "translate.no_end": (
        "The translation reached the length limit without ending: the model is not sure where to stop."
    ),
    "translate.decoding": "Decoding",
    "translate.decoding.greedy": "Greedy",
    "translate.decoding.beam": "Beam search",
    "translate.decoding_help": (
        "Greedy takes the most likely next word every time. Beam search keeps the few best partial "
        "translations and picks the likeliest whole one (length-normalised, Wu et al. 2016)."
    ),
    "translate.beam_width": "Beam width",
    "translate.result": "### {text}",
    "translate.by_greedy": "greedy decoding",
    "translate.by_beam": "beam search, width {width}",
    "translate.result_caption": Plural(
        "words", one="German, by {method}: {words} token.", other="German, by {method}: {words} tokens."
    ),
    "translate.samples_pending": (
        "After the first epoch, sample translations and the validation BLEU appear here."
    ),
    "translate.val_bleu_title": "Validation BLEU after each epoch",
    "translate.col_english": "English",
    "translate.col_epoch": "after epoch {epoch}",
    "translate.col_reference": "reference German",
    "translate.col_model": "model's German",
    "translate.starter_test": "The starter translator's script measured {bleu:.1f} BLEU on this test set.",
    "translate.evaluate_now": "Translate the test set",
    "translate.evaluate_prompt": (
        "Translate Multi30k's 1,000 test sentences (greedy) and score them with BLEU."
    ),
    "translate.evaluating": "Translating {count:,} sentences…",
    "translate.test_bleu": "Test BLEU",
    "translate.test_bleu_help": (
        "Corpus BLEU on the {count:,} Multi30k test 2016 sentences, by sacreBLEU, lower-cased: how "
        "many of the reference's word sequences the translation shares, from 0 to 100."
    ),
    "attention.window": "Tokens shown",
    "attention.window_help": (
        "The text has {count} tokens; the maps show {window} at a time (rows still sum to 1 over all "
        "of them). The formula below uses every token."
    ),
    "attention.layer": "Layer",
    "attention.head": "Head",
    "attention.query": "Query token",
    "attention.head_title": "{name}, layer {layer}, head {head}",
    "attention.head_view": "**Head view**",
    "attention.head_view_help": (
        "Lines from “{token}” (left) to the tokens it attends to (right); thicker is more."
    ),
    "attention.grid": "Every layer and head",
    "attention.grid_help": (
        "Each small map is one head. Look for patterns: a diagonal (a token attending to itself), a "
        "line just below it (the previous word), a column (a token everyone reads)."
    ),
    "attention.formula": "The attention formula, with numbers",
    "attention.formula_help": (
        "Query “{token}”, layer {layer}, head {head}. q and every key k are computed from the layer's "
        "own weights; d_k = {d_k}, so the scores are divided by √d_k = {root:.2f}. The first {shown} "
        "entries of each vector are shown."
    ),
    "attention.col_key": "key token",
    "attention.col_used": "weight the model used",
    "attention.masked": "masked",
    "attention.formula_check": (
        "The softmax computed here equals the attention the model used (largest difference {difference:.1e})."
    ),
    "attention.formula_mismatch": (
        "The softmax computed here differs from the model's attention by {difference:.1e}."
    ),
    "data.multi30k": "Multi30k, embedded 29,000 English–German pairs",
    # Attention charts
    "attention_chart.query": "query",
    "attention_chart.key": "key",
    "attention_chart.weight": "attention weight",
    "attention_chart.scaled": "(scaled to the data shown: darkest = {top:.2f})",
    "attention_chart.query_axis": "query: the token that attends",
    "attention_chart.key_axis": "key: the token attended to",
    "attention_chart.layer": "Layer {number}",
    "attention_chart.head": "Head {number}",
    "attention_chart.layer_title": "layer",
    "attention_chart.head_title": "head",
    # Runs: the registry, the runs page, recording and reopening
    "nav.runs": "Runs",
    "home.runs_link": (
        "Every run you train is recorded: compare, reopen, export and share them on the Runs page"
    ),
    "train.status.interrupted": "Interrupted",
    "train.interrupted_note": (
        "This run was interrupted (the app stopped while it trained). "
        "Its model is the one saved after epoch {epoch}."
    ),
    "runs.interrupted_reason": "The app stopped while this run was training; its last saved epoch is kept.",
    "runs.not_recorded": "This run is not being recorded on disk ({reason}); it trains all the same.",
    "runs.no_model": "This run ended before its first epoch, so no model was saved.",
    "runs.opening": "Opening the recorded run: rebuilding its data split and loading its model…",
    "runs.model_unusable": "This run's saved model cannot be opened: {reason}",
    "runs.opened_as_import": (
        "This run trained on {dataset}, which cannot be loaded now, so its model is opened as an imported "
        "model: it predicts and can be looked inside, and is evaluated on the embedded test set."
    ),
    "runs.delete_running": "Stop the run on its page before deleting it.",
    "runs.vocabulary_changed": (
        "Rebuilding this run's data now gives a different vocabulary than the one it trained with (the data "
        "or the app changed since), so its model is opened as an imported model, with its own vocabulary, "
        "and evaluated on the embedded test set."
    ),
    # A run's settings in one line (core.runs.run_summary)
    "summary.epochs": Plural("count", one="{count} epoch", other="{count} epochs"),
    "summary.words": Plural("count", one="{count} word", other="{count} words"),
    "summary.encoders": "{count} enc",
    "summary.decoders": "{count} dec",
    "summary.width": "width {width}",
    "summary.heads": Plural("count", one="{count} head", other="{count} heads"),
    "runs.settings_unreadable": "(settings this version of the app cannot read)",
    "runs.title": "Runs",
    "runs.intro": (
        "Every training run on every page is recorded here: its settings, its curves, its test figures "
        "and its model. Choose runs in the table to compare them; choose one to open it in its page, "
        "export it or delete it."
    ),
    "runs.where": "Recorded in `{path}` (set `PLAYGROUND_DATA_DIR` to keep runs elsewhere).",
    "runs.unavailable": "Runs cannot be recorded or listed: the data directory cannot be opened ({reason}).",
    "runs.empty": "No runs match. Train a network on any page and it appears here.",
    "runs.filter_kind": "Page",
    "runs.filter_status": "Status",
    "runs.filter_all": "All",
    "runs.kind.cnn": "CNN",
    "runs.kind.rnn": "RNN",
    "runs.kind.transformer.classify": "Transformer · reviews",
    "runs.kind.transformer.translate": "Transformer · translation",
    "runs.status.running": "Running",
    "runs.status.finished": "Finished",
    "runs.status.stopped": "Stopped",
    "runs.status.failed": "Failed",
    "runs.status.interrupted": "Interrupted",
    "runs.status.queued": "Queued",
    "runs.status.not_started": "Not started",
    "runs.not_started_reason": (
        "The app stopped while this run waited in the queue, so it never started. Open it to load its "
        "settings, then press Start."
    ),
    "runs.col.owner": "Owner",
    "runs.filter_mine": "Only my runs",
    "runs.delete_not_yours": "Only the person who started this run can delete it.",
    "runs.queued_run": (
        "This run never trained, so it has no model; its settings are loaded into the controls."
    ),
    # Who is who (ui.identity)
    "identity.yours": "you",
    "identity.anonymous": "someone ({short})",
    "identity.nobody": "nobody (recorded before runs had owners)",
    "identity.name_label": "Your name, shown with your runs",
    "identity.name_help": (
        "Only a label, so classmates can tell runs apart. This browser keeps a random key that makes "
        "your runs yours: there are no accounts or passwords."
    ),
    "runs.col.started": "Started",
    "runs.col.started_format": "D MMM, HH:mm",
    "runs.col.seconds_format": "%.0f s",
    "csv.epoch": "epoch",
    "csv.loss": "loss",
    "csv.accuracy": "accuracy",
    "csv.val_loss": "val_loss",
    "csv.val_accuracy": "val_accuracy",
    "csv.val_bleu": "val_bleu",
    "runs.col.kind": "Page",
    "runs.col.status": "Status",
    "runs.col.settings": "Settings",
    "runs.col.epochs": "Epochs",
    "runs.col.parameters": "Parameters",
    "runs.col.val_accuracy": "Val. accuracy",
    "runs.col.test_accuracy": "Test accuracy",
    "runs.col.test_bleu": "Test BLEU",
    "runs.col.seconds": "Training time",
    "runs.col.train_examples": "Training examples",
    "runs.col.seed": "Seed",
    "runs.choose_hint": Plural(
        "count",
        one="{count} run. Click a column to sort; tick rows to compare them.",
        other="{count} runs. Click a column to sort; tick rows to compare them.",
    ),
    "runs.compare": "Compare",
    "runs.metric": "Curves of",
    "runs.metric.loss": "loss",
    "runs.metric.accuracy": "accuracy",
    "runs.metric.bleu": "validation BLEU",
    "runs.curves.loss": "Loss per epoch (solid: training, dashed: validation)",
    "runs.curves.accuracy": "Accuracy per epoch (solid: training, dashed: validation)",
    "runs.curves.bleu": "Validation BLEU per epoch",
    "runs.training": "training",
    "runs.validation": "validation",
    "runs.run": "run",
    "runs.tradeoff_axis": "Against",
    "runs.axis.parameters": "parameters",
    "runs.axis.seconds": "training time (s)",
    "runs.axis.score": "test figure",
    "runs.tradeoff.parameters": "Size against test figure",
    "runs.tradeoff.seconds": "Training time against test figure",
    "runs.measure.accuracy": "test accuracy (%)",
    "runs.measure.bleu": "test BLEU",
    "runs.no_test_figures": (
        "None of these runs has test figures yet: a run gets them when it trains all its epochs."
    ),
    "runs.reason": "Why it ended: {reason}",
    "runs.open": "Open in its page",
    "runs.open_help": "Load this run's model and settings into its page, to predict with it and look inside.",
    "runs.download_model": "Model (.keras)",
    "runs.download_csv": "Metrics (.csv)",
    "runs.download_script": "Script (.py)",
    "script.settings": (
        "The run's settings, as the page had them. Change them here, or train a shorter run with\n"
        "--epochs and --limit."
    ),
    "runs.download_script_help": (
        "A standalone Python script that rebuilds this network with plain Keras and trains it the same way "
        "on the same data, without this app."
    ),
    "runs.delete": "Delete",
    "runs.delete_confirm": "Delete the run {label} and its saved model? This cannot be undone.",
    "runs.delete_yes": "Delete it",
    "runs.delete_no": "Keep it",
    "runs.deleted": "Deleted the run {label}.",
    "chart.save_png": "PNG",
    "chart.save_svg": "SVG",
    # Settings in the URL (core.url_config, ui.url_state)
    "url.adjusted": "Some settings in the link could not be used as they were: {notices}.",
    "url.more": "; and {count} more",
    "url.separator": "; ",
    "url.unknown": "“{name}” is not a setting of this page, ignored",
    "url.not_number": "{what} “{value}” is not a number, ignored",
    "url.not_on_off": "{what} “{value}” is not true or false, ignored",
    "url.not_choice": "{what} “{value}” is not one of the options, ignored",
    "url.nearest": "{what} {value} became {used}, the nearest allowed value",
    "url.too_few_blocks": Plural(
        "low",
        one="{what} needs at least {low} block, ignored",
        other="{what} needs at least {low} blocks, ignored",
    ),
    "url.too_many_blocks": "{what} has {count} blocks, only the first {high} kept",
    "url.too_many_values": "{what} block {number} has more than {count} values, the rest ignored",
    "url.block_field": "{what} block {number} {field}",
    # Model archives: saving, exporting and importing .keras files (core.runs, ui.model_upload)
    "archive.page_cnn": "CNN",
    "archive.page_rnn": "RNN",
    "archive.page_classify": "Transformer review classifier",
    "archive.page_translate": "Transformer translator",
    "archive.too_large": "This file is {size} MB; the playground accepts models up to {limit} MB.",
    "archive.unreadable": "The model file cannot be read.",
    "archive.not_keras": (
        "This is not a Keras model file: a .keras file is a zip archive holding config.json and "
        "model.weights.h5, as Keras' model.save('name.keras') writes it."
    ),
    "archive.too_many_members": "This file holds {count} files; a Keras model holds a handful.",
    "archive.zip_bomb": (
        "This file would unpack to {size} MB, far more than it stores, so it is refused as a possible "
        "zip bomb."
    ),
    "archive.info_unreadable": (
        "The settings and vocabulary saved inside this file (playground.json) cannot be read."
    ),
    "archive.unsafe": (
        "This model contains Python code (a Lambda layer). The playground never runs code from a file: "
        "replace the Lambda layer with Keras' own layers and save the model again."
    ),
    "archive.unknown_object": (
        "This model uses “{name}”, which the playground does not know: only Keras' own layers and the "
        "playground's Transformer layers can be loaded."
    ),
    "archive.keras_refused": "Keras could not load this model: {reason}",
    "archive.config_unreadable": (
        "The model description inside this file (config.json) cannot be read: save the model again "
        "with Keras' model.save('name.keras')."
    ),
    "archive.too_many_weights": (
        "This file's model declares about {weights} weights ({size}), far more than this app can hold "
        "({limit}). It was not loaded: make the model smaller (fewer layers, units, filters or "
        "vocabulary words) and save it again."
    ),
    "archive.weights_missing": (
        "This file's model declares about {weights} weights ({size}), but the file stores only {stored} "
        "of weights, so it cannot hold that model. It was not loaded: save the model again with Keras' "
        "model.save('name.keras')."
    ),
    "archive.layer_not_built": (
        "This model's layer “{name}” was saved before it was built, so the file does not say how large "
        "its weights are. It was not loaded: give the model a keras.Input (or build it) and save it again."
    ),
    "archive.megabytes": "{size} MB",
    "archive.gigabytes": "{size} GB",
    "archive.not_a_model": "This file holds a Keras object that is not a model.",
    "archive.not_built": (
        "This model was saved before it was built, so it has no inputs: give it a keras.Input (or build it) "
        "and save it again."
    ),
    "archive.other_page": "This model was saved from the {page} page: open it there.",
    "archive.fit_cnn": (
        "The CNN page feeds its model 28×28 grey images, shape (None, 28, 28, 1), and reads 10 softmax "
        "probabilities, shape (None, 10). This model reads {inputs} and gives {outputs}."
    ),
    "archive.fit_review": (
        "The {page} page feeds its model one review as word ids of a fixed length, shape (None, words), "
        "and reads one sigmoid probability, shape (None, 1). This model reads {inputs} and gives {outputs}."
    ),
    "archive.fit_translate": (
        "The translator feeds its model English ids and the German ids so far, shape (None, words) each, "
        "and reads softmax probabilities for the next German word, shape (None, words, German words). "
        "This model reads {inputs} and gives {outputs}."
    ),
    "archive.missing_layers": (
        "The {page} page looks inside layers this model does not have: {missing}. It opens models "
        "built by this page."
    ),
    "archive.no_vocabulary": (
        "A text model is useless without its vocabulary, and this file has none. Export the model from "
        "this page: its .keras file carries the vocabulary inside."
    ),
    "archive.vocabulary_size": (
        "The file's {name} vocabulary has {entries:,} entries (padding and unknown included), but the model "
        "reads {size:,} word ids."
    ),
    "upload.label": "Use your own model (.keras)",
    "upload.help": (
        "A .keras file exported from this page, or one built and saved with Keras that has the page's "
        "inputs, outputs and layers. It is loaded safely: no code in the file runs."
    ),
    "upload.loading": "Checking {name}…",
    "upload.refused": "{name} cannot be used: {reason}",
    "upload.using": "Using your model **{name}** ({count:,} parameters).",
    "upload.stop": "Stop using it",
    "upload.expander": "Use your own model",
    "upload.caption": "Using your imported model {name}.",
    "upload.evaluating": "Evaluating the imported model on the test set…",
}
