"""Lesson schemas for the API: the search arguments and the (personal-data-free) output."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from blueprints.lessons.themes import THEMES


class LessonSearchArgs(Schema):
    service_type_id = fields.Integer(load_default=None, validate=validate.Range(min=1))
    theme = fields.String(
        load_default=None, validate=validate.OneOf(list(THEMES), error="Kies een thema uit de lijst.")
    )
    q = fields.String(load_default=None, validate=validate.Length(max=200, error="Hoogstens 200 tekens."))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))


class LessonOut(Schema):
    id = fields.Integer()
    region_id = fields.Integer()
    service_type_id = fields.Integer(allow_none=True)
    service_type = fields.Function(lambda lesson: lesson.service_type.label if lesson.service_type else None)
    theme = fields.String()
    theme_label = fields.String()
    text = fields.String()
    learned_in = fields.Function(lambda lesson: lesson.learned_in.strftime("%Y-%m"))
    source_kind = fields.String()


class LessonPageOut(Schema):
    items = fields.List(fields.Nested(LessonOut), attribute="lessons")
    total = fields.Integer()
    page = fields.Integer()
    pages = fields.Integer()
