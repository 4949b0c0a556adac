"""The exit codes of every command, one table: what a script calling `smartcity-kg` can rely on."""

EXIT_OK = 0
"""Done; nothing is wrong."""
EXIT_PROBLEMS = 1
"""The data has problems (build, validate, links), a check found differences (iri-shapes --check), or the
work failed (site, publish); the message says which."""
EXIT_USAGE = 2
"""The command cannot run as asked: a wrong argument, a missing graph/, an unknown store."""
