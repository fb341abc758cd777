"""schemathesis hooks for the county run of scripts/workspace-schemathesis.sh.

Registers the check `no_other_district`: no response to a county user may contain the name of
a school or social-sector unit of another district. The names come from the file that
QP_FOREIGN_NAMES points at (one a line: the seed's units outside the county's district that no
unit of that district is also called).
"""
import os

import schemathesis

with open(os.environ["QP_FOREIGN_NAMES"], encoding="utf-8") as handle:
    FOREIGN = [line.strip() for line in handle if line.strip()]


@schemathesis.check
def no_other_district(ctx, response, case):
    """Fail when the answer names a school or unit of another district."""
    text = response.content.decode("utf-8", errors="replace")
    found = [name for name in FOREIGN if name in text]
    if found:
        raise AssertionError(
            f"the answer to a county names {len(found)} unit(s) of other districts, e.g. {found[0]}")
