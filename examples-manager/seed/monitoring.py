import time
from claude_optimized_deployment_rust import mcp_manager

manager = mcp_manager.PyMcpManager()
manager.start()

# Deploy some servers
# ... deployment code ...

# Monitor health over time
for _ in range(10):
    health = manager.get_health_status()
    healthy_pct = (health.healthy_servers / health.total_servers) * 100
    print(f"Health: {healthy_pct:.1f}% ({health.healthy_servers}/{health.total_servers})")
    print(f"Avg response time: {health.avg_response_time_ms}ms")
    
    # Export metrics
    metrics = manager.export_prometheus_metrics()
    # Write to file or push to monitoring system
    with open("metrics.prom", "w") as f:
        f.write(metrics)
    
    time.sleep(10)

manager.stop()
