"""A small MXCP plugin: class MXCPPlugin, built with the settings named in mxcp-site.yml."""
from mxcp.plugins import MXCPBasePlugin


class MXCPPlugin(MXCPBasePlugin):
    def __init__(self, config):
        super().__init__(config)
        self.salutation = config.get("salutation", "Hello")

    def some_method(self):
        return "plugin is alive"

    def greet(self, name: str) -> str:
        return f"{self.salutation}, {name}!"
