"""c1w2-numpy-vectorization: the numbers its text states agree with independent references.

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text against the exact sum of the products (math.fsum), computed here. Each stated number is
read from the markdown and compared within a tolerance that matches the digits it is printed with
(named in each assertion).
"""

import math

import numpy as np
from helpers import NUMBER, markdown, stated


def test_dot_product_of_the_million_element_vectors_is_the_exact_sum():
    text = markdown("c1w2-numpy-vectorization")
    rng = np.random.default_rng(0)
    rng.random(4)  # drawn earlier in the notebook
    a, b = rng.random(1_000_000), rng.random(1_000_000)
    exact = math.fsum(a * b)
    (value,) = stated(text, r"np\.dot: a \. b = " + NUMBER)
    assert abs(value - exact) <= 0.005, "dot product to 2 decimals"
