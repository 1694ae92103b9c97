"""Turn the curated records in ``data/`` into a validated RDF graph (data -> records -> triples)."""
