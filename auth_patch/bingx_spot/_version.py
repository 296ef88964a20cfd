"""The package version, on its own so a module of the package never imports the package."""

__version__ = "0.4.0"
