"""`eventwire evaluate`: score eventwire against gold files by the rules of EVENTS.md 4-5.

gold    - read the three gold formats (document JSON Lines, PLV TSV, PLOVER GSR JSON)
scoring - pure scoring of predicted records against gold records
results - scores plus readable error records
runs    - run the pipeline / classifier on a gold file and score it
report  - Rich tables, JSON, JSON Lines of errors
"""

from eventwire.evaluate.gold import detect_format, load_documents, load_gsr, load_plv
from eventwire.evaluate.results import DocumentEvaluation, Evaluation, GsrEvaluation, PlvEvaluation
from eventwire.evaluate.runs import evaluate_file
from eventwire.evaluate.scoring import PredictedEvent, score_documents, score_gsr, score_labels

__all__ = [
    "DocumentEvaluation", "Evaluation", "GsrEvaluation", "PlvEvaluation", "PredictedEvent",
    "detect_format", "evaluate_file", "load_documents", "load_gsr", "load_plv",
    "score_documents", "score_gsr", "score_labels",
]
