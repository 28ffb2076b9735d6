"""Interactive figures of the optional labs: ipywidgets controls beside an ipympl figure.

Every tool is a subclass of :class:`~utils.interactive.base.Explorer`: it owns a matplotlib figure
and a list of widgets, keeps the model state in plain attributes, and redraws when a slider moves,
a button is pressed or the figure is clicked. In JupyterLab (``%matplotlib widget``) the figure is
live; under a non-interactive backend (tests, headless runs) the same object draws a still image,
and the tests drive it by calling its handlers.
"""
