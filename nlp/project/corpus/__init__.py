"""The training corpus builder: hand-written situations and pieces rendered into nlp/data/corpus."""
