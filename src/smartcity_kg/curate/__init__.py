"""The curation assistant (`smartcity-kg draft`): a Thai announcement read into draft seeds, places resolved.

A floor beside web, site and publish: it uses the pipeline's strict YAML reader and the core's problems, and
nothing above it uses it but the CLI. text (decoding, language, cleaning, PyThaiNLP) -> index and places (the
graph's names) -> extract (what the text says) -> compose (entities, quotes, questions) -> draft (files, review).
"""
