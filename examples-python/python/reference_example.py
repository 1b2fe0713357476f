from mxcp.runtime import db, config, plugins, on_init, on_shutdown, mcp
import asyncio

# Initialization
@on_init
def setup():
    print("Starting up...")

@on_shutdown
def cleanup():
    print("Shutting down...")

# Main endpoint
async def analyze_data(department: str, limit: int = 10) -> dict:
    await mcp.info(f"Analyzing {department}")

    # Get configuration
    threshold = config.get_setting("threshold", default=100)

    # Query database
    await mcp.progress(1, 3, "Fetching data")
    employees = db.execute(
        "SELECT * FROM employees WHERE department = $dept LIMIT $limit",
        {"dept": department, "limit": limit}
    )

    # Process with plugin
    await mcp.progress(2, 3, "Processing")
    analytics = plugins.get("analytics")
    if analytics:
        stats = analytics.calculate_stats(employees)
    else:
        stats = {"count": len(employees)}

    # Return results
    await mcp.progress(3, 3, "Complete")
    return {
        "department": department,
        "employees": employees,
        "stats": stats,
        "threshold": threshold
    }

def sync_endpoint(data: str) -> dict:
    asyncio.run(mcp.info("Processing data"))
    return {"result": data.upper()}
