"""Orchard tools, each returning one kind of value; the last ones return what their YAML does not allow."""
from datetime import date, datetime, time


def orchard_motto(grower: str) -> str:
    return f"Apples from {grower}'s orchard"


def average_yield() -> float:
    return 27.625


def tree_count() -> int:
    return 318


def frost_expected() -> bool:
    return False


def picked_at() -> datetime:
    return datetime(2025, 9, 21, 6, 45, 10)


def planted_on() -> date:
    return date(2011, 4, 3)


def gate_opens() -> time:
    return time(5, 30)


def varieties_table() -> list:
    return [{"code": 11, "variety": "Cox"}, {"code": 12, "variety": "Bramley"}]


def crate_weights() -> list:
    return [18, 21, 19]


def row_labels() -> list:
    return ["north", "middle", "south"]


def rows_irrigated() -> list:
    return [False, True, True]


def plot_grid() -> list:
    return [[3, 4], [5, 6], [7, 8]]


def best_tree() -> dict:
    return {"tag": 907, "variety": "Russet", "organic": True, "height_m": 4.25}


def orchard_profile() -> dict:
    return {"name": "Hollow Lane", "owner": {"family": "Okafor", "since": 1987}, "acres": 12}


def missing_note() -> None:
    return None


def empty_cellar() -> list:
    return []


def mixed_tally() -> list:
    return [4, "crates", 2.5, False, None]


# Values that break the declared return type


def crates_as_text() -> str:
    return "three crates"


def pickers_as_list() -> list:
    return ["Ada", "Bo", "Cy"]


def buyer_emails() -> list:
    return ["market-stall", "co-op at village", "jam@@factory"]


def picker_without_email() -> dict:
    return {"id": 4, "name": "Dara"}


def tree_with_text_height() -> dict:
    return {"tag": 12, "variety": "Gala", "height_m": "tall"}


def long_label() -> str:
    return "Heritage cider apples from the upper terrace"


def ripeness_score() -> int:
    return 140


def sample_crates() -> list:
    return [9, 10]


def buyer_email() -> str:
    return "orchard shop"
