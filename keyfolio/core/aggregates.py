"""Aggregates the database computes the same way on SQLite and PostgreSQL."""

from django.db.models import Aggregate, JSONField


class JsonObjectAgg(Aggregate):
    """The group's (key, value) pairs as one JSON object: SQLite's JSON_GROUP_OBJECT,
    PostgreSQL's JSON_OBJECT_AGG. The exports gather a record's many small rows (an
    assessment's scores, a plan's answers) with it, so that Python reads one row per
    record instead of one per score."""

    function = "JSON_GROUP_OBJECT"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        # As text, which JSONField decodes: psycopg would hand over the json decoded.
        sql, params = self.as_sql(compiler, connection, function="JSON_OBJECT_AGG", **extra_context)
        return f"({sql})::text", params
