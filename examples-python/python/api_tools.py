# The tutorial's Step 3 with the standard library's urllib instead of httpx (third-party packages come
# from python_packages/, and PyPI is out of reach here). Network access is off unless mxcp-site.yml
# allows it, so the request fails cleanly and the endpoint says so, as the tutorial's error path does.
import json
import urllib.parse
import urllib.request

from mxcp.runtime import config

def fetch_external_data(query: str) -> dict:
    """Fetch data from external API using configured credentials."""
    # Get secrets from configuration
    api_key = config.get_secret("api_credentials", "api_key")
    api_url = config.get_secret("api_credentials", "api_url")

    if not api_key:
        return {"status": "error", "data": [], "error": "API key not configured"}

    try:
        request = urllib.request.Request(
            f"{api_url}/search?{urllib.parse.urlencode({'q': query})}",
            headers={"Authorization": f"Bearer {api_key}"},
        )
        with urllib.request.urlopen(request, timeout=30.0) as response:
            return {"status": "success", "data": json.load(response)}

    except OSError as e:
        return {"status": "error", "data": [], "error": str(e)}

def api_settings() -> dict:
    """What the endpoint above would use, without the secret itself."""
    secret = config.get_secret("api_credentials")
    if not secret:
        return {"configured": False}
    return {
        "configured": True,
        "api_url": secret["api_url"],
        "key_prefix": secret["api_key"][:4] + "...",
    }
