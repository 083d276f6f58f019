pytest_plugins = ["masar.testing.fixtures", "masar.testing.browser", "masar.testing.selection"]
