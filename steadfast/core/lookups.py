"""An integer `__in` lookup that leaves out numbers no integer column can hold (decision 0014).

Django already treats `pk=10**30` as "matches nothing" for exact and range lookups on
integer fields (`IntegerFieldOverflow`), but not `pk__in=[10**30]`, which SQLite refuses with
an OverflowError. Forms run that query with whatever was posted (a `ModelMultipleChoiceField`,
the admin's many-to-many boxes), so a huge number in a form was a 500 on SQLite. Registered on
`IntegerField` (and so on every auto, big and small integer field) by `CoreConfig.ready`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerFieldIn(In):
    def process_rhs(self, compiler: Any, connection: Any) -> Any:
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(
                self.lhs.output_field.get_internal_type()
            )
            values = [
                v
                for v in self.rhs
                if not isinstance(v, int)
                or ((low is None or v >= low) and (high is None or v <= high))
            ]
            if not values:
                raise EmptyResultSet
            self.rhs = values
        return super().process_rhs(compiler, connection)


def install_integer_in_lookup() -> None:
    IntegerField.register_lookup(IntegerFieldIn)
