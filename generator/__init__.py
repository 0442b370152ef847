"""Static site generator for a public showcase of Vietnamese emulation exemplars.

Records (YAML) go through five stages, one module each: :mod:`.load`,
:mod:`.validate`, :mod:`.model`, :mod:`.render`, :mod:`.write`;
:mod:`.pipeline` joins them, :mod:`.cli` and :mod:`.plugin` run them.
"""
