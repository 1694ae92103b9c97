// The SPARQL editor: Yasgui (served from /static/vendor), our endpoint only, our prefixes predeclared and
// completed locally (no call to prefix.cc or LOV), the canned queries as examples, IRIs in the results
// linked to their pages here, and the results downloadable as CSV or JSON.
(function () {
  "use strict";
  if (typeof Yasgui === "undefined") return;
  const config = JSON.parse(document.getElementById("editor-config").textContent);
  const Yasqe = Yasgui.Yasqe;
  const Yasr = Yasgui.Yasr;

  // Completion from what this server knows: our prefixes first, then Yasqe's bundled list; our classes and
  // properties instead of the Linked Open Vocabularies service.
  const ours = Object.entries(config.prefixes).map(([p, iri]) => `${p}: <${iri}>`);
  const bundled = Yasqe.Autocompleters.prefixes.get;
  Yasqe.registerAutocompleter({
    ...Yasqe.Autocompleters.prefixes,
    persistenceId: null,
    get: (yasqe, token) => Promise.resolve(bundled(yasqe, token)).then((list) => [...new Set([...ours, ...list])]),
  });
  for (const [name, terms] of [["class", config.terms.classes], ["property", config.terms.properties]]) {
    Yasqe.registerAutocompleter({ ...Yasqe.Autocompleters[name], bulk: true, persistenceId: null, get: () => terms });
  }

  // The results table: IRIs open in this tab (they are rewritten to our pages below), and literals shown
  // plainly ("Simple view" on by default; the switch still turns datatypes and languages back on).
  const Table = Yasr.plugins && Yasr.plugins.table;
  if (Table) {
    Table.defaults.openIriInNewWindow = false;
    const draw = Table.prototype.draw;
    Table.prototype.draw = function (persistent) {
      return draw.call(this, { compact: true, ...(persistent || {}) });
    };
  }

  const endpoint = config.endpoint;
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }] },
    persistenceId: null, // every visit starts from the example, not from another session's tabs
    populateFromUrl: false,
    autofocus: false,
    yasqe: { value: config.query, resizeable: true, editorHeight: "22rem" },
    yasr: { prefixes: config.prefixes },
  });

  function tab() {
    return yasgui.getTab();
  }

  // Examples: the canned queries of GET /queries. Parameters become VALUES-free SPARQL by substituting the
  // example value as the query's variable (shown, editable) — the form page runs them with typed inputs.
  const byName = new Map(config.queries.map((q) => [q.name, q]));
  function sparqlOf(q) {
    let text = q.sparql.split("\n").filter((l) => !/^#\s*(title|description|param):/.test(l)).join("\n").trim();
    const binds = q.parameters.map((p) => `  BIND (${termOf(p)} AS ?${p.name})`);
    if (binds.length) text = text.replace(/WHERE\s*\{/i, (m) => `${m}\n${binds.join("\n")}`);
    return `# ${q.title}\n${text}\n`;
  }
  function termOf(p) {
    const segments = { recommendation: "recommendation", city: "city", action: "action", country: "country", organisation: "organisation", source: "source" };
    if (segments[p.type]) return `<${config.base}${segments[p.type]}/${p.example}>`;
    if (p.type === "sdg-goal" || p.type === "sdg-target") return `<http://metadata.un.org/sdg/${p.example}>`;
    if (p.type === "iri") return `<${p.example}>`;
    if (p.type === "integer") return p.example;
    return JSON.stringify(p.example);
  }
  function load(name, run) {
    const q = byName.get(name);
    if (!q) return;
    tab().setQuery(sparqlOf(q));
    document.querySelectorAll(".examples a").forEach((a) => a.removeAttribute("aria-current"));
    const link = document.querySelector(`.examples a[data-query="${name}"]`);
    if (link) link.setAttribute("aria-current", "true");
    if (run) tab().query();
  }
  document.querySelectorAll(".examples a[data-query]").forEach((a) => {
    a.addEventListener("click", (event) => {
      if (event.ctrlKey || event.metaKey || event.shiftKey) return; // open the form page in a new tab
      event.preventDefault();
      history.replaceState(null, "", "#" + a.dataset.query);
      load(a.dataset.query, true);
    });
  });
  if (location.hash.length > 1) load(decodeURIComponent(location.hash.slice(1)), true);

  // Results: IRIs link to their pages on this server; downloads are GET /sparql with format=csv|json.
  function localLinks() {
    document.querySelectorAll("#yasgui .yasr a.iri, #yasgui .yasr a[href^='http']").forEach((a) => {
      const local = window.CMKG.page(a.getAttribute("href"));
      if (local !== a.getAttribute("href")) {
        a.setAttribute("href", local);
        a.removeAttribute("target");
      }
    });
  }
  new MutationObserver(localLinks).observe(document.getElementById("yasgui"), { childList: true, subtree: true });
  const downloads = document.getElementById("downloads");
  yasgui.on("queryResponse", () => {
    const query = tab().getQuery();
    const url = (format) => `${endpoint}?${new URLSearchParams({ query: query, format: format })}`;
    document.getElementById("dl-csv").href = url("csv");
    document.getElementById("dl-json").href = url("json");
    downloads.hidden = false;
    localLinks();
  });
  window.cmkgEditor = { yasgui: yasgui, load: load };
})();
