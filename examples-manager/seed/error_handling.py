from claude_optimized_deployment_rust import mcp_manager

manager = mcp_manager.PyMcpManager()

try:
    manager.start()
    
    # Deploy server with invalid config
    try:
        manager.deploy_server("bad-server", "{invalid json}")
    except ValueError as e:
        print(f"Config error: {e}")
    
    # Execute on non-existent server
    try:
        response = manager.execute("non-existent", '{"method": "test"}')
    except ValueError as e:
        print(f"Server not found: {e}")
    
finally:
    manager.stop()
