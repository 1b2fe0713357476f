from mxcp.runtime import db

def user_lookup(email: str) -> dict:
    """Look up user by email and extract domain."""
    # Query the database - returns list of dicts
    results = db.execute(
        "SELECT id, name, email FROM users WHERE email = $email",
        {"email": email}
    )

    if not results:
        return {"found": False, "user": None}

    result = results[0]  # Get first result

    # Add Python processing
    domain = email.split("@")[1] if "@" in email else "unknown"

    return {
        "found": True,
        "user": {
            "id": result["id"],
            "name": result["name"],
            "email": result["email"],
            "domain": domain
        }
    }
