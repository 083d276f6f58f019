pytest_plugins = [
    "masar.testing.clock",
    "masar.testing.fixtures",
    "masar.testing.browser",
    "masar.testing.selection",
]
