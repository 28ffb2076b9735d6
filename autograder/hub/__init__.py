"""The course for many learners on one machine: JupyterHub with a Linux account per user.

``python -m autograder.hub`` (``make hub``, ``make hub-users``) sets the machine up and serves the
hub; ``course.yml`` is its configuration, and also the source of the Kubernetes values.
"""
