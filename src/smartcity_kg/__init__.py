"""Linked-data publisher for Thailand's Smart City programme: curated YAML -> validated RDF."""

__version__ = "0.1.0"
