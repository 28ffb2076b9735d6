"""nbgrader configuration read by JupyterLab's nbgrader panels (formgrader, assignments) and CLI.

It points nbgrader at the course root of the autograder (``$COURSE_ROOT``, default ``.nbgrader/``).
"""

from autograder.coursedir import CourseRoot

CourseRoot.from_env().apply(get_config())  # noqa: F821 (get_config is provided by traitlets)
