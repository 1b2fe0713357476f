import asyncio
from mxcp.runtime import db

async def batch_user_data(user_ids: list[int]) -> list[dict]:
    """Fetch multiple users concurrently."""

    async def fetch_one(user_id: int) -> dict:
        # Simulate async database lookup
        results = db.execute(
            "SELECT id, name FROM users WHERE id = $id",
            {"id": user_id}
        )

        if results:
            result = results[0]
            return {
                "user_id": user_id,
                "name": result["name"],
                "status": "found"
            }
        return {
            "user_id": user_id,
            "name": None,
            "status": "not_found"
        }

    # Execute all lookups concurrently
    tasks = [fetch_one(uid) for uid in user_ids]
    results = await asyncio.gather(*tasks)
    return list(results)
