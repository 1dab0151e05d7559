"""Places in every language and script, from the city table built out of GeoNames."""

from __future__ import annotations

import pytest

from bot.content.city_table import (
    City,
    build,
    kept_name,
    parse_zone_tab,
    render,
)
from bot.content.loader import DEFAULT_CONTENT_DIR, load_places
from bot.domain.timezones import fold_place, is_valid_zone, read_city_lines, zone_label

TABLE = DEFAULT_CONTENT_DIR / "cities.tsv"
zone_from_text = load_places().zone_from_text


@pytest.mark.parametrize(
    ("place", "zone"),
    [
        ("Hà Nội", "Asia/Ho_Chi_Minh"),
        ("Ha Noi", "Asia/Ho_Chi_Minh"),
        ("Hanoi", "Asia/Ho_Chi_Minh"),
        ("Ханой", "Asia/Ho_Chi_Minh"),
        ("河内", "Asia/Ho_Chi_Minh"),
        ("ฮานอย", "Asia/Ho_Chi_Minh"),
        ("Thành phố Hồ Chí Minh", "Asia/Ho_Chi_Minh"),
        ("TP. Hồ Chí Minh", "Asia/Ho_Chi_Minh"),
        ("Sài Gòn", "Asia/Ho_Chi_Minh"),
        ("Đà Nẵng", "Asia/Ho_Chi_Minh"),
        ("Huế", "Asia/Ho_Chi_Minh"),
        ("Cần Thơ", "Asia/Ho_Chi_Minh"),
        ("กรุงเทพมหานคร", "Asia/Bangkok"),
        ("กรุงเทพ", "Asia/Bangkok"),
        ("เชียงใหม่", "Asia/Bangkok"),
        ("Бангкок", "Asia/Bangkok"),
        ("北京", "Asia/Shanghai"),
        ("北京市", "Asia/Shanghai"),
        ("上海", "Asia/Shanghai"),
        ("广州", "Asia/Shanghai"),
        ("Bắc Kinh", "Asia/Shanghai"),
        ("Pekín", "Asia/Shanghai"),
        ("Пекин", "Asia/Shanghai"),
        ("台北", "Asia/Taipei"),
        ("香港", "Asia/Hong_Kong"),
        ("Москва", "Europe/Moscow"),
        ("г. Москва", "Europe/Moscow"),
        ("Санкт-Петербург", "Europe/Moscow"),
        ("Новосибирск", "Asia/Novosibirsk"),
        ("Владивосток", "Asia/Vladivostok"),
        ("Moscú", "Europe/Moscow"),
        ("Mát-xcơ-va", "Europe/Moscow"),
        ("莫斯科", "Europe/Moscow"),
        ("Ciudad de México", "America/Mexico_City"),
        ("CDMX", "America/Mexico_City"),
        ("Bogotá", "America/Bogota"),
        ("Londres", "Europe/London"),
        ("Лондон", "Europe/London"),
        ("伦敦", "Europe/London"),
        ("ลอนดอน", "Europe/London"),
        ("Luân Đôn", "Europe/London"),
        ("Nueva York", "America/New_York"),
        ("Нью-Йорк", "America/New_York"),
        ("纽约", "America/New_York"),
        ("東京", "Asia/Tokyo"),
        ("โตเกียว", "Asia/Tokyo"),
    ],
)
def test_places_resolve_in_every_script(place: str, zone: str) -> None:
    assert zone_from_text(place) == zone


@pytest.mark.parametrize("place", ["Hà Nội", "Hải Phòng", "Đà Nẵng", "Huế", "Nha Trang"])
def test_a_vietnamese_city_is_shown_with_a_vietnamese_zone(place: str) -> None:
    zone = zone_from_text(place)
    assert zone is not None
    assert zone_label(zone) == "Ho Chi Minh"


def test_the_built_table_is_compact_folded_and_every_zone_exists() -> None:
    text = TABLE.read_text(encoding="utf-8")
    assert len(text.encode()) < 4_000_000
    table = read_city_lines(text)
    assert len(table) > 100_000
    assert {zone for zone in table.values() if not is_valid_zone(zone)} == set()
    unfolded = [name for name in table if fold_place(name) != name]
    assert unfolded[:5] == []


HANOI = City("Hanoi", ("Hà Nội", "河内", "ฮานอย"), "VN", "Asia/Bangkok", 8_000_000, 21.0, 105.8)
ZONES = parse_zone_tab(
    "# comment\n"
    "VN\t+1045+10640\tAsia/Ho_Chi_Minh\n"
    "TH\t+1345+10031\tAsia/Bangkok\n"
    "RU\t+554521+0373704\tEurope/Moscow\tMSK+00\n"
    "RU\t+4310+13156\tAsia/Vladivostok\tMSK+07\n"
)


def test_a_city_in_a_neighbours_zone_gets_its_own_countrys_zone() -> None:
    table = build([HANOI], ZONES)
    assert table == {"Asia/Ho_Chi_Minh": ["hanoi", "ha noi", "河内", "ฮานอย"]}


def test_a_country_with_several_zones_gives_the_nearest() -> None:
    far_east = City("Somewhere", (), "RU", "Asia/Tokyo", 20_000, 43.0, 131.0)
    assert build([far_east], ZONES) == {"Asia/Vladivostok": ["somewhere"]}


def test_a_shared_name_goes_to_the_city_with_more_people() -> None:
    small = City("Moscow", ("Москва",), "US", "America/Los_Angeles", 25_000, 46.7, -117.0)
    big = City("Moscow", ("Москва", "Moskva"), "RU", "Europe/Moscow", 10_000_000, 55.7, 37.6)
    table = build([small, big], ZONES)
    assert table == {"Europe/Moscow": ["moscow", "москва", "moskva"]}
    assert render(table).splitlines()[-1] == "Europe/Moscow\tmoscow|москва|moskva"


def test_small_towns_are_left_out() -> None:
    village = City("Tiny", (), "TH", "Asia/Bangkok", 900, 13.0, 100.0)
    assert build([village], ZONES) == {}


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("Hà Nội", True),
        ("Москва", True),
        ("กรุงเทพมหานคร", True),
        ("北京", True),
        ("Ciudad de México", True),
        ("BKK", False),
        ("he nei shi", False),
        ("베이징", False),
        ("ペキン", False),
        ("بكين", False),
    ],
)
def test_names_are_kept_in_the_scripts_the_bot_speaks(name: str, kept: bool) -> None:
    assert kept_name(name) is kept


def test_zone_tab_coordinates_are_read_as_degrees() -> None:
    moscow = ZONES["RU"][0]
    assert moscow.zone == "Europe/Moscow"
    assert (moscow.latitude, moscow.longitude) == pytest.approx((55.756, 37.618), abs=0.01)
