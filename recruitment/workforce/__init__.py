"""The workforce picture for leaders (issue 11): ``/workforce/``.

It lives in ``recruitment`` because it reads all three of the council's records:
staff (``portal``), applications (``recruitment``) and cohorts (``cohorts``), and
only this layer may read them all. Pure measures are in ``rules``; monthly
history in ``snapshots``; each part of the page is a ``Section`` built by its own
module; ``charts`` draws them for the page and the board report alike.
"""
