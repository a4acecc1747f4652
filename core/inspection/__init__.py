"""Looking inside a model, as the pages show it.

Feature maps and Grad-CAM of the CNN (`inspect_cnn`), the RNN's hidden states and gates word
by word (`inspect_rnn`), every Transformer layer's and head's attention (`inspect_attention`),
and test-set evaluation: accuracy, confusion matrices, confident mistakes (`evaluation`).
"""
