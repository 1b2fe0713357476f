"""The lighthouse's beacon: a plugin configured from the user configuration's plugin.config.beacon_settings."""
from mxcp.plugins import MXCPBasePlugin


class MXCPPlugin(MXCPBasePlugin):
    def __init__(self, config):
        super().__init__(config)
        self.colour = config.get("colour", "white")

    def flash(self, times: int) -> str:
        return " ".join([self.colour] * times)
