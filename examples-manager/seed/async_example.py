import asyncio
import json  # the one line added: the seed's example uses json without importing it
from claude_optimized_deployment_rust import mcp_manager

async def main():
    manager = mcp_manager.PyMcpManager()
    
    # Start asynchronously
    await manager.start_async()
    
    # Deploy multiple servers concurrently
    tasks = []
    for i in range(5):
        config = {
            "name": f"server-{i}",
            "server_type": "test",
            "url": f"http://localhost:{8000+i}",
            "auth": {"type": "none"},
            "priority": 5,
            "tags": ["test"]
        }
        task = manager.deploy_server_async(f"server-{i}", json.dumps(config))
        tasks.append(task)
    
    await asyncio.gather(*tasks)
    
    # Execute requests concurrently
    request_tasks = []
    for i in range(5):
        request = {"method": "ping"}
        task = manager.execute_async(f"server-{i}", json.dumps(request))
        request_tasks.append(task)
    
    responses = await asyncio.gather(*request_tasks)
    for i, response in enumerate(responses):
        print(f"Server {i} response: {response}")
    
    await manager.stop()

asyncio.run(main())
