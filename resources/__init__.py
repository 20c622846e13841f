"""Reader's read-only resources: the sample articles and the application icon.

This folder is installed as the package ``reader.resources`` (see setup.cfg);
it is a package only so that the files travel inside the wheel.  Find them
with ``reader.core.paths.resources_dir()``.
"""
