"""Chinese comments and docstrings of the exported training script (core.runs.script_words).

Keys are the English texts exactly as the script pieces (core/script_templates/) write them.
"""

TEXT: dict[str, str] = {
    (
        "Train the convolutional network set up on the Deep learning playground's CNN page.\n"
        "\n"
        "CONFIG below holds the page's settings. The script reads the same MNIST digits, makes the\n"
        "same seeded split, builds the same network (same layers and names, same seeded initial\n"
        "weights) and trains it as the app does, then prints the test accuracy and saves the model\n"
        "as a .keras file that the app, or plain Keras, can load.\n"
        "\n"
        "    python train_cnn.py                          # data in ./assets/data, model to ./model.keras\n"
        "    python train_cnn.py --epochs 1 --limit 500   # a quick check\n"
        "\n"
        "Needs numpy and TensorFlow with Keras 3 (tested with tensorflow 2.21, keras 3.15)."
    ): (
        "训练在深度学习实验场 CNN 页面上设置好的卷积神经网络。\n"
        "\n"
        "下面的 CONFIG 保存了该页面上的设置。本脚本读取同样的 MNIST 手写数字，按同一随机种子做同样的划分，"
        "搭建同\n"
        "样的网络（层与层名都相同，初始权重由同一随机种子生成），并以与应用相同的方式训练；"
        "随后打印测试集准确率，\n"
        "并把模型保存为 .keras 文件，本应用或直接用 Keras 都能加载。\n"
        "\n"
        "    python train_cnn.py                          # 数据在 ./assets/data，模型存为 ./model.keras\n"
        "    python train_cnn.py --epochs 1 --limit 500   # 快速检查\n"
        "\n"
        "需要 numpy 和带 Keras 3 的 TensorFlow（已在 tensorflow 2.21、keras 3.15 上测试）。"
    ),
    "Small, MNIST-plausible random rotations, shifts and zooms; identity at inference.": (
        "小幅度的随机旋转、平移和缩放（变换后仍像 MNIST 手写数字）；推理时不做任何变换。"
    ),
    "28×28×1 images in [0, 1] → 10 digit probabilities. Every random draw is seeded.": (
        "取值在 [0, 1] 的 28×28×1 图像 → 10 个数字的概率。所有随机过程都由随机种子固定。"
    ),
    "The data and its split.": "数据及其划分。",
    "The model, trained and tested.": "模型的训练与测试。",
    "The command line: where the data is, where the model goes, and a quick-check mode.": (
        "命令行：数据在哪里、模型存到哪里，以及快速检查模式。"
    ),
    "The flags every script takes; `bleu` adds `--no-bleu` (the translator's).": (
        "每个脚本都接受的命令行参数；`bleu` 会再加上 `--no-bleu`（翻译脚本专用）。"
    ),
    "CONFIG with the command line's `--epochs`, if given.": "CONFIG，并代入命令行给出的 `--epochs`（如有）。",
    (
        "The test figure: greedy translations of the test sentences (each sentence's most likely\n"
        "next word, one at a time, until [end]) scored by corpus BLEU with sacreBLEU, lower-cased\n"
        '(K. Papineni et al., 2002; M. Post, "A Call for Clarity in Reporting BLEU Scores", 2018).'
    ): (
        "测试指标：用贪心解码翻译测试句子（每次为每句选出最可能的下一个词，直到 [end]），\n"
        "再用 sacreBLEU 计算小写化后的语料级 BLEU\n"
        "（K. Papineni 等，2002；M. Post，“A Call for Clarity in Reporting BLEU Scores”，2018）。"
    ),
    (
        "How many words a translation of `source_ids` may have: [start] and the words chosen\n"
        "must fit the model's position table, and a translation is rarely twice as long."
    ): (
        "`source_ids` 的译文最多可以有多少个词：\n"
        "[start] 加上选出的词必须放得进模型的位置表，而且译文很少会超过原文长度的两倍。"
    ),
    (
        "(n, German vocabulary) probabilities of the word after `prefix` (n, t), the whole\n"
        "model run on the English ids and the German ids so far."
    ): (
        "`prefix` (n, t) 之后下一个词的概率，形状为 (n, 德语词表大小)；\n"
        "由整个模型根据英语 id 和目前已有的德语 id 算出。"
    ),
    (
        "Each sentence's German ids, chosen greedily until [end] (not included).\n"
        "\n"
        "`scorer(batch)` gives a function from a batch's German ids so far (n, t) to the next\n"
        "word's scores (n, German vocabulary), higher for likelier words; by default it runs\n"
        "the whole model at every step (`next_word_probabilities`). `steps(model, batch)` is\n"
        "how many words a batch's translations may have."
    ): (
        "每个句子的德语 id，以贪心方式逐词选出，直到 [end]（不含 [end]）。\n"
        "\n"
        "`scorer(batch)` 返回一个函数：输入一个批次目前已有的德语 id (n, t)，输出下一个词的得分\n"
        "(n, 德语词表大小)，越可能的词得分越高；默认每一步都运行整个模型（`next_word_probabilities`）。\n"
        "`steps(model, batch)` 给出一个批次的译文最多可以有多少个词。"
    ),
    "Sentences of similar length share a batch, which then ends sooner.": (
        "长度相近的句子放在同一批次，这样该批次能更早结束。"
    ),
    "never words of a translation": "填充和 [start] 永远不会是译文中的词",
    "Greedy translations of English ids (n, length), as sentences; `options` go to `greedy`.": (
        "英语 id (n, length) 的贪心翻译结果，以句子形式返回；`options` 传给 `greedy`。"
    ),
    (
        "Corpus BLEU (0–100) by sacreBLEU, lower-cased, with its standard 13a tokenisation;\n"
        "None when sacreBLEU is not installed."
    ): (
        "用 sacreBLEU 计算的语料级 BLEU（0–100），小写化，使用其标准的 13a 分词；\n"
        "未安装 sacreBLEU 时返回 None。"
    ),
    (
        "The digits: MNIST's 28×28 grey images of handwritten digits, labelled 0–9. The embedded\n"
        "10,000 (assets/data/mnist-10k.npz) keep a fixed, stratified 20% test split; training and\n"
        "validation digits are split from the rest by the run's validation share and seed."
    ): (
        "手写数字：MNIST 的 28×28 灰度手写数字图像，标签为 0–9。\n"
        "内置的 10,000 张（assets/data/mnist-10k.npz）固定留出按类别分层的 20% 作为测试集；"
        "训练和验证用的数字按本\n"
        "次运行的验证比例和随机种子，从其余部分中划分。"
    ),
    (
        "((pool images, labels), (test images, labels)) of the embedded set: uint8 (n, 28, 28)\n"
        "and int64 (n,)."
    ): ("内置数据集的 ((非测试图像, 标签), (测试图像, 标签))：uint8 (n, 28, 28) 和 int64 (n,)。"),
    "uint8 (n, 28, 28) → float32 (n, 28, 28, 1) in [0, 1].": (
        "uint8 (n, 28, 28) → 取值在 [0, 1] 的 float32 (n, 28, 28, 1)。"
    ),
    (
        "{'train', 'validation', 'test'}: (images (n, 28, 28, 1), labels (n,)) each, from the\n"
        "(images, labels) of the pool and of the test digits."
    ): (
        "{'train', 'validation', 'test'}：各为 (图像 (n, 28, 28, 1), 标签 (n,))，由非测试数字和测试数字的\n"
        "(图像, 标签) 得到。"
    ),
    (
        "What counts as a letter when text is split into words: letters or digits of any script,\n"
        "with their combining marks (vowel signs and viramas are parts of words in Devanagari,\n"
        "Thai, Tamil…)."
    ): (
        "文本切分成词时，哪些字符算作字母：\n"
        "任何文字的字母或数字，以及它们的组合附加符号（在天城文、泰文、泰米尔文等文字中，元音符号和半音符\n"
        "（virama）都是词的一部分）。"
    ),
    (
        "Every combining mark of the Basic Multilingual Plane (Unicode category M) as the\n"
        "body of a regular-expression character class."
    ): ("基本多文种平面（BMP）中的所有组合附加符号（Unicode 类别 M），作为正则表达式字符类的内容。"),
    (
        "The data: the embedded 10,000 MNIST digits, or the full 70,000 through Keras' download\n"
        "with their own 10,000 test digits."
    ): (
        "数据：内置的 10,000 张 MNIST 手写数字，或通过 Keras 下载的完整 70,000 张（自带 10,000 张测试数字）。"
    ),
    (
        "((training images, labels), (test images, labels)) of the full MNIST, downloaded\n"
        "once, then cached in ~/.keras/datasets."
    ): ("完整 MNIST 的 ((训练图像, 标签), (测试图像, 标签))；只下载一次，之后缓存在 ~/.keras/datasets。"),
    "((pool images, labels), (test images, labels)): uint8 (n, 28, 28) and int64 (n,).": (
        "((非测试图像, 标签), (测试图像, 标签))：uint8 (n, 28, 28) 和 int64 (n,)。"
    ),
    "{'train', 'validation', 'test'}: (images (n, 28, 28, 1), labels (n,)) each.": (
        "{'train', 'validation', 'test'}：各为 (图像 (n, 28, 28, 1), 标签 (n,))。"
    ),
    (
        "The data: Multi30k English→German sentence pairs (assets/data/multi30k-*.gz): the\n"
        "training split to train on, the validation split to validate on, the 2016 Flickr test\n"
        "split to score. Sentences are lower-cased and split into words and punctuation marks. The\n"
        "German vocabulary holds [start] and [end] after padding and OOV: the decoder reads\n"
        "'[start] w1 … wn' and learns to predict 'w1 … wn [end]' (teacher forcing)."
    ): (
        "数据：Multi30k 英语→德语句对（assets/data/multi30k-*.gz）。\n"
        "用训练划分训练，用验证划分做验证，用 2016 Flickr 测试划分计算得分。句子都转为小写，"
        "并切分成词和标点符\n"
        "号。德语词表在填充和 OOV 之后放入 [start] 和 [end]：解码器读入 '[start] w1 … wn'，学习预测\n"
        "'w1 … wn [end]'（教师强制）。"
    ),
    "their ids in the German vocabulary, after padding (0) and OOV (1)": (
        "它们在德语词表中的 id，排在填充（0）和 OOV（1）之后"
    ),
    "a longer sentence is cut here before it is split": "超过此长度的句子在切分前先截断",
    'A word (inner apostrophes and hyphens kept: "t-shirt", "man\'s"), or one punctuation mark.': (
        "一个词（保留词内的撇号和连字符：“t-shirt”、“man's”），或一个标点符号。"
    ),
    "Whether a token is a word, not a punctuation mark.": "一个词元是否为词（而非标点符号）。",
    (
        "Lower-cased words and punctuation marks; other symbols (emoji, arrows) are dropped.\n"
        '`str.lower`, not `casefold`: German "ß" must stay "ß" for BLEU against the references.'
    ): (
        "小写化的词和标点符号；其他符号（emoji、箭头）会被丢弃。\n"
        "用 `str.lower` 而不是 `casefold`：德语的“ß”必须保持为“ß”，BLEU 才能与参考译文对得上。"
    ),
    "Words joined back into a sentence: no space before closing punctuation.": (
        "把词重新拼接成句子：收尾标点（如句号、右括号）前不加空格。"
    ),
    "One split's (English, German) sentences, 'train', 'val' or 'test_2016_flickr'.": (
        "某个划分的 (英语, 德语) 句子，划分为 'train'、'val' 或 'test_2016_flickr'。"
    ),
    "The German vocabulary: padding, OOV, [start], [end], then the `size - 4` most frequent words.": (
        "德语词表：填充、OOV、[start]、[end]，然后是出现频率最高的 `size - 4` 个词。"
    ),
    (
        "((English ids, German input ids), German output ids), each (n, length): the input is\n"
        "'[start] w1 … wn', the output 'w1 … wn [end]'. Longer sentences are cut."
    ): (
        "((英语 id, 德语输入 id), 德语输出 id)，形状均为 (n, length)：\n"
        "输入为 '[start] w1 … wn'，输出为 'w1 … wn [end]'。更长的句子会被截断。"
    ),
    (
        "{'train', 'validation'}: teacher-forcing arrays; 'test': (English ids (n, max_length),\n"
        "German reference sentences). Both vocabularies come from the training sentences only,\n"
        "the first `train_size` of them (0: all)."
    ): (
        "{'train', 'validation'}：教师强制用的数组；'test'：(英语 id (n, max_length), 德语参考译文)。\n"
        "两个词表都只由训练句子构建，即其中的前 `train_size` 句（0 表示全部）。"
    ),
    (
        "The data: the embedded 5,000 IMDB reviews, or the full 50,000 through Keras' download,\n"
        "as word ids. The vocabulary is built from the training reviews only."
    ): (
        "数据：内置的 5,000 条 IMDB 影评，或通过 Keras 下载的完整 50,000 条，均表示为词 id。\n"
        "词表只由训练影评构建。"
    ),
    "((pool texts, labels), (test texts, labels)).": "((非测试文本, 标签), (测试文本, 标签))。",
    "downloaded once, then cached in ~/.keras/datasets": "只下载一次，之后缓存在 ~/.keras/datasets",
    (
        "{'train', 'validation', 'test'}: (word ids (n, length), labels (n,)) each, and the\n"
        "vocabulary built from the training reviews."
    ): ("{'train', 'validation', 'test'}：各为 (词 id (n, length), 标签 (n,))；另返回由训练影评构建的词表。"),
    (
        "A review model's run: the reviews, their split and the vocabulary of the training\n"
        "reviews; then the model, trained, tested and saved with that vocabulary."
    ): (
        "影评模型的一次运行：读取影评、划分数据、由训练影评构建词表；然后训练、测试模型，"
        "并连同该词表一起保存。"
    ),
    (
        "The command line's run of `build(config, vocabulary size)` with `config`'s settings,\n"
        "on reviews cut to `config[length_field]` words; saved as a model of kind `kind`."
    ): (
        "按 `config` 的设置，由命令行运行一次 `build(config, vocabulary size)`，影评截断为\n"
        "`config[length_field]` 个词；保存为类型为 `kind` 的模型。"
    ),
    (
        "How a review is split into words: HTML breaks and tags gone, entities decoded, Unicode in\n"
        "its compatibility form (full-width letters, ligatures), lower case and curly apostrophes\n"
        'made straight; then its words, inner apostrophes kept ("don\'t", "90\'s"). Punctuation,\n'
        "symbols and emoji are dropped."
    ): (
        "影评如何切分成词：\n"
        "去掉 HTML 换行和标签，解码 HTML 实体，把 Unicode 转为兼容形式（全角字母、连字），转为小写，"
        "并把弯撇号改\n"
        "为直撇号；然后取出其中的词，保留词内的撇号（“don't”、“90's”）。标点、符号和 emoji 会被丢弃。"
    ),
    "a longer text is cut here before it is split": "超过此长度的文本在切分前先截断",
    'a tag starts with a letter: "a < b > c" is not one': "标签以字母开头：“a < b > c”不是标签",
    "Review text as the vocabulary sees it, before it is split into words.": (
        "词表所看到的影评文本，即切分成词之前的样子。"
    ),
    'first, so an escaped "&lt;br /&gt;" is a break too': "最先处理，这样转义后的“&lt;br /&gt;”也算换行",
    "The words of a review, after `normalise`.": "经过 `normalise` 处理后，影评中的词。",
    (
        "The reviews: IMDB movie reviews, labelled 1 (positive) or 0 (negative). The embedded 5,000\n"
        "(assets/data/imdb-5k.csv.gz) keep a fixed, stratified 20% test split; the full 50,000 come\n"
        "in the Stanford archive, with their own 25,000 test reviews. Training and validation\n"
        "reviews are split from the rest by the run's validation share and seed."
    ): (
        "影评：IMDB 网站的电影影评，标签为 1（正面）或 0（负面）。\n"
        "内置的 5,000 条（assets/data/imdb-5k.csv.gz）固定留出按类别分层的 20% 作为测试集；"
        "完整的 50,000 条来自斯\n"
        "坦福的压缩包，自带 25,000 条测试影评。训练和验证影评按本次运行的验证比例和随机种子，"
        "从其余部分中划分。"
    ),
    "(texts, labels) from a gzip CSV with columns id, sentiment, review.": (
        "从 gzip 压缩的 CSV（列为 id、sentiment、review）读取 (文本, 标签)。"
    ),
    "((pool texts, labels), (test texts, labels)) of the embedded set.": (
        "内置数据集的 ((非测试文本, 标签), (测试文本, 标签))。"
    ),
    "The labelled reviews of the archive's 'train' or 'test' half.": (
        "压缩包中 'train' 或 'test' 那一半的带标签影评。"
    ),
    "((training texts, labels), (test texts, labels)) of the Stanford archive at `path`.": (
        "`path` 处斯坦福压缩包的 ((训练文本, 标签), (测试文本, 标签))。"
    ),
    (
        "The (texts, labels (n,)) of the training, validation and test reviews, from those of\n"
        "the pool and of the test reviews."
    ): ("训练、验证和测试影评的 (文本, 标签 (n,))，由非测试影评和测试影评的 (文本, 标签) 得到。"),
    (
        "Train the recurrent network set up on the Deep learning playground's RNN page.\n"
        "\n"
        "CONFIG below holds the page's settings. The script reads the same IMDB reviews, makes the\n"
        "same seeded split, builds the same vocabulary from the training reviews, builds the same\n"
        "network (same layers and names, same seeded initial weights) and trains it as the app\n"
        "does, then prints the test accuracy and saves the model as a .keras file that the app, or\n"
        "plain Keras, can load; the vocabulary travels inside it, so the app's RNN page can import\n"
        "it and read new reviews with it.\n"
        "\n"
        "    python train_rnn.py                          # data in ./assets/data, model to ./model.keras\n"
        "    python train_rnn.py --epochs 1 --limit 500   # a quick check\n"
        "\n"
        "Needs numpy and TensorFlow with Keras 3 (tested with tensorflow 2.21, keras 3.15)."
    ): (
        "训练在深度学习实验场 RNN 页面上设置好的循环神经网络。\n"
        "\n"
        "下面的 CONFIG 保存了该页面上的设置。本脚本读取同样的 IMDB 影评，按同一随机种子做同样的划分，"
        "由训练影评构\n"
        "建同样的词表，搭建同样的网络（层与层名都相同，初始权重由同一随机种子生成），"
        "并以与应用相同的方式训练；随\n"
        "后打印测试集准确率，并把模型保存为 .keras 文件，本应用或直接用 Keras 都能加载。"
        "词表也随模型保存在该文件\n"
        "中，因此应用的 RNN 页面可以导入它，并用它读取新的影评。\n"
        "\n"
        "    python train_rnn.py                          # 数据在 ./assets/data，模型存为 ./model.keras\n"
        "    python train_rnn.py --epochs 1 --limit 500   # 快速检查\n"
        "\n"
        "需要 numpy 和带 Keras 3 的 TensorFlow（已在 tensorflow 2.21、keras 3.15 上测试）。"
    ),
    "Layer `number`: one cell reading left to right, or a bidirectional pair.": (
        "第 `number` 层：一个从左到右读取的循环单元，或一对双向单元。"
    ),
    "Every step's state goes on to the next layer, or to the mean over the words.": (
        "每一步的状态都传给下一层，或用于对各词求平均"
    ),
    (
        "(batch, sequence_length) word ids → (batch, 1) probability that the review is positive.\n"
        "Every random draw is seeded."
    ): ("(batch, sequence_length) 词 id → (batch, 1) 影评为正面的概率。所有随机过程都由随机种子固定。"),
    "id 0 is padding: masked steps leave the state unchanged": "id 0 是填充：被掩码的时间步不改变状态",
    "padding is masked, so only the review's words are averaged": "填充被掩码，因此只对影评中的词求平均",
    (
        "The translator's batches: sentences of similar length together, each batch cut to its\n"
        "longest sentence, so that it holds little padding; in a new order every epoch."
    ): (
        "翻译模型的批次：长度相近的句子放在一起，每个批次截断到其中最长的句子，使填充尽量少；"
        "每轮都换一种顺序。"
    ),
    (
        "Teacher-forcing batches of sentences of similar length, cut to their longest one.\n"
        "\n"
        "Sentences are about 13 tokens but up to the maximum length; a batch of random ones is\n"
        "mostly padding, which costs as much to compute as words. So, every epoch, the pairs\n"
        "are shuffled, sorted by length within windows of `WINDOW` batches, cut into batches,\n"
        "and the batches shuffled (the last, smaller one stays last). Without `shuffle`, the\n"
        "pairs are only sorted by length."
    ): (
        "教师强制用的批次，由长度相近的句子组成，并截断到其中最长的一句。\n"
        "\n"
        "句子平均约 13 个词元，但最长可达最大长度；随机组成的批次大部分是填充，而填充的计算开销和词一样大。"
        "因\n"
        "此每一轮都先打乱句对，在每 `WINDOW` 个批次大小的窗口内按长度排序，再切成批次，"
        "最后打乱批次顺序（最后\n"
        "那个较小的批次仍排在最后）。不设 `shuffle` 时，句对只按长度排序。"
    ),
    "batches whose sentences are sorted together": "句子放在一起排序的批次数",
    (
        "The batches as a `tf.data` pipeline whose widths may change from batch to batch\n"
        "(Keras would fix them from the first batches of a `PyDataset`); every pass over it\n"
        "is one epoch, in a new order when shuffling."
    ): (
        "以 `tf.data` 管道形式提供的批次，其宽度可以逐批变化（若用 `PyDataset`，Keras 会按最初几个批次固\n"
        "定宽度）；每遍历一次即为一轮，打乱时每轮顺序都不同。"
    ),
    "The next epoch's order, when shuffling.": "打乱时，下一轮的顺序。",
    (
        "The split: seeded and stratified (every class keeps its share), so the same seed always\n"
        "gives the same training, validation and test examples. An embedded data set's test\n"
        "examples are the same for every run: a fixed share, split with a fixed seed."
    ): (
        "划分：使用随机种子并按类别分层（每个类别保持其占比），因此相同的随机种子总是得到相同的训练、"
        "验证和测试样\n"
        "本。内置数据集的测试样本在每次运行中都相同：用固定的随机种子划出固定的比例。"
    ),
    "the embedded data sets' test share, the same for every run": "内置数据集的测试比例，每次运行都相同",
    "the seed of that fixed test split": "这一固定测试划分所用的随机种子",
    (
        "Split indices into (rest, held_out) with `share` of every class held out, both in a\n"
        "seeded random order, so the same call always gives the same split."
    ): (
        "把索引划分为 (rest, held_out)，每个类别留出 `share` 的比例；两部分都按随机种子打乱顺序，"
        "因此相同的调\n"
        "用总是得到相同的划分。"
    ),
    "(pool, test) indices of an embedded data set: its fixed, stratified test share.": (
        "内置数据集的 (非测试, 测试) 索引：测试部分按类别分层，比例固定。"
    ),
    "Positions of a stratified subset of `size` labels (all of them when `size` is 0).": (
        "按类别分层选出的 `size` 个标签所在的位置（`size` 为 0 时取全部）。"
    ),
    (
        "(training, validation) indices into the non-test examples: `validation_share` of\n"
        "every class held out, then a stratified `train_size` of the rest (0: all of it)."
    ): (
        "非测试样本中的 (训练, 验证) 索引：每个类别留出 `validation_share` 的比例用于验证，"
        "再从其余部分中按类\n"
        "别分层取 `train_size` 个（0 表示全部）。"
    ),
    (
        "Compile and train as the app does: its optimizers, a cosine schedule over the whole run,\n"
        "the training examples shuffled with the run's seed, and one printed line per epoch."
    ): (
        "像应用那样编译和训练：\n"
        "相同的优化器、覆盖整个训练过程的余弦学习率调度、按本次运行的随机种子打乱训练样本，每轮打印一行。"
    ),
    "'adam', 'sgd' (with momentum 0.9) or 'rmsprop'; `learning_rate` is a number or a schedule.": (
        "'adam'、'sgd'（动量 0.9）或 'rmsprop'；`learning_rate` 是一个数值或一个学习率调度。"
    ),
    (
        "Compile with the configured optimizer and learning rate, tracking `accuracy` (the\n"
        "metric reported as accuracy: a translator's ignores padding).\n"
        "\n"
        "A 'cosine' schedule decays the rate from its value to zero over all the run's steps,\n"
        "`epochs` passes over `train_examples` (Loshchilov & Hutter's SGDR, without restarts).\n"
        "Without `train_examples` (a model that will not train) the rate stays."
    ): (
        "用配置的优化器和学习率编译模型，跟踪 `accuracy`（报告为准确率的指标；翻译模型的准确率忽略填充）。\n"
        "\n"
        "'cosine' 学习率调度在整个训练的所有步（`epochs` 遍 `train_examples`）中，把学习率从初始值衰减到零\n"
        "（Loshchilov 与 Hutter 的 SGDR，不含重启）。\n"
        "不给 `train_examples` 时（模型不会被训练），学习率保持不变。"
    ),
    "(x, y) in batches; for training, reshuffled every epoch in an order fixed by `seed`.": (
        "按批次组织的 (x, y)；用于训练时，每轮按由 `seed` 确定的顺序重新打乱。"
    ),
    "One line per epoch: 'epoch 1/5: loss 0.3120 accuracy 0.9041 val_loss … val_accuracy …'.": (
        "每轮一行：'epoch 1/5: loss 0.3120 accuracy 0.9041 val_loss … val_accuracy …'。"
    ),
    "The first `count` examples of (x, y), where x may be a tuple of arrays (all when None).": (
        "(x, y) 的前 `count` 个样本，x 可以是由数组组成的元组（为 None 时取全部）。"
    ),
    "`--limit`: the first `limit` examples of every part of the split (all when None).": (
        "`--limit`：划分出的每一部分都只取前 `limit` 个样本（为 None 时取全部）。"
    ),
    (
        "Share of right answers: the likeliest class of (n, classes) probabilities or, for one\n"
        "sigmoid output ((n,) or (n, 1) p(positive)), positive where p > 0.5, as Keras' accuracy."
    ): (
        "答对的比例：对 (n, classes) 的概率取最可能的类别；若是单个 sigmoid 输出（(n,) 或 (n, 1) 的\n"
        "p(positive)），则 p > 0.5 时判为正面，与 Keras 的 accuracy 一致。"
    ),
    "`fit` for the configured epochs; the datasets come already batched (and shuffled).": (
        "按配置的轮数调用 `fit`；数据集已经分好批次（并已打乱）。"
    ),
    "the training dataset is already shuffled with the run's seed": "训练数据集已按本次运行的随机种子打乱",
    (
        "Compile the classifier, train it on the split's training examples (validating after\n"
        "every epoch), and print its parameter count and test accuracy."
    ): ("编译分类器，在划分出的训练样本上训练（每轮结束后做一次验证），并打印其参数量和测试集准确率。"),
    (
        "Save the model as a .keras file, with its model kind, the settings and the vocabularies\n"
        "(their words after padding and unknown) in an extra member, `playground.json`: the\n"
        "app's pages read new text with them when the file is imported. Keras ignores it."
    ): (
        "把模型保存为 .keras 文件，并把模型类型、设置和词表（填充和未知词之后的各个词）写入文件中额外的成员\n"
        "`playground.json`：导入该文件时，应用的页面用它们读取新的文本。Keras 会忽略这个成员。"
    ),
    "the kind keeps the field name every version reads": "模型类型沿用各版本都能读取的字段名",
    (
        "Train the Transformer review classifier set up on the Deep learning playground's\n"
        "Transformer page.\n"
        "\n"
        "CONFIG below holds the page's settings. The script reads the same IMDB reviews, makes the\n"
        "same seeded split, builds the same vocabulary from the training reviews, builds the same\n"
        "network (same layers and names, same seeded initial weights) and trains it as the app\n"
        "does, then prints the test accuracy and saves the model as a .keras file that the app, or\n"
        "plain Keras with this script's layer classes, can load; the vocabulary travels inside\n"
        "it, so the app's Transformer page can import it and read new reviews with it.\n"
        "\n"
        "    python train_transformer_classify.py                          # data in ./assets/data\n"
        "    python train_transformer_classify.py --epochs 1 --limit 500   # a quick check\n"
        "\n"
        "Needs numpy and TensorFlow with Keras 3 (tested with tensorflow 2.21, keras 3.15)."
    ): (
        "训练在深度学习实验场 Transformer 页面上设置好的 Transformer 影评分类器。\n"
        "\n"
        "下面的 CONFIG 保存了该页面上的设置。本脚本读取同样的 IMDB 影评，按同一随机种子做同样的划分，"
        "由训练影评构\n"
        "建同样的词表，搭建同样的网络（层与层名都相同，初始权重由同一随机种子生成），"
        "并以与应用相同的方式训练；随\n"
        "后打印测试集准确率，并把模型保存为 .keras 文件，本应用或直接用 Keras 加上本脚本中的层类都能加载。"
        "词表也\n"
        "随模型保存在该文件中，因此应用的 Transformer 页面可以导入它，并用它读取新的影评。\n"
        "\n"
        "    python train_transformer_classify.py                          # 数据在 ./assets/data\n"
        "    python train_transformer_classify.py --epochs 1 --limit 500   # 快速检查\n"
        "\n"
        "需要 numpy 和带 Keras 3 的 TensorFlow（已在 tensorflow 2.21、keras 3.15 上测试）。"
    ),
    (
        "(batch, max_length) word ids → (batch, 1) probability that the review is positive:\n"
        "positional embedding, encoder blocks, the mean over the words, one sigmoid unit."
    ): (
        "(batch, max_length) 词 id → (batch, 1) 影评为正面的概率：\n"
        "位置嵌入、若干编码器块、对各词求平均、一个 sigmoid 单元。"
    ),
    "padding is masked": "填充被掩码",
    (
        'The Transformer\'s layers (A. Vaswani et al., "Attention Is All You Need", NeurIPS 2017:\n'
        "post-norm blocks, sinusoidal positions), built from Keras' `MultiHeadAttention`. They are\n"
        "registered under the app's names (package 'playground'), so the app opens a model saved\n"
        "with them, and a model the app saved loads with them. Asked to, the blocks also return\n"
        "their attention weights, shaped (batch, heads, queries, keys): what the app shows."
    ): (
        "Transformer 的各层（A. Vaswani 等，“Attention Is All You Need”，NeurIPS 2017："
        "后归一化（post-norm）块、\n"
        "正弦位置编码），基于 Keras 的 `MultiHeadAttention` 构建。"
        "它们以应用中的名称注册（包名 'playground'），因\n"
        "此应用能打开用它们保存的模型，应用保存的模型也能用它们加载。按需要，这些块还会返回其注意力权重，"
        "形状为\n"
        "(batch, heads, queries, keys)：也就是应用中展示的内容。"
    ),
    "where the custom layers are registered for saving and loading": (
        "自定义层注册时所用的包名（用于保存和加载）"
    ),
    "A one-word sequence (the first step of a translation) attends over one word, which": (
        "单个词的序列（翻译的第一步）只对一个词做注意力，Keras 会对此发出警告；"
    ),
    "Keras warns about; it is intended.": "这是有意为之。",
    (
        "(max_length, embed_dim) fixed position vectors: sin on even, cos on odd dimensions,\n"
        "wavelengths from 2π to 10000·2π (Vaswani et al., section 3.5)."
    ): (
        "(max_length, embed_dim) 的固定位置向量：偶数维用 sin，奇数维用 cos，\n"
        "波长从 2π 到 10000·2π（Vaswani 等，第 3.5 节）。"
    ),
    "Token vectors (scaled by √embed_dim) plus position vectors; id 0 is padding and masked.": (
        "词元向量（乘以 √embed_dim）加上位置向量；id 0 是填充，会被掩码。"
    ),
    "(batch, queries, keys) True where a query may look at a key: both are real tokens.": (
        "(batch, queries, keys)，查询可以关注某个键时为 True：即两者都是真实词元。"
    ),
    "What encoder and decoder blocks share: their sizes, kept for saving.": (
        "编码器块和解码器块的共同部分：它们的尺寸，保存模型时要用到。"
    ),
    (
        "Self-attention over the text, then a feed-forward network; each followed by a\n"
        "residual connection and layer normalisation. Padding keys get no attention."
    ): (
        "先对文本做自注意力，再经过前馈网络；两者之后各接一个残差连接和层归一化。填充位置的键不会得到注意力。"
    ),
    "scores: (batch, heads, queries, keys)": "scores 的形状：(batch, heads, queries, keys)",
    (
        "Masked self-attention over the German words so far (a word never sees the ones\n"
        "after it), cross-attention from them to the English words, then a feed-forward\n"
        "network; each with a residual connection and layer normalisation.\n"
        "\n"
        "With `return_attention`, the call also returns the self- and cross-attention weights\n"
        "and the states cross-attention made its queries from."
    ): (
        "对目前已有的德语词做带掩码的自注意力（每个词看不到它之后的词），再从这些词到英语词做交叉注意力，"
        "然后\n"
        "经过前馈网络；每一步都带残差连接和层归一化。\n"
        "\n"
        "设置 `return_attention` 时，调用还会返回自注意力和交叉注意力的权重，\n"
        "以及交叉注意力用来生成查询的那些状态。"
    ),
    "(1, queries, keys)": "形状 (1, queries, keys)",
    "what cross-attention's queries are made from": "交叉注意力的查询由此生成",
    (
        "Draw every random initial weight from `seed`, as Keras' defaults would (Glorot-uniform\n"
        "kernels, uniform ±0.05 embeddings), without touching the process-wide random state\n"
        "(which other models being built at the same time use). Each weight gets its own seed:\n"
        "one seeded initializer reused for the query, key and value projections would make\n"
        "them equal."
    ): (
        "按 Keras 默认的方式（核（kernel）用 Glorot 均匀分布，嵌入用 ±0.05 的均匀分布），"
        "由 `seed` 生成每一个\n"
        "随机初始权重，且不改动进程全局的随机状态（同时构建的其他模型会用到它）。每个权重都有各自的随机种子："
        "\n"
        "若查询、键、值三个投影复用同一个带随机种子的初始化器，它们就会完全相同。"
    ),
    "biases and normalisation start at fixed values": "偏置和归一化参数从固定值开始",
    "The encoder: `num_encoder_layers` blocks over the embedded source, named encoder1…": (
        "编码器：在嵌入后的源序列上堆叠 `num_encoder_layers` 个块，依次命名为 encoder1…"
    ),
    (
        "Train the Transformer English→German translator set up on the Deep learning\n"
        "playground's Transformer page.\n"
        "\n"
        "CONFIG below holds the page's settings. The script reads the same Multi30k sentences,\n"
        "builds the same vocabularies from the training sentences, builds the same encoder–decoder\n"
        "(same layers and names, same seeded initial weights) and trains it as the app does, with\n"
        "batches of sentences of similar length. It then translates the test sentences greedily,\n"
        "prints their BLEU (with sacreBLEU, if installed), and saves the model as a .keras file\n"
        "that the app, or plain Keras with this script's layer classes, can load; both\n"
        "vocabularies travel inside it, so the app's Transformer page can import it and translate\n"
        "new sentences with it.\n"
        "\n"
        "    python train_transformer_translate.py                          # data in ./assets/data\n"
        "    python train_transformer_translate.py --epochs 1 --limit 500   # a quick check\n"
        "\n"
        "Needs numpy and TensorFlow with Keras 3 (tested with tensorflow 2.21, keras 3.15), and\n"
        "sacrebleu for the BLEU score."
    ): (
        "训练在深度学习实验场 Transformer 页面上设置好的 Transformer 英语→德语翻译模型。\n"
        "\n"
        "下面的 CONFIG 保存了该页面上的设置。本脚本读取同样的 Multi30k 句子，由训练句子构建同样的词表，"
        "搭建同样的\n"
        "编码器–解码器（层与层名都相同，初始权重由同一随机种子生成），并以与应用相同的方式训练，"
        "每个批次由长度相\n"
        "近的句子组成。随后用贪心解码翻译测试句子，打印其 BLEU（用 sacreBLEU 计算，需已安装），"
        "并把模型保存为\n"
        ".keras 文件，本应用或直接用 Keras 加上本脚本中的层类都能加载。两个词表也随模型保存在该文件中，"
        "因此应用的\n"
        "Transformer 页面可以导入它，并用它翻译新的句子。\n"
        "\n"
        "    python train_transformer_translate.py                          # 数据在 ./assets/data\n"
        "    python train_transformer_translate.py --epochs 1 --limit 500   # 快速检查\n"
        "\n"
        "需要 numpy 和带 Keras 3 的 TensorFlow（已在 tensorflow 2.21、keras 3.15 上测试），\n"
        "计算 BLEU 还需要 sacrebleu。"
    ),
    (
        "Per sentence (batch,): the share of its real (non-padding) German words whose most\n"
        "likely prediction is right. One value per sentence, so Keras averages them over the\n"
        "sentences of a batch as it does every other metric."
    ): (
        "逐句 (batch,)：每句真实（非填充）德语词中，最可能的预测正确的比例。每句一个值，"
        "这样 Keras 会像对其他\n"
        "所有指标一样，在一个批次的各句上取平均。"
    ),
    (
        "English ids (batch, ≤ max_length) and the German ids so far (batch, ≤ max_length) →\n"
        "next-word probabilities (batch, ≤ max_length, target_size)."
    ): (
        "英语 id (batch, ≤ max_length) 和目前已有的德语 id (batch, ≤ max_length) → 下一个词的概率\n"
        "(batch, ≤ max_length, target_size)。"
    ),
    "Any length up to max_length: training batches are cut to their longest sentence.": (
        "任意长度，最多 max_length：训练批次会截断到其中最长的句子。"
    ),
    (
        "The translator's loss and the metric reported as its accuracy: padding is neither a\n"
        "word to predict nor one to count as right."
    ): ("翻译模型的损失，以及作为其准确率报告的指标：填充既不是要预测的词，也不计入答对的词。"),
    "The data, and the vocabularies of the training sentences.": "数据，以及由训练句子构建的词表。",
    "The model.": "模型。",
    "Training, on batches of sentences of similar length.": "训练，每个批次由长度相近的句子组成。",
    "The test figure, and the model.": "测试指标，然后保存模型。",
    (
        "Words ↔ ids, built from the training texts only: id 0 is padding (masked, so it never\n"
        "feeds the model), id 1 stands for every unknown word, then the words from most to least\n"
        "frequent."
    ): (
        "词 ↔ id，只由训练文本构建：id 0 是填充（会被掩码，因此从不输入模型），id 1 代表所有未知词，"
        "之后是按频率\n"
        "从高到低排列的词。"
    ),
    "Padding, unknown, then `words`, each at its index.": "填充、未知词，然后是 `words`，各自位于其索引处。",
    "The vocabulary size the embedding needs: padding and OOV included.": (
        "嵌入层所需的词表大小：包括填充和 OOV。"
    ),
    (
        "The `size - 2` most frequent words of texts already split into words (ties broken\n"
        "alphabetically, so the same texts always give the same vocabulary), plus padding\n"
        "and OOV."
    ): (
        "已切分成词的文本中出现频率最高的 `size - 2` 个词（频率相同时按字母顺序排列，因此相同的文本总是得\n"
        "到相同的词表），再加上填充和 OOV。"
    ),
    "The id of `word`: its rank in the vocabulary, or OOV.": (
        "`word` 的 id：它在词表中的排名；不在词表中则为 OOV。"
    ),
    "(length,) int32: the ids of the first `length` words, then padding.": (
        "(length,) int32：前 `length` 个词的 id，不足部分用填充补齐。"
    ),
}
