"""`python -m therakg` is the same as the `therakg` command."""

from .cli import main

main()
