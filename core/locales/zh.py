"""简体中文界面文案。键与 `core/locales/en.py` 一一对应；`{名称}` 由 `t()` 填入。术语见 GLOSSARY.md。"""

TEXT = {
    "app.title": "深度学习实验场",
    "nav.home": "首页",
    "language.label": "语言",
    "app.tensorflow_unavailable": (
        "无法加载 TensorFlow，本页面暂时无法运行（{reason}）。首页仍可正常使用；"
        "修复服务器上的 TensorFlow 安装后，重启服务器即可。"
    ),
    "nav.cnn": "CNN · 手写数字",
    "sidebar.device": "**计算设备：** {device}",
    "sidebar.device_cpu": "CPU（{count} 核）",
    "sidebar.device_gpu": "GPU：{names}",
    "sidebar.dataset": "**数据集：** {dataset}",
    "sidebar.about": (
        "动手搭建、训练神经网络，并深入观察其内部。数据来源：MNIST（LeCun、Cortes 和 Burges）；"
        "IMDB 影评（Maas 等，2011）；Multi30k（Elliott 等，2016）。"
    ),
    "home.title": "边搭建、边训练、边观察：动手理解深度学习",
    "home.intro": (
        "这里有三种模型架构，各占一个页面。任选其一，动手修改，在笔记本电脑上花几分钟训练，"
        "再逐层查看它究竟计算了什么。"
    ),
    "home.cnn.title": "卷积神经网络",
    "home.cnn.body": (
        "用学到的小卷积核在图像上滑动，因此无论笔画出现在哪里，同一个检测器都能把它找出来；"
        "池化保留最强的响应，同时缩小特征图。画一个数字，看看 CNN 如何识别它。"
    ),
    "home.cnn.formula": "y_{ij} = \\sum_{m,n} x_{i+m,\\,j+n}\\, w_{mn}",
    "home.cnn.link": "打开 CNN 实验场",
    "home.rnn.title": "循环神经网络",
    "home.rnn.body": (
        "逐步读取序列，并把隐藏状态一步步向后传递，这就是它对前文的记忆。"
        "LSTM 和 GRU 的门控机制能防止这份记忆逐渐消退。"
    ),
    "home.rnn.formula": "h_t = f(h_{t-1}, x_t)",
    "home.rnn.link": "打开 RNN 实验场",
    "home.transformer.title": "Transformer",
    "home.transformer.body": (
        "让每个词同时关注其他所有词：注意力根据查询（query）与各词的键（key）的匹配程度为它们分配权重，"
        "再对它们的值（value）加权求和。"
    ),
    "home.transformer.formula": "\\mathrm{softmax}\\!\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right) V",
    "home.transformer.link": "打开 Transformer 实验场",
    "home.open_problems": (
        "**这些页面涉及的开放问题**：模型压缩（网络最小能做到多小而仍然有效？）、"
        "模型解释性（各层到底在计算什么？）、数据效率（最少需要多少样本？）"
        "以及模型泛化（它能认出*你*的笔迹吗？）。"
    ),
    "cnn.title": "CNN 实验场：手写数字识别",
    "cnn.intro": "画一个数字，让卷积神经网络来识别。然后搭建你自己的网络，边训练边观察，再深入查看它的内部。",
    "tab.build": ":material/construction: 搭建与训练",
    "tab.inside": ":material/visibility: 模型内部",
    "tab.evaluate": ":material/analytics: 评估",
    "model.choice": "用于预测的模型",
    "model.yours": "你的网络",
    "model.starter": "预置模型",
    "model.yours_caption": "正在使用你的网络（{status}，已训练 {epoch}/{epochs} 轮）。",
    "model.watched": "本次训练的网络",
    "model.watched_caption": "正在使用你当前查看的这次训练的网络（{status}，已训练 {epoch}/{epochs} 轮）。",
    "model.starter_caption": (
        "正在使用预置模型（在 {count:,} 个测试数字上的准确率为 {accuracy:.1%}）。你可以在下方训练自己的网络。"
    ),
    "draw.heading": "**画一个数字**（0–9）",
    "draw.model_sees": "**模型看到的图像**",
    "draw.model_sees_caption": "28×28，按质心居中，与 MNIST 一致",
    "draw.prompt": "在黑色画布上画一个数字，看看网络认为它是几。",
    "draw.prediction": "## 预测结果：{digit}",
    "draw.confidence": "置信度 {p:.1%}",
    "draw.not_finite": "这个网络的输出不是有效数值（权重发散了），请重新训练。",
    "data.mnist-10k": "MNIST，内置 10,000 个数字",
    "data.mnist-70k": "MNIST，完整 70,000 个数字（需下载，11 MB）",
    "data.downloading": "正在获取完整的 MNIST…",
    "data.full_unavailable": "无法下载完整的 MNIST（当前是否联网？），改用内置的 10,000 个数字。",
    "build.intro": "堆叠卷积块和全连接层；修改配置时，下表会实时显示每一层的输出形状和参数量。",
    "build.dataset": "数据集",
    "build.preset_classic": "经典示例",
    "build.preset_classic_help": (
        "经典的 MNIST 网络，也是本页面的默认配置：Conv32-Pool-Conv64-Pool-Dense128-Dense10。"
    ),
    "build.preset_starter_help": "三个采用 'same' 填充并带批归一化的卷积块。",
    "build.preset_starter": "预置模型的架构",
    "build.layers": "网络层",
    "build.n_conv": "卷积块数",
    "build.n_dense": "全连接层数",
    "build.conv_block": "**卷积块 {number}**",
    "build.dense_layer": "**全连接层 {number}**",
    "build.filters": "卷积核数",
    "build.kernel": "卷积核大小",
    "build.stride": "步幅",
    "build.padding": "填充",
    "build.activation": "激活函数",
    "build.pooling": "池化",
    "build.pool_size": "池化窗口大小",
    "build.batch_norm": "批归一化",
    "build.dropout": "Dropout",
    "build.units": "单元数",
    "build.output_layer": "输出层：10 个单元、使用 softmax 的全连接层，每个数字对应一个概率。",
    "build.hyperparameters": "训练设置",
    "build.optimizer": "优化器",
    "build.optimizer.adam": "Adam",
    "build.optimizer.sgd": "SGD（动量 0.9）",
    "build.optimizer.rmsprop": "RMSprop",
    "build.learning_rate": "学习率",
    "build.batch_size": "批大小",
    "build.epochs": "轮次",
    "build.validation_share": "验证集比例",
    "build.train_size": "训练样本数",
    "build.train_size_all": "全部",
    "build.augment": "数据增强",
    "build.augment_help": "训练时随机进行小幅平移（±10%）、旋转（±14°）和缩放（±10%）。",
    "build.seed": "随机种子",
    "build.invalid": "无法构建该网络：{reason}",
    "build.total_parameters": "参数总量：{count:,}",
    "table.layer": "层",
    "table.type": "类型",
    "table.output_shape": "输出形状",
    "table.parameters": "参数量",
    "chart.per_batch": "训练（逐批）",
    "chart.smoothed": "训练（平滑）",
    "chart.validation": "验证",
    "chart.epoch": "轮次",
    "chart.loss": "损失",
    "chart.accuracy": "准确率",
    "chart.probability": "概率",
    "chart.predicted.digit": "预测数字",
    "chart.true.digit": "真实数字",
    "chart.predicted.sentiment": "预测情感",
    "chart.true.sentiment": "真实情感",
    "train.heading": "训练",
    "train.start": "开始训练",
    "train.restart": "重新训练",
    "train.pause": "暂停",
    "train.resume": "继续",
    "train.stop": "停止",
    "train.progress_above": "训练进度和实时曲线显示在这些标签页上方，就在你绘制或输入的内容下面。",
    "train.not_started": "尚未训练。点击“开始训练”即可，训练期间页面仍可正常使用。",
    "train.progress": "{status} · 第 {epoch}/{epochs} 轮 · 每秒 {rate:,.0f} 个样本 · 剩余 {left}",
    "train.status.running": "训练中",
    "train.status.paused": "已暂停",
    "train.status.stopping": "正在停止",
    "train.status.finished": "已完成",
    "train.status.stopped": "已停止",
    "train.status.failed": "失败",
    "train.stopped_note": "完成 {epoch} 个完整轮次后已停止；权重保持停止时的状态。",
    "train.finished_note": "训练完成，用时 {seconds:.0f} 秒。",
    "train.chart_loss": "损失",
    "train.chart_accuracy": "准确率",
    "train.run_not_found": (
        "该链接指向的训练记录不存在（可能是链接输错了，或该记录已被删除），因此没有打开任何训练。"
    ),
    "inside.prompt": "在上方画一个数字，即可查看网络内部。",
    "inside.maps": "特征图",
    "inside.maps_help": (
        "每个卷积层和池化层针对你画的数字计算出的结果。每个小图对应一个通道，"
        "响应越强的位置越亮（每个通道按各自的取值范围缩放）。"
    ),
    "inside.map_title": "**{name}** · {kind} · {h}×{w}×{c}",
    "inside.filters": "第一层学到的卷积核",
    "inside.filters_help": "第一个卷积层的 {count} 个卷积核（{k}×{k}）：红色表示正权重，蓝色表示负权重。",
    "inside.attribution": "模型关注了哪里",
    "inside.attribution_method": "方法",
    "inside.method.grad_cam": "Grad-CAM",
    "inside.method.saliency": "显著图",
    "inside.method_help.grad_cam": (
        "Grad-CAM（Selvaraju 等，2017）根据最后一个卷积层的各个通道对预测类别得分的提升程度为其加权，"
        "并显示这些通道在哪些位置被激活。"
    ),
    "inside.method_help.saliency": (
        "显著图（Simonyan 等，2014）显示：每个像素发生微小变化时，预测类别的概率会随之变化多少。"
    ),
    "inside.attribution_caption": "类别 {digit} 的热力图",
    "inside.conv_formula": "代入数值看卷积",
    "inside.conv_formula_help": (
        "在 {name} 的特征图中选一个位置：它的值等于输入块与卷积核逐元素相乘再求和，加上偏置，"
        "最后经过激活函数。"
    ),
    "inside.channel": "通道",
    "inside.row": "行 i",
    "inside.col": "列 j",
    "inside.patch": "输入块 x",
    "inside.kernel": "卷积核 w（通道 {channel}）",
    "inside.products": "乘积 x·w",
    "inside.conv_check": (
        "{name} 层在第 {row} 行、第 {col} 列、通道 {channel} 处的输出为 {value:.4f}，"
        "与上面算出的结果完全相同。"
    ),
    "inside.pool_formula": "代入数值看池化",
    "inside.window": "{source} 中的窗口",
    "inside.pool_check": "{name} 层在第 {row} 行、第 {col} 列、通道 {channel} 处的输出为 {value:.4f}。",
    "inside.no_pooling": "该网络没有池化层。",
    "eval.pending": "测试指标要等训练结束后才会计算，而这次训练尚未结束。你可以先评估它当前的权重：",
    "eval.now": "评估当前权重",
    "eval.evaluated_at": "使用训练 {step:,} 个批次后的权重。",
    "eval.accuracy": "测试准确率",
    "eval.accuracy_help": "在 {count:,} 个留出的测试数字中分类正确的比例。",
    "eval.matrix_help": "行为真实数字，列为预测数字。点击单元格可查看落在其中的数字。",
    "eval.cell_title": "**真实为 {true}，预测为 {predicted}** · 该格中的测试数字：{count} 个",
    "eval.cell_empty": "没有测试数字落在该格中。",
    "eval.example_caption": "p({predicted}) = {p:.2f}，p(真实) = {true_p:.2f}",
    "error.choice": "{what}必须是 {choices} 之一，当前为“{value}”。",
    "error.range": "{what}必须介于 {low:g} 和 {high:g} 之间，当前为 {value:g}。",
    "error.conv_count": "卷积块数量应为 1 到 {max} 个，当前为 {count}。",
    "error.dense_count": "输出层之前最多只能使用 {max} 个全连接层。",
    "error.conv_block": "卷积块 {number}",
    "error.dense_layer": "全连接层 {number}",
    "error.kernel_too_big": (
        "{where}：{k}×{k} 的卷积核放不进它接收到的 {size}×{size} 特征图。请换用更小的卷积核、"
        "改用 'same' 填充，或删掉它之前的某个卷积块。"
    ),
    "error.pool_to_nothing": (
        "{where}：{p}×{p} 池化会把 {size}×{size} 的特征图缩小到 0×0。请关闭该块的池化，"
        "或在前面的层中使用 'same' 填充或步幅 1，或者删掉一个卷积块。"
    ),
    "error.heads_divide_width": (
        "模型宽度 {width} 无法平均分给 {heads} 个注意力头（每个头的维度 = 宽度 ÷ 头数）："
        "请改用 {divisors} 个头，或修改模型宽度。"
    ),
    "error.learning_rate": "学习率必须大于 0 且不超过 10，当前为 {value:g}。",
    "error.train_size": "训练集大小不能为负数（0 表示使用全部数据）。",
    "error.too_many_parameters": (
        "该网络有 {count:,} 个参数，太多了，无法在笔记本电脑上训练。请减少卷积核数或全连接层单元数，"
        "或在全连接层之前增加池化。"
    ),
    "field.filters": "卷积核数",
    "field.kernel_size": "卷积核大小",
    "field.stride": "步幅",
    "field.pool_size": "池化窗口大小",
    "field.dropout_rate": "Dropout 比例",
    "field.padding": "填充",
    "field.activation": "激活函数",
    "field.pooling": "池化",
    "field.units": "单元数",
    "field.batch_norm": "批归一化",
    "field.optimizer": "优化器",
    "field.batch_size": "批大小",
    "field.epochs": "轮次",
    "field.validation_share": "验证集比例",
    "field.dataset": "数据集",
    "field.cell": "循环单元类型",
    "field.lr_schedule": "学习率调度",
    "field.task": "任务",
    "field.positional": "位置编码",
    "field.num_encoder_layers": "编码器层数",
    "field.num_decoder_layers": "解码器层数",
    "field.num_heads": "注意力头数",
    "field.ff_dim": "前馈网络宽度",
    "field.max_length": "最大长度",
    "field.target_vocab_size": "德语词表大小",
    "field.num_layers": "循环层数",
    "field.embed_dim": "嵌入维度",
    "field.vocab_size": "词表大小",
    "field.sequence_length": "序列长度",
    "field.recurrent_dropout_rate": "循环 Dropout",
    "train.preparing": "正在准备数据、搭建网络…",
    "train.nan_stop": (
        "损失变成了 NaN 或无穷大，说明权重已经发散，训练因此停止。可以把学习率调低（比如降到原来的十分之"
        "一）、加入批归一化，或者减小批大小。"
    ),
    "train.failed": "训练失败：{error}",
    "train.diverged": (
        "损失暴涨到 {loss:.3g}（第一个批次时只有 {start:.3g}），说明权重已经发散，训练因此停止。"
        "可以把学习率调低（比如降到原来的十分之一）、加入批归一化，或者减小批大小。"
    ),
    "train.pause_expired": "暂停已超过 {minutes} 分钟，为了释放服务器资源，这次训练已被停止。",
    "train.slots_busy": (
        "这台计算机的 {slots} 个训练名额都已占满（{waiting} 人在排队）。点击“开始训练”即可加入队列："
        "一有名额空出，你的训练就会按顺序自动开始。"
    ),
    "train.queued": "正在等待训练名额：你在队列中排第 {position} 位，共 {waiting} 人等待。",
    "train.queued_eta": "预计大约 {time} 后开始。",
    "train.sentence_separator": "",
    "train.queued_eta_unknown": "一有名额空出，训练就会自动开始，不必一直停留在这个页面。",
    "train.queued_behind_own": (
        "你的另一个训练还在进行中，它结束后这个训练会自动开始（每人同一时间只能训练一个，好让大家都能轮到）。"
    ),
    "train.leave_queue": "退出排队",
    "train.left_queue": "你已退出排队，这次训练没有开始。点击“开始训练”可以重新排队。",
    "train.status.queued": "排队等待名额",
    "train.status.not_started": "未开始",
    "train.pause_yielded": (
        "暂停超过 {minutes:g} 分钟，而其他人正在等待训练名额，因此这次训练已被停止，名额让给了他们。"
        "已训练的权重保持不变。"
    ),
    "train.not_yours": (
        "这次训练属于 {owner}。你可以查看训练过程、用它做预测，也可以复制它的设置（就在上方的控件里）；"
        "只有发起这次训练的人才能暂停或停止它。点击“开始训练”会开始一次你自己的训练。"
    ),
    "train.identity_pending": "正在连接你的浏览器…“开始训练”马上就能用。",
    "nav.rnn": "RNN · 影评",
    "nav.transformer": "Transformer · 注意力",
    "rnn.title": "RNN 实验场：影评",
    "rnn.intro": (
        "输入一段影评，循环神经网络会逐词读入，并把隐藏状态从一个词传给下一个词。"
        "先看看它的判断是怎样一步步形成的，再搭建并训练你自己的网络。"
    ),
    "rnn.starter_caption": (
        "当前使用的是预置模型（在 {count:,} 条测试影评上的准确率为 {accuracy:.1%}）。"
        "你可以在下方训练自己的网络。"
    ),
    "review.examples": "从测试集中选一条真实影评",
    "review.examples_placeholder": "…或者在下方自己输入",
    "review.example": "{sentiment}：{start}…",
    "review.heading": "**你的影评**",
    "review.placeholder": "例如：The acting was wooden, but the story stayed with me for days.",
    "review.prompt": "输入一段英文影评（或在上方选一条），看看网络怎么理解它。",
    "review.no_words": "这段文字里只有符号或表情，没有单词；输入几个英文单词试试。",
    "review.all_unknown": (
        "这 {count} 个词都不在模型的词表里，模型读不懂它们：对它来说，每个词都是同一个未知词元。"
        "这个模型读的是英文影评，试试输入英文单词。"
    ),
    "review.cut": "影评太长：模型只读了全部 {total:,} 个词中的前 {used:,} 个，其余部分被截掉了。",
    "review.cut_marker": "已截断：{count:,} 个词未读入",
    "review.tokens_caption": (
        "**模型读到的词**（共 {used:,} 个；其中 {unknown:,} 个是未知词，以删除线标出，统一按一个 [UNK] "
        "词元读入）"
    ),
    "review.verdict": "## {label} · {p:.1%}",
    "review.probability": "影评为正面的概率：{p:.3f}",
    "review.positive": "正面",
    "review.negative": "负面",
    "rnn.build_intro": (
        "选择循环单元类型，最多堆叠三个循环层，再设定词表大小和序列长度；下表列出每一层的输出形状和参数量。"
    ),
    "build.lr_schedule": "学习率调度",
    "build.lr_schedule.constant": "恒定",
    "build.lr_schedule.cosine": "余弦衰减至零",
    "build.lr_schedule_help": (
        "恒定：整个训练过程中学习率保持不变。余弦衰减：学习率平滑下降，到最后一个批次时降为零，先迈大步，"
        "再用小步稳定下来（Loshchilov 与 Hutter，2017）。"
    ),
    "rnn.preset_classic": "经典 SimpleRNN",
    "rnn.preset_classic_help": (
        "教科书上的经典例子：词表 10,000 词，序列长度 100，嵌入维度 128，SimpleRNN 128 个单元，用 Adam 训练 "
        "5 轮。训练一下就会明白为什么要发明带门控的循环单元：它的表现始终在随机猜测附近徘徊。"
    ),
    "rnn.preset_recommended": "推荐（默认）",
    "rnn.preset_recommended_help": (
        "双向 GRU，32 个单元，嵌入维度 32，序列长度 400，对各词上的状态取平均，Dropout 0.3；用 Adam 训练 3 "
        "轮，学习率 0.002 并衰减至零。"
    ),
    "rnn.preset_lesson": (
        "经典 SimpleRNN 为什么在这里行不通：它必须把整条影评的信息一直带到最后一个状态，而梯度每往回经过一步 "
        "tanh 就缩小一次，100 步下来几乎*消失*殆尽。于是开头的词几乎得不到训练，在 3,600 条训练影评上，"
        "它的表现始终接近随机猜测。推荐的 GRU 有门控，可以选择保留或改写记忆，梯度因此得以保持；"
        "再对各词上的状态取平均，每个词到输出都只有一条很短的路径。"
    ),
    "rnn.cell": "循环单元",
    "rnn.cell.simple_rnn": "SimpleRNN",
    "rnn.cell.lstm": "LSTM",
    "rnn.cell.gru": "GRU",
    "rnn.cell_help": (
        "SimpleRNN：h = tanh(W·x + U·h + b)。LSTM 在此基础上增加了细胞状态以及输入门、遗忘门和输出门；GRU "
        "则有更新门和重置门。门决定记忆中保留哪些内容。"
    ),
    "rnn.num_layers": "循环层数",
    "rnn.units": "每层单元数",
    "rnn.bidirectional": "双向",
    "rnn.bidirectional_help": "每一层还会从右往左再读一遍影评，并把两个方向的状态拼接起来。",
    "rnn.pooling": "影评向量",
    "rnn.pooling.last": "最后一个状态",
    "rnn.pooling.mean": "各词状态的平均",
    "rnn.pooling_help": (
        "输出单元看到的内容：最后一层读完最后一个词后的状态，或者它在所有词上的状态平均值（不含填充位置）。"
    ),
    "rnn.embed_dim": "嵌入维度",
    "rnn.vocab_size": "词表大小",
    "rnn.sequence_length": "序列长度（词）",
    "rnn.sequence_length_help": "影评只保留前面若干个词，不够长的用填充补齐；填充位置会被掩码屏蔽。",
    "rnn.recurrent_dropout": "循环 Dropout",
    "rnn.recurrent_dropout_help": "训练时，每一步把传递的状态按这个比例随机置零。",
    "rnn.output_layer": "输出：一个 sigmoid 单元，给出影评为正面的概率。",
    "rnn.train_size_all": "全部影评",
    "rnn.vocabulary_note": (
        "词表只根据训练集构建；如果训练集中的词不够多，词表会比所选的大小少，嵌入层也会随之缩小。"
    ),
    "rnn.inside_prompt": "在上方输入一段影评，即可查看模型内部。",
    "rnn.trajectory": "预测如何逐词变化",
    "rnn.trajectory_help": (
        "每读一个词之后的正面概率：第 t 个点是只读影评前 t 个词时的预测，因此最后一个点就是上方的预测结果。"
    ),
    "rnn.occlusion": "哪些词起了作用",
    "rnn.occlusion_help": (
        "依次去掉每个词，让模型重新读一遍影评：绿色的词把预测推向正面，"
        "红色的词推向负面（鼠标悬停可查看变化量）。"
    ),
    "rnn.occlusion_top": "**推向正面的词**：{up}  \n**推向负面的词**：{down}",
    "rnn.states": "隐藏状态",
    "rnn.states_help": (
        "每一列是读完一个词后的状态，每一行是一个单元（最多显示在这条影评上变化最大的 {shown} 个单元）；"
        "蓝色为负值，红色为正值。"
    ),
    "rnn.state_title.forward": "{layer}：隐藏状态 h，显示 {units} 个单元中的 {shown} 个",
    "rnn.state_title.backward": "{layer}：隐藏状态 h（从右往左读），显示 {units} 个单元中的 {shown} 个",
    "rnn.cell_title.forward": "{layer}：LSTM 细胞状态 c，显示 {units} 个单元中的 {shown} 个",
    "rnn.cell_title.backward": "{layer}：LSTM 细胞状态 c（从右往左），显示 {units} 个单元中的 {shown} 个",
    "rnn.layer": "层",
    "rnn.recurrence": "代入数值看循环计算",
    "rnn.word": "第 t 个词",
    "rnn.recurrence_help": (
        "第 t = {position} 步读入 **{word}**：x_t 是来自 {source} 的 {features} 个输入，h_(t-1) 是 Keras "
        "读完前一个词后算出的状态。下面用该层自己的权重，计算 {units} 个单元中的前 {shown} 个："
    ),
    "rnn.source_embedding": "嵌入层",
    "rnn.source_layer": "{layer} 层",
    "rnn.unit_column": "单元 {number}",
    "rnn.keras_returned": "Keras 返回的 h_t",
    "rnn.recurrence_check": "按公式算出的 h_t 与 Keras 层返回的状态一致（最大差值 {difference:.1e}）。",
    "rnn.recurrence_mismatch": (
        "按公式算出的 h_t 与 Keras 层返回的状态相差 {difference:.1e}："
        "这一层的计算超出了上面公式所描述的内容。"
    ),
    "rnn.backward_note": "这一层是双向的；公式展示的是它从左到右的方向。",
    "rnn.accuracy_help": "在 {count:,} 条留出的测试影评中分类正确的比例。",
    "rnn.matrix_help": "行：真实情感；列：预测情感。",
    "rnn.mistakes": "**被误判的测试影评**：共 {count:,} 条，最有把握却判错的 {shown} 条排在最前",
    "rnn.col_true": "真实",
    "rnn.col_probability": "p(正面)",
    "rnn.col_review": "影评",
    "chart.positive_probability": "p(正面)",
    "chart.word_number": "词序号",
    "chart.word": "词元",
    "chart.unit": "单元",
    "data.imdb-5k": "IMDB，内置 5,000 条影评",
    "data.imdb-50k": "IMDB，完整 50,000 条影评（需下载，80 MB）",
    "data.downloading_imdb": "正在获取完整的 IMDB 影评…",
    "data.imdb_full_unavailable": "无法下载完整的 IMDB 影评（这台机器能联网吗？），已改用内置的 5,000 条。",
    "field.review_vector": "影评向量",
    "data.download_failed": "无法下载完整的 MNIST（{error}）。",
    "transformer.title": "Transformer 实验场：看得见的注意力",
    "transformer.intro": (
        "Transformer 一次读入整段文本。在每一层中，每个词元都会通过**注意力**“询问”"
        "其他所有词元与自己有多相关：`softmax(QKᵀ/√d_k)·V`。选一个任务，输入一段文本，看看每一层、"
        "每个注意力头都在关注什么。"
    ),
    "transformer.task": "任务",
    "transformer.task.classify": "影评分类器（IMDB）",
    "transformer.task.translate": "英译德翻译器（Multi30k）",
    "transformer.starter_caption.classify": (
        "当前用预置 Transformer 做预测（在内置测试影评上的准确率为 {accuracy:.1%}，数据划分与 RNN "
        "页面相同）。可以在“搭建与训练”中训练你自己的模型。"
    ),
    "transformer.starter_caption.translate": (
        "当前用预置 Transformer 做翻译（在 Multi30k 2016 测试集上的 BLEU 为 {bleu:.1f}）。可以在“搭建与训练”"
        "中训练你自己的模型。"
    ),
    "transformer.inside_prompt.classify": "在上方输入一段影评，即可查看每一层、每个注意力头的注意力。",
    "transformer.inside_prompt.translate": "在上方输入一个英文句子，即可查看翻译它时用到的注意力。",
    "transformer.kind": "注意力类型",
    "transformer.kind.encoder": "编码器自注意力",
    "transformer.kind.decoder": "解码器掩码自注意力",
    "transformer.kind.cross": "交叉注意力（对齐）",
    "transformer.kind_help.encoder": (
        "每一行是发出询问的词元，每一列是它可以查看的词元。每行权重之和为 1，表示这个词元从哪些词元汇集信息、"
        "构成自己的新向量。"
    ),
    "transformer.kind_help.decoder": (
        "目前已生成的德文词之间相互关注。每个词只能看到它自己和它前面的词，所以对角线以上全为零："
        "这就是因果掩码。"
    ),
    "transformer.kind_help.cross": (
        "每一行是正在选择的德文词，每一列是一个英文词。亮的格子表示解码器在选这个词时读了哪些英文词："
        "这是模型学到的对齐关系。"
    ),
    "transformer.build_intro.classify": (
        "这个分类器沿用 RNN 页面的预处理流程和数据划分（词表规则相同，测试影评也是同样的 1,000 条），"
        "因此两者可以直接比较。它的编码器块由自注意力和前馈网络组成，二者都带有残差连接和层归一化；"
        "对所有词取平均后，送入一个 sigmoid 单元。"
    ),
    "transformer.build_intro.translate": (
        "这个翻译器采用编码器–解码器结构，与 Vaswani 等（2017）相同：编码器读入英文，解码器逐词写出德文，"
        "同时关注自己已写出的词（掩码自注意力）和英文原句（交叉注意力）。它通过教师强制来学习："
        "给定正确的德文前文，预测下一个词。"
    ),
    "transformer.preset_recommended": "推荐",
    "transformer.preset_recommended_help.classify": (
        "1 个宽度为 32 的编码器块，2 个注意力头，影评截取前 256 个词，Dropout 0.4，用 Adam 训练 3 轮，学习率 "
        "0.002 并衰减至零：在双核笔记本电脑上大约一分钟即可训练完，测试准确率约 86%。"
    ),
    "transformer.preset_recommended_help.translate": (
        "编码器和解码器各 2 个块，宽度 128，4 个注意力头，使用 Adam，学习率 0.001 并衰减至零。"
    ),
    "transformer.preset_eight_heads": "8 个注意力头，宽度 256",
    "transformer.preset_eight_heads_help": (
        "经典的翻译示例：多头注意力，共 8 个头，每个头 32 维（宽度 256）。在笔记本电脑上训练较慢。"
    ),
    "transformer.encoder_layers": "编码器层数",
    "transformer.decoder_layers": "解码器层数",
    "transformer.heads": "注意力头数",
    "transformer.heads_help": "每个头各自计算注意力，维度为宽度 ÷ 头数，因此宽度必须能被头数整除。",
    "transformer.width": "模型宽度",
    "transformer.width_help": "每个词元向量的长度，在整个网络中保持不变。",
    "transformer.ff_width": "前馈网络宽度",
    "transformer.ff_help": "注意力之后作用在每个词元上的两层网络的宽度。",
    "transformer.positional": "位置编码",
    "transformer.positional.sinusoidal": "正弦（固定）",
    "transformer.positional.learned": "可学习",
    "transformer.positional_help": (
        "注意力本身不考虑词序，因此要给每个词元加上一个位置向量。正弦编码：固定的波形（Vaswani 等）；"
        "可学习编码：每个位置对应一个训练得到的向量。"
    ),
    "transformer.max_length": "最大长度（词元）",
    "transformer.max_length_help.classify": (
        "影评只保留前面若干个词，不够长的用填充补齐；填充位置会被掩码屏蔽。"
    ),
    "transformer.max_length_help.translate": "过长的句子会被截断，德文句子也一样。填充位置会被掩码屏蔽。",
    "transformer.vocab_size.classify": "词表大小",
    "transformer.vocab_size.translate": "英语词表大小",
    "transformer.target_vocab_size": "德语词表大小",
    "transformer.output_layer.classify": "输出：对所有词取平均，再接一个 sigmoid 单元，得到 p(正面)。",
    "transformer.output_layer.translate": "输出：在每个位置上对德语词表做 softmax，预测下一个词。",
    "transformer.train_size_all.classify": "全部影评",
    "transformer.train_size_all.translate": "全部 29,000 个句对",
    "transformer.validation_note": (
        "验证使用 Multi30k 自带的 1,014 个验证句对；每轮结束后都会翻译这些句子，并计算 BLEU 分数。"
    ),
    "transformer.vocabulary_note.classify": "词表只根据本次训练所用的训练影评构建。",
    "transformer.vocabulary_note.translate": (
        "两个词表都只根据训练句子构建；德语词表以 [start] 和 [end] 开头。下表按上方所选的词表大小计算。"
    ),
    "translate.examples": "从 Multi30k 测试集中选一个句子",
    "translate.examples_placeholder": "…或者在下方自己输入",
    "translate.heading": "**英文句子**",
    "translate.placeholder": "例如：A man in a red shirt is riding a bike down the street.",
    "translate.prompt": "输入一个英文句子（或在上方选一个），看看它的译文。",
    "translate.no_words": "这段文字里只有符号或表情，没有单词；输入几个英文单词试试。",
    "translate.all_unknown": (
        "这 {count} 个词元都不在模型的英语词表里（它是从英文图片描述中学习的），所以译文只是猜测。"
        "这个模型翻译的是英文，试试输入英文单词。"
    ),
    "translate.cut": "模型只读入了 {total} 个词元中的前 {used} 个，其余部分不会被翻译。",
    "translate.no_end": "译文已达到长度上限仍未结束：模型拿不准该在哪里停下。",
    "translate.decoding": "解码方式",
    "translate.decoding.greedy": "贪心解码",
    "translate.decoding.beam": "束搜索",
    "translate.decoding_help": (
        "贪心解码每次都选最可能的下一个词。束搜索则保留几个最好的部分译文，"
        "最后选出整体最可能的一个（按长度归一化，Wu 等，2016）。"
    ),
    "translate.beam_width": "束宽",
    "translate.result": "### {text}",
    "translate.by_greedy": "贪心解码",
    "translate.by_beam": "束搜索，束宽 {width}",
    "translate.result_caption": "德文译文（{method}）：共 {words} 个词元。",
    "translate.samples_pending": "第 1 轮训练结束后，这里会显示示例译文和验证集 BLEU。",
    "translate.val_bleu_title": "每轮结束后的验证集 BLEU",
    "translate.col_english": "英文原句",
    "translate.col_epoch": "第 {epoch} 轮后",
    "translate.col_reference": "德文参考译文",
    "translate.col_model": "模型的德文译文",
    "translate.starter_test": "预置翻译模型的训练脚本在该测试集上测得的 BLEU 为 {bleu:.1f}。",
    "translate.evaluate_now": "翻译测试集",
    "translate.evaluate_prompt": "用贪心解码翻译 Multi30k 测试集中的 1,000 个句子，并计算 BLEU 分数。",
    "translate.evaluating": "正在翻译 {count:,} 个句子…",
    "translate.test_bleu": "测试集 BLEU",
    "translate.test_bleu_help": (
        "在 Multi30k test 2016 的 {count:,} 个句子上用 sacreBLEU 计算的语料级 BLEU（统一转为小写）："
        "衡量译文与参考译文有多少相同的词序列，取值范围为 0 到 100。"
    ),
    "attention.window": "显示的词元",
    "attention.window_help": (
        "这段文本共有 {count} 个词元，注意力图每次只显示其中 {window} 个（每行权重仍按全部词元求和为 1）。"
        "下方的公式会用到所有词元。"
    ),
    "attention.layer": "层",
    "attention.head": "注意力头",
    "attention.query": "查询词元",
    "attention.head_title": "{name}，第 {layer} 层，第 {head} 个头",
    "attention.head_view": "**注意力头视图**",
    "attention.head_view_help": "连线从左侧的“{token}”指向它所关注的右侧词元，线越粗表示注意力越强。",
    "attention.grid": "所有层和注意力头",
    "attention.grid_help": (
        "每张小图对应一个注意力头。留意其中的规律：对角线（词元关注自身）、"
        "紧贴对角线下方的一条线（关注前一个词）、一整列（所有词元都在读取同一个词元）。"
    ),
    "attention.formula": "代入数值看注意力公式",
    "attention.formula_help": (
        "查询词元“{token}”，第 {layer} 层，第 {head} 个头。q 和每个键 k 都由该层自身的权重计算得到；"
        "d_k = {d_k}，因此分数要除以 √d_k = {root:.2f}。每个向量只显示前 {shown} 个分量。"
    ),
    "attention.col_key": "键词元",
    "attention.col_used": "模型实际使用的权重",
    "attention.masked": "已掩码",
    "attention.formula_check": (
        "此处算出的 softmax 与模型实际使用的注意力一致（最大差异为 {difference:.1e}）。"
    ),
    "attention.formula_mismatch": "此处算出的 softmax 与模型的注意力相差 {difference:.1e}。",
    "data.multi30k": "Multi30k（内置 29,000 个英德句对）",
    "attention_chart.query": "查询",
    "attention_chart.key": "键",
    "attention_chart.scaled": "（按图中数据标定：最深色 = {top:.2f}）",
    "attention_chart.weight": "注意力权重",
    "attention_chart.query_axis": "查询：发出注意力的词元",
    "attention_chart.key_axis": "键：被关注的词元",
    "attention_chart.layer": "第 {number} 层",
    "attention_chart.head": "第 {number} 个头",
    "attention_chart.layer_title": "层",
    "attention_chart.head_title": "头",
    "nav.runs": "训练记录",
    "home.runs_link": "你的每次训练都会被记录下来：可以在“训练记录”页面中比较、重新打开、导出和分享",
    "train.status.interrupted": "已中断",
    "train.interrupted_note": (
        "这次训练被中断了（训练过程中应用停止了运行）。当前模型是第 {epoch} 轮结束后保存的版本。"
    ),
    "runs.interrupted_reason": "训练进行时应用停止了运行；最后一次保存的轮次已保留。",
    "runs.not_recorded": "这次训练没有记录到磁盘上（{reason}），但训练照常进行。",
    "runs.no_model": "这次训练在第 1 轮结束前就停止了，因此没有保存模型。",
    "runs.opening": "正在打开训练记录：重建数据划分并加载模型…",
    "runs.model_unusable": "无法打开这次训练保存的模型：{reason}",
    "runs.opened_as_import": (
        "这次训练所用的数据集 {dataset} 目前无法加载，因此模型将作为导入模型打开：你仍可以用它做预测、"
        "查看模型内部，评估则在内置测试集上进行。"
    ),
    "runs.delete_running": "先在其所在页面停止这次训练，然后再删除。",
    "runs.vocabulary_changed": (
        "现在重建这次训练的数据，得到的词表与训练时所用的不同（此后数据或应用有过改动），"
        "因此模型将作为导入模型打开，使用它自带的词表，并在内置测试集上评估。"
    ),
    "summary.epochs": "{count} 轮",
    "summary.words": "{count} 词",
    "summary.encoders": "{count} 层编码器",
    "summary.decoders": "{count} 层解码器",
    "summary.width": "宽度 {width}",
    "summary.heads": "{count} 个注意力头",
    "runs.settings_unreadable": "（当前版本的应用无法读取这些设置）",
    "runs.title": "训练记录",
    "runs.intro": (
        "所有页面上的每一次训练都记录在这里，包括设置、训练曲线、测试指标和模型。"
        "在表格中勾选多条记录即可比较；选中一条，则可以在对应页面中打开、导出或删除它。"
    ),
    "runs.where": "记录保存在 `{path}` 中（设置 `PLAYGROUND_DATA_DIR` 可将记录保存到其他位置）。",
    "runs.unavailable": "无法记录或列出训练：数据目录无法打开（{reason}）。",
    "runs.empty": "没有符合条件的训练记录。在任意页面训练一个网络，它就会出现在这里。",
    "runs.filter_kind": "页面",
    "runs.filter_status": "状态",
    "runs.filter_all": "全部",
    "runs.kind.cnn": "CNN",
    "runs.kind.rnn": "RNN",
    "runs.kind.transformer.classify": "Transformer · 影评分类器",
    "runs.kind.transformer.translate": "Transformer · 英译德翻译器",
    "runs.status.running": "训练中",
    "runs.status.finished": "已完成",
    "runs.status.stopped": "已停止",
    "runs.status.failed": "失败",
    "runs.status.interrupted": "已中断",
    "runs.status.queued": "排队中",
    "runs.status.not_started": "未开始",
    "runs.not_started_reason": (
        "这次训练还在队列中等待时应用就停止了运行，因此从未开始。打开它以载入其设置，然后点击“开始训练”。"
    ),
    "runs.col.owner": "所有者",
    "runs.filter_mine": "只看我的训练",
    "runs.delete_not_yours": "只有发起这次训练的人才能删除它。",
    "runs.queued_run": "这次训练从未真正开始，所以没有模型；它的设置已载入到各个控件中。",
    "identity.yours": "你",
    "identity.anonymous": "某人（{short}）",
    "identity.nobody": "未知（此记录早于区分所有者的版本）",
    "identity.name_label": "你的名字（显示在你的训练记录旁）",
    "identity.name_help": (
        "这只是一个标签，方便同学们区分彼此的训练。这个浏览器保存了一个随机密钥，用来标识哪些训练属于你："
        "这里没有账号，也没有密码。"
    ),
    "runs.col.started_format": "M月D日 HH:mm",
    "runs.col.seconds_format": "%.0f 秒",
    "csv.epoch": "轮次",
    "csv.loss": "损失",
    "csv.accuracy": "准确率",
    "csv.val_loss": "验证损失",
    "csv.val_accuracy": "验证准确率",
    "csv.val_bleu": "验证 BLEU",
    "runs.col.started": "开始时间",
    "runs.col.kind": "页面",
    "runs.col.status": "状态",
    "runs.col.settings": "设置",
    "runs.col.epochs": "轮次",
    "runs.col.parameters": "参数量",
    "runs.col.val_accuracy": "验证准确率",
    "runs.col.test_accuracy": "测试准确率",
    "runs.col.test_bleu": "测试 BLEU",
    "runs.col.seconds": "训练时长",
    "runs.col.train_examples": "训练样本数",
    "runs.col.seed": "随机种子",
    "runs.choose_hint": "共 {count} 条训练记录。点击列标题可以排序；勾选多行可以进行比较。",
    "runs.compare": "比较",
    "runs.metric": "曲线指标",
    "runs.metric.loss": "损失",
    "runs.metric.accuracy": "准确率",
    "runs.metric.bleu": "验证集 BLEU",
    "runs.curves.loss": "每轮损失（实线：训练，虚线：验证）",
    "runs.curves.accuracy": "每轮准确率（实线：训练，虚线：验证）",
    "runs.curves.bleu": "每轮验证集 BLEU",
    "runs.training": "训练",
    "runs.validation": "验证",
    "runs.run": "训练记录",
    "runs.tradeoff_axis": "横轴",
    "runs.axis.parameters": "参数量",
    "runs.axis.seconds": "训练时长（秒）",
    "runs.axis.score": "测试指标",
    "runs.tradeoff.parameters": "模型规模与测试指标",
    "runs.tradeoff.seconds": "训练时长与测试指标",
    "runs.measure.accuracy": "测试准确率（%）",
    "runs.measure.bleu": "测试 BLEU",
    "runs.no_test_figures": "这些训练都还没有测试指标：只有训练完全部轮次后才会得到测试指标。",
    "runs.reason": "结束原因：{reason}",
    "runs.open": "在对应页面中打开",
    "runs.open_help": "将这次训练的模型和设置载入它所属的页面，以便用它做预测、查看模型内部。",
    "runs.download_model": "模型（.keras）",
    "runs.download_csv": "指标（.csv）",
    "script.settings": (
        "这次训练的设置，与页面上的一致。可以在这里修改，\n也可以用 --epochs 和 --limit 训练一个更短的版本。"
    ),
    "runs.download_script": "脚本（.py）",
    "runs.download_script_help": (
        "一个独立的 Python 脚本：无需本应用，只用 Keras 重建这个网络，并在相同的数据上以相同的方式训练。"
    ),
    "runs.delete": "删除",
    "runs.delete_confirm": "确定删除训练记录 {label} 及其保存的模型吗？此操作无法撤销。",
    "runs.delete_yes": "确认删除",
    "runs.delete_no": "保留",
    "runs.deleted": "已删除训练记录 {label}。",
    "chart.save_png": "PNG",
    "chart.save_svg": "SVG",
    "url.adjusted": "链接中的部分设置无法原样使用：{notices}。",
    "url.more": "；另有 {count} 项",
    "url.separator": "；",
    "url.unknown": "“{name}”不是本页面的设置，已忽略",
    "url.not_number": "{what}“{value}”不是数字，已忽略",
    "url.not_on_off": "{what}“{value}”不是 true 或 false，已忽略",
    "url.not_choice": "{what}“{value}”不在可选项中，已忽略",
    "url.nearest": "{what} {value} 已改为最接近的允许值 {used}",
    "url.too_few_blocks": "{what} 至少需要 {low} 块，已忽略",
    "url.too_many_blocks": "{what} 有 {count} 块，只保留了前 {high} 块",
    "url.too_many_values": "{what} 第 {number} 块的取值超过 {count} 个，多余部分已忽略",
    "url.block_field": "{what} 第 {number} 块的{field}",
    "archive.page_cnn": "CNN",
    "archive.page_rnn": "RNN",
    "archive.page_classify": "Transformer 影评分类器",
    "archive.page_translate": "Transformer 英译德翻译器",
    "archive.too_large": "这个文件大小为 {size} MB，而本应用只接受不超过 {limit} MB 的模型。",
    "archive.unreadable": "无法读取这个模型文件。",
    "archive.not_keras": (
        "这不是 Keras 模型文件：.keras 文件是一个 zip 压缩包，内含 config.json 和 model.weights.h5，"
        "由 Keras 的 model.save('name.keras') 生成。"
    ),
    "archive.too_many_members": "这个文件里包含 {count} 个文件，而一个 Keras 模型通常只有寥寥几个。",
    "archive.zip_bomb": "这个文件解压后将达到 {size} MB，远超其实际存储的大小，疑似 zip 炸弹，已拒绝加载。",
    "archive.info_unreadable": "无法读取文件中保存的设置和词表（playground.json）。",
    "archive.unsafe": (
        "这个模型包含 Python 代码（Lambda 层）。本应用从不运行文件中的代码：用 Keras 自带的层替换 Lambda 层，"
        "然后重新保存模型。"
    ),
    "archive.unknown_object": (
        "这个模型用到了本应用无法识别的“{name}”：只能加载 Keras 自带的层和本应用的 Transformer 层。"
    ),
    "archive.keras_refused": "Keras 无法加载这个模型：{reason}",
    "archive.config_unreadable": (
        "无法读取文件中的模型描述（config.json）：用 Keras 的 model.save('name.keras') 重新保存模型。"
    ),
    "archive.too_many_weights": (
        "这个文件中的模型声明了约 {weights} 个权重（{size}），远超本应用的承载上限（{limit}），因此未加载。"
        "缩小模型（减少层数、单元数、卷积核数或词表中的词数）后重新保存。"
    ),
    "archive.weights_missing": (
        "这个文件中的模型声明了约 {weights} 个权重（{size}），但文件只存储了 {stored} 的权重，"
        "不可能装下这个模型，因此未加载。用 Keras 的 model.save('name.keras') 重新保存模型。"
    ),
    "archive.layer_not_built": (
        "这个模型的层“{name}”在构建之前就被保存了，因此文件中没有记录其权重的大小，模型未加载。"
        "为模型添加 keras.Input（或先构建模型）后重新保存。"
    ),
    "archive.megabytes": "{size} MB",
    "archive.gigabytes": "{size} GB",
    "archive.not_a_model": "这个文件中的 Keras 对象不是模型。",
    "archive.not_built": (
        "这个模型在构建之前就被保存了，因此没有输入：为它添加 keras.Input（或先构建模型）后重新保存。"
    ),
    "archive.other_page": "这个模型是从 {page} 页面保存的：到该页面去打开它。",
    "archive.fit_cnn": (
        "CNN 页面向模型输入 28×28 的灰度图像，形状为 (None, 28, 28, 1)，并读取 10 个 softmax 概率，"
        "形状为 (None, 10)。而这个模型的输入为 {inputs}，输出为 {outputs}。"
    ),
    "archive.fit_review": (
        "{page} 页面向模型输入一条影评，表示为固定长度的词 ID 序列，形状为 (None, 词数)，"
        "并读取一个 sigmoid 概率，形状为 (None, 1)。而这个模型的输入为 {inputs}，输出为 {outputs}。"
    ),
    "archive.fit_translate": (
        "翻译页面向模型输入英文词 ID 和目前已生成的德文词 ID，形状均为 (None, 词数)，"
        "并读取下一个德文词的 softmax 概率，形状为 (None, 词数, 德文词表大小)。而这个模型的输入为 {inputs}，"
        "输出为 {outputs}。"
    ),
    "archive.missing_layers": (
        "{page} 页面需要查看的层在这个模型中并不存在：{missing}。该页面只能打开由它自己搭建的模型。"
    ),
    "archive.no_vocabulary": (
        "文本模型离开词表就无法使用，而这个文件里没有词表。从本页面导出模型：导出的 .keras 文件中会附带词表。"
    ),
    "archive.vocabulary_size": (
        "文件中的 {name} 词表有 {entries:,} 个条目（含填充和未知词），但模型接受的词 ID 有 {size:,} 个。"
    ),
    "upload.label": "使用你自己的模型（.keras）",
    "upload.help": (
        "可以是从本页面导出的 .keras 文件，也可以是用 Keras 搭建并保存、输入、输出和层都与本页面相符的模型。"
        "加载过程是安全的：文件中的任何代码都不会运行。"
    ),
    "upload.loading": "正在检查 {name}…",
    "upload.refused": "无法使用 {name}：{reason}",
    "upload.using": "正在使用你的模型 **{name}**（{count:,} 个参数）。",
    "upload.stop": "停止使用",
    "upload.expander": "使用你自己的模型",
    "upload.caption": "正在使用你导入的模型 {name}。",
    "upload.evaluating": "正在测试集上评估导入的模型…",
}
