// 3. Configuration and secrets from the user configuration (mxcp-config.yml) and mxcp-site.yml.
import { config } from "mxcp:runtime";

export function api_settings() {
  const secret = config.getSecret("api_credentials");
  return {
    project: config.getSetting("project"),
    api_url: config.getSecret("api_credentials", "api_url"),
    has_key: Boolean(secret?.api_key),
    missing: config.getSecret("no_such_secret"),
  };
}
