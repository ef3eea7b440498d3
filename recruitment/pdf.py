"""Readable PDFs with WeasyPrint, rendered from templates."""

from django.template.loader import render_to_string

from recruitment.exports import applicant_data


def applicant_data_pdf(user) -> bytes:
    from weasyprint import HTML

    html = render_to_string("recruitment/pdf/my_data.html", {"data": applicant_data(user)})
    return HTML(string=html).write_pdf()
