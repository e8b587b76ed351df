"""The project's benchmark (``make bench``, see README.md): a generated data
set at a chosen scale and the key operations measured on it (queries and
time) beside raw-SQL references. ``python -m tools.bench --help``."""
