import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CBS_CODE = re.compile(r"^(GM[0-9]{4}|WK[0-9]{6}|BU[0-9]{8})$")


def parse_cbs_codes(value: str) -> list[str]:
    return [code.strip().upper() for code in value.split(",") if code.strip()]


def validate_cbs_codes(value: str) -> None:
    """Each code has the CBS form, and a district or neighbourhood lies in a named parent."""
    codes = parse_cbs_codes(value)
    wrong = [code for code in codes if not CBS_CODE.match(code)]
    if wrong:
        raise ValidationError(
            _("%(codes)s is not a CBS code. Use GM + 4 digits, WK + 6 or BU + 8, e.g. WK059901."),
            params={"codes": ", ".join(wrong)},
            code="cbs_format",
        )
    municipalities = {code[2:6] for code in codes if code.startswith("GM")}
    districts = {code[2:8] for code in codes if code.startswith("WK")}
    for code in codes:
        outside_municipality = (
            municipalities and code[:2] != "GM" and code[2:6] not in municipalities
        )
        outside_district = districts and code.startswith("BU") and code[2:8] not in districts
        if outside_municipality or outside_district:
            raise ValidationError(
                _("%(code)s does not lie in the municipality or district you named."),
                params={"code": code},
                code="cbs_nesting",
            )


def normalise_cbs_codes(value: str) -> str:
    return ", ".join(parse_cbs_codes(value))
