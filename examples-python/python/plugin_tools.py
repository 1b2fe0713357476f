from mxcp.runtime import plugins

def use_plugin_functions() -> dict:
    """Demonstrate plugin access."""
    # Get a specific plugin
    my_plugin = plugins.get("my_custom_plugin")
    if my_plugin:
        result = my_plugin.some_method()

    # List available plugins
    available = plugins.list()

    return {"plugins": available}

def plugin_greeting(name: str) -> str:
    """Calls the plugin instance configured in mxcp-site.yml."""
    return plugins.get("my_custom_plugin").greet(name)
