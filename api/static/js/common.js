// Shared by the pages' scripts: where an IRI of the graph is shown on this server.
(function () {
  "use strict";
  const SDG = "http://metadata.un.org/sdg/";
  const base = document.documentElement.dataset.base || "https://w3id.org/cmkg/";
  window.CMKG = {
    base: base,
    page: function (iri) {
      if (typeof iri !== "string") return iri;
      if (iri.startsWith(base)) return "/" + iri.slice(base.length);
      if (iri.startsWith(SDG)) {
        const code = iri.slice(SDG.length);
        if (/^\d+$/.test(code)) return "/sdg/goal/" + code;
        if (/^\d+\.[0-9a-z]+$/.test(code)) return "/sdg/target/" + code;
      }
      return iri;
    },
  };
})();
