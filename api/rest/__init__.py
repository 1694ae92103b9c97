"""The REST JSON resources: models, parameters, paging, and one module per kind of resource.

Every SPARQL query lives in ``queries/api/rest-*.rq``; values reach them only as RDF terms bound with
VALUES (see ``cmkg.bindings``), built here from validated input.
"""
