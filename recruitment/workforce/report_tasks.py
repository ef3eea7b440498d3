"""The board report's background work: making the PDF (``board_pdf``).

Apart from ``reports`` so the request service can queue it: ``reports`` -> here
-> ``board_pdf``, one way round.
"""

from django_tasks import task

from recruitment.workforce import board_pdf


@task()
def make_board_report(report_id: str) -> str:
    report = board_pdf.board_report_make(report_id)
    if report is None:
        return "nothing to do"
    return report.state
