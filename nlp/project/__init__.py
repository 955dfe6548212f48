"""Training and evaluation of the Suara spaCy pipeline (config.cfg)."""
