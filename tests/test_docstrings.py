"""Every model and every form says in one line what it is for."""
import inspect

import pytest
from flask_wtf import FlaskForm

from blog.extensions import db


def subclasses(base):
    found = set()
    for cls in base.__subclasses__():
        found |= {cls} | subclasses(cls)
    return found


@pytest.mark.parametrize("base", [db.Model, FlaskForm], ids=["models", "forms"])
def test_every_class_has_a_docstring(app, base):
    mine = sorted((cls for cls in subclasses(base) if cls.__module__.startswith("blog.")),
                  key=lambda cls: cls.__qualname__)
    assert mine
    assert [cls.__qualname__ for cls in mine if not inspect.getdoc(cls)
            or cls.__doc__ is None] == []
