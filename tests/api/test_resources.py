"""The REST JSON resources over real HTTP on the real graph: facts from the seeds, filters, paging, links,
errors, and hostile input in every filter."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

LISTS = ["/cities", "/actions", "/recommendations", "/sdg/goals", "/sdg/targets", "/organisations", "/sources"]
SLUG_FILTERS = {
    "/actions": ["city", "country", "recommendation", "focus_area", "source"],
    "/cities": ["country", "recommendation"],
}


def ids(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def all_ids(client: TestClient, url: str) -> list[str]:
    return ids(client.get(url + ("&" if "?" in url else "?") + "limit=500"))


def links(response) -> dict[str, str]:
    """The RFC 8288 Link header as {rel: url}."""
    return {rel: url for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', response.headers.get("link", ""))}


def error(response, status: int) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error", "detail"}
    return str(body["detail"])


# --- facts from the seeds ------------------------------------------------------------------------------


def test_actions_addressing_a_recommendation(client: TestClient):
    found = all_ids(client, "/actions?recommendation=protection-against-discrimination")
    assert {"living-together-tetouan", "beirut-social-protective"} <= set(found)
    assert "tangeraccueil" not in found


def test_actions_in_a_city(client: TestClient):
    assert all_ids(client, "/actions?city=tangier") == ["tangeraccueil"]


def test_actions_for_a_goal_directly_or_through_a_target(client: TestClient):
    found = all_ids(client, "/actions?goal=16")
    assert "governance-interculturality" in found  # only through target 16.6 (it names no goal)
    assert "madrid-temporary-emergency-centre" in found  # the goal directly
    assert len(found) == len(set(found))


def test_actions_for_a_target(client: TestClient):
    found = all_ids(client, "/actions?target=16.b")
    assert sorted(found) == ["governance-interculturality", "living-together-tetouan", "nador-social-sustainable"]


def test_actions_in_a_country_by_city_or_by_scope(client: TestClient):
    found = all_ids(client, "/actions?country=lebanon")
    assert {"local-governance-migration-lebanon", "beirut-social-protective"} <= set(found)
    assert "uruguay-measures-administrative-irregularity" in all_ids(client, "/actions?country=uruguay")


def test_actions_by_focus_area_source_and_kind(client: TestClient):
    assert "irbid-multi-purpose-cultural-centre" in all_ids(client, "/actions?focus_area=culture")
    from_factsheets = all_ids(client, "/actions?source=targeted-city-actions")
    assert "living-together-tetouan" in from_factsheets
    assert "amman-green-infrastructure" not in from_factsheets
    every = client.get("/actions", params={"limit": 500}).json()
    per_kind = {}
    for kind in ("initiative", "targeted-city-action", "practice"):
        page = client.get("/actions", params={"kind": kind, "limit": 500}).json()
        assert {item["kind"] for item in page["items"]} <= {kind}
        per_kind[kind] = page["total"]
    assert sum(per_kind.values()) == every["total"]
    assert per_kind["targeted-city-action"] >= 15


def test_action_text_search_is_case_insensitive_over_titles_alt_titles_and_description(client: TestClient):
    assert "welcoming-san-jose-plan-2-0" in all_ids(client, "/actions?q=WELCOMING")
    assert "living-together-tetouan" in all_ids(client, "/actions?q=living together")  # an alternative title
    assert "amman-green-infrastructure" in all_ids(client, "/actions?q=jordanian response plan")  # description
    assert all_ids(client, "/actions?q=no such words anywhere") == []


def test_action_filters_combine_with_and(client: TestClient):
    assert all_ids(client, "/actions?city=tetouan&target=16.b") == ["living-together-tetouan"]
    assert all_ids(client, "/actions?city=tangier&target=16.b") == []
    both = set(all_ids(client, "/actions?goal=16&recommendation=protection-against-discrimination"))
    assert both == set(all_ids(client, "/actions?goal=16")) & set(
        all_ids(client, "/actions?recommendation=protection-against-discrimination")
    )


def test_action_list_items_carry_links(client: TestClient):
    item = next(i for i in client.get("/actions?target=16.b").json()["items"] if i["id"] == "living-together-tetouan")
    assert item["kind"] == "targeted-city-action"
    assert item["title"] == "How to Build our Cities Through Social Cohesion"
    assert item["href"] == "/actions/living-together-tetouan"
    assert item["html"] == "/action/living-together-tetouan"
    assert item["iri"] == "https://w3id.org/cmkg/action/living-together-tetouan"
    tetouan = next(c for c in item["cities"] if c["id"] == "tetouan")
    assert tetouan == {
        "id": "tetouan",
        "label": "Tetouan",
        "iri": "https://w3id.org/cmkg/city/tetouan",
        "href": "/cities/tetouan",
        "html": "/city/tetouan",
    }
    target = next(t for t in item["targets"] if t["id"] == "16.b")
    assert target["href"] == "/sdg/targets/16.b" and target["html"] is None
    assert target["goal"]["id"] == "16" and target["goal"]["href"] == "/sdg/goals/16"


def test_action_in_full(client: TestClient):
    response = client.get("/actions/living-together-tetouan")
    assert response.status_code == 200
    action = response.json()
    assert action["titles"] == {"en": "How to Build our Cities Through Social Cohesion"}
    assert {"lang": "en", "text": "Living Together"} in action["alt_titles"]
    assert {c["id"] for c in action["cities"]} == {"tetouan", "larache", "ksar-el-kebir"}
    assert action["activities"][0].startswith("Conduct a study of disadvantaged neighbourhoods")
    assert action["activities"][-1].startswith("Create an alliance between civil society organisations")
    assert len(action["objectives"]) == 1 and len(action["outcomes"]) == 2
    assert [g["id"] for g in action["goals"]] == ["4", "11", "16", "17"]
    assert [t["id"] for t in action["targets"]] == ["4.a", "11.3", "16.3", "16.6", "16.b", "17.9"]
    assert {r["id"] for r in action["recommendations"]} >= {"protection-against-discrimination"}
    assert action["project"]["id"] == "mc2cm"
    assert action["project"]["href"] is None and action["project"]["html"] == "/project/mc2cm"
    assert action["global_scope"] is False
    passages = {(s["id"], s["passage"]) for s in action["sources"]}
    assert ("mc2cm-project-page", "Living Together (Tétouan)") in passages
    note = next(n for n in action["notes"] if n["source"]["id"] == "targeted-city-actions")
    assert note["field"] == "cities"
    assert note["source_says"] == "in the cities of Tetouan, Larache and Alcazar-Quivir"
    assert note["we_store"] == "cities: [tetouan, larache, ksar-el-kebir]"
    assert "Alcazar-Quivir is the Spanish" in note["why"]


def test_action_organisations_with_roles_districts_and_curation(client: TestClient):
    amman = client.get("/actions/amman-green-infrastructure").json()
    roles = {(o["id"], o["role"]) for o in amman["organisations"]}
    assert ("giz", "implementer") in roles and ("bmz", "funder") in roles
    giz = next(o for o in amman["organisations"] if o["id"] == "giz")
    assert giz["role_label"] == "implementing organisation" and giz["href"] == "/organisations/giz"
    assert {f["id"] for f in amman["focus_areas"]} >= {"employment", "public-services"}
    assert {s["id"] for s in amman["outcome_statements"]} >= {"socially-inclusive"}
    assert amman["kind"] == "initiative" and amman["description"]
    marka = client.get("/actions/amman-public-space").json()["districts"]
    assert [(d["id"], d["html"]) for d in marka] == [("marka", "/district/marka")]
    lebanon = client.get("/actions/local-governance-migration-lebanon").json()
    assert [c["id"] for c in lebanon["countries"]] == ["lebanon"] and lebanon["cities"] == []


def test_city_in_full(client: TestClient):
    irbid = client.get("/cities/irbid").json()
    assert irbid["label"] == "Irbid" and irbid["country"]["id"] == "jordan"
    share = irbid["migrant_shares"][0]
    assert share["value"] == 0.21 and share["year"] == 2017
    assert share["source"]["id"] == "city-initiatives-map" and "21 %" in share["passage"]
    assert {"lang": "ar", "text": "إربد"} in irbid["alt_labels"]
    assert [a["id"] for a in irbid["actions"]] == ["irbid-multi-purpose-cultural-centre"]
    assert irbid["action_count"] == 1
    tetouan = client.get("/cities/tetouan").json()
    assert "living-together-tetouan" in {a["id"] for a in tetouan["actions"]}
    assert "protection-against-discrimination" in {r["id"] for r in tetouan["recommendations"]}
    assert "Tétouan" in {alt["text"] for alt in tetouan["alt_labels"]}
    madrid = client.get("/cities/madrid").json()
    meeting = next(m for m in madrid["meetings"] if m["id"] == "2016-madrid-employment-entrepreneurship")
    assert meeting["start"] == "2016-11" and meeting["label"] == "Employment and entrepreneurship"
    assert madrid["publications"] and all(p["html"].startswith("/publication/") for p in madrid["publications"])
    assert madrid["migrant_shares"][0]["year"] is None and madrid["migrant_shares"][0]["value"] == 0.15
    assert client.get("/cities/amman").json()["districts"][0]["id"] == "marka"


def test_city_filters(client: TestClient):
    moroccan = client.get("/cities", params={"country": "morocco", "limit": 500}).json()["items"]
    assert {c["country"]["id"] for c in moroccan} == {"morocco"}
    assert "tangier" in {c["id"] for c in moroccan}
    addressing = all_ids(client, "/cities?recommendation=protection-against-discrimination")
    assert {"tetouan", "beirut"} <= set(addressing) and "irbid" not in addressing
    assert all_ids(client, "/cities?q=TANG") == ["tangier"]
    assert "tetouan" in all_ids(client, "/cities?q=Tétouan")  # an alternative name
    assert all_ids(client, "/cities?country=morocco&recommendation=protection-against-discrimination&q=tet") == [
        "tetouan"
    ]


def test_recommendations(client: TestClient):
    page = client.get("/recommendations").json()
    assert page["total"] == 8 and len(page["items"]) == 8
    assert all_ids(client, "/recommendations?q=DISCRIMINATION") == ["protection-against-discrimination"]
    found = client.get("/recommendations/multilevel-governance").json()
    assert found["label"] == "Multi-level governance and cooperation"
    assert "Multilevel governance and cooperation" in {alt["text"] for alt in found["alt_labels"]}
    assert "multilevel-governance" in all_ids(client, "/recommendations?q=at multiple levels")  # alt label
    assert "living-together-tetouan" in {a["id"] for a in found["actions"]}
    assert "tetouan" in {c["id"] for c in found["cities"]}
    assert found["action_count"] == len(found["actions"]) and found["city_count"] == len(found["cities"])
    assert found["notes"] and found["sources"]


def test_sdg_goals(client: TestClient):
    page = client.get("/sdg/goals").json()
    assert page["total"] == 17 and [g["number"] for g in page["items"]] == list(range(1, 18))
    goal = client.get("/sdg/goals/16").json()
    assert goal["id"] == "16" and goal["iri"] == "http://metadata.un.org/sdg/16" and goal["html"] is None
    assert goal["short_name"] == "Peace, justice and strong institutions"
    assert goal["title"].startswith("Promote peaceful and inclusive societies") and "fr" in goal["titles"]
    codes = [t["id"] for t in goal["targets"]]
    assert codes == [f"16.{n}" for n in range(1, 11)] + ["16.a", "16.b"] and goal["target_count"] == 12
    via = {a["id"]: a["via"] for a in goal["actions"]}
    assert via["madrid-temporary-emergency-centre"] == ["goal"]
    assert "16.6" in via["governance-interculturality"] and "goal" not in via["governance-interculturality"]
    assert goal["action_count"] == len(via) == client.get("/actions?goal=16").json()["total"]
    assert all_ids(client, "/sdg/goals?q=peace") == ["16"]


def test_sdg_targets(client: TestClient):
    target = client.get("/sdg/targets/16.b").json()
    assert target["title"].startswith("Promote and enforce non-discriminatory")
    assert target["code"] == "16.b" and target["goal"]["id"] == "16"
    assert sorted(a["id"] for a in target["actions"]) == [
        "governance-interculturality",
        "living-together-tetouan",
        "nador-social-sustainable",
    ]
    assert all_ids(client, "/sdg/targets?goal=16")[-2:] == ["16.a", "16.b"]
    assert client.get("/sdg/targets").json()["total"] == 169
    assert all_ids(client, "/sdg/targets?q=non-discriminatory laws") == ["16.b"]


def test_organisations(client: TestClient):
    giz = client.get("/organisations/giz").json()
    assert giz["acronym"] == "GIZ" and giz["country"]["id"] == "germany"
    assert ("amman-green-infrastructure", "implementer") in {(r["id"], r["role"]) for r in giz["roles"]}
    icmpd = client.get("/organisations/icmpd").json()
    assert ("mc2cm", "partner") in {(r["id"], r["role"]) for r in icmpd["roles"]}
    assert "un-habitat" in all_ids(client, "/organisations?q=HABITAT")


def test_sources(client: TestClient):
    page = client.get("/sources").json()
    assert page["total"] == 5
    source = client.get("/sources/targeted-city-actions").json()
    assert source["file"] == "001_9818ba3815895e51.txt" and source["title"] == "MC2CM Targeted City Actions factsheets"
    assert source["description"] and source["kind"] == "factsheets"
    assert source["records"]["actions"] == client.get("/actions?source=targeted-city-actions").json()["total"]
    assert source["records"]["recommendations"] == 8
    assert all_ids(client, "/sources?q=factsheets") == ["targeted-city-actions"]


def test_every_link_of_a_detail_resolves(client: TestClient):
    for url in ("/actions/living-together-tetouan", "/cities/tetouan", "/sdg/goals/16"):
        body = client.get(url).json()
        hrefs, pages = set(), set()
        for value in body.values():
            for link in value if isinstance(value, list) else [value]:
                if isinstance(link, dict) and "iri" in link:
                    hrefs.add(link["href"])
                    pages.add(link["html"])
        for href in hrefs - {None}:
            assert client.get(href).status_code == 200, href
        for page in pages - {None}:
            assert client.get(page, headers={"Accept": "text/turtle"}).status_code == 200, page


# --- paging --------------------------------------------------------------------------------------------


def test_paging_walks_every_action_exactly_once(client: TestClient):
    everything = all_ids(client, "/actions")
    seen: list[str] = []
    url: str | None = "/actions?limit=5"
    pages = 0
    while url:
        response = client.get(url)
        assert response.status_code == 200
        body = response.json()
        assert body["limit"] == 5 and len(body["items"]) <= 5
        assert int(response.headers["x-total-count"]) == body["total"] == len(everything)
        rels = links(response)
        assert rels["first"].endswith("/actions?limit=5&offset=0")
        assert ("prev" in rels) == (body["offset"] > 0)
        seen += [item["id"] for item in body["items"]]
        url = rels.get("next")
        pages += 1
        assert pages <= 100
    assert seen == everything and len(set(seen)) == len(seen)
    assert pages == -(-len(everything) // 5)
    assert rels["last"].endswith(f"offset={(len(everything) - 1) // 5 * 5}")


def test_paging_links_are_absolute_and_keep_the_other_parameters(client: TestClient):
    response = client.get("/actions?kind=initiative&q=city&limit=2&offset=2")
    rels = links(response)
    assert set(rels) >= {"first", "prev", "last"}
    for url in rels.values():
        assert url.startswith("http://testserver/actions?")
        assert "kind=initiative" in url and "q=city" in url and "limit=2" in url
    assert rels["prev"].endswith("offset=0")


def test_paging_defaults_limits_and_offsets(client: TestClient, settings):
    body = client.get("/sdg/targets").json()
    assert body["limit"] == settings.page_size and body["offset"] == 0 and len(body["items"]) == settings.page_size
    assert client.get(f"/sdg/targets?limit={settings.max_page_size}").status_code == 200
    assert "limit" in error(client.get(f"/sdg/targets?limit={settings.max_page_size + 1}"), 422)
    error(client.get("/actions?limit=0"), 422)
    error(client.get("/actions?offset=-1"), 422)
    error(client.get("/actions?limit=ten"), 422)
    beyond = client.get("/actions?offset=10000")
    assert beyond.status_code == 200 and beyond.json()["items"] == [] and beyond.json()["total"] > 0
    assert "next" not in links(beyond)


@pytest.mark.parametrize("url", LISTS)
def test_every_list_is_paged(client: TestClient, url: str):
    response = client.get(url, params={"limit": 1})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"total", "limit", "offset", "items"} and len(body["items"]) == 1
    assert response.headers["x-total-count"] == str(body["total"])
    item = body["items"][0]
    assert {"id", "iri", "href", "html"} <= set(item)
    assert client.get(item["href"]).status_code == 200


# --- errors --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("/actions?city=narnia", "narnia"),
        ("/actions?country=atlantis", "atlantis"),
        ("/actions?recommendation=free-lunch", "free-lunch"),
        ("/actions?target=16.z", "16.z"),
        ("/actions?focus_area=astrology", "astrology"),
        ("/actions?source=the-internet", "the-internet"),
        ("/actions?city=tetouan", None),
        ("/cities?country=atlantis", "atlantis"),
        ("/cities?recommendation=free-lunch", "free-lunch"),
        ("/sdg/targets?goal=16", None),
    ],
)
def test_unknown_filter_values_are_404_naming_them(client: TestClient, url: str, named: str | None):
    response = client.get(url)
    if named is None:
        assert response.status_code == 200
        return
    detail = error(response, 404)
    assert f"'{named}'" in detail


@pytest.mark.parametrize(
    "url",
    [
        "/cities/narnia",
        "/actions/no-such-action",
        "/recommendations/free-lunch",
        "/sdg/targets/16.z",
        "/organisations/spectre",
        "/sources/the-internet",
        "/actions/tetouan",  # a city's id is not an action's
    ],
)
def test_unknown_ids_are_404(client: TestClient, url: str):
    assert url.rsplit("/", 1)[1] in error(client.get(url), 404)


@pytest.mark.parametrize(
    "url",
    [
        "/actions?city=Tangier",
        "/actions?city=tangier/x",
        "/actions?goal=18",
        "/actions?goal=0",
        "/actions?goal=sixteen",
        "/actions?target=16-b",
        "/actions?target=16",
        "/actions?target=18.1",
        "/actions?kind=policy",
        "/actions?colour=red",
        "/cities?city=tangier",
        "/sdg/goals?goal=16",
        "/actions?city=tangier&city=oujda",
        "/actions?q=" + "x" * 201,
        "/cities/Tetouan",
        "/sdg/goals/18",
        "/sdg/goals/0",
        "/sdg/targets/16-b",
        "/cities/irbid?verbose=1",
    ],
)
def test_malformed_or_unknown_parameters_are_422(client: TestClient, url: str):
    error(client.get(url), 422)


# --- hostile input ---------------------------------------------------------------------------------------

INJECTIONS = [
    "x> } ; ?s ?p ?o",
    "tangier> . ?s ?p ?o . <x",
    'tangier" } UNION { ?s ?p ?o } #',
    "tangier'",
    "tangier\n} ; DROP ALL",
    "tangier%",
    "<http://example.org/x>",
    "tangier) || true || (",
]


@pytest.mark.parametrize("payload", INJECTIONS)
@pytest.mark.parametrize(("url", "name"), [(url, name) for url, names in SLUG_FILTERS.items() for name in names])
def test_injection_in_slug_filters_is_refused(client: TestClient, url: str, name: str, payload: str):
    response = client.get(url, params={name: payload})
    assert response.status_code == 422, response.text


@pytest.mark.parametrize("payload", ["16.b> } ; ?s ?p ?o", "16.b\n", "16.b'", '16.b"'])
def test_injection_in_target_goal_and_kind_is_refused(client: TestClient, payload: str):
    for name in ("target", "goal", "kind"):
        error(client.get("/actions", params={name: payload}), 422)


@pytest.mark.parametrize(
    "payload",
    [
        '"}) UNION {',
        '"}) UNION { ?item ?p ?o } #',
        '" } } ; DROP ALL ; #',
        "\\",
        "\\u0022",
        '"""',
        "}\n{",
        "?item",
        "') || true || ('",
    ],
)
@pytest.mark.parametrize("url", LISTS)
def test_free_text_is_a_literal_that_matches_nothing(client: TestClient, url: str, payload: str):
    response = client.get(url, params={"q": payload})
    assert response.status_code == 200, response.text
    assert response.json()["total"] == 0 and response.headers["x-total-count"] == "0"


def test_free_text_with_quotes_matches_as_text(client: TestClient):
    assert "tangeraccueil" in all_ids(client, "/actions?q=migrants' reception")


# --- documentation and caching -----------------------------------------------------------------------


def test_openapi_documents_the_resources(client: TestClient):
    schema = client.get("/openapi.json").json()
    for path in ("/cities", "/cities/{id}", "/actions", "/actions/{id}", "/sdg/goals/{number}", "/sdg/targets/{code}"):
        operation = schema["paths"][path]["get"]
        assert operation["tags"] == ["Resources"]
        assert "$ref" in str(operation["responses"]["200"]["content"]["application/json"]["schema"])
    parameters = {p["name"]: p for p in schema["paths"]["/actions"]["get"]["parameters"]}
    assert {"city", "country", "recommendation", "goal", "target", "focus_area", "source", "kind", "q"} <= set(
        parameters
    )
    assert {"limit", "offset"} <= set(parameters)
    assert "maximum': 17" in str(parameters["goal"]["schema"])
    assert "pattern" in str(parameters["target"]["schema"]) and "pattern" in str(parameters["city"]["schema"])
    assert "Link" in schema["paths"]["/actions"]["get"]["responses"]["200"]["headers"]
    assert {"ActionPage", "ActionDetail", "CityDetail", "Link"} <= set(schema["components"]["schemas"])


def test_responses_revalidate_with_etags(client: TestClient):
    first = client.get("/cities/irbid")
    etag = first.headers["etag"]
    assert client.get("/cities/irbid", headers={"If-None-Match": etag}).status_code == 304
    again = client.get("/actions?city=tangier")
    assert client.get("/actions?city=tangier").headers["x-total-count"] == again.headers["x-total-count"]
    assert client.get("/actions?city=tangier", headers={"If-None-Match": again.headers["etag"]}).status_code == 304
