"""Getting the course to a class: the student build, the answer key, the offline site,
the presentation, the course's JupyterLab settings and the ``lab`` command."""
