"""Reader: an offline reading desk for analysts."""

__version__ = "0.1.0"

# The desktop's name for Reader: the .desktop and AppStream files in
# packaging/linux/ and the installed icon are named after it, and the window
# announces it (QGuiApplication.setDesktopFileName) so that the desktop
# matches the window to its launcher and icon.
APP_ID = "io.github.readerdesk.Reader"
