"""The HTTP service: SPARQL endpoint, canned queries, REST resources, linked-data URIs, dumps."""
