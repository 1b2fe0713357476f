from mxcp.runtime import db
import statistics

def customer_analysis(customer_id: int) -> dict:
    """Combine SQL aggregation with Python analysis."""

    # Use SQL for efficient data aggregation
    basic_results = db.execute("""
        SELECT name, email, department, created_at
        FROM users
        WHERE id = $id
    """, {"id": customer_id})

    if not basic_results:
        return {"error": "Customer not found"}

    basic = basic_results[0]

    # Use SQL for purchase aggregation
    purchase_results = db.execute("""
        SELECT
            COUNT(*) as count,
            SUM(amount) as total,
            AVG(amount) as average,
            MIN(amount) as min_purchase,
            MAX(amount) as max_purchase
        FROM orders
        WHERE user_id = $id AND status = 'completed'
    """, {"id": customer_id})

    purchases = purchase_results[0] if purchase_results else None

    # Get purchase history for Python analysis
    history = db.execute("""
        SELECT amount, created_at
        FROM orders
        WHERE user_id = $id AND status = 'completed'
        ORDER BY created_at DESC
        LIMIT 100
    """, {"id": customer_id})

    # Python-based insights
    amounts = [h["amount"] for h in history]
    insights = generate_insights(amounts)

    return {
        "customer_id": customer_id,
        "basic_info": dict(basic),
        "purchase_summary": dict(purchases) if purchases and purchases["count"] > 0 else None,
        "insights": insights
    }

def generate_insights(amounts: list[float]) -> dict:
    """Generate insights using Python statistics."""
    if not amounts:
        return {"status": "no_data"}

    recent = amounts[:10]
    older = amounts[10:20] if len(amounts) > 10 else []

    insights = {
        "total_analyzed": len(amounts),
        "spending_trend": "unknown"
    }

    if len(recent) >= 3:
        recent_avg = statistics.mean(recent)
        insights["recent_average"] = round(recent_avg, 2)

        if older:
            older_avg = statistics.mean(older)
            if recent_avg > older_avg * 1.1:
                insights["spending_trend"] = "increasing"
            elif recent_avg < older_avg * 0.9:
                insights["spending_trend"] = "decreasing"
            else:
                insights["spending_trend"] = "stable"

    if len(amounts) >= 2:
        insights["std_dev"] = round(statistics.stdev(amounts), 2)

    return insights
