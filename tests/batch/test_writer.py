"""Formula escaping: what a spreadsheet would execute gets a leading apostrophe."""

from __future__ import annotations

import pandas as pd
import pytest

from tppo_detect.batch.writer import escape_formula, escape_series


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('=HYPERLINK("http://bit.ly/x","klik")', '\'=HYPERLINK("http://bit.ly/x","klik")'),
        ("+62 812 3456 7890", "'+62 812 3456 7890"),
        ("-Bayar dulu Rp 500rb", "'-Bayar dulu Rp 500rb"),
        ("@budi cek DM", "'@budi cek DM"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-2+3", "'-2+3"),
        ("-5", "-5"),
        ("-6.2", "-6.2"),
        ("-6,2", "-6,2"),
        ("Lowongan kerja = gaji besar", "Lowongan kerja = gaji besar"),
        ("", ""),
    ],
)
def test_escape_formula(cell: str, expected: str) -> None:
    assert escape_formula(cell) == expected
    assert escape_series(pd.Series([cell], dtype="str")).tolist() == [expected]
