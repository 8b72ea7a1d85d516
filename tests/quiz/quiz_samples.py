"""Sample question text shared by the quiz-engine tests (a module of its own: every test folder
has a conftest.py, so `from conftest import ...` could pick the wrong one)."""

VALID_QUESTION = """\
  - id: {id}
    type: single
    difficulty: 1
    exams: [DVA-C02]
    domain: development
    stem: Which one?
    options:
      - text: This one.
        correct: true
        why: Because.
      - text: That one.
        why: Because not.
    sources: [https://docs.aws.amazon.com/lambda/latest/dg/welcome.html]
"""
