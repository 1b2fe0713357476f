from datetime import datetime, timezone

def personalized_greeting(name: str, formal: bool = False) -> dict:
    """Generate a personalized greeting with timestamp."""
    if formal:
        greeting = f"Good day, {name}. How may I assist you?"
    else:
        greeting = f"Hi {name}! How are you doing?"

    return {
        "greeting": greeting,
        "timestamp": datetime.now(timezone.utc).isoformat()
    }
