"""Brandkit: brand-kit generation, the core library shared by the Lambda functions, the CLI and the local twin."""

__version__ = "0.1.0"  # the one place: pyproject.toml reads it, the OpenAPI document shows it
