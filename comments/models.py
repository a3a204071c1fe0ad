# Threaded comments on passages arrive with issue 4; the app is installed so its place is set.
