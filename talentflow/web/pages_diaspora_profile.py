"""The expert's profile editor (issue 14) and the import of their ORCID record by iD.

Only the signed-in expert edits, and only their own profile: the route takes no iD, the profile
is the one linked to the account. Every field is validated here, on the server, before anything
is written; a form with errors is shown again with what was typed and one message per field
(``aria-describedby``), status 400, and nothing is saved. A valid form is written in one
transaction (:meth:`~talentflow.diaspora.Directory.update_profile`), which rebuilds the search
index, so the next match sees the change; both audit logs record that the profile was edited,
never what. Nothing typed may be a contact detail (an e-mail address or telephone number is
refused, not stored). Plain HTML forms: the page works without JavaScript.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Any

import pycountry
from babel import Locale
from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from talentflow.diaspora import KINDS, PURPOSES, DiasporaError, OrcidError
from talentflow.diaspora.model import MODES
from talentflow.diaspora.orcid import EMAIL_RE, PHONE_RE
from talentflow.diaspora.places import CountryError, alpha2, alpha3, country_iso3
from talentflow.diaspora.taxonomy import load_taxonomy
from talentflow.locales import LOCALES
from talentflow.web.i18n import Messages
from talentflow.web.pages_diaspora import LINK, _me_page, _orcid_taken, _set, directory, linked_orcid
from talentflow.web.routes import Need, Page, action, page

MAX_CITY = 100
MAX_AFFILIATION = 300
MAX_KEYWORDS = 30
MAX_KEYWORD = 80
MAX_FIELDS = 12
PERIODS = 3  # rows of availability periods in the form (no script adds more)
MAIN_LANGUAGES = ("ru", "kk", "en")


@cache
def country_names(lang: str) -> tuple[tuple[str, str], ...]:
    """``(alpha-2, name in lang)`` of every ISO country, sorted by name: the form's suggestions."""
    from talentflow.report.i18n import country_name

    out = [(c.alpha_2, country_name(c.alpha_3, lang)) for c in pycountry.countries]
    return tuple(sorted(out, key=lambda x: x[1].casefold()))


def country_label(iso2: str | None, lang: str) -> str:
    from talentflow.report.i18n import country_name

    iso3 = alpha3(iso2)
    return country_name(iso3, lang) if iso3 else ""


def language_name(code: str, lang: str) -> str:
    name = Locale.parse(LOCALES.get(lang, lang)).languages.get(code)
    return name or code


def field_options(lang: str) -> list[dict[str, Any]]:
    """The taxonomy as the form's groups: FORD by its six areas, then the МРНТИ rubrics; each
    option with its label in ``lang`` and whether that label is the sourced one of ``lang``."""
    tax = load_taxonomy()
    groups: list[dict[str, Any]] = []
    for f in tax.fields.values():
        code = f.key.split(":", 1)[1]
        if f.key.startswith("ford:") and "." not in code:
            groups.append({"key": f.key, "label": f.text(lang), "fallback": f.fallback(lang),
                           "in": f.language(lang), "unverified": not f.verified(lang), "options": []})
    by_area = {g["key"].split(":")[1]: g for g in groups}
    grnti = {"key": "grnti", "label": None, "fallback": None, "in": None, "unverified": False, "options": []}
    for f in tax.fields.values():
        code = f.key.split(":", 1)[1]
        option = {"key": f.key, "code": code, "label": f.text(lang), "fallback": f.fallback(lang),
                  "in": f.language(lang), "unverified": not f.verified(lang)}
        if f.key.startswith("ford:") and "." in code:
            by_area[code.split(".")[0]]["options"].append(option)
        elif f.key.startswith("grnti:"):
            grnti["options"].append(option)
    return [*groups, grnti]


def _contact(text: str) -> bool:
    return bool(EMAIL_RE.search(text) or PHONE_RE.search(text))


def _split(text: str) -> list[str]:
    return [x.strip() for x in re.split(r"[;,\n]", text or "") if x.strip()]


def validate(form: Any, t: Messages) -> tuple[dict[str, Any], dict[str, str], dict[str, Any]]:
    """``(edit, errors, typed)``: the changes to store, one message per field in error, and what was
    typed (to show the form again). ``errors`` empty means the edit may be saved."""
    tax = load_taxonomy()
    errors: dict[str, str] = {}
    edit: dict[str, Any] = {}
    typed: dict[str, Any] = {k: str(form.get(k, "")).strip() for k in ("country", "city", "affiliation", "keywords",
                                                                       "languages_other")}
    typed["fields"] = [str(x) for x in form.getlist("field")]
    typed["languages"] = [str(x) for x in form.getlist("language")]
    typed["kinds"] = [str(x) for x in form.getlist("kind")]
    typed["modes"] = [str(x) for x in form.getlist("mode")]
    typed["periods"] = [(str(form.get(f"from_{i}", "")).strip(), str(form.get(f"until_{i}", "")).strip())
                        for i in range(1, PERIODS + 1)]

    if typed["country"]:
        try:
            edit["country"] = alpha2(country_iso3(typed["country"]))
        except CountryError as exc:
            errors["country"] = (t("Give one country, not a region or a group of countries.") if exc.reason == "aggregate"
                                 else t("“{text}” is not a country we know: write its name in Russian, Kazakh or English, or its ISO code (DEU, DE).", text=typed["country"][:60]))
    else:
        edit["country"] = None
    for key, limit in (("city", MAX_CITY), ("affiliation", MAX_AFFILIATION)):
        value = typed[key]
        if len(value) > limit:
            errors[key] = t("At most {n} characters.", n=limit)
        elif _contact(value):
            errors[key] = t("No contact details here (e-mail address, telephone number).")
        else:
            edit[key] = value or None
    fields = list(dict.fromkeys(typed["fields"]))
    unknown = [f for f in fields if tax.field(f) is None or ":" not in f]
    if unknown:
        errors["fields"] = t("Unknown field: {key}.", key=unknown[0][:40])
    elif len(fields) > MAX_FIELDS:
        errors["fields"] = t("Choose at most {n} fields.", n=MAX_FIELDS)
    else:
        edit["fields"] = fields
    keywords = list(dict.fromkeys(_split(typed["keywords"])))
    if len(keywords) > MAX_KEYWORDS:
        errors["keywords"] = t("At most {n} keywords.", n=MAX_KEYWORDS)
    elif any(len(k) > MAX_KEYWORD for k in keywords):
        errors["keywords"] = t("A keyword has at most {n} characters; separate keywords with commas.", n=MAX_KEYWORD)
    elif any(_contact(k) for k in keywords):
        errors["keywords"] = t("No contact details here (e-mail address, telephone number).")
    else:
        edit["keywords"] = keywords
    langs = [x for x in typed["languages"] if x in MAIN_LANGUAGES]
    if len(langs) != len(typed["languages"]):
        errors["languages"] = t("Unknown language.")
    for code in _split(typed["languages_other"]):
        c = code.lower()
        if len(c) == 2 and pycountry.languages.get(alpha_2=c) is not None:
            langs.append(c)
        else:
            errors["languages"] = t("“{code}” is not a two-letter ISO 639-1 language code (de, fr, zh …).",
                                    code=code[:20])
            break
    if "languages" not in errors:
        edit["languages"] = list(dict.fromkeys(langs))
    if any(k not in KINDS for k in typed["kinds"]):
        errors["kinds"] = t("Unknown kind of engagement.")
    else:
        edit["kinds"] = [k for k in KINDS if k in typed["kinds"]]
    if any(m not in MODES for m in typed["modes"]):
        errors["modes"] = t("Choose remote, on site or both.")
    else:
        edit["modes"] = [m for m in MODES if m in typed["modes"]]
    periods = []
    for i, (a, b) in enumerate(typed["periods"], start=1):
        if not a and not b:
            continue
        try:
            start = dt.date.fromisoformat(a) if a else None
            end = dt.date.fromisoformat(b) if b else None
        except ValueError:
            errors[f"period_{i}"] = t("Not a date: write it as YYYY-MM-DD.")
            continue
        if start and end and start > end:
            errors[f"period_{i}"] = t("The period ends before it starts.")
        elif end and end < dt.date.today():
            errors[f"period_{i}"] = t("The period is over: give one that ends today or later.")
        else:
            periods.append((start, end))
    edit["availability"] = sorted(periods, key=lambda p: (p[0] or dt.date.min, p[1] or dt.date.max))
    return edit, errors, typed


def _typed_from_profile(p: dict[str, Any], lang: str) -> dict[str, Any]:
    periods = [(x.get("from") or "", x.get("until") or "") for x in p.get("availability") or []]
    if not periods and (p.get("available_from") or p.get("available_until")):
        periods = [(p.get("available_from") or "", p.get("available_until") or "")]
    periods += [("", "")] * (PERIODS - len(periods))
    langs = p.get("languages") or []
    return {"country": country_label(p.get("country"), lang), "city": p.get("city") or "",
            "affiliation": p.get("affiliation") or "", "keywords": ", ".join(p.get("keywords") or []),
            "fields": p.get("fields") or [], "languages": [x for x in langs if x in MAIN_LANGUAGES],
            "languages_other": ", ".join(x for x in langs if x not in MAIN_LANGUAGES),
            "kinds": p.get("kinds") or [], "modes": p.get("modes") or [], "periods": periods[:PERIODS]}


def _editor(request: Request, typed: dict[str, Any] | None = None, errors: dict[str, str] | None = None,
            saved: bool = False) -> Page:
    t = Messages(request.state.lang)
    lang = request.state.lang
    orcid = linked_orcid(request)
    held = None
    if orcid:
        try:
            held = directory(request).export(orcid, actor="self")["profile"]
        except DiasporaError:
            held = None
    if held is None:
        return _me_page(request, t("Import your ORCID record first."))
    if typed is None:
        typed = _typed_from_profile(held, lang)
    typed["periods"] = (list(typed["periods"]) + [("", "")] * PERIODS)[:PERIODS]
    data = {"orcid": orcid, "country": held["country"], "city": held["city"], "affiliation": held["affiliation"],
            "fields": held["fields"], "keywords": held["keywords"], "languages": held["languages"],
            "kinds": held["kinds"], "modes": held["modes"], "availability": held["availability"],
            "errors": errors or {}}
    options = field_options(lang)
    every = [o for g in options for o in [g, *g["options"]]]
    notes = {"fallback": any(o["fallback"] and not o["unverified"] for o in every),
             "unverified": any(o["unverified"] for o in every if o.get("label"))}
    return Page("diaspora/profile.html", t("Edit my profile"), data, {
        "typed": typed, "errors": errors or {}, "saved": saved, "field_groups": options, "notes": notes,
        "countries": country_names(lang), "kinds": KINDS, "modes": MODES,
        "main_languages": [(c, language_name(c, lang)) for c in MAIN_LANGUAGES], "periods": PERIODS,
    }, status=400 if errors else 200)


@page("/diaspora/me/profile", Need.EXPERT)
async def diaspora_profile(request: Request) -> Page:
    """The expert's own profile in a form: country, city, affiliation, fields, keywords, languages,
    kinds of engagement offered and when."""
    return _editor(request, saved=request.query_params.get("saved") == "1")


@action("/diaspora/me/profile", Need.EXPERT)
async def diaspora_profile_save(request: Request) -> Response | Page:
    """Save the profile form: every field validated first; all of it saved, or nothing."""
    t = Messages(request.state.lang)
    form = await request.form()
    orcid = linked_orcid(request)
    if form.get("profile_form") != "1" or not orcid:
        return _me_page(request, t("Import your ORCID record first."), 400)
    edit, errors, typed = validate(form, t)
    if errors:
        return _editor(request, typed, errors)
    try:
        changed = directory(request).update_profile(orcid, edit, actor="self")
    except DiasporaError as exc:  # the form passed its checks, so this is a rule of the directory
        return _editor(request, typed, {"form": str(exc)[:300]})
    request.app.state.web.audit(request, "diaspora.profile_edit", "own profile", "changed" if changed else "unchanged")
    return RedirectResponse("/diaspora/me/profile?saved=1", status_code=303)


@action("/diaspora/me/import-id", Need.EXPERT)
async def diaspora_import_id(request: Request) -> Response | Page:
    """Import the expert's public ORCID record by iD from pub.orcid.org (when the server has the network)."""
    from talentflow.diaspora.orcid_fetch import SOURCE, check_id, fetch_record

    t = Messages(request.state.lang)
    form = await request.form()
    purposes = [p for p in PURPOSES if form.get(p)]
    raw = str(form.get("orcid_id", "")).strip()
    if not raw:
        return _me_page(request, t("Give your ORCID iD (0000-0000-0000-000X)."), 400)
    if not purposes:
        return _me_page(request, t("Nothing is stored without your consent to at least one purpose."), 400)
    try:
        orcid = check_id(raw)
    except OrcidError:
        return _me_page(request, t("“{text}” is not a valid ORCID iD: check the 16 characters (the last one is a check digit).", text=raw[:40]), 400)
    mine = linked_orcid(request)
    if (mine and orcid != mine) or (not mine and _orcid_taken(request, orcid)):
        return _me_page(request, t("This ORCID record belongs to another account."), 400)
    try:
        profile = fetch_record(orcid)
        directory(request).import_records([profile], purposes, SOURCE, actor="self")
    except (OrcidError, DiasporaError) as exc:
        return _me_page(request, t("The record was not imported: {why}", why=str(exc)[:300]), 400)
    _set(request, LINK.format(request.state.user.id), orcid)
    request.app.state.web.audit(request, "diaspora.import", "own profile")
    return RedirectResponse("/diaspora/me", status_code=303)
