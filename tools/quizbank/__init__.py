"""The question bank's build-time toolkit: load quizzes/*.yml with line numbers, validate them,
grade responses (the reference grader), and package the bank for the browser engine."""

from .errors import BankError, Problem
from .loader import LoadedFile, load_file
from .validate import load_bank, validate_bank

__all__ = ["BankError", "Problem", "LoadedFile", "load_file", "load_bank", "validate_bank"]
