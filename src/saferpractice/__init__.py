"""saferpractice: safer working practice guidance for schools, as a working system."""

__version__ = "0.1.0"
