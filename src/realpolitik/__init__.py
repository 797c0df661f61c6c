"""realpolitik: strategic analysis of geopolitical conflicts."""

__version__ = "0.1.0"
