from claude_optimized_deployment_rust import mcp_manager
import json

# Create a manager instance
manager = mcp_manager.PyMcpManager()

# Start the manager
manager.start()

# Deploy a server
config = {
    "name": "docker-server",
    "server_type": "infrastructure",
    "url": "http://localhost:8001",
    "auth": {"type": "api_key", "key": "secret"},
    "priority": 10,
    "tags": ["docker", "production"]
}
manager.deploy_server("docker-1", json.dumps(config))

# Execute a request
request = {"method": "list_containers"}
response = manager.execute("docker-1", json.dumps(request))
print(f"Response: {response}")

# Get health status
health = manager.get_health_status()
print(f"Healthy servers: {health.healthy_servers}/{health.total_servers}")

# Stop the manager
manager.stop()
