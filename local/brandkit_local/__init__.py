"""Brandkit on a laptop: the local twin of the AWS stack, `brandkit serve`, the CLI and the cost model.

Installed for development and CI (`pip install -e ".[local]"`), never shipped in a Lambda layer: the
functions load only the core library, `brandkit`.
"""
