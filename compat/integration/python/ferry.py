"""Ferry tools: parameters of every kind, nested input objects, and a global an init hook sets."""
from mxcp.runtime import config, on_init

booking_key = None


@on_init
def load_booking_key():
    global booking_key
    secret = config.get_secret("ferry_api")
    booking_key = secret.get("api_key") if secret else None


def booking_key_in_use() -> str:
    return booking_key


def echo_call(message: str) -> dict:
    return {"original": message, "reversed": message[::-1], "length": len(message)}


def sailing_options(route, deck, berths, fare, pets, sail_date, departs_at) -> dict:
    # the YAML declares the parameters in another order: they are passed by name
    return {
        "route": route,
        "deck": deck,
        "berths": berths,
        "fare": fare,
        "pets": pets,
        "sail_date": sail_date,
        "departs_at": departs_at,
    }


def register_passenger(passenger: dict) -> dict:
    name = passenger.get("name", "unknown")
    age = passenger.get("age", 0)
    travel = passenger.get("travel", {})
    contact = passenger.get("contact", {})
    home = contact.get("home", {})
    return {
        "original": passenger,
        "summary": {
            "upper_name": name.upper(),
            "fare_band": "adult" if age >= 16 else "child",
            "has_email": bool(contact.get("email")),
            "has_phone": bool(contact.get("phone")),
            "vehicle_count": len(travel.get("vehicles", [])),
            "cabin": travel.get("cabin", False),
            "home": ", ".join(str(home.get(k, "")) for k in ("street", "town", "country")),
        },
        "status": "registered",
    }


def count_cargo_keys(crates: list) -> dict:
    return {"counts": [len(crate) for crate in crates]}


def count_cargo_keys_strict(crates: list) -> dict:
    return count_cargo_keys(crates)


def _fleet() -> dict:
    ships = [
        {"id": 1, "name": "Morning Tern", "capacity": 420, "in_service": True,
         "routes": ["north", "isles"], "home": {"port": "Oban", "berth": 3}},
        {"id": 2, "name": "Grey Seal", "capacity": 180, "in_service": False,
         "routes": ["isles"], "home": {"port": "Mallaig", "berth": 1}},
    ]
    return {"ships": ships, "n": len(ships)}


def fleet_detailed() -> dict:
    return _fleet()


def fleet_simple() -> dict:
    return _fleet()


def secret_kinds() -> dict:
    api = config.get_secret("ferry_api")
    codes = config.get_secret("dock_codes")
    return {
        "custom": {"found": api is not None, "api_key": api.get("api_key"), "has_url": "base_url" in api},
        "python": {"found": codes is not None, "gate": codes.get("gate"), "night": codes.get("x_night_gate")},
    }
