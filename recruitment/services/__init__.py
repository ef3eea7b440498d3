"""Every write that means something to an application, one module per step of the journey.

Import the step you need (``from recruitment.services import screening``). What
every step shares — locking, the timeline, status moves, notifying — is in
``common``, which the steps import and which imports none of them.

- ``drafts``: starting, filling in and deleting a draft
- ``submission``: submitting and routing (and routing again after changes)
- ``screening``: HR's decisions: shortlist, reject, move route, notes, status steps
- ``slots``: interview slots, one at a time or in bulk
- ``interviews``: offering, booking, moving, cancelling and recording interviews
- ``scorecards``: the panel's scores
- ``reminders``: claiming a reminder so that it is sent once
- ``my_data``: asking for "Download my data"
- ``retention``: making the PDF, removing personal data on time
"""
