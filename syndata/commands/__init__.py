"""The subcommands of ``python -m syndata``: each has ``add_parser`` and ``run``."""
