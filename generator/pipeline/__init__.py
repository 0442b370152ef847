"""The pipeline's stages, one module each: load → validate → model → render → write; :mod:`.run` joins them."""
