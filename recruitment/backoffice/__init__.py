"""HR's recruitment back office in the Wagtail admin: the "Recruitment" menu.

- ``permissions``: who may do what, as Wagtail permission policies
- ``viewsets``: the menu's view sets (applications, interviews, routing rules,
  rejection reasons) and their URLs
- ``applications``: the application's inspect page and HR's actions on it
- ``interviews``: the interview calendar, slots, bespoke offers, changes to interviews
- ``references``: the references list, one reference's page, assessing it, changing the
  referee, asking for references, and the panels for the application's and offer's pages
- ``reports``: the time-to-interview report (CSV and spreadsheet downloads)
- ``panels``: HR's dashboard panels
- ``forms``: the forms these pages use

Every write goes through ``recruitment.services``; ``wagtail_hooks`` only registers.
"""
