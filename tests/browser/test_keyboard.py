"""Keyboard only: a member logs in, writes a description, registers for a theme session and
enters a figure of the monitoring with Tab, Shift+Tab, Enter, Space and the arrow keys, no
mouse, and scrolls a wide table. Every element the keyboard reaches on the way shows that it
has the focus."""

import decimal

import pytest
from playwright.sync_api import expect

from interventions.models import Intervention
from monitoring.models import OutputValue
from tests.factories import (
    TEST_PASSWORD,
    OutputIndicatorFactory,
    ThemeSessionFactory,
    make_plan,
)

pytestmark = pytest.mark.browser

# What has the focus, and whether it shows: an outline or a shadow (Bootstrap's focus ring).
FOCUSED = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const label = element.labels && element.labels.length ? element.labels[0].innerText : "";
  return {
    id: element.id,
    text: (element.getAttribute("aria-label") || label || element.innerText || "").trim(),
    shows: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
      || style.boxShadow !== "none",
  };
}"""


def _tab_to(page, wanted: str, *, back: bool = False, limit: int = 40) -> None:
    """Press Tab (or Shift+Tab) until the element whose id or text is `wanted` has the focus;
    each element passed must show its focus."""
    focused = None
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        focused = page.evaluate(FOCUSED)
        assert focused["shows"], f"no visible focus on {focused}"
        if wanted in (focused["id"], focused["text"]):
            return
    raise AssertionError(f"{wanted!r} is not reached with {limit} presses of Tab: {focused}")


def _skip_to_content(page) -> None:
    """The first Tab reaches the link past the menu; Enter moves the focus to the content."""
    _tab_to(page, "Naar de inhoud", limit=1)
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def _log_in(page, user) -> None:
    page.goto("/account/inloggen/")
    assert page.evaluate("document.activeElement.id") == "id_username"  # autofocus
    page.keyboard.type(user.email)
    _tab_to(page, "id_password", limit=1)
    page.keyboard.type(TEST_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Welkom, Youssef")).to_be_visible()


def test_a_member_writes_registers_and_enters_monitoring_by_keyboard(page, member_a, shared_a):
    session = ThemeSessionFactory(title="Wat werkt in buurtbemiddeling")
    plan = make_plan(shared_a, cost=decimal.Decimal("1000"))
    OutputIndicatorFactory(plan=plan, name="Huisbezoeken", unit="bezoeken")
    _log_in(page, member_a)

    # A new description: the title and the summary, saved as a draft.
    page.goto("/kennisbank/nieuw/")
    _skip_to_content(page)
    _tab_to(page, "id_title")
    page.keyboard.type("Huismeester in Pendrecht")
    _tab_to(page, "id_summary", limit=1)
    page.keyboard.type("Een vaste huismeester is dagelijks aanwezig.")
    _tab_to(page, "Opslaan als concept", back=True, limit=5)
    page.keyboard.press("Space")
    expect(page.get_by_role("heading", level=1)).to_have_text("Beschrijving bewerken")
    assert Intervention.objects.get(title="Huismeester in Pendrecht").summary.startswith("Een")

    # Registering for a theme session, with a remark.
    page.goto(f"/bijeenkomsten/{session.slug}/")
    _skip_to_content(page)
    _tab_to(page, "id_remark")
    page.keyboard.type("Ik neem een vraag mee.")
    _tab_to(page, "Aanmelden", limit=3)
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="Je bent aangemeld.")).to_be_visible()

    # The monitoring's results: the figure realised in a period, chosen with the arrow keys.
    page.goto(f"/monitoring/{shared_a.pk}/resultaten/")
    _skip_to_content(page)
    _tab_to(page, "id_values-0-indicator", limit=60)
    page.keyboard.press("ArrowDown")
    _tab_to(page, "id_values-0-period", limit=1)
    page.keyboard.press("ArrowDown")
    _tab_to(page, "id_values-0-realised")
    page.keyboard.type("80")
    _tab_to(page, "Opslaan")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="Opgeslagen.")).to_be_visible()
    assert OutputValue.objects.get(indicator__name="Huisbezoeken").realised == 80

    # On a phone the history's table scrolls; its box takes the focus and the arrow keys.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/monitoring/{shared_a.pk}/geschiedenis/")
    _skip_to_content(page)
    _tab_to(page, "Versies, nieuwste eerst")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.activeElement.scrollLeft > 0")  # it may glide
