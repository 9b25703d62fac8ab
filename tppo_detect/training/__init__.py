"""Training and evaluation: the labeled-corpus schema, the grouped split, metrics and
thresholds, the corpus tools, and ``train`` itself (the path the CLI and notebooks share)."""
